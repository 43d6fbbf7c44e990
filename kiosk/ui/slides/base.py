"""The base of every slide view: a title, a themed background, scale handling, and hooks."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QAccessible, QFont, QFontMetricsF, QImage
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk.content import Slide
from kiosk.ui.style import Style
from kiosk.ui.widgets.announce import install_factory, mark_heading
from kiosk.ui.widgets.fitted import FittedLabel
from kiosk.ui.widgets.pictures import SvgView

if TYPE_CHECKING:
    from kiosk.ui.slides.player import VideoPlayer  # made with the first video slide's view


class TitleLabel(FittedLabel):
    """A slide's title: a heading to a screen reader, also in a view made after the first
    paint, when Qt's bridge may already be asking for each new widget's interface."""

    accessible_role = QAccessible.Role.Heading

    def __init__(self, text: str, *, bold: bool) -> None:
        install_factory()  # before QLabel's constructor asks for the interface
        super().__init__(text, bold=bold)


class SlideView(QWidget):
    """Base of every slide view: a title, a themed background and scale handling.

    Subclasses add their widgets to ``self.body_layout`` and size fonts in
    :meth:`apply_style`. :meth:`enter` and :meth:`leave` are called when the slide is
    shown and hidden (the video slide uses them to start and rewind).

    Sizes come from the design system (kiosk/ui/style.py, docs/design.md): the heading is
    the ``title`` role, the same size on every slide, and starts at the grid's margin.
    """

    open_slide = Signal(str)
    """The visitor touched something that leads to the slide with this id."""
    transcript_requested = Signal()
    """The visitor asked for the video's transcript (the video slide's button)."""

    def __init__(self, slide: Slide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slide = slide
        self.style_ = style
        self.setObjectName(f"slide-{slide.id}")
        self.setAccessibleName(style.text(slide.title))
        self.setFont(style.base_font(self.font()))  # the language's families: Nastaliq for Urdu
        self.outer = QVBoxLayout(self)
        self.title_label = TitleLabel(style.text(slide.title), bold=True)
        self.title_label.setObjectName("title")
        mark_heading(self.title_label, style.text(slide.title))
        self.outer.addWidget(self.title_label, 3)
        self.body_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.outer.addLayout(self.body_layout, 8)

    def has_captions(self) -> bool:
        """Whether the slide shows captions (a video with a caption file)."""
        return False

    def text_labels(self) -> list[FittedLabel]:
        """Every text label on the slide (tests use it to check nothing clips)."""
        return self.findChildren(FittedLabel)

    def apply_style(self) -> None:
        """Re-apply colours and sizes after the window was resized."""
        style = self.style_
        margin = style.margin()
        self.outer.setContentsMargins(margin, style.space("m"), margin, style.space("m"))
        self.outer.setSpacing(style.space("m"))
        self.body_layout.setSpacing(style.space("l"))
        self.title_label.set_max_pixels(style.font_px("title"))
        self._fit_title()
        colour = style.colour("text").name()
        self.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        self.title_label.setStyleSheet(f"color: {style.colour('accent').name()};")

    def set_touch_controls(self, shown: bool) -> None:
        """Show or hide the slide's own controls (a video's play button and bar, a picture's
        touch targets). A presenter's audience screen and still pictures show the slide
        without them."""
        for picture in self.findChildren(SvgView):
            picture.set_targets_shown(shown)

    def video_area(self) -> QRectF | None:
        """Where the slide's video picture is, as fractions of the view's size (None: no
        video); the presenter console draws the playing film there."""
        return None

    def live_caption(self) -> str:
        """The caption the audience reads now ("" for none)."""
        return ""

    def film_picture(self) -> QImage | None:
        """The film's picture as this view last drew it, converted and at its size (None:
        no film on screen); the presenter console mirrors it."""
        return None

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_title()

    def _fit_title(self) -> None:
        """Give the heading the height its text needs at the ``title`` size (so it need not
        shrink), unless a subclass placed it elsewhere."""
        if self.outer.indexOf(self.title_label) < 0:
            return
        margins = self.outer.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        font = self.style_.font("title", self.title_label.font())
        # A maximum, never a minimum: a layout's minimum would make the window grow.
        self.title_label.setMaximumHeight(text_height(font, width, self.title_label.text()))

    def enter(self) -> None:
        """The slide became visible."""

    def leave(self) -> None:
        """The slide was hidden."""

    def release(self) -> None:
        """Free heavy resources (decoders) before the view is thrown away."""

    def reset(self) -> None:
        """Forget a visitor's choices (the kiosk calls it between visitors)."""

    def toggle_captions(self) -> None:
        """Captions on or off (the C key): the video slide's; nothing elsewhere."""

    @property
    def media(self) -> VideoPlayer | None:
        """The slide's video player, if the slide has a video."""
        return None


def text_height(font: QFont, width: int, text: str) -> int:
    """Pixels ``text`` needs in ``font`` when wrapped to ``width`` (at least one line)."""
    metrics = QFontMetricsF(font)
    if width <= 0:
        return math.ceil(metrics.height())
    flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeading)
    needed = metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, text or " ")
    return math.ceil(max(needed.height(), metrics.height())) + 2
