"""Kiosk behaviour for an unattended touchscreen: attract loop, visits, idle reset,
lock-down, the staff exit and live content updates.

States: ``attract`` (slides cycle by themselves, "Touch to explore") -> a touch, click or
key starts a ``visit`` at the opening slide (a touch on the attract loop's playing video
plays that video with sound from its start instead) -> after ``idle_timeout`` without input the
``countdown`` ("Still there?") runs -> a touch returns to the visit, otherwise the kiosk
forgets the visitor and goes back to ``attract``. ``staff`` covers the PIN pad and the
staff panel. All times come from :class:`KioskTimings`, in milliseconds, so tests can run
the whole cycle in a fraction of a second.
The decisions are the Qt-free :mod:`kiosk.logic.visit`'s; this carries them out in Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QInputDevice, QKeyEvent, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.content import Content, VideoSlide
from kiosk.content.actions import VISITOR_ACTIONS
from kiosk.logic.playback import PlayState
from kiosk.logic.screens import has_screen
from kiosk.logic.timings import KioskTimings
from kiosk.logic.visit import (
    ATTRACT,
    COUNTDOWN,
    STAFF,
    VISIT,
    Countdown,
    Do,
    Event,
    KioskState,
    Step,
    after_video_ms,
    blocks_key,
    next_attract_index,
    skips_slide,
    step,
)
from kiosk.system.pin import PinStore
from kiosk.ui.kiosk.desk import StaffDesk
from kiosk.ui.kiosk.overlays import AttractBanner, CountdownOverlay
from kiosk.ui.kiosk.settings import (
    INPUT_EVENTS,
    HiddenCursor,
    first_delivery,
    is_blocked_key,
)
from kiosk.ui.kiosk.staff import STAFF_TAP_EVENTS, StaffCorner
from kiosk.ui.show.state import Blank
from kiosk.ui.show.window import MainWindow

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
    visit_ending = Signal()
    """The kiosk is about to forget whoever was there (usage recording ends the visit)."""

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
        self.desk = StaffDesk(window, self.pins, reload_content)
        self.pin_pad, self.staff_panel = self.desk.pin_pad, self.desk.staff_panel

        self.attract_timer = self._timer(self._attract_next)
        self.idle_timer = self._timer(self._on_idle)
        self.countdown_timer = self._timer(self._countdown_tick, single_shot=False)
        self.cursor_timer = self._timer(self._cursor.hide)
        self._clock = QElapsedTimer()
        self._clock.start()
        self._countdown = Countdown(self.timings.countdown, self._clock.elapsed)
        self._usual_timings: KioskTimings | None = None  # set while a visit has more time
        self._waiting_for_paint = False  # the app-wide input filter waits (see start)

        self.countdown.more_time.connect(self.give_more_time)
        self.window.access.more_time.connect(self.give_more_time)  # the accessibility menu's
        self.desk.done.connect(self._leave_staff)
        self.desk.exit_requested.connect(self._staff_exit)
        self.desk.content_reloaded.connect(self._staff_reloaded)
        window.slide_changed.connect(self._on_slide_changed)
        self.show_state.media_state_changed.connect(self._on_video_state)
        QGuiApplication.instance().screenAdded.connect(self._on_screen_added)  # type: ignore[union-attr]

    def _timer(self, slot: Callable[[], None], *, single_shot: bool = True) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single_shot)
        timer.timeout.connect(slot)
        return timer

    # --- start ------------------------------------------------------------------------
    def start(self, *, watch_after_paint: bool = False) -> None:
        """Seal the window and begin the attract loop.

        ``watch_after_paint`` (``kiosk --kiosk``, started before the window paints): the
        filter that sees every input of the app goes on once the first slide is painted.
        A Python filter on the whole app makes PySide wrap every event and object of the
        start-up in Python, about 30 ms before the first paint; until then the window's own
        filter keeps blocked keys and context menus out, and nobody can touch a control
        that is not on the screen yet.
        """
        self.window.seal()
        self.window.installEventFilter(self)
        if watch_after_paint and not self.window.painted:
            self._waiting_for_paint = True
            self.window.first_painted.connect(self._watch_app)
        else:
            self._watch_app()
        self._cursor.hide()
        self.enter_attract()

    @Slot()
    def _watch_app(self) -> None:
        if self._waiting_for_paint:
            self._waiting_for_paint = False
            self.window.first_painted.disconnect(self._watch_app)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def stop(self) -> None:
        """Undo :meth:`start` (staff exit, tests)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self._waiting_for_paint:
            self._waiting_for_paint = False
            self.window.first_painted.disconnect(self._watch_app)
        for timer in (self.attract_timer, self.idle_timer, self.countdown_timer):
            timer.stop()
        self._cursor.show()
        self.window.unseal()

    # --- states -----------------------------------------------------------------------
    def _set_state(self, state: KioskState) -> None:
        if state != self.state:
            log.info("kiosk: %s -> %s", self.state, state)
            self.state = state
            self.state_changed.emit(state)

    def enter_attract(self) -> None:
        """Forget the visitor and cycle the slides by themselves."""
        self.visit_ending.emit()
        self.idle_timer.stop()
        self.countdown_timer.stop()
        for overlay in (self.countdown, self.pin_pad, self.staff_panel):
            overlay.hide()
        if self._usual_timings is not None:  # "More time" lasts one visit
            self.timings, self._usual_timings = self._usual_timings, None
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
        self.window.access.close()
        self.show_state.access.reset()  # normal text and colours, easy read and motion off
        self.window.reset_views()
        self.show_state.go(0)
        self.visitor_reset.emit()

    def start_visit(self) -> None:
        """A visitor arrived: stop the loop and show the opening slide.

        The visit starts at the opening slide rather than the one that happened to be on
        screen, so every visitor gets the story from its beginning, and the touch that
        woke the kiosk never lands on a control they did not mean to press.
        """
        self._leave_attract()
        self.window.current_view.reset()
        self.show_state.go(0)
        self._set_state(VISIT)
        self.idle_timer.start(self.timings.idle_timeout)

    def watch_attract_video(self) -> None:
        """A touch on the attract loop's playing video: the visitor came for it, so it
        plays from the start with sound, instead of the visit starting at the opening slide."""
        media = self.show_state.media
        self._leave_attract()
        self._set_state(VISIT)
        self.idle_timer.start(self.timings.idle_timeout)
        if media is not None:
            media.set_muted(False)
            media.restart()

    def _leave_attract(self) -> None:
        self.attract_timer.stop()
        self.banner.hide()
        self.window.set_navigation_visible(True)

    # --- attract loop -----------------------------------------------------------------
    def _slide_skipped(self, index: int) -> bool:
        slide = self.show_state.content.slides[index]
        return skips_slide(isinstance(slide, VideoSlide), self.attract_video)

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
        self.attract_timer.start(self.timings.slide_ms(slide.duration))

    @Slot()
    def _attract_next(self) -> None:
        if self.state != ATTRACT:
            return
        show = self.show_state
        following = next_attract_index(show.index, show.count, self._slide_skipped)
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
            self.attract_timer.start(after_video_ms(state is PlayState.ENDED))

    # --- idle and countdown -----------------------------------------------------------
    @Slot()
    def _on_idle(self) -> None:
        self._apply(step(self.state, Event.IDLE, video_playing=self._video_playing()))

    def _start_countdown(self) -> None:
        for overlay in (self.pin_pad, self.staff_panel):
            overlay.hide()
        self._set_state(COUNTDOWN)
        self._countdown = Countdown(self.timings.countdown, self._clock.elapsed)
        self.countdown.start(self._countdown.seconds_shown())
        self.countdown_timer.start(self._countdown.tick_ms)

    @Slot()
    def _countdown_tick(self) -> None:
        if not self._countdown.over():
            self.countdown.set_seconds(self._countdown.seconds_shown())
            return
        self.countdown_timer.stop()
        if step(self.state, Event.TIME_UP).do is Do.RESET:
            log.info("kiosk: nobody there; starting again")
            self.enter_attract()

    def keep_visit(self) -> None:
        """A touch during the countdown: carry on where the visitor was."""
        self.countdown_timer.stop()
        self.countdown.hide()
        self._set_state(VISIT)
        self.idle_timer.start(self.timings.idle_timeout)

    @Slot()
    def give_more_time(self) -> None:
        """ "More time": this visit's idle timeout doubled (once), and the visit goes on."""
        if self._usual_timings is None:
            self._usual_timings = self.timings
            self.timings = replace(self.timings, idle_timeout=2 * self.timings.idle_timeout)
        self.keep_visit()

    # --- input ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return True
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if kind == QEvent.Type.MouseMove:
            if event.device().type() != QInputDevice.DeviceType.TouchScreen:  # type: ignore[attr-defined]
                self._cursor.show()
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
            return self._apply(step(self.state, Event.STAFF))
        if self.state == COUNTDOWN and watched is self.countdown.more_time_button:
            self.give_more_time()
            return True
        event_kind = Event.KEY if kind == QEvent.Type.KeyPress else Event.TOUCH
        # Consumed: the waking touch does not also press what it landed on.
        return self._apply(step(self.state, event_kind, video_playing=self._video_playing()))

    def _blocks_key(self, event: QKeyEvent) -> bool:
        """Escape keys always; outside the staff panel, every key but plain navigation."""
        escape = is_blocked_key(event)
        if escape:
            log.info("kiosk: blocked key %s", event.key())
        return blocks_key(
            self.state,
            escape=escape,
            staff_panel_open=self.staff_panel.isVisible(),
            visitor_key=self.show_state.keymap.action_for(event) in VISITOR_ACTIONS,
        )

    def _note_activity(self) -> None:
        self._apply(step(self.state, Event.KEY, video_playing=self._video_playing()))

    def _video_playing(self) -> bool:
        media = self.show_state.media
        return media is not None and media.state is PlayState.PLAYING

    def _apply(self, next_step: Step) -> bool:
        """Carry out what :func:`kiosk.logic.visit.step` decided; True if the input that
        caused it is consumed."""
        actions: dict[Do, Callable[[], None]] = {
            Do.START_VISIT: self.start_visit,
            Do.WATCH_VIDEO: self.watch_attract_video,
            Do.KEEP_VISIT: self.keep_visit,
            Do.RESTART_IDLE: lambda: self.idle_timer.start(self.timings.idle_timeout),
            Do.START_COUNTDOWN: self._start_countdown,
            Do.OPEN_STAFF: self.open_staff,
            Do.RESET: self.enter_attract,
        }
        actions.get(next_step.do, lambda: None)()
        return next_step.consumed

    # --- staff ------------------------------------------------------------------------
    def open_staff(self) -> None:
        """Show the PIN pad (or, with no PIN set, the staff panel straight away)."""
        self._leave_attract()
        self.countdown.hide()
        self.countdown_timer.stop()
        self._set_state(STAFF)
        self.idle_timer.start(self.timings.idle_timeout)
        self.desk.open()

    @Slot(QScreen)
    def _on_screen_added(self, _screen: QScreen) -> None:
        """A display came back (unplugged and replugged): return to the chosen screen."""
        screens = QGuiApplication.screens()
        number = self.preferred_screen
        if not has_screen(number, len(screens)):
            return
        if self.window.screen() is not screens[number]:
            log.info("kiosk: screen %d is back; moving there", number)
            self.window.show_fullscreen(screens[number])

    @Slot()
    def _leave_staff(self) -> None:
        self.desk.hide()
        self._apply(step(self.state, Event.STAFF_DONE))

    @Slot()
    def _staff_exit(self) -> None:
        log.info("kiosk: staff exit")
        self.stop()
        self.quit_app(0)

    @Slot(object)
    def _staff_reloaded(self, content: Content) -> None:
        self.pending_content = content
        self._leave_staff()

    # --- live content updates ---------------------------------------------------------
    @Slot(object)
    def offer_content(self, content: Content) -> None:
        """A valid new content version: shown at the next return to the attract loop."""
        self.pending_content = content
        if self.state == ATTRACT:
            self.enter_attract()
