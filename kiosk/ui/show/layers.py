"""Layers of a talk over the audience window: the black or white screen, the slide prompt."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.show.keys import DIGIT_KEYS
from kiosk.ui.show.state import Blank
from kiosk.ui.style import BLACK, WHITE, Style
from kiosk.ui.widgets.layer import Card, Layer


class BlankLayer(Layer):
    """A black or white screen over the slide (the presenter's B / W keys)."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("blank-screen")
        self.colour = Blank.BLACK

    def show_blank(self, blank: Blank) -> None:
        """Cover the host with ``blank``, or uncover it (``Blank.NONE``)."""
        if blank:
            self.colour = blank
            self.open()
            self.update()
        else:
            self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(BLACK if self.colour == Blank.BLACK else WHITE))
        painter.end()


class GoToPrompt(Card):
    """Asks for a slide number (the G key): digits, Backspace, Enter to go, Esc to cancel."""

    chosen = Signal(int)
    """The slide index (0-based) to go to."""

    modal = True

    def __init__(self, host: QWidget, style: Style, count: int) -> None:
        super().__init__(host, style)
        self.setObjectName("go-to-prompt")
        self.count = count
        self.typed = ""
        self.title_label = QLabel()
        self.number_label = QLabel()
        self.number_label.setObjectName("typed-number")
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label = QLabel()
        for label in (self.title_label, self.number_label, self.hint_label):
            self.card_layout.addWidget(label)
        self._show_typed()

    def open(self) -> None:
        self.typed = ""
        self._show_typed()
        super().open()

    def _show_typed(self) -> None:
        label = self.style_.label
        self.title_label.setText(label("go_to_slide"))
        self.number_label.setText(self.typed or "_")
        self.hint_label.setText(
            label("go_to_hint", total=self.count)
            if not self.typed or 1 <= int(self.typed) <= self.count
            else label("no_such_slide", number=self.typed, total=self.count)
        )

    def apply_style(self) -> None:
        accent = self.style_.colour("accent").name()
        self.title_label.setStyleSheet(f"font-size: {self.px(40)}px; font-weight: bold;")
        self.number_label.setStyleSheet(
            f"font-size: {self.px(110)}px; font-weight: bold; color: {accent};"
        )
        self.hint_label.setStyleSheet(f"font-size: {self.px(28)}px;")
        super().apply_style()

    def handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in DIGIT_KEYS and len(self.typed) < len(str(self.count)) + 1:
            self.typed += str(DIGIT_KEYS[key])
        elif key == Qt.Key.Key_Backspace:
            self.typed = self.typed[:-1]
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.typed and 1 <= int(self.typed) <= self.count:
                number = int(self.typed)
                self.close_layer()
                self.chosen.emit(number - 1)
            return True
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_G):
            self.close_layer()
            return True
        else:
            return True  # swallowed: a stray clicker key must not move the show meanwhile
        self._show_typed()
        self.apply_style()
        return True
