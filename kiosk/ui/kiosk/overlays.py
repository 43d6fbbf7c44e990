"""The kiosk's layers for visitors: the attract banner and the "Still there?" countdown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.show.window import MainWindow
from kiosk.ui.style import Style
from kiosk.ui.widgets.layer import Card, Layer


class AttractBanner(Layer):
    """ "Touch to explore": a pill near the bottom while the slides cycle by themselves."""

    hides_video = False

    def __init__(self, style: Style, window: MainWindow) -> None:
        super().__init__(window)
        self.style_ = style
        self.window_ = window
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.label = QLabel(style.label("touch_to_explore"), self)
        self.label.setObjectName("attract")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def apply_style(self) -> None:
        style, px = self.style_, self.px
        self.label.setText(style.label("touch_to_explore"))
        self.label.setStyleSheet(
            f"background: {style.colour('accent').name()};"
            f" color: {style.colour('accent_text').name()};"
            f" border-radius: {px(48)}px; padding: {px(18)}px {px(56)}px;"
            f" font-size: {px(46)}px; font-weight: bold;"
        )
        self.label.adjustSize()
        # In the footer's middle, where the progress dots are during a visit: clear of
        # the slide itself, and of the captions on the video slide.
        middle = self.window_.footer.geometry().center().y()
        self.label.move((self.width() - self.label.width()) // 2, middle - self.label.height() // 2)


class CountdownOverlay(Card):
    """ "Still there?" with the seconds left before the kiosk starts again."""

    click_outside_closes = False
    card_margin = 56

    def __init__(self, style: Style, parent: QWidget) -> None:
        super().__init__(parent, style)
        self.title = QLabel(style.label("still_there"))
        self.title.setObjectName("still-there")
        self.hint = QLabel(style.label("keep_going"))
        self.seconds_label = QLabel()
        self.seconds_label.setObjectName("seconds")
        for label in (self.title, self.hint, self.seconds_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        for label in (self.title, self.hint, self.seconds_label):
            self.card_layout.addWidget(label)
        self.set_seconds(10)

    def set_seconds(self, seconds: int) -> None:
        """Show ``seconds`` (whole seconds) left."""
        self.seconds = seconds
        self.seconds_label.setText(self.style_.label("restarting_in", seconds=seconds))

    def apply_style(self) -> None:
        style, px = self.style_, self.px
        self.title.setText(style.label("still_there"))
        self.hint.setText(style.label("keep_going"))
        self.set_seconds(self.seconds)
        self.title.setStyleSheet(f"font-size: {px(72)}px; font-weight: bold;")
        self.hint.setStyleSheet(f"font-size: {px(40)}px;")
        self.seconds_label.setStyleSheet(
            f"font-size: {px(40)}px; color: {style.colour('accent').name()};"
        )
        super().apply_style()

    def card_width(self) -> int:
        return min(self.width() - 2 * self.px(40), self.px(1100))
