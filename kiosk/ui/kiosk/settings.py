"""The kiosk's Qt side: the input it counts and the keys it never lets through,
the hidden cursor, and the words that describe a screen to staff."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QWidget

from kiosk.logic.screens import following_index

# The timings live in the Qt-free kiosk.logic.timings; named here too for older imports.
from kiosk.logic.timings import KioskTimings as KioskTimings

INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
    QEvent.Type.TabletPress,
}
"""What counts as someone being there."""


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


def describe_screen(screen: QScreen, label: Callable[..., str]) -> str:
    """ "Screen 2 of 3: HDMI-1 1920x1080" for staff (in ``label``'s words: a
    :meth:`~kiosk.ui.style.Style.label`)."""
    screens = QGuiApplication.screens()
    number = screens.index(screen) + 1 if screen in screens else 1
    size = screen.geometry().size()
    width, height = size.width(), size.height()
    return label(
        "staff_screen",
        number=number,
        total=len(screens),
        name=screen.name(),
        width=width,
        height=height,
    )


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
    index = following_index(screens.index(current) if current in screens else None, len(screens))
    return None if index is None else screens[index]
