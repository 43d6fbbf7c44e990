"""The views of the still slide kinds: title, workstream, image and link."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QVBoxLayout, QWidget

from kiosk.content import ImageSlide, LinkSlide, TitleSlide, WorkstreamSlide
from kiosk.ui.slides.base import SlideView
from kiosk.ui.style import Style
from kiosk.ui.widgets.fitted import FittedLabel
from kiosk.ui.widgets.pictures import QrView, SvgView


class TitleSlideView(SlideView):
    """The opening slide: large title, optional subtitle, the introductory paragraph."""

    slide: TitleSlide

    def __init__(self, slide: TitleSlide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(slide, style, parent)
        self.outer.setStretch(0, 3)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignBottom)
        self.subtitle_label = FittedLabel(style.text(slide.subtitle))
        self.subtitle_label.setVisible(slide.subtitle is not None)
        self.body_label = FittedLabel(style.text(slide.body))
        self.body_layout.addWidget(self.subtitle_label, 1)
        self.body_layout.addWidget(self.body_label, 7)

    def apply_style(self) -> None:
        super().apply_style()
        self.title_label.set_max_pixels(self.style_.px(112))
        self.subtitle_label.set_max_pixels(self.style_.px(48))
        self.subtitle_label.setStyleSheet(f"color: {self.style_.colour('muted_text').name()};")
        self.body_label.set_max_pixels(self.style_.px(46))


class NumberBadge(QWidget):
    """The workstream number in an accent-coloured circle."""

    def __init__(self, number: int, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.style_ = style
        self.setAccessibleName(str(number))

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        circle = QRectF(0, 0, side, side)
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            circle.moveRight(self.width())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.style_.colour("accent"))
        painter.drawEllipse(circle)
        font = QFont(self.font())
        font.setPixelSize(max(8, int(side * 0.5)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.style_.colour("accent_text"))
        painter.drawText(circle, int(Qt.AlignmentFlag.AlignCenter), str(self.number))
        painter.end()


class WorkstreamSlideView(SlideView):
    """A workstream: its number in a circle with the title beside it, the body below.

    In landscape the body lines up under the title; in portrait it uses the full width.
    """

    slide: WorkstreamSlide

    def __init__(self, slide: WorkstreamSlide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(slide, style, parent)
        # The title sits beside the badge, so take it out of the default place.
        self.outer.removeWidget(self.title_label)
        self.outer.setStretch(0, 0)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.badge = NumberBadge(slide.number, style)
        self.body_label = FittedLabel(style.text(slide.body))
        self.grid = QGridLayout()
        self.body_layout.addLayout(self.grid)

    def apply_style(self) -> None:
        super().apply_style()
        style = self.style_
        side = style.px(170 if style.portrait else 220)
        self.badge.setFixedSize(side, side)
        self.title_label.setFixedHeight(side)
        for widget in (self.badge, self.title_label, self.body_label):
            self.grid.removeWidget(widget)
        self.grid.addWidget(self.badge, 0, 0)
        self.grid.addWidget(self.title_label, 0, 1)
        if style.portrait:
            self.grid.addWidget(self.body_label, 1, 0, 1, 2)
        else:
            self.grid.addWidget(self.body_label, 1, 1)
        self.grid.setRowStretch(1, 1)
        self.grid.setColumnStretch(1, 1)
        self.grid.setHorizontalSpacing(style.px(48))
        self.grid.setVerticalSpacing(style.px(40))
        self.body_label.set_max_pixels(style.px(50))


class ImageSlideView(SlideView):
    """The summary visual, sharp at any size; its alt text stands in if it cannot be drawn."""

    slide: ImageSlide

    def __init__(self, slide: ImageSlide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(slide, style, parent)
        alt = style.text(slide.alt)
        self.picture = SvgView(slide.file, alt)
        if not self.picture.is_valid:
            self.picture.fallback_text = f"{style.label('image_unavailable')}\n\n{alt}"
        self.caption_label = FittedLabel(style.text(slide.caption))
        self.caption_label.setVisible(slide.caption is not None)
        self.body_layout.addWidget(self.picture, 8)
        self.body_layout.addWidget(self.caption_label, 1)

    def apply_style(self) -> None:
        super().apply_style()
        self.outer.setStretch(0, 1)
        self.picture.frame_colour = self.style_.colour("muted_text")
        self.picture.text_colour = self.style_.colour("text")
        self.caption_label.set_max_pixels(self.style_.px(36))


class LinkSlideView(SlideView):
    """'Find out more': the address as text and as a QR code to scan with a phone."""

    slide: LinkSlide

    def __init__(self, slide: LinkSlide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(slide, style, parent)
        self.qr = QrView(slide.url)
        self.text_column = QVBoxLayout()
        self.body_label = FittedLabel(style.text(slide.body))
        self.body_label.setVisible(slide.body is not None)
        label = style.text(slide.label) if slide.label is not None else display_url(slide.url)
        self.url_label = FittedLabel(label, bold=True)
        self.url_label.setObjectName("url")
        self.text_column.addWidget(self.url_label, 2)
        self.text_column.addWidget(self.body_label, 3)
        self.body_layout.addWidget(self.qr, 5)
        self.body_layout.addLayout(self.text_column, 4)

    def apply_style(self) -> None:
        super().apply_style()
        style = self.style_
        self.body_layout.setDirection(
            QBoxLayout.Direction.TopToBottom if style.portrait else QBoxLayout.Direction.LeftToRight
        )
        self.url_label.set_max_pixels(style.px(64))
        self.url_label.setStyleSheet(f"color: {style.colour('accent').name()};")
        self.body_label.set_max_pixels(style.px(44))


def display_url(url: str) -> str:
    """The address as people say it: no scheme, no trailing slash."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
    return url.rstrip("/")
