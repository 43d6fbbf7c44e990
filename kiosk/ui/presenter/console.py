"""The presenter console (``kiosk --presenter``): what the speaker sees on the other screen.

The audience window (a :class:`~kiosk.ui.show.window.MainWindow`) stays fullscreen on the
audience screen. The console shows the current and the next slide, the speaker notes, the
talk timer, the clock, "slide n of N" and, on the video slide, the video's position. It
watches the audience window's :class:`~kiosk.ui.show.state.Show` and passes its key presses
on, so a clicker works whichever window has the keyboard; while shown it carries out the
timer and swap-screen actions and takes the talk's prompts and overview onto itself.

A slide change paints the audience window first; the console catches up a moment later
(its pictures come from the audience window's
:class:`~kiosk.ui.render.pictures.SlideRenderer`, cached per slide and size, and the
neighbours are drawn ahead while nothing else happens).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTime, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QKeyEvent, QResizeEvent, QShowEvent

from kiosk.content.actions import Action
from kiosk.logic.talk_timer import button_label, starts_on_slide_change
from kiosk.ui.presenter.look import ConsoleWidgets, console_sheet, repolish
from kiosk.ui.presenter.pace import PaceDisplay
from kiosk.ui.presenter.pointer import PresenterTools
from kiosk.ui.presenter.preview import PreviewPane
from kiosk.ui.presenter.timer import TalkTimer
from kiosk.ui.render.pictures import SlideRenderer
from kiosk.ui.show.actions import Registration
from kiosk.ui.show.keyhelp import display_key
from kiosk.ui.show.languages import show_language_on
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState
from kiosk.ui.slides.video import format_time
from kiosk.ui.style import CONSOLE, px, scale_for

RESET_CONFIRM_MS = 6000
"""How long "Reset the timer?" waits for its confirmation."""
_PLAY_STATES = {
    PlayState.PLAYING: "video_playing",
    PlayState.PAUSED: "video_paused",
    PlayState.ENDED: "video_ended",
    PlayState.FAILED: "video_failed",
}
"""The label of each state (any other: ``video_not_started``)."""
_TIMER_WORDS = {"Start": "timer_start", "Pause": "timer_pause", "Resume": "timer_resume"}
"""The label of each word of :func:`~kiosk.logic.talk_timer.button_label`."""
MIRROR_OFF = (PlayState.STOPPED, PlayState.FAILED)
"""The audience sees the poster or a message, as the slide's picture shows it."""
_KEY_HINTS = (
    (Action.NEXT, "hint_next"),
    (Action.PREVIOUS, "hint_previous"),
    (Action.BLACK, "hint_black"),
    (Action.WHITE, "hint_white"),
    (Action.OVERVIEW, "hint_overview"),
    (Action.GO_TO_SLIDE, "hint_go_to"),
    (Action.TIMER, "hint_timer"),
    (Action.SWAP_SCREENS, "hint_swap"),
    (Action.HELP, "hint_help"),
)
"""The keys named under the "Now" picture, and the label of what each does."""


class PresenterConsole(ConsoleWidgets):
    """The speaker's view of ``audience``; see the module docstring.

    ``clock`` (milliseconds) drives the talk timer and ``wall_clock`` the time of day;
    tests pass their own. ``pictures`` default to the audience window's.
    """

    swap_requested = Signal()
    updated = Signal(int)
    """The console shows slide ``index`` (after the audience window painted it)."""

    def __init__(
        self,
        audience: MainWindow,
        *,
        clock: Callable[[], int] | None = None,
        wall_clock: Callable[[], QTime] | None = None,
        tick_ms: int = 250,
        pictures: SlideRenderer | None = None,
        talk_minutes: float | None = None,
    ) -> None:
        super().__init__()
        self.audience = audience
        self.show_state = audience.show_state
        self.pictures = pictures or audience.pictures
        self.wall_clock = wall_clock or QTime.currentTime
        self.timer = TalkTimer(clock, self)
        self.pace = PaceDisplay(audience, self.left_label, self.pace_label, talk_minutes)
        self.tools = PresenterTools(audience, self.current_pane)
        self.shown_index = -1
        self.notes_scale = 1.0
        self._registrations: list[Registration] = []
        self._prewarm_queue: list[tuple[int, PreviewPane]] = []
        self.label = audience.style_.label
        self._set_words()
        show_language_on(self, self.show_state)
        self._connect(tick_ms)
        self.resize(1280, 720)
        self._apply_style()
        self.update_slide()

    def _connect(self, tick_ms: int) -> None:
        show = self.show_state
        show.blank_changed.connect(self._show_status)
        show.typed_number_changed.connect(self._show_status)
        show.language_changed.connect(self._on_language)
        self.audience.slide_changed.connect(self._slide_changed)
        self.timer.changed.connect(self.refresh_time)
        self.tools.changed.connect(self._show_tools)
        self.timer_button.clicked.connect(self.timer.toggle)
        self.reset_button.clicked.connect(self.ask_reset)
        self.confirm_reset_button.clicked.connect(self._confirm_reset)
        self.keep_button.clicked.connect(self._cancel_reset)
        self.smaller_button.clicked.connect(lambda: self._scale_notes(1 / 1.15))
        self.larger_button.clicked.connect(lambda: self._scale_notes(1.15))
        self.next_pane.clicked.connect(lambda: show.perform(Action.NEXT))
        self.ticker = QTimer(self)
        self.ticker.setInterval(tick_ms)
        self.ticker.timeout.connect(self.refresh_time)
        self.ticker.start()
        self.reset_timeout = QTimer(self)
        self.reset_timeout.setSingleShot(True)
        self.reset_timeout.setInterval(RESET_CONFIRM_MS)
        self.reset_timeout.timeout.connect(self._cancel_reset)

    # --- following the audience ---------------------------------------------------------
    @Slot(int)
    def _slide_changed(self, index: int) -> None:
        if starts_on_slide_change(self.timer.ever_started, index):
            self.timer.start()  # the talk has begun: the first move on starts the clock
        # Let the audience window paint the new slide first; the console follows.
        QTimer.singleShot(0, self._catch_up)

    @Slot()
    def _on_language(self) -> None:
        """The notes, the next title and the previews in the new language, mirrored for a
        right-to-left one."""
        self._set_words()
        show_language_on(self, self.show_state)
        self.shown_index = -1
        QTimer.singleShot(0, self._catch_up)

    def _set_words(self) -> None:
        """The console's fixed words in the show's language, mirrored for a right-to-left one."""
        label = self.label
        self.setWindowTitle(label("console_title", title=self.audience.windowTitle()))
        for widget, name in (
            (self.now_label, "console_now"),
            (self.notes_label, "console_notes"),
            (self.smaller_button, "notes_smaller"),
            (self.larger_button, "notes_larger"),
            (self.reset_button, "timer_reset"),
            (self.confirm_label, "timer_reset_question"),
            (self.confirm_reset_button, "timer_reset_confirm"),
            (self.keep_button, "timer_keep"),
        ):
            widget.setText(label(name))
        self.next_pane.empty_text = label("console_end_picture")
        self.keys_label.setText(self._keys_text())
        self._show_status()

    def _catch_up(self) -> None:
        if self.audience.isVisible():
            self.audience.repaint()  # the audience's picture first, whatever Qt queued
        self.update_slide()

    def update_slide(self) -> None:
        """Show the current slide, the next one and the notes."""
        show = self.show_state
        index, count, slides = show.index, show.count, show.content.slides
        label = self.label
        self.counter_label.setText(label("console_slide_of", number=index + 1, total=count))
        notes = show.text(slides[index].notes)
        if index != self.shown_index:
            self.notes.setPlainText(notes or label("console_no_notes"))
            self.notes.verticalScrollBar().setValue(0)
        if self.notes.property("empty") != (not notes):
            self.notes.setProperty("empty", not notes)
            repolish(self.notes)
        following = show.text(slides[index + 1].title) if index + 1 < count else None
        self.next_label.setText(label("console_next", title=following or label("console_end")))
        self.shown_index = index
        self._draw_previews()
        self.refresh_time()
        self.updated.emit(index)

    def _draw_previews(self) -> None:
        index, count = self.show_state.index, self.show_state.count
        self.pictures.set_shape(self.audience.width(), self.audience.height())
        ratio = self.devicePixelRatioF()
        for pane, shown in ((self.current_pane, index), (self.next_pane, index + 1)):
            if shown < count and pane.width() > 1 and pane.height() > 1:
                pane.set_picture(shown, self.pictures.pixmap(shown, pane.size(), ratio))
            else:
                pane.set_picture(shown if shown < count else None, None)
        # Draw the pictures the next move will need while the presenter talks.
        ahead = [(index + 1, self.current_pane), (index + 2, self.next_pane)]
        ahead += [(index - 1, self.current_pane), (index, self.next_pane)]
        self._prewarm_queue = [(i, pane) for i, pane in ahead if 0 <= i < count]
        QTimer.singleShot(0, self._prewarm)

    def _prewarm(self) -> None:
        if not self._prewarm_queue:
            return
        index, pane = self._prewarm_queue.pop(0)
        if pane.width() > 1 and pane.height() > 1:
            self.pictures.pixmap(index, pane.size(), self.devicePixelRatioF())
        if self._prewarm_queue:
            QTimer.singleShot(0, self._prewarm)

    # --- time ---------------------------------------------------------------------------
    @Slot()
    def refresh_time(self) -> None:
        """Update the talk timer, the clock and the video position."""
        self.timer_label.setText(format_time(self.timer.elapsed_ms()))
        self.pace.refresh(self.timer.elapsed_ms())
        if self.timer_label.property("running") != self.timer.running:
            self.timer_label.setProperty("running", self.timer.running)
            repolish(self.timer_label)
        word = button_label(self.timer.running, self.timer.elapsed_ms())
        self.timer_button.setText(self.label(_TIMER_WORDS[word]))
        self.clock_label.setText(self.wall_clock().toString("HH:mm"))
        media = self.show_state.media
        self._mirror_video()
        if media is None:
            self.video_label.hide()
            return
        label = self.label
        state = label(_PLAY_STATES.get(media.state, "video_not_started"))
        keys = self.show_state.keymap
        toggle = " / ".join(display_key(k) for k in keys.keys_for(Action.VIDEO_TOGGLE)[:2])
        restart = " / ".join(display_key(k) for k in keys.keys_for(Action.VIDEO_RESTART)[:1])
        where = label(
            "console_video",
            position=format_time(media.position),
            duration=format_time(media.duration),
            state=state,
        )
        how = label("console_video_keys", toggle=toggle, restart=restart)
        self.video_label.setText(
            f"{escape(where)} &nbsp;<span style='font-weight: normal; color: {CONSOLE.muted};'>"
            f"—  {escape(how)}</span>"
        )
        self.video_label.show()

    def _mirror_video(self) -> None:
        """Draw the film's current frame into the "Now" picture while the audience sees the
        film (not the poster): at the ticker's pace, a few frames a second, to keep the
        processor for the audience's video."""
        media, pane = self.show_state.media, self.current_pane
        if media is None or media.state in MIRROR_OFF or not self.isVisible():
            pane.set_live(None)
            return
        area = self.pictures.video_area(self.show_state.index)
        # The audience's picture, converted when drawn; else the frame, converted here
        # (a 1080p frame's conversion a few times a second, when the audience's is hidden).
        frame = self.audience.current_view.film_picture() or media.current_frame()
        pane.live_area = area
        target = pane.live_rect()
        if frame is None or target is None or target.isEmpty():
            pane.set_live(None)
            return
        ratio = self.devicePixelRatioF()
        size = (target.size() * ratio).toSize()
        image = frame.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        image.setDevicePixelRatio(ratio)
        pane.set_live(image, area, self.audience.current_view.live_caption())

    def ask_reset(self) -> None:
        """The first step of a reset: ask, with a Reset button that must be clicked."""
        self.reset_button.hide()
        self.confirm_box.show()
        self.reset_timeout.start()

    def _confirm_reset(self) -> None:
        self.timer.reset()
        self._cancel_reset()

    def _cancel_reset(self) -> None:
        self.reset_timeout.stop()
        self.confirm_box.hide()
        self.reset_button.show()

    # --- status -------------------------------------------------------------------------
    def _show_status(self, _value: object = None) -> None:
        blank, typed = self.show_state.blank, self.show_state.typed
        if self.current_pane.covered != blank:
            self.current_pane.covered = blank
            self.current_pane.update()
        if blank:
            keys = [display_key(k) for k in self.show_state.keymap.keys_for(Action.named(blank))]
            label = self.label
            how = (
                label("keys_or", first=keys[0], second=keys[1])
                if len(keys) > 1
                else keys[0]
                if keys
                else label("any_move")
            )
            screen = label(f"{blank}_screen")
            self.current_pane.covered_text = screen
            self.status_label.setText(label("blank_status", screen=screen, keys=how))
            self.status_label.setProperty("kind", str(blank))
        elif typed:
            self.status_label.setText(self.label("typed_status", number=typed))
            self.status_label.setProperty("kind", "typed")
        else:
            self.status_label.hide()
            return
        repolish(self.status_label)
        self.status_label.show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # While shown, the console carries out its own actions and hosts the talk's layers.
        if not self._registrations:
            self._registrations = self.show_state.actions.register_all(
                {
                    Action.TIMER: self.timer.toggle,
                    Action.SWAP_SCREENS: self.swap_requested.emit,
                    **self.tools.handlers(),
                },
                owner=self,
            )
        self.audience.talk_layers.take(self)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        # Closed or hidden: its actions go, and the prompts and the overview go back to the
        # audience window.
        self.show_state.actions.remove(self._registrations)
        self._registrations = []
        self.tools.all_off()
        self.audience.talk_layers.give_back(self)

    def _show_tools(self) -> None:
        """ "Now", and what of the pointer, the spotlight and the zoom is on."""
        words = [self.audience.style_.label(name) for name in self.tools.words()]
        self.now_label.setText(" · ".join(["Now", *words]))

    # --- keys ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.audience.handle_key(event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        self.audience.show_state.note_key_release(event)  # a held key moves once here too
        super().keyReleaseEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab opens the overview

    # --- looks --------------------------------------------------------------------------
    def _scale_notes(self, factor: float) -> None:
        self.notes_scale = max(0.5, min(3.0, self.notes_scale * factor))
        self._apply_style()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_style()
        QTimer.singleShot(0, self._draw_previews)

    def _keys_text(self) -> str:
        keys = self.show_state.keymap
        parts = []
        for action, words in _KEY_HINTS:
            bound = keys.keys_for(action)
            if bound:
                parts.append(f"<b>{escape(display_key(bound[0]))}</b> {escape(self.label(words))}")
        return " &nbsp;·&nbsp; ".join(parts)

    def _apply_style(self) -> None:
        unit = scale_for(self.width(), self.height())
        self.setStyleSheet(console_sheet(unit, self.notes_scale))
        self.lay_out(unit)
        design = self.pictures.design
        self.balance_columns(design.width() / max(1, design.height()))
        self.keys_label.setText(self._keys_text())
        self.timer_label.setMinimumWidth(px(170, unit))
