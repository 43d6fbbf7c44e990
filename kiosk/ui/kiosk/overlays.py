"""Layers drawn over the slides in kiosk mode: the attract banner, the "Still there?"
countdown, and the staff-only PIN pad and panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.style import Style


class Overlay(QWidget):
    """A layer that covers its parent window; ``dim`` darkens the slide behind it."""

    def __init__(self, style: Style, parent: QWidget, *, dim: bool = True) -> None:
        super().__init__(parent)
        self.style_ = style
        self.dim = dim
        self._hidden_videos: list[QWidget] = []
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.hide()

    def cover_parent(self) -> None:
        """Match the parent's size (call when the parent is resized)."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def showEvent(self, event: object) -> None:
        self.cover_parent()
        self.raise_()
        self.apply_style()
        if self.dim:
            self._hide_videos()

    def hideEvent(self, event: object) -> None:
        for video in self._hidden_videos:
            video.show()
        self._hidden_videos = []

    def _hide_videos(self) -> None:
        """Hide video pictures while this layer is up.

        QVideoWidget draws through a native child window on a real display, which would
        paint over any widget laid on top of it.
        """
        parent = self.parentWidget()
        if parent is None:
            return
        for video in parent.findChildren(QVideoWidget):
            if video.isVisible():
                # Hide the page holder, not the page: a stacked page shown by hand would
                # later appear over whichever page is current.
                holder = video.parentWidget()
                target = holder if isinstance(holder, QStackedWidget) else video
                target.hide()
                self._hidden_videos.append(target)

    def paintEvent(self, event: object) -> None:
        if self.dim:
            painter = QPainter(self)
            painter.fillRect(self.rect(), QColor(0, 0, 0, 150))
            painter.end()

    def apply_style(self) -> None:
        """Re-apply sizes for the current window scale."""

    def centre_card(self, card: QWidget, width: int | None = None) -> None:
        """Size ``card`` to its contents (at ``width`` pixels if given) and centre it."""
        card.ensurePolished()
        for child in card.findChildren(QWidget):
            child.ensurePolished()
        # Children's sizes were just changed: drop every cached size hint, nested ones too.
        for layout in card.findChildren(QLayout):
            layout.invalidate()
        hint = card.sizeHint()
        card.resize(width or hint.width(), max(hint.height(), card.heightForWidth(width or 0)))
        card.move((self.width() - card.width()) // 2, (self.height() - card.height()) // 2)

    def _card_style(self) -> str:
        style = self.style_
        return (
            f"#card {{ background: {style.colour('surface').name()};"
            f" border-radius: {style.px(28)}px; }}"
            f"QLabel {{ color: {style.colour('text').name()}; }}"
        )


class AttractBanner(Overlay):
    """ "Touch to explore": a pill near the bottom while the slides cycle by themselves."""

    def __init__(self, style: Style, parent: QWidget) -> None:
        super().__init__(style, parent, dim=False)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.label = QLabel(style.label("touch_to_explore"), self)
        self.label.setObjectName("attract")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def apply_style(self) -> None:
        style = self.style_
        self.label.setText(style.label("touch_to_explore"))
        self.label.setStyleSheet(
            f"background: {style.colour('accent').name()};"
            f" color: {style.colour('accent_text').name()};"
            f" border-radius: {style.px(48)}px; padding: {style.px(18)}px {style.px(56)}px;"
            f" font-size: {style.px(46)}px; font-weight: bold;"
        )
        self.label.adjustSize()
        # In the footer's middle, where the progress dots are during a visit: clear of
        # the slide itself, and of the captions on the video slide.
        footer = getattr(self.parentWidget(), "footer", None)
        middle = footer.geometry().center().y() if footer is not None else self.height() - 80
        self.label.move((self.width() - self.label.width()) // 2, middle - self.label.height() // 2)


class CountdownOverlay(Overlay):
    """ "Still there?" with the seconds left before the kiosk starts again."""

    def __init__(self, style: Style, parent: QWidget) -> None:
        super().__init__(style, parent)
        self.card = QWidget(self)
        self.card.setObjectName("card")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(style.label("still_there"))
        self.title.setObjectName("still-there")
        self.hint = QLabel(style.label("keep_going"))
        self.seconds_label = QLabel()
        self.seconds_label.setObjectName("seconds")
        for label in (self.title, self.hint, self.seconds_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        column = QVBoxLayout(self.card)
        column.addWidget(self.title)
        column.addWidget(self.hint)
        column.addWidget(self.seconds_label)
        self.set_seconds(10)

    def set_seconds(self, seconds: int) -> None:
        """Show ``seconds`` (whole seconds) left."""
        self.seconds = seconds
        self.seconds_label.setText(self.style_.label("restarting_in", seconds=seconds))

    def apply_style(self) -> None:
        style = self.style_
        self.title.setText(style.label("still_there"))
        self.hint.setText(style.label("keep_going"))
        self.set_seconds(self.seconds)
        self.card.setStyleSheet(self._card_style())
        self.title.setStyleSheet(f"font-size: {style.px(72)}px; font-weight: bold;")
        self.hint.setStyleSheet(f"font-size: {style.px(40)}px;")
        self.seconds_label.setStyleSheet(
            f"font-size: {style.px(40)}px; color: {style.colour('accent').name()};"
        )
        self.card.layout().setContentsMargins(*[style.px(56)] * 4)  # type: ignore[union-attr]
        self.centre_card(self.card, min(self.width() - 2 * style.px(40), style.px(1100)))


class _PadButton(QPushButton):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class PinPad(Overlay):
    """Staff-only: an on-screen keypad for the PIN. Emits the digits typed on OK."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, style: Style, parent: QWidget) -> None:
        super().__init__(style, parent)
        self.digits = ""
        self.card = QWidget(self)
        self.card.setObjectName("card")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
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
        column = QVBoxLayout(self.card)
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

    def apply_style(self) -> None:
        style = self.style_
        side = style.px(110)
        self.card.setStyleSheet(
            self._card_style()
            + f"QPushButton {{ font-size: {style.px(40)}px; border-radius: {style.px(16)}px;"
            f" background: {style.colour('accent').name()};"
            f" color: {style.colour('accent_text').name()}; }}"
        )
        for button in self.buttons.values():
            button.setFixedSize(round(side * 1.3), side)
        self.cancel_button.setFixedHeight(side)
        self.card.layout().setContentsMargins(*[style.px(32)] * 4)  # type: ignore[union-attr]
        self.card.layout().setSpacing(style.px(16))  # type: ignore[union-attr]
        self.prompt.setStyleSheet(f"font-size: {style.px(36)}px; font-weight: bold;")
        self.display.setStyleSheet(f"font-size: {style.px(48)}px; min-height: {style.px(64)}px;")
        self.message.setStyleSheet(f"font-size: {style.px(28)}px;")
        self.centre_card(self.card)


class StaffPanel(Overlay):
    """Staff-only: exit the kiosk, reload the content, move it to the next screen, or go
    back to the visitors. Shows which content, slide and screen are in use."""

    exit_requested = Signal()
    reload_requested = Signal()
    screen_requested = Signal()
    closed = Signal()

    def __init__(self, style: Style, parent: QWidget) -> None:
        super().__init__(style, parent)
        self.card = QWidget(self)
        self.card.setObjectName("card")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
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
        column = QVBoxLayout(self.card)
        column.addWidget(self.heading)
        column.addWidget(self.info)
        column.addLayout(row)
        self.exit_button.clicked.connect(self.exit_requested)
        self.reload_button.clicked.connect(self.reload_requested)
        self.screen_button.clicked.connect(self.screen_requested)
        self.back_button.clicked.connect(self.closed)

    def apply_style(self) -> None:
        style = self.style_
        for button in (self.exit_button, self.reload_button, self.screen_button, self.back_button):
            button.setFixedHeight(style.px(96))
        self.card.layout().setContentsMargins(*[style.px(40)] * 4)  # type: ignore[union-attr]
        self.card.setStyleSheet(
            self._card_style() + f"QPushButton {{ font-size: {style.px(34)}px;"
            f" padding: 0 {style.px(28)}px; border-radius: {style.px(16)}px;"
            f" background: {style.colour('accent').name()};"
            f" color: {style.colour('accent_text').name()}; }}"
        )
        self.heading.setStyleSheet(f"font-size: {style.px(44)}px; font-weight: bold;")
        self.info.setStyleSheet(f"font-size: {style.px(26)}px;")
        self.centre_card(self.card, min(self.width() - 2 * style.px(40), style.px(1300)))
