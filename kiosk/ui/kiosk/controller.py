"""Kiosk behaviour for an unattended touchscreen: attract loop, visits, idle reset,
lock-down, the staff exit and live content updates.

States: ``attract`` (slides cycle by themselves, "Touch to explore") -> a touch, click or
key starts a ``visit`` at the opening slide (a touch on the attract loop's playing video
plays that video with sound from its start instead) -> after ``idle_timeout`` without input the
``countdown`` ("Still there?") runs -> a touch returns to the visit, otherwise the kiosk
forgets the visitor and goes back to ``attract``. ``staff`` covers the PIN pad and the
staff panel. All times come from :class:`KioskTimings`, in milliseconds, so tests can run
the whole cycle in a fraction of a second.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QInputDevice, QKeyEvent, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.content import Content, ContentError, VideoSlide
from kiosk.content.actions import VISITOR_ACTIONS
from kiosk.system.pin import PinStatus, PinStore
from kiosk.ui.kiosk.overlays import AttractBanner, CountdownOverlay
from kiosk.ui.kiosk.settings import (
    ATTRACT,
    COUNTDOWN,
    INPUT_EVENTS,
    STAFF,
    VISIT,
    HiddenCursor,
    KioskState,
    KioskTimings,
    describe_screen,
    first_delivery,
    following_screen,
    is_blocked_key,
)
from kiosk.ui.kiosk.staff import STAFF_TAP_EVENTS, PinPad, StaffCorner, StaffPanel
from kiosk.ui.show.state import Blank
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState

log = logging.getLogger(__name__)


class KioskController(QObject):
    """Turns a :class:`MainWindow` into a sealed, self-resetting kiosk.

    ``quit_app`` is called with exit code 0 when staff choose to exit; tests replace it.
    ``reload_content`` returns fresh content (or raises ``ContentError``) for the staff
    panel's "Reload content".
    """

    state_changed = Signal(object)
    """The new :class:`KioskState`."""
    visitor_reset = Signal()
    """The kiosk forgot a visitor (stopped media, reset their choices)."""

    def __init__(
        self,
        window: MainWindow,
        *,
        timings: KioskTimings | None = None,
        attract_video: str | None = None,
        pins: PinStore | None = None,
        quit_app: Callable[[int], None] | None = None,
        reload_content: Callable[[], Content] | None = None,
        screen: int | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.show_state = window.show_state
        settings = window.content.kiosk
        self.timings = timings or KioskTimings.from_settings(settings)
        self.attract_video = attract_video or settings.attract_video
        self.pins = pins if pins is not None else PinStore()
        self.quit_app = quit_app or (lambda code: QApplication.exit(code))
        self.reload_content = reload_content
        self.preferred_screen = screen
        """Screen number (0 = first) the kiosk belongs on, e.g. a stand's big display."""
        self.state: KioskState = ATTRACT
        self.pending_content: Content | None = None
        self.staff_corner = StaffCorner(
            window, self.timings.staff_taps, self.timings.staff_tap_window
        )
        self._cursor = HiddenCursor()

        style = window.style_
        self.banner = AttractBanner(style, window)
        self.countdown = CountdownOverlay(style, window)
        self.pin_pad = PinPad(style, window)
        self.staff_panel = StaffPanel(style, window)

        self.attract_timer = self._timer(self._attract_next)
        self.idle_timer = self._timer(self._on_idle)
        self.countdown_timer = self._timer(self._countdown_tick, single_shot=False)
        self.cursor_timer = self._timer(self._hide_cursor)
        self._countdown_clock = QElapsedTimer()

        self.pin_pad.submitted.connect(self._check_pin)
        self.pin_pad.cancelled.connect(self._leave_staff)
        self.staff_panel.exit_requested.connect(self._staff_exit)
        self.staff_panel.reload_requested.connect(self._staff_reload)
        self.staff_panel.screen_requested.connect(self._staff_next_screen)
        self.staff_panel.closed.connect(self._leave_staff)
        window.slide_changed.connect(self._on_slide_changed)
        self.show_state.media_state_changed.connect(self._on_video_state)
        QGuiApplication.instance().screenAdded.connect(self._on_screen_added)  # type: ignore[union-attr]

    def _timer(self, slot: Callable[[], None], *, single_shot: bool = True) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single_shot)
        timer.timeout.connect(slot)
        return timer

    # --- start ------------------------------------------------------------------------
    def start(self) -> None:
        """Seal the window and begin the attract loop."""
        self.window.seal()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.window.installEventFilter(self)
        self._hide_cursor()
        self.enter_attract()

    def stop(self) -> None:
        """Undo :meth:`start` (staff exit, tests)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for timer in (self.attract_timer, self.idle_timer, self.countdown_timer):
            timer.stop()
        self._show_cursor()
        self.window.unseal()

    # --- states -----------------------------------------------------------------------
    def _set_state(self, state: KioskState) -> None:
        if state != self.state:
            log.info("kiosk: %s -> %s", self.state, state)
            self.state = state
            self.state_changed.emit(state)

    def enter_attract(self) -> None:
        """Forget the visitor and cycle the slides by themselves."""
        self.idle_timer.stop()
        self.countdown_timer.stop()
        for overlay in (self.countdown, self.pin_pad, self.staff_panel):
            overlay.hide()
        self.reset_visitor()
        if self.pending_content is not None:
            content, self.pending_content = self.pending_content, None
            self.window.set_content(content)
            log.info("kiosk: now showing the updated content")
        self._set_state(ATTRACT)
        self.window.set_navigation_visible(False)
        self.banner.show()
        self._show_attract_slide()

    def reset_visitor(self) -> None:
        """Stop every video and undo the visitor's choices (mute, captions, position)."""
        self.show_state.set_blank(Blank.NONE)
        self.window.talk_layers.close_layers()
        self.window.languages.close()
        self.show_state.reset_language()  # the next visitor meets the default language
        self.window.reset_views()
        self.show_state.go(0)
        self.visitor_reset.emit()

    def start_visit(self) -> None:
        """A visitor arrived: stop the loop and show the opening slide.

        The visit starts at the opening slide rather than the one that happened to be on
        screen, so every visitor gets the story from its beginning, and the touch that
        woke the kiosk never lands on a control they did not mean to press.
        """
        self.attract_timer.stop()
        self.banner.hide()
        self.window.set_navigation_visible(True)
        self.window.current_view.reset()
        self.show_state.go(0)
        self._set_state(VISIT)
        self.idle_timer.start(self.timings.idle_timeout)

    def _attract_video_playing(self) -> bool:
        media = self.show_state.media
        return media is not None and media.state is PlayState.PLAYING

    def watch_attract_video(self) -> None:
        """A touch on the attract loop's playing video: the visitor came for it, so it
        plays from the start with sound, instead of the visit starting at the opening slide."""
        media = self.show_state.media
        self.attract_timer.stop()
        self.banner.hide()
        self.window.set_navigation_visible(True)
        self._set_state(VISIT)
        self.idle_timer.start(self.timings.idle_timeout)
        if media is not None:
            media.set_muted(False)
            media.restart()

    # --- attract loop -----------------------------------------------------------------
    def _slide_skipped(self, index: int) -> bool:
        slide = self.show_state.content.slides[index]
        return isinstance(slide, VideoSlide) and self.attract_video == "skip"

    def _show_attract_slide(self) -> None:
        show = self.show_state
        if self._slide_skipped(show.index):
            self.attract_timer.start(0)
            return
        slide, media = show.slide, show.media
        if media is not None:
            media.set_muted(True)  # captions are on: reset_visitor saw to that
            media.play()
            if media.state is not PlayState.FAILED:
                return  # _on_video_state moves on when it ends
        duration = self.timings.slide_duration
        if slide.duration and self.timings.use_slide_durations:
            duration = round(slide.duration * 1000)
        self.attract_timer.start(duration)

    @Slot()
    def _attract_next(self) -> None:
        if self.state != ATTRACT:
            return
        show = self.show_state
        following = (show.index + 1) % show.count
        for _ in range(show.count):
            if not self._slide_skipped(following):
                break
            following = (following + 1) % show.count
        if following == show.index:
            self._show_attract_slide()
        else:
            show.go(following)  # _on_slide_changed schedules the next step

    @Slot(int)
    def _on_slide_changed(self, index: int) -> None:
        if self.state == ATTRACT:
            self._show_attract_slide()

    @Slot(object)
    def _on_video_state(self, state: PlayState) -> None:
        if self.state == ATTRACT and state in (PlayState.ENDED, PlayState.FAILED):
            self.attract_timer.start(0 if state is PlayState.ENDED else 2000)

    # --- idle and countdown -----------------------------------------------------------
    @Slot()
    def _on_idle(self) -> None:
        if self.state not in (VISIT, STAFF):
            return
        media = self.show_state.media
        if media is not None and media.state is PlayState.PLAYING:
            self.idle_timer.start(self.timings.idle_timeout)  # watching counts as activity
            return
        for overlay in (self.pin_pad, self.staff_panel):
            overlay.hide()
        self._set_state(COUNTDOWN)
        self._countdown_clock.start()
        self.countdown.set_seconds(math.ceil(self.timings.countdown / 1000))
        self.countdown.show()
        self.countdown_timer.start(min(1000, max(1, self.timings.countdown // 10)))

    @Slot()
    def _countdown_tick(self) -> None:
        left = self.timings.countdown - self._countdown_clock.elapsed()
        if left <= 0:
            self.countdown_timer.stop()
            log.info("kiosk: nobody there; starting again")
            self.enter_attract()
            return
        self.countdown.set_seconds(math.ceil(left / 1000))

    def keep_visit(self) -> None:
        """A touch during the countdown: carry on where the visitor was."""
        self.countdown_timer.stop()
        self.countdown.hide()
        self._set_state(VISIT)
        self.idle_timer.start(self.timings.idle_timeout)

    # --- input ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return True
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if kind == QEvent.Type.MouseMove:
            if event.device().type() != QInputDevice.DeviceType.TouchScreen:  # type: ignore[attr-defined]
                self._show_cursor()
                self.cursor_timer.start(self.timings.cursor_hide)
            return False
        if kind not in INPUT_EVENTS or not first_delivery(self.window, watched, event):
            return False
        if kind == QEvent.Type.KeyPress and self._blocks_key(event):  # type: ignore[arg-type]
            self._note_activity()
            return True
        if watched is self.window.languages.button and self.state in (ATTRACT, VISIT):
            self._note_activity()  # wakes the kiosk: the button works on the attract screen
            return False  # and, top left in a right-to-left language, is no staff tap
        if kind in STAFF_TAP_EVENTS and self.staff_corner.tap(watched, event):  # type: ignore[arg-type]
            self.open_staff()
            return True
        if self.state == ATTRACT:
            if kind != QEvent.Type.KeyPress and self._attract_video_playing():
                self.watch_attract_video()
            else:
                self.start_visit()
            return True  # the waking touch does not also press what it landed on
        if self.state == COUNTDOWN:
            self.keep_visit()
            return True
        self.idle_timer.start(self.timings.idle_timeout)
        return False

    def _blocks_key(self, event: QKeyEvent) -> bool:
        """Escape keys always; outside the staff panel, every key but plain navigation."""
        if is_blocked_key(event):
            log.info("kiosk: blocked key %s", event.key())
            return True
        if self.state == STAFF and not self.staff_panel.isVisible():
            return True  # the PIN pad is touch only: no key may reach the show behind it
        if self.state in (ATTRACT, COUNTDOWN, STAFF):
            return False  # waking, keeping the visit, or staff typing: handled below
        return self.show_state.keymap.action_for(event) not in VISITOR_ACTIONS

    def _note_activity(self) -> None:
        if self.state == ATTRACT:
            self.start_visit()
        elif self.state == COUNTDOWN:
            self.keep_visit()
        else:
            self.idle_timer.start(self.timings.idle_timeout)

    # --- staff ------------------------------------------------------------------------
    def open_staff(self) -> None:
        """Show the PIN pad (or, with no PIN set, the staff panel straight away)."""
        self.attract_timer.stop()
        self.banner.hide()
        self.window.set_navigation_visible(True)
        self.countdown.hide()
        self.countdown_timer.stop()
        self._set_state(STAFF)
        self.idle_timer.start(self.timings.idle_timeout)
        if self.pins.is_set():
            self.pin_pad.reset()
            self.pin_pad.show()
        else:
            log.warning("kiosk: staff panel opened without a PIN (none is set)")
            self._show_staff_panel()

    def _show_staff_panel(self) -> None:
        self._describe_for_staff()
        self.staff_panel.screen_button.setVisible(
            following_screen(self.window.screen()) is not None
        )
        self.pin_pad.hide()
        self.staff_panel.show()

    def _describe_for_staff(self) -> None:
        show = self.show_state
        self.staff_panel.info.setText(
            f"Content: {show.content.path}\n"
            f"Slide {show.index + 1} of {show.count} ({show.slide.id})\n"
            + describe_screen(self.window.screen())
        )

    @Slot(QScreen)
    def _on_screen_added(self, _screen: QScreen) -> None:
        """A display came back (unplugged and replugged): return to the chosen screen."""
        screens = QGuiApplication.screens()
        number = self.preferred_screen
        if number is None or not 0 <= number < len(screens):
            return
        if self.window.screen() is not screens[number]:
            log.info("kiosk: screen %d is back; moving there", number)
            self.window.show_fullscreen(screens[number])

    @Slot()
    def _staff_next_screen(self) -> None:
        """Move the kiosk to the next screen (for a stand whose big screen is not the first)."""
        following = following_screen(self.window.screen())
        if following is None:
            self.staff_panel.info.setText(self.staff_panel.info.text() + "\nOnly one screen.")
            return
        log.info("kiosk: staff moved the kiosk to screen %s", following.name())
        self.window.show_fullscreen(following)
        self._describe_for_staff()

    @Slot(str)
    def _check_pin(self, digits: str) -> None:
        result = self.pins.check(digits)
        if result.ok:
            log.info("kiosk: staff PIN accepted")
            self._show_staff_panel()
        elif result.status is PinStatus.LOCKED or result.retry_after > 0:
            seconds = math.ceil(result.retry_after)
            log.warning("kiosk: PIN pad locked for %d s after wrong PINs", seconds)
            self.pin_pad.reset(f"Too many wrong PINs. Try again in {seconds} seconds.")
        else:
            log.warning("kiosk: wrong staff PIN")
            self.pin_pad.reset("Wrong PIN.")

    @Slot()
    def _leave_staff(self) -> None:
        self.pin_pad.hide()
        self.staff_panel.hide()
        self.enter_attract()

    @Slot()
    def _staff_exit(self) -> None:
        log.info("kiosk: staff exit")
        self.stop()
        self.quit_app(0)

    @Slot()
    def _staff_reload(self) -> None:
        if self.reload_content is None:
            return
        try:
            content = self.reload_content()
        except ContentError as error:
            self.staff_panel.info.setText(
                "The content has problems; still showing the last good version:\n"
                + "\n".join(str(problem) for problem in error.problems[:6])
            )
            return
        self.pending_content = content
        self._leave_staff()

    # --- live content updates ---------------------------------------------------------
    @Slot(object)
    def offer_content(self, content: Content) -> None:
        """A valid new content version: shown at the next return to the attract loop."""
        self.pending_content = content
        if self.state == ATTRACT:
            self.enter_attract()

    # --- cursor -----------------------------------------------------------------------
    @Slot()
    def _hide_cursor(self) -> None:
        self._cursor.hide()

    def _show_cursor(self) -> None:
        self._cursor.show()
