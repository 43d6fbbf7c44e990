"""The base of every slide view: a title, a themed background, scale handling, and hooks."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.content import Slide
from kiosk.ui.slides.player import VideoPlayer
from kiosk.ui.style import Style
from kiosk.ui.widgets.fitted import FittedLabel


class SlideView(QWidget):
    """Base of every slide view: a title, a themed background and scale handling.

    Subclasses add their widgets to ``self.body_layout`` and size fonts in
    :meth:`apply_style`. :meth:`enter` and :meth:`leave` are called when the slide is
    shown and hidden (the video slide uses them to start and rewind).
    """

    def __init__(self, slide: Slide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slide = slide
        self.style_ = style
        self.setObjectName(f"slide-{slide.id}")
        self.setAccessibleName(style.text(slide.title))
        self.outer = QVBoxLayout(self)
        self.title_label = FittedLabel(style.text(slide.title), bold=True)
        self.title_label.setObjectName("title")
        self.outer.addWidget(self.title_label, 2)
        self.body_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.outer.addLayout(self.body_layout, 8)

    def text_labels(self) -> list[FittedLabel]:
        """Every text label on the slide (tests use it to check nothing clips)."""
        return self.findChildren(FittedLabel)

    def apply_style(self) -> None:
        """Re-apply colours and sizes after the window was resized."""
        style = self.style_
        margin = style.px(56 if style.portrait else 88)
        self.outer.setContentsMargins(margin, style.px(24), margin, style.px(24))
        self.outer.setSpacing(style.px(24))
        self.body_layout.setSpacing(style.px(40 if not style.portrait else 28))
        self.title_label.set_max_pixels(style.px(76))
        colour = style.colour("text").name()
        self.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        self.title_label.setStyleSheet(f"color: {style.colour('accent').name()};")

    def set_touch_controls(self, shown: bool) -> None:
        """Show or hide the slide's own controls (a video's play button and bar). A
        presenter's audience screen and still pictures show the slide without them."""

    def video_area(self) -> QRectF | None:
        """Where the slide's video picture is, as fractions of the view's size (None: no
        video); the presenter console draws the playing film there."""
        return None

    def live_caption(self) -> str:
        """The caption the audience reads now ("" for none)."""
        return ""

    def enter(self) -> None:
        """The slide became visible."""

    def leave(self) -> None:
        """The slide was hidden."""

    def release(self) -> None:
        """Free heavy resources (decoders) before the view is thrown away."""

    def reset(self) -> None:
        """Forget a visitor's choices (the kiosk calls it between visitors)."""

    @property
    def media(self) -> VideoPlayer | None:
        """The slide's video player, if the slide has a video."""
        return None
