"""Staff-only layers of the kiosk: the PIN pad, and the panel to exit, reload or move screens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.logic.gesture import TapCounter, in_corner
from kiosk.ui.style import CONSOLE, MIN_TOUCH, WHITE, Style, px, scale_for
from kiosk.ui.widgets.layer import Card

STAFF_TAP_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
"""A tap of the staff gesture: Qt turns every second fast tap into a double-click."""


class StaffCorner:
    """The staff gesture: ``taps`` taps within ``window_ms`` in the top-left corner.

    A fast second tap arrives as a double-click (a touch double tap too): it counts.
    The counting is :class:`kiosk.logic.gesture.TapCounter`'s; ``clock`` (monotonic
    milliseconds) defaults to Qt's.
    """

    def __init__(
        self, window: QWidget, taps: int, window_ms: int, clock: Callable[[], int] | None = None
    ) -> None:
        self.window = window
        if clock is None:
            elapsed = QElapsedTimer()
            elapsed.start()
            clock = elapsed.elapsed
        self.counter = TapCounter(taps, window_ms, clock)

    def tap(self, watched: QWidget, event: QMouseEvent) -> bool:
        """Count a press on ``watched``; True when it completes the gesture."""
        corner = px(140, scale_for(self.window.width(), self.window.height()))
        position = watched.mapTo(self.window, event.position().toPoint())
        if not in_corner(position.x(), position.y(), corner):
            self.counter.miss()
            return False
        return self.counter.tap()


def _button_sheet(card: Card, font: int, padding: int) -> str:
    """Style-sheet rules for a card's buttons, rounded, ``font`` px type, by role (object
    name): ``primary`` filled with the accent colour, ``secondary`` outlined in it,
    ``digit`` pale with accent figures, ``quiet`` (Clear) grey words on a grey outline,
    ``danger`` NHS red."""
    style, px = card.style_, card.px
    accent, on_accent = style.colour("accent").name(), style.colour("accent_text").name()
    surface, pale = style.colour("surface").name(), style.colour("background").name()
    muted = style.colour("muted_text").name()
    edge = max(2, px(3))
    return (
        f"QPushButton {{ font-size: {px(font)}px; padding: 0 {px(padding)}px;"
        f" border-radius: {px(16)}px; font-weight: bold; }}"
        f"QPushButton#primary {{ background: {accent}; color: {on_accent};"
        f" border: {edge}px solid {accent}; }}"
        f"QPushButton#secondary {{ background: {surface}; color: {accent};"
        f" border: {edge}px solid {accent}; }}"
        f"QPushButton#digit {{ background: {pale}; color: {accent};"
        f" border: {max(1, px(2))}px solid {pale}; font-size: {px(font * 1.15)}px; }}"
        f"QPushButton#quiet {{ background: {surface}; color: {muted};"
        f" border: {max(1, px(2))}px solid {muted}; font-weight: normal; }}"
        f"QPushButton#danger {{ background: {CONSOLE.danger}; color: {WHITE};"
        f" border: {edge}px solid {CONSOLE.danger}; }}"
        "QPushButton:pressed { background: #003087; color: #FFFFFF; }"
    )


def _error_icon(side: int) -> QPixmap:
    """A red disc with a white "!" (beside an error message: not colour alone)."""
    ratio = 2
    pixmap = QPixmap(side * ratio, side * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(CONSOLE.danger))
    painter.drawEllipse(QRectF(0, 0, side, side))
    pen = QPen(QColor(WHITE), side / 8)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(side / 2, side * 0.25), QPointF(side / 2, side * 0.56))
    painter.drawPoint(QPointF(side / 2, side * 0.76))
    painter.end()
    return pixmap


class _PadButton(QPushButton):
    def __init__(self, text: str, role: str = "primary", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName(role)
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
        self.prompt = QLabel()
        self.hint = QLabel()
        self.display = QLabel("")
        self.display.setObjectName("pin-display")
        self.message = QLabel("")
        self.message.setObjectName("pin-message")
        self.message.setWordWrap(True)
        self.error_icon = QLabel()
        self.error_icon.setObjectName("pin-error-icon")
        for label in (self.prompt, self.hint, self.display):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_row = QWidget()
        message_row = QHBoxLayout(self.message_row)
        message_row.setContentsMargins(0, 0, 0, 0)
        message_row.addStretch(1)
        message_row.addWidget(self.error_icon)
        message_row.addWidget(self.message, 0)
        message_row.addStretch(1)
        grid = QGridLayout()
        self.grid = grid
        self.buttons: dict[str, QPushButton] = {}
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Clear", "0", "OK"]
        roles = {"Clear": "quiet", "OK": "primary"}
        for position, key in enumerate(keys):
            button = _PadButton(key, roles.get(key, "digit"))
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.buttons[key] = button
            grid.addWidget(button, position // 3, position % 3)
        self.cancel_button = _PadButton("", "secondary")
        self.cancel_button.clicked.connect(self._cancel)
        column = self.card_layout
        column.addWidget(self.prompt)
        column.addWidget(self.hint)
        column.addWidget(self.display)
        column.addWidget(self.message_row)
        column.addLayout(grid)
        column.addWidget(self.cancel_button)
        self._show_message("")

    def _show_message(self, message: str) -> None:
        self.message.setText(message)
        self.error_icon.setVisible(bool(message))
        # Short messages on one line, long ones wrapped to the keypad's width.
        self.message.ensurePolished()
        needed = QFontMetrics(self.message.font()).horizontalAdvance(message) + 4
        self.message.setMinimumWidth(min(needed, self.message.maximumWidth()))
        # The row keeps its height: the keypad does not jump when a message comes or goes.
        self.message.setMinimumHeight(self.px(40))

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
        self._show_message(message)

    @Slot()
    def _cancel(self) -> None:
        self.reset()
        self.cancelled.emit()

    def card_sheet(self) -> str:
        return super().card_sheet() + _button_sheet(self, 40, 0)

    def _set_words(self) -> None:
        """The pad's words in the current language (the keys keep their names)."""
        label = self.style_.label
        self.prompt.setText(label("staff_only"))
        self.hint.setText(label("enter_pin"))
        self.buttons["Clear"].setText(label("pin_clear"))
        self.buttons["OK"].setText(label("pin_ok"))
        self.cancel_button.setText(label("cancel"))

    def apply_style(self) -> None:
        px, style = self.px, self.style_
        side = max(px(104), MIN_TOUCH)
        for button in self.buttons.values():
            button.setFixedSize(round(side * 1.35), side)
        self.grid.setSpacing(px(14))
        self.cancel_button.setFixedHeight(side)
        self._set_words()
        self.prompt.setStyleSheet(f"font-size: {px(44)}px; font-weight: bold;")
        self.hint.setStyleSheet(
            f"font-size: {px(30)}px; color: {style.colour('muted_text').name()};"
        )
        font = QFont(self.display.font())
        font.setPixelSize(px(44))
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, px(22))
        self.display.setFont(font)
        self.display.setStyleSheet(
            f"QLabel {{ color: {style.colour('text').name()}; border: none;"
            f" border-bottom: {max(2, px(3))}px solid {style.colour('accent').name()};"
            f" margin: 0 {px(60)}px; padding-bottom: {px(6)}px; }}"
        )
        self.display.setMinimumHeight(px(72))
        self.message.setStyleSheet(
            f"font-size: {px(30)}px; font-weight: bold; color: {CONSOLE.danger};"
        )
        icon = px(34)
        self.error_icon.setPixmap(_error_icon(icon))
        self.error_icon.setFixedSize(icon, icon)
        self.message.setMinimumHeight(px(40))
        self.message.setMaximumWidth(round(side * 1.35 * 3) - icon - px(16))
        self._show_message(self.message.text())
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
        self.heading = QLabel()
        self.info = QLabel("")
        self.info.setWordWrap(True)
        self.info.setObjectName("staff-info")
        self.back_button = _PadButton("", "primary")
        self.reload_button = _PadButton("", "secondary")
        self.screen_button = _PadButton("", "secondary")
        self.record_button = _PadButton("", "secondary")
        self.record_button.setVisible(False)  # shown by usage recording (kiosk.ui.kiosk.usage)
        self.exit_button = _PadButton("", "danger")
        row = QHBoxLayout()
        # The way back first and clearest; the way out last, apart, in red.
        for button in (
            self.back_button,
            self.reload_button,
            self.screen_button,
            self.record_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        row.addSpacing(self.px(60))
        row.addWidget(self.exit_button)
        column = self.card_layout
        column.addWidget(self.heading)
        column.addWidget(self.info)
        column.addLayout(row)
        self.exit_button.clicked.connect(self.exit_requested)
        self.reload_button.clicked.connect(self.reload_requested)
        self.screen_button.clicked.connect(self.screen_requested)
        self.back_button.clicked.connect(self.close_layer)

    def card_sheet(self) -> str:
        return super().card_sheet() + _button_sheet(self, 32, 28)

    def card_width(self) -> int:
        return min(self.width() - 2 * self.px(40), self.px(1300))

    def apply_style(self) -> None:
        label = self.style_.label
        self.heading.setText(label("staff_panel"))
        self.back_button.setText(label("back_to_visitors"))
        self.reload_button.setText(label("reload_content"))
        self.screen_button.setText(label("next_screen"))
        self.exit_button.setText(label("exit_kiosk"))
        for button in (
            self.exit_button,
            self.reload_button,
            self.screen_button,
            self.back_button,
            self.record_button,
        ):
            button.setFixedHeight(max(self.px(96), MIN_TOUCH))
        self.heading.setStyleSheet(f"font-size: {self.px(44)}px; font-weight: bold;")
        self.info.setStyleSheet(
            f"font-size: {self.px(26)}px; color: {self.style_.colour('muted_text').name()};"
        )
        super().apply_style()
