"""The kiosk's states and timings, the input it counts and the keys it never lets through,
the hidden cursor, and the words that describe a screen to staff."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QWidget

from kiosk.content import KioskSettings


class KioskState(StrEnum):
    """Where the kiosk is in its cycle (see the module docstring)."""

    ATTRACT = "attract"
    VISIT = "visit"
    COUNTDOWN = "countdown"
    STAFF = "staff"


ATTRACT, VISIT, COUNTDOWN, STAFF = KioskState

INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
    QEvent.Type.TabletPress,
}
"""What counts as someone being there."""


@dataclass(frozen=True)
class KioskTimings:
    """Kiosk timings in milliseconds."""

    idle_timeout: int = 90_000
    countdown: int = 20_000
    slide_duration: int = 12_000
    cursor_hide: int = 3_000
    staff_taps: int = 5
    staff_tap_window: int = 4_000
    use_slide_durations: bool = True
    """False: every slide gets ``slide_duration``, ignoring content durations (tests)."""

    @classmethod
    def from_settings(cls, settings: KioskSettings) -> KioskTimings:
        return cls(
            idle_timeout=round(settings.idle_timeout * 1000),
            countdown=round(settings.countdown * 1000),
            slide_duration=round(settings.slide_duration * 1000),
        )


def is_blocked_key(event: QKeyEvent) -> bool:
    """Keys that would leave, close or un-fullscreen the app: Esc, F11, Ctrl+Q/W, Alt+F4."""
    key = event.key()
    modifiers = event.modifiers()
    control = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
    alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
    return (
        key in (Qt.Key.Key_Escape, Qt.Key.Key_F11)
        or (control and key in (Qt.Key.Key_Q, Qt.Key.Key_W))
        or (alt and key == Qt.Key.Key_F4)
    )


def first_delivery(window: QWidget, watched: QObject, event: QEvent) -> bool:
    """Whether ``event`` reaches ``watched`` first, not passed up from a child.

    Qt offers an unhandled press to each parent in turn (and the application filter sees
    every offer); a press counts once, at the deepest widget under it. Keys go to the
    window itself, since no control takes keyboard focus.
    """
    position = getattr(event, "position", None)
    if event.type() == QEvent.Type.KeyPress or position is None:
        return watched is window
    return isinstance(watched, QWidget) and watched.childAt(position().toPoint()) is None


def describe_screen(screen: QScreen) -> str:
    """ "Screen 2 of 3: HDMI-1 1920x1080" for staff."""
    screens = QGuiApplication.screens()
    number = screens.index(screen) + 1 if screen in screens else 1
    size = screen.geometry().size()
    return f"Screen {number} of {len(screens)}: {screen.name()} {size.width()}x{size.height()}"


class HiddenCursor:
    """The mouse pointer hidden over the whole app (touch kiosks), and shown again."""

    def __init__(self) -> None:
        self.hidden = False

    def hide(self) -> None:
        if not self.hidden:
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            self.hidden = True

    def show(self) -> None:
        if self.hidden:
            QGuiApplication.restoreOverrideCursor()
            self.hidden = False


def following_screen(current: QScreen) -> QScreen | None:
    """The screen after ``current`` (round to the first), or None with only one screen."""
    screens = QGuiApplication.screens()
    if len(screens) < 2:
        return None
    index = screens.index(current) if current in screens else -1
    return screens[(index + 1) % len(screens)]
