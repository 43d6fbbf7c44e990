"""The presenter console (``kiosk --presenter``): what the speaker sees on the other screen.

The audience window (a :class:`~kiosk.ui.show.window.MainWindow`) stays fullscreen on the
audience screen. The console shows the current and the next slide, the speaker notes, the
talk timer, the clock, "slide n of N" and, on the video slide, the video's position; it
follows the audience window and passes its key presses on, so a clicker works whichever
window has the keyboard. :class:`PresenterSession` puts the two windows on the right
screens and moves them when a projector is plugged in or out; ``S`` swaps them.

A slide change paints the audience window first; the console catches up a moment later
(its pictures come from :class:`~kiosk.ui.render.pictures.SlideRenderer`, cached per slide and
size, and the neighbours are drawn ahead while nothing else happens).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QElapsedTimer, QObject, QRect, QSize, Qt, QTime, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.actions import Action
from kiosk.ui.show.keyhelp import display_key
from kiosk.ui.show.layers import modal_layer, scale_of
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState
from kiosk.ui.slides.video import VideoSlideView, format_time

log = logging.getLogger(__name__)

BACKGROUND = "#1D2328"
PANEL = "#2B3338"
TEXT = "#FFFFFF"
MUTED = "#C3CBD0"
ACCENT = "#FFB81C"
"""The console is dark (less glare on a lectern), whatever the audience theme."""

RESET_CONFIRM_MS = 6000
"""How long "Reset the timer?" waits for its confirmation."""

T = TypeVar("T")


# --- talk timer ---------------------------------------------------------------------------
class TalkTimer(QObject):
    """Elapsed talk time: start, pause, resume; ``reset`` is for a deliberate action only.

    ``clock`` returns milliseconds from any fixed point (tests pass their own).
    """

    changed = Signal()

    def __init__(self, clock: Callable[[], int] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        if clock is None:
            elapsed = QElapsedTimer()
            elapsed.start()
            clock = elapsed.elapsed
        self._clock = clock
        self._started_at: int | None = None
        self._banked = 0
        self.ever_started = False

    @property
    def running(self) -> bool:
        return self._started_at is not None

    def elapsed_ms(self) -> int:
        running = 0 if self._started_at is None else self._clock() - self._started_at
        return self._banked + running

    def start(self) -> None:
        if self._started_at is None:
            self._started_at = self._clock()
            self.ever_started = True
            self.changed.emit()

    def pause(self) -> None:
        if self._started_at is not None:
            self._banked += self._clock() - self._started_at
            self._started_at = None
            self.changed.emit()

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def reset(self) -> None:
        """Back to 0:00, stopped."""
        self._banked = 0
        self._started_at = None
        self.changed.emit()


# --- screens ------------------------------------------------------------------------------
def plan_screens(
    screens: Sequence[T], primary: T, screen_index: int | None = None, swapped: bool = False
) -> tuple[T, T | None]:
    """(audience screen, console screen or None) for the screens present.

    The audience gets screen ``screen_index`` (0 = first, as ``--screen``) if it exists, otherwise
    the first screen that is not the primary one (a projector is rarely primary); the
    console gets the primary screen, or the first other one. ``swapped`` exchanges them.
    With one screen the console has no screen of its own (None).
    """
    if not screens:
        raise ValueError("no screens")
    if len(screens) == 1:
        return screens[0], None
    if screen_index is not None and 0 <= screen_index < len(screens):
        audience = screens[screen_index]
    else:
        audience = next((screen for screen in screens if screen is not primary), screens[0])
    console = (
        primary
        if primary is not audience and primary in screens
        else next(s for s in screens if s is not audience)
    )
    return (console, audience) if swapped else (audience, console)


def fill_screen(window: QWidget, screen: QScreen) -> None:
    """Show ``window`` fullscreen on ``screen`` (also on a bare X session, see MainWindow)."""
    if window.isFullScreen() and window.screen() is not screen:
        window.showNormal()
    window.setScreen(screen)
    window.setGeometry(screen.geometry())
    window.showFullScreen()


# --- widgets ------------------------------------------------------------------------------
class PreviewPane(QWidget):
    """A slide picture, fitted, centred across and at the top; ``empty_text`` without one."""

    clicked = Signal()

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.picture: QPixmap | None = None
        self.index: int | None = None
        self.covered = ""
        """``"black"`` or ``"white"``: the audience sees a blank screen, not this slide."""
        self.setMinimumSize(64, 36)

    def set_picture(self, index: int | None, picture: QPixmap | None) -> None:
        self.index, self.picture = index, picture
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.picture is not None and not self.picture.isNull():
            size = self.picture.deviceIndependentSize().toSize()
            left = (self.width() - size.width()) // 2
            top = 0  # under its heading
            painter.drawPixmap(left, top, self.picture)
            painter.setPen(QPen(QColor(MUTED), 1))
            frame = QRect(left, top, size.width() - 1, size.height() - 1)
            painter.drawRect(frame)
            if self.covered:
                veil = QColor("#000000" if self.covered == "black" else "#FFFFFF")
                veil.setAlpha(200)
                painter.fillRect(frame, veil)
                font = QFont(self.font())
                font.setPixelSize(max(10, frame.height() // 8))
                font.setBold(True)
                painter.setFont(font)
                painter.setPen(QColor("#FFFFFF" if self.covered == "black" else "#000000"))
                painter.drawText(
                    frame, int(Qt.AlignmentFlag.AlignCenter), f"{self.covered.upper()} SCREEN"
                )
        else:
            painter.fillRect(self.rect(), QColor(PANEL))
            font = QFont(self.font())
            font.setPixelSize(max(10, round(30 * scale_of(self.window()))))
            painter.setFont(font)
            painter.setPen(QColor(MUTED))
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), self.empty_text)
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.rect().contains(event.position().toPoint()):
            self.clicked.emit()


def _repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a property its rules test changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the console
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class PresenterConsole(QWidget):
    """The speaker's view of ``audience``; see the module docstring.

    ``clock`` (milliseconds) drives the talk timer and ``wall_clock`` the time of day;
    tests pass their own.
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
    ) -> None:
        super().__init__()
        self.audience = audience
        self.wall_clock = wall_clock or QTime.currentTime
        self.timer = TalkTimer(clock, self)
        self.shown_index = -1
        self.notes_scale = 1.0
        self.setObjectName("presenter-console")
        self.setWindowTitle(f"Presenter console: {audience.windowTitle()}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.counter_label = QLabel()
        self.counter_label.setObjectName("console-counter")
        self.status_label = QLabel()
        self.status_label.setObjectName("console-status")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label.hide()
        self.timer_label = QLabel()
        self.timer_label.setObjectName("console-timer")
        self.timer_button = _button("Start")
        self.reset_button = _button("Reset…")
        self.confirm_box = QFrame()
        self.confirm_box.setObjectName("confirm")
        self.confirm_label = QLabel("Reset the timer to 0:00?")
        self.confirm_reset_button = _button("Reset")
        self.confirm_reset_button.setObjectName("danger")
        self.keep_button = _button("Keep")
        confirm_row = QHBoxLayout(self.confirm_box)
        confirm_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.confirm_label, self.confirm_reset_button, self.keep_button):
            confirm_row.addWidget(widget)
        self.confirm_box.hide()
        self.clock_label = QLabel()
        self.clock_label.setObjectName("console-clock")

        self.now_label = QLabel("Now")
        self.current_pane = PreviewPane("")
        self.video_label = QLabel()
        self.video_label.setObjectName("console-video")
        self.video_label.hide()
        self.next_label = QLabel()
        self.next_label.setObjectName("console-next-title")
        self.next_pane = PreviewPane("End of the presentation")
        self.notes_label = QLabel("Notes")
        self.smaller_button = _button("A-")
        self.larger_button = _button("A+")
        for button in (self.smaller_button, self.larger_button):
            button.setObjectName("small")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setReadOnly(True)
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows move slides, not text
        self.notes.setFrameShape(QFrame.Shape.NoFrame)
        # A fixed scroll bar: one shown only as needed narrows the text, which re-wraps so
        # the bar is not needed, and so on: at some sizes Qt flipped it forever (a frozen app).
        self.notes.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.notes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.keys_label = QLabel()
        self.keys_label.setObjectName("console-keys")
        self.keys_label.setWordWrap(True)

        self.top_row = top = QHBoxLayout()
        top.addWidget(self.counter_label)
        top.addStretch(1)
        top.addWidget(self.status_label)
        top.addStretch(1)
        top.addWidget(self.timer_label)
        top.addWidget(self.timer_button)
        top.addWidget(self.reset_button)
        top.addWidget(self.confirm_box)
        top.addSpacing(24)
        top.addWidget(self.clock_label)
        now_header = QHBoxLayout()
        now_header.addWidget(self.now_label)
        now_header.addStretch(1)
        now_header.addWidget(self.video_label)
        self.left_column = left = QVBoxLayout()
        left.addLayout(now_header)
        left.addWidget(self.current_pane, 1)
        notes_header = QHBoxLayout()
        notes_header.addWidget(self.notes_label, 1)
        notes_header.addWidget(self.smaller_button)
        notes_header.addWidget(self.larger_button)
        self.right_column = right = QVBoxLayout()
        right.addWidget(self.next_label)
        right.addWidget(self.next_pane, 2)
        right.addLayout(notes_header)
        right.addWidget(self.notes, 3)
        self.body_row = body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        self.column = column = QVBoxLayout(self)
        column.addLayout(top)
        column.addLayout(body, 1)
        column.addWidget(self.keys_label)

        controls = audience.show_controls  # the console shown takes its layers (showEvent)
        controls.extra_actions["timer"] = self.timer.toggle
        controls.extra_actions["swap_screens"] = self.swap_requested.emit
        controls.blank_changed.connect(self._show_status)
        controls.typed_number_changed.connect(self._show_status)
        audience.slide_changed.connect(self._slide_changed)
        self.timer.changed.connect(self.refresh_time)
        self.timer_button.clicked.connect(self.timer.toggle)
        self.reset_button.clicked.connect(self.ask_reset)
        self.confirm_reset_button.clicked.connect(self._confirm_reset)
        self.keep_button.clicked.connect(self._cancel_reset)
        self.smaller_button.clicked.connect(lambda: self._scale_notes(1 / 1.15))
        self.larger_button.clicked.connect(lambda: self._scale_notes(1.15))
        self.next_pane.clicked.connect(audience.navigator.next)

        self.ticker = QTimer(self)
        self.ticker.setInterval(tick_ms)
        self.ticker.timeout.connect(self.refresh_time)
        self.ticker.start()
        self.reset_timeout = QTimer(self)
        self.reset_timeout.setSingleShot(True)
        self.reset_timeout.setInterval(RESET_CONFIRM_MS)
        self.reset_timeout.timeout.connect(self._cancel_reset)
        self._prewarm_queue: list[tuple[int, PreviewPane]] = []

        self.resize(1280, 720)
        self._apply_style()
        self.update_slide()

    # --- following the audience ---------------------------------------------------------
    @Slot(int)
    def _slide_changed(self, index: int) -> None:
        if not self.timer.ever_started and index > 0:
            self.timer.start()  # the talk has begun: the first move on starts the clock
        # Let the audience window paint the new slide first; the console follows.
        QTimer.singleShot(0, self._catch_up)

    def _catch_up(self) -> None:
        if self.audience.isVisible():
            self.audience.repaint()  # the audience's picture first, whatever Qt queued
        self.update_slide()

    def update_slide(self) -> None:
        """Show the audience window's current slide, the next one and the notes."""
        audience = self.audience
        index, count = audience.current_index, audience.navigator.count
        style = audience.style_
        slide = audience.content.slides[index]
        self.counter_label.setText(f"Slide {index + 1} of {count}")
        notes = style.text(slide.notes)
        if index != self.shown_index:
            self.notes.setPlainText(notes or "No notes for this slide.")
            self.notes.verticalScrollBar().setValue(0)
        if self.notes.property("empty") != (not notes):
            self.notes.setProperty("empty", not notes)
            _repolish(self.notes)
        if index + 1 < count:
            following = audience.content.slides[index + 1]
            self.next_label.setText(f"Next: {style.text(following.title)}")
        else:
            self.next_label.setText("Next: end of the presentation")
        self.shown_index = index
        self._draw_previews()
        self.refresh_time()
        self.updated.emit(index)

    def _draw_previews(self) -> None:
        index, count = self.audience.current_index, self.audience.navigator.count
        renderer = self.audience.show_controls.slide_renderer()
        renderer.set_shape(self.audience.width(), self.audience.height())
        ratio = self.devicePixelRatioF()
        panes = ((self.current_pane, index), (self.next_pane, index + 1))
        for pane, shown in panes:
            if shown < count and pane.width() > 1 and pane.height() > 1:
                pane.set_picture(shown, renderer.pixmap(shown, pane.size(), ratio))
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
        renderer = self.audience.show_controls.slide_renderer()
        if pane.width() > 1 and pane.height() > 1:
            renderer.pixmap(index, pane.size(), self.devicePixelRatioF())
        if self._prewarm_queue:
            QTimer.singleShot(0, self._prewarm)

    # --- time ---------------------------------------------------------------------------
    @Slot()
    def refresh_time(self) -> None:
        """Update the talk timer, the clock and the video position."""
        self.timer_label.setText(format_time(self.timer.elapsed_ms()))
        if self.timer_label.property("running") != self.timer.running:
            self.timer_label.setProperty("running", self.timer.running)
            _repolish(self.timer_label)
        self.timer_button.setText(
            "Pause" if self.timer.running else ("Resume" if self.timer.elapsed_ms() else "Start")
        )
        self.clock_label.setText(self.wall_clock().toString("HH:mm"))
        view = self.audience.current_view
        if isinstance(view, VideoSlideView):
            player = view.player
            state = {
                PlayState.PLAYING: "playing",
                PlayState.PAUSED: "paused",
                PlayState.ENDED: "ended",
                PlayState.FAILED: "cannot play",
            }.get(player.state, "not started")
            keys = self.audience.keymap
            toggle = " / ".join(display_key(k) for k in keys.keys_for(Action.VIDEO_TOGGLE)[:2])
            restart = " / ".join(display_key(k) for k in keys.keys_for(Action.VIDEO_RESTART)[:1])
            self.video_label.setText(
                f"Video {format_time(player.position)} / {format_time(player.duration)}"
                f" · {state}  —  {toggle}: play/pause · {restart}: restart"
            )
            self.video_label.show()
        else:
            self.video_label.hide()

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
    def _show_status(self, _value: str = "") -> None:
        controls = self.audience.show_controls
        if self.current_pane.covered != controls.blank:
            self.current_pane.covered = controls.blank
            self.current_pane.update()
        if controls.blank:
            keys = self.audience.keymap.keys_for(Action.named(controls.blank))
            how = " or ".join(display_key(k) for k in keys[:2]) or "a move"
            self.status_label.setText(f"{controls.blank.upper()} SCREEN — {how} shows the slide")
            self.status_label.setProperty("kind", controls.blank)
        elif controls.typed:
            self.status_label.setText(f"Go to slide {controls.typed} — Enter")
            self.status_label.setProperty("kind", "typed")
        else:
            self.status_label.hide()
            return
        _repolish(self.status_label)
        self.status_label.show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.audience.show_controls.layer_host = self

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        # Closed or hidden: the prompts and the overview go back to the audience window.
        controls = self.audience.show_controls
        if controls.layer_host is self:
            controls.close_layers()
            controls.layer_host = self.audience

    # --- keys ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        layer = modal_layer(self)
        if layer is not None:
            layer.handle_key(event)
        elif not self.audience.handle_key(event):
            super().keyPressEvent(event)

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
        keys = self.audience.keymap
        parts = []
        for action, words in (
            (Action.NEXT, "next"),
            (Action.PREVIOUS, "previous"),
            (Action.BLACK, "black"),
            (Action.WHITE, "white"),
            (Action.OVERVIEW, "overview"),
            (Action.GO_TO_SLIDE, "go to"),
            (Action.TIMER, "timer"),
            (Action.SWAP_SCREENS, "swap screens"),
            (Action.HELP, "all keys"),
        ):
            bound = keys.keys_for(action)
            if bound:
                parts.append(f"<b>{display_key(bound[0])}</b> {words}")
        return " &nbsp;·&nbsp; ".join(parts)

    def _apply_style(self) -> None:
        unit = scale_of(self)

        def px(value: float) -> int:
            return max(1, round(value * unit))

        self.setStyleSheet(
            f"#presenter-console {{ background: {BACKGROUND}; }}"
            f"QLabel {{ color: {TEXT}; font-size: {px(26)}px; }}"
            f"#console-counter {{ font-size: {px(40)}px; font-weight: bold; }}"
            f"#console-timer {{ font-size: {px(56)}px; font-weight: bold; color: {MUTED}; }}"
            f"#console-timer[running='true'] {{ color: {ACCENT}; }}"
            f"#console-clock {{ font-size: {px(48)}px; }}"
            f"#console-next-title, #console-video {{ color: {MUTED}; }}"
            f"#console-keys {{ color: {MUTED}; font-size: {px(22)}px; }}"
            f"#console-status {{ font-size: {px(28)}px; font-weight: bold;"
            f" padding: {px(6)}px {px(16)}px; border-radius: {px(8)}px; }}"
            f"#console-status[kind='black'] {{ background: #000000; color: #FFFFFF;"
            f" border: 2px solid {MUTED}; }}"
            f"#console-status[kind='white'] {{ background: #FFFFFF; color: #000000; }}"
            f"#console-status[kind='typed'] {{ background: {ACCENT}; color: #000000; }}"
            f"QPushButton {{ background: {PANEL}; color: {TEXT}; border: 1px solid {MUTED};"
            f" border-radius: {px(10)}px; padding: {px(8)}px {px(18)}px;"
            f" font-size: {px(26)}px; min-height: {px(44)}px; }}"
            f"QPushButton:pressed {{ background: {MUTED}; color: {BACKGROUND}; }}"
            f"QPushButton#danger {{ background: #D5281B; border-color: #D5281B; }}"
            f"QPushButton#small {{ padding: {px(2)}px {px(12)}px; min-height: {px(32)}px; }}"
            f"#notes {{ background: {PANEL}; color: {TEXT}; border-radius: {px(10)}px;"
            f" padding: {px(12)}px; font-size: {round(px(34) * self.notes_scale)}px; }}"
            f"#notes[empty='true'] {{ color: {MUTED}; }}"
        )
        margin = px(24)
        self.column.setContentsMargins(margin, px(16), margin, px(12))
        self.column.setSpacing(px(14))
        self.body_row.setSpacing(px(28))
        self.left_column.setSpacing(px(8))
        self.right_column.setSpacing(px(8))
        self.top_row.setSpacing(px(12))
        self.keys_label.setText(self._keys_text())
        self.timer_label.setMinimumWidth(px(170))
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


# --- placing the windows ------------------------------------------------------------------
class PresenterSession(QObject):
    """Keeps the audience window and the console on the right screens.

    Two or more screens: the audience window fullscreen on the audience screen (see
    :func:`plan_screens`), the console fullscreen on another. One screen: the audience
    window fullscreen and the console as an ordinary window over it, to move or resize.
    Screens plugged in or out re-place both after ``settle_ms`` (changes come in bursts);
    the slide, the timer and everything else stay as they were.
    """

    placed = Signal()

    def __init__(
        self,
        audience: MainWindow,
        console: PresenterConsole,
        *,
        screen_index: int | None = None,
        settle_ms: int = 300,
    ) -> None:
        super().__init__(console)
        self.audience = audience
        self.console = console
        self.screen_index = screen_index
        self.swapped = False
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(settle_ms)
        self.settle.timeout.connect(self.place)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screens_changed)
        app.primaryScreenChanged.connect(self._screens_changed)
        console.swap_requested.connect(self.swap)
        audience.show_controls.extra_actions["start"] = self.start_show

    def plan(self) -> tuple[QScreen, QScreen | None]:
        screens = QGuiApplication.screens()
        if self.screen_index is not None and not 0 <= self.screen_index < len(screens):
            log.warning("there is no screen %d; using the usual choice", self.screen_index)
        return plan_screens(
            screens, QGuiApplication.primaryScreen(), self.screen_index, self.swapped
        )

    @Slot()
    def place(self) -> None:
        """Put both windows where :meth:`plan` says."""
        audience_screen, console_screen = self.plan()
        log.info(
            "screens: %s; audience on %s, console on %s",
            ", ".join(
                f"{n} = {s.name()} {s.geometry().width()}x{s.geometry().height()}"
                for n, s in enumerate(QGuiApplication.screens())
            ),
            audience_screen.name(),
            console_screen.name() if console_screen else "a window",
        )
        self.audience.show_fullscreen(audience_screen)
        console = self.console
        if console_screen is not None:
            fill_screen(console, console_screen)
        else:
            was_full = console.isFullScreen()
            if was_full:
                console.showNormal()
            area = audience_screen.availableGeometry()
            if was_full or not console.isVisible() or not area.contains(console.geometry()):
                size = QSize(area.width() * 2 // 3, area.height() * 2 // 3)
                console.setScreen(audience_screen)
                console.setGeometry(
                    QRect(area.center() - QRect(0, 0, *size.toTuple()).center(), size)
                )
            console.show()
            console.raise_()
        console.activateWindow()
        self.placed.emit()

    def _screens_changed(self, *_args: object) -> None:
        self.settle.start()

    def swap(self) -> None:
        """Exchange the audience and console screens (the S key)."""
        if len(QGuiApplication.screens()) < 2:
            log.info("one screen: nothing to swap")
            return
        self.swapped = not self.swapped
        self.place()

    def start_show(self) -> None:
        """F5: the audience window back to fullscreen on its screen, the slide showing."""
        self.audience.show_controls.set_blank("")
        self.place()


def start_presenter(
    audience: MainWindow, *, screen_index: int | None = None
) -> tuple[PresenterConsole, PresenterSession]:
    """Open the console for ``audience`` and place both windows (``kiosk --presenter``).

    Keep the returned console: it owns the session.
    """
    console = PresenterConsole(audience)
    session = PresenterSession(audience, console, screen_index=screen_index)
    session.place()
    return console, session
