"""Staff-only layers of the kiosk: the PIN pad, and the panel to exit, reload or move screens."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.ui.style import Style, px, scale_for
from kiosk.ui.widgets.layer import Card

STAFF_TAP_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
"""A tap of the staff gesture: Qt turns every second fast tap into a double-click."""


class StaffCorner:
    """The staff gesture: ``taps`` taps within ``window_ms`` in the top-left corner.

    A fast second tap arrives as a double-click (a touch double tap too): it counts.
    """

    def __init__(self, window: QWidget, taps: int, window_ms: int) -> None:
        self.window = window
        self.taps, self.window_ms = taps, window_ms
        self._times: list[int] = []
        self._clock = QElapsedTimer()
        self._clock.start()

    def tap(self, watched: QWidget, event: QMouseEvent) -> bool:
        """Count a press on ``watched``; True when it completes the gesture."""
        corner = px(140, scale_for(self.window.width(), self.window.height()))
        position = watched.mapTo(self.window, event.position().toPoint())
        if position.x() > corner or position.y() > corner:
            self._times.clear()
            return False
        now = self._clock.elapsed()
        self._times = [t for t in self._times if now - t < self.window_ms]
        self._times.append(now)
        if len(self._times) < self.taps:
            return False
        self._times.clear()
        return True


def _button_sheet(card: Card, font: int, padding: int) -> str:
    """Style-sheet rules for a card's buttons: accent colours, rounded, ``font`` px type."""
    style, px = card.style_, card.px
    return (
        f"QPushButton {{ font-size: {px(font)}px; padding: 0 {px(padding)}px;"
        f" border-radius: {px(16)}px; background: {style.colour('accent').name()};"
        f" color: {style.colour('accent_text').name()}; }}"
    )


class _PadButton(QPushButton):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class PinPad(Card):
    """Staff-only: an on-screen keypad for the PIN. Emits the digits typed on OK."""

    submitted = Signal(str)
    cancelled = Signal()

    click_outside_closes = False
    card_margin = 32

    def __init__(self, style: Style, parent: QWidget) -> None:
        super().__init__(parent, style)
        self.digits = ""
        self.prompt = QLabel("Staff only: enter the PIN")
        self.display = QLabel("")
        self.display.setObjectName("pin-display")
        self.message = QLabel("")
        self.message.setObjectName("pin-message")
        self.message.setWordWrap(True)
        for label in (self.prompt, self.display, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "OK"]
        for position, key in enumerate(keys):
            button = _PadButton(key)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.buttons[key] = button
            grid.addWidget(button, position // 3, position % 3)
        self.cancel_button = _PadButton("Cancel")
        self.cancel_button.clicked.connect(self._cancel)
        column = self.card_layout
        column.addWidget(self.prompt)
        column.addWidget(self.display)
        column.addWidget(self.message)
        column.addLayout(grid)
        column.addWidget(self.cancel_button)

    @Slot(str)
    def press(self, key: str) -> None:
        """Handle one keypad button: a digit, ``Clear`` or ``OK``."""
        if key == "Clear":
            self.digits = ""
        elif key == "OK":
            digits, self.digits = self.digits, ""
            self.submitted.emit(digits)
        elif len(self.digits) < 12:
            self.digits += key
        self.display.setText("●" * len(self.digits))

    def reset(self, message: str = "") -> None:
        self.digits = ""
        self.display.setText("")
        self.message.setText(message)

    @Slot()
    def _cancel(self) -> None:
        self.reset()
        self.cancelled.emit()

    def card_sheet(self) -> str:
        return super().card_sheet() + _button_sheet(self, 40, 0)

    def apply_style(self) -> None:
        px = self.px
        side = px(110)
        for button in self.buttons.values():
            button.setFixedSize(round(side * 1.3), side)
        self.cancel_button.setFixedHeight(side)
        self.prompt.setStyleSheet(f"font-size: {px(36)}px; font-weight: bold;")
        self.display.setStyleSheet(f"font-size: {px(48)}px; min-height: {px(64)}px;")
        self.message.setStyleSheet(f"font-size: {px(28)}px;")
        super().apply_style()


class StaffPanel(Card):
    """Staff-only: exit the kiosk, reload the content, move it to the next screen, or go
    back to the visitors. Shows which content, slide and screen are in use."""

    exit_requested = Signal()
    reload_requested = Signal()
    screen_requested = Signal()

    click_outside_closes = False

    def __init__(self, style: Style, parent: QWidget) -> None:
        super().__init__(parent, style)
        self.heading = QLabel("Staff panel")
        self.info = QLabel("")
        self.info.setWordWrap(True)
        self.info.setObjectName("staff-info")
        self.exit_button = _PadButton("Exit kiosk")
        self.reload_button = _PadButton("Reload content")
        self.screen_button = _PadButton("Next screen")
        self.back_button = _PadButton("Back to visitors")
        row = QHBoxLayout()
        for button in (self.exit_button, self.reload_button, self.screen_button, self.back_button):
            row.addWidget(button)
        column = self.card_layout
        column.addWidget(self.heading)
        column.addWidget(self.info)
        column.addLayout(row)
        self.exit_button.clicked.connect(self.exit_requested)
        self.reload_button.clicked.connect(self.reload_requested)
        self.screen_button.clicked.connect(self.screen_requested)
        self.back_button.clicked.connect(self.close_layer)

    def card_sheet(self) -> str:
        return super().card_sheet() + _button_sheet(self, 34, 28)

    def card_width(self) -> int:
        return min(self.width() - 2 * self.px(40), self.px(1300))

    def apply_style(self) -> None:
        for button in (self.exit_button, self.reload_button, self.screen_button, self.back_button):
            button.setFixedHeight(self.px(96))
        self.heading.setStyleSheet(f"font-size: {self.px(44)}px; font-weight: bold;")
        self.info.setStyleSheet(f"font-size: {self.px(26)}px;")
        super().apply_style()
