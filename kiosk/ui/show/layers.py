"""Layers over a whole window during a talk: the black or white screen and the slide prompt.

A :class:`Layer` covers its host window (the audience window or the presenter console) and
follows its size. A *modal* layer takes the keys while it is shown: the host offers each
key press to :func:`modal_layer` first.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}").value: n for n in range(10)}
"""Qt key code -> digit, for the number keys (the keypad sends the same codes)."""


def scale_of(widget: QWidget) -> float:
    """Screen pixels per design pixel for ``widget`` (1.0 at a 1080-pixel short side)."""
    return max(0.3, min(widget.width(), widget.height()) / 1080)


class Layer(QWidget):
    """Covers its host window while shown; ``closed`` fires when it hides itself."""

    closed = Signal()
    visibility_changed = Signal(bool)
    modal = True
    """Whether the layer takes key presses while shown."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.host = host
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        host.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.host.rect())
            self.apply_style()
        return False

    def open(self) -> None:
        """Show the layer over the whole host, above everything else on it."""
        self.setGeometry(self.host.rect())
        self.apply_style()
        self.show()
        self.raise_()

    def close_layer(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def showEvent(self, event: object) -> None:
        self.visibility_changed.emit(True)

    def hideEvent(self, event: object) -> None:
        self.visibility_changed.emit(False)

    def apply_style(self) -> None:
        """Re-apply sizes for the host's current size."""

    def handle_key(self, event: QKeyEvent) -> bool:
        """React to a key press; True if used (a modal layer swallows the rest anyway)."""
        return False


def modal_layer(host: QWidget) -> Layer | None:
    """The modal layer shown on ``host`` that should get the keys, if any (newest first)."""
    for child in reversed(host.children()):
        if isinstance(child, Layer) and child.modal and child.isVisible():
            return child
    return None


class BlankLayer(Layer):
    """A black or white screen over the slide (the presenter's B / W keys)."""

    modal = False

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("blank-screen")
        self.colour = "black"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000" if self.colour == "black" else "#FFFFFF"))
        painter.end()


class Card(Layer):
    """A modal layer: the host dimmed, with a centred card of text on it."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.card = QWidget(self)
        self.card.setObjectName("card")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card_layout = QVBoxLayout(self.card)
        self.surface, self.text, self.accent = "#FFFFFF", "#212B32", "#005EB8"

    def set_colours(self, surface: str, text: str, accent: str) -> None:
        self.surface, self.text, self.accent = surface, text, accent

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 170))
        painter.end()

    def apply_style(self) -> None:
        unit = scale_of(self)
        self.card.setStyleSheet(
            f"#card {{ background: {self.surface}; border-radius: {round(24 * unit)}px; }}"
            f"QLabel {{ color: {self.text}; }}"
        )
        margin = round(40 * unit)
        self.card_layout.setContentsMargins(margin, margin, margin, margin)
        self.card_layout.setSpacing(round(16 * unit))
        self.card.adjustSize()
        size = self.card.sizeHint().boundedTo(self.size())
        self.card.setGeometry(
            (self.width() - size.width()) // 2,
            (self.height() - size.height()) // 2,
            *size.toTuple(),
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self.card.geometry().contains(event.position().toPoint()):
            self.close_layer()


class GoToPrompt(Card):
    """Asks for a slide number (the G key): digits, Backspace, Enter to go, Esc to cancel."""

    chosen = Signal(int)
    """The slide index (0-based) to go to."""

    def __init__(self, host: QWidget, count: int) -> None:
        super().__init__(host)
        self.setObjectName("go-to-prompt")
        self.count = count
        self.typed = ""
        self.title_label = QLabel("Go to slide")
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
        self.number_label.setText(self.typed or "_")
        self.hint_label.setText(
            f"Type 1 to {self.count}, then Enter. Esc cancels."
            if not self.typed or 1 <= int(self.typed) <= self.count
            else f"There is no slide {self.typed}: type 1 to {self.count}."
        )

    def apply_style(self) -> None:
        unit = scale_of(self)
        self.title_label.setStyleSheet(f"font-size: {round(40 * unit)}px; font-weight: bold;")
        self.number_label.setStyleSheet(
            f"font-size: {round(110 * unit)}px; font-weight: bold; color: {self.accent};"
        )
        self.hint_label.setStyleSheet(f"font-size: {round(28 * unit)}px;")
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
