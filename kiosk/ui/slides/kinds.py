"""The views of the still slide kinds: title, workstream, image and link."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QAbstractButton, QBoxLayout, QVBoxLayout, QWidget

from kiosk.content import ImageSlide, LinkSlide, TitleSlide, WorkstreamSlide
from kiosk.ui.slides.base import SlideView, text_height
from kiosk.ui.style import TYPE_SCALE, Style
from kiosk.ui.widgets.fitted import FittedLabel
from kiosk.ui.widgets.pictures import QrView, SvgView


class TitleSlideView(SlideView):
    """The opening slide: the title in ``display`` type, the subtitle, the introduction."""

    slide: TitleSlide

    def __init__(self, slide: TitleSlide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(slide, style, parent)
        # Centred vertically: a stretch above and below; the texts take the height they
        # need (their maximum) first, as their stretch factor is far larger.
        self.outer.removeWidget(self.title_label)
        self.outer.insertWidget(0, self.title_label, 100)
        self.outer.insertStretch(0, 1)
        self.outer.setStretch(self.outer.indexOf(self.body_layout), 100)
        self.outer.addStretch(1)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignBottom)
        self.subtitle_label = FittedLabel(style.text(slide.subtitle))
        self.subtitle_label.setVisible(slide.subtitle is not None)
        self.body_label = FittedLabel(style.prose(slide, slide.body))
        self.body_layout.addWidget(self.subtitle_label, 1)
        self.body_layout.addWidget(self.body_label, 4)

    def apply_style(self) -> None:
        super().apply_style()
        style = self.style_
        self.title_label.set_max_pixels(style.font_px("display"))
        self.subtitle_label.set_max_pixels(style.font_px("lead"))
        self.subtitle_label.setStyleSheet(f"color: {style.colour('muted_text').name()};")
        self.body_label.set_max_pixels(style.font_px("lead"))
        self.body_layout.setSpacing(style.space("m"))
        self._fit_title()

    def _fit_title(self) -> None:
        """Each text as tall as it needs at its role's size (a maximum, never a minimum:
        a layout's minimum would make the window grow), at most a measure wide."""
        style = self.style_
        margins = self.outer.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        measure = max(1, min(width, style.measure("lead")))
        font = style.font("display", self.title_label.font())
        self.title_label.setMaximumHeight(text_height(font, width, self.title_label.text()))
        for label in (self.subtitle_label, self.body_label):
            label.setMaximumWidth(measure)
            text = label.text()
            label.setMaximumHeight(text_height(style.font("lead"), measure, text) if text else 0)


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


class IconDisc(QWidget):
    """A workstream's pictogram, large, on a disc of the surface colour."""

    def __init__(
        self, path: Path | None, alt: str, style: Style, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.style_ = style
        self.picture = SvgView(path, alt, self) if path is not None else None
        self.setAccessibleName(alt)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.picture is not None:
            side = min(self.width(), self.height())
            inner = round(side * 0.54)
            self.picture.setGeometry(
                (self.width() - inner) // 2, (self.height() - inner) // 2, inner, inner
            )

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.style_.colour("surface"))
        painter.drawEllipse(
            QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        )
        painter.end()


class WorkstreamSlideView(SlideView):
    """A workstream: its number, title, lead and body in one text column at the grid's
    margin, and its icon large beside it (landscape) or above it (portrait).

    The text column is at most a measure wide; the block is centred vertically. Each text
    is laid out at its role's size (the same on every workstream slide); only text that
    cannot fit at all shrinks.
    """

    slide: WorkstreamSlide

    def __init__(self, slide: WorkstreamSlide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(slide, style, parent)
        # Placed by hand (_place): take the title out of the base's column.
        self.outer.removeWidget(self.title_label)
        self.title_label.setParent(self)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        self.badge = NumberBadge(slide.number, style, self)
        self.lead_label = FittedLabel(style.prose(slide, slide.lead, main=False), self)
        self.lead_label.setObjectName("lead")
        self.lead_label.setVisible(bool(self.lead_label.text()))
        self.body_label = FittedLabel(style.prose(slide, slide.body), self)
        self.body_label.setObjectName("body")
        icon = slide.icon
        if icon is None:  # by convention: assets/icons/<slide id>.svg beside content.yaml
            candidate = style.content.base_dir / "assets" / "icons" / f"{slide.id}.svg"
            icon = candidate if candidate.is_file() else None
        self.icon = IconDisc(icon, "", style, self)
        self.role_sizes: dict[str, int] = {}
        """The sizes of title, lead and body, shared by every workstream slide."""
        self.icon.setVisible(icon is not None)

    def apply_style(self) -> None:
        super().apply_style()
        style = self.style_
        self.lead_label.setStyleSheet(f"color: {style.colour('text').name()};")
        self.body_label.setStyleSheet(f"color: {style.colour('muted_text').name()};")
        self._place()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        style = self.style_
        margin = style.margin()
        top, bottom = style.space("l"), style.space("l")
        width, height = self.width() - 2 * margin, self.height() - top - bottom
        if width <= 0 or height <= 0:
            return
        icon_shown = self.icon.picture is not None
        if style.portrait:
            icon_side = min(round(width * 0.5), round(height * 0.3)) if icon_shown else 0
            column = min(width, style.measure("body"))
            above = icon_side + (style.space("xl") if icon_side else 0)
        else:
            icon_side = min(round(width * 0.3), round(height * 0.62)) if icon_shown else 0
            icon_side = round(icon_side / style.text_scale**2)  # larger text: a smaller icon
            column = min(style.measure("body"), width - icon_side - 2 * style.gutter())
            above = 0
        badge = style.target_px(88)
        texts = [
            (self.title_label, "title"),
            (self.lead_label, "lead"),
            (self.body_label, "body"),
        ]
        gaps = (style.space("l"), style.space("m"), style.space("m"))
        heights = self._text_heights(texts, gaps, column, height - above - badge)
        block = (
            above + badge + sum(heights) + sum(g for g, h in zip(gaps, heights, strict=True) if h)
        )
        if block > height:  # the last resort: the body gets what is left, and shrinks
            heights[2] = max(style.line_px("body"), heights[2] - (block - height))
            block = height
        y = top + (height - block) // 2
        x = margin if self.layoutDirection() == Qt.LayoutDirection.LeftToRight else 0
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            x = self.width() - margin - column
        if style.portrait:
            self.icon.setGeometry(x, y, icon_side, icon_side)
            y += above
        else:
            icon_x = self.width() - margin - icon_side
            if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
                icon_x = margin
            self.icon.setGeometry(icon_x, top + (height - icon_side) // 2, icon_side, icon_side)
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        # The number starts the column as the title does: at its right edge in Urdu or Arabic.
        self.badge.setGeometry(x + column - badge if right_to_left else x, y, badge, badge)
        y += badge
        for (label, _), gap, needed in zip(texts, gaps, heights, strict=True):
            if not needed:
                continue
            y += gap
            label.setGeometry(x, y, column, needed)
            y += needed

    def _text_heights(
        self,
        texts: list[tuple[FittedLabel, str]],
        gaps: tuple[int, ...],
        column: int,
        room: int,
    ) -> list[int]:
        """Set the deck's sizes for title, lead and body; return each label's height."""
        style = self.style_
        siblings = tuple(
            (style.text(s.title), style.prose(s, s.lead, main=False), style.prose(s, s.body))
            for s in style.content.slides
            if isinstance(s, WorkstreamSlide)
        ) or ((self.title_label.text(), self.lead_label.text(), self.body_label.text()),)
        wanted = tuple((style.font_px(role), TYPE_SCALE[role][2]) for _, role in texts)
        sizes = deck_sizes(tuple(style.families()), siblings, wanted, column, room, gaps)
        self.role_sizes = dict(zip(("title", "lead", "body"), sizes, strict=True))
        heights = []
        for (label, role), size in zip(texts, sizes, strict=True):
            label.set_max_pixels(size)
            font = style.font(role, label.font())
            font.setPixelSize(size)
            heights.append(text_height(font, column, label.text()) if label.text() else 0)
        return heights


@functools.lru_cache(maxsize=64)
def deck_sizes(
    families: tuple[str, ...],
    siblings: tuple[tuple[str, str, str], ...],
    wanted: tuple[tuple[int, bool], ...],
    column: int,
    room: int,
    gaps: tuple[int, ...],
) -> tuple[int, ...]:
    """One font size per role for every sibling slide: the ``wanted`` sizes (pixels, bold),
    scaled down together just enough that the longest sibling's texts fit ``room`` pixels
    in a ``column`` pixels wide. The same inputs give the same sizes, so each slide's view
    finds the sizes its siblings use."""
    scale = 1.0
    while True:
        sizes = tuple(max(8, round(pixels * scale)) for pixels, _ in wanted)
        tallest = 0
        for texts in siblings:
            needed = 0
            for text, size, (_, bold), gap in zip(texts, sizes, wanted, gaps, strict=True):
                if text:
                    font = QFont()
                    font.setFamilies(list(families))
                    font.setPixelSize(size)
                    font.setBold(bold)
                    needed += gap + text_height(font, column, text)
            tallest = max(tallest, needed)
        if tallest <= room or scale <= 0.5:
            return sizes
        scale -= 0.03


class ImageSlideView(SlideView):
    """A picture (the summary visual), sharp at any size, as wide as the grid allows.

    A portrait screen shows the slide's ``portrait`` picture if it has one. Each of the
    slide's ``links`` is a touch target over its SVG element that opens the linked slide.
    Its alt text stands in if the picture cannot be drawn.
    """

    slide: ImageSlide

    def __init__(self, slide: ImageSlide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(slide, style, parent)
        alt = style.text(slide.alt)
        self.landscape_picture = self._picture(slide.file, alt)
        self.portrait_picture = (
            self._picture(slide.portrait, alt) if slide.portrait is not None else None
        )
        self.picture = self.landscape_picture
        self.caption_label = FittedLabel(style.prose(slide, slide.caption))
        self.caption_label.setVisible(bool(self.caption_label.text()))
        self.body_layout.addWidget(self.landscape_picture, 8)
        if self.portrait_picture is not None:
            self.body_layout.addWidget(self.portrait_picture, 8)
            self.portrait_picture.hide()
        self.body_layout.addWidget(self.caption_label, 1)

    def _picture(self, path: Path, alt: str) -> SvgView:
        style = self.style_
        picture = SvgView(path, alt)
        if not picture.is_valid:
            picture.fallback_text = f"{style.label('image_unavailable')}\n\n{alt}"
        titles = {slide.id: style.text(slide.title) for slide in style.content.slides}
        for element, slide_id in self.slide.links.items():
            target = CardTarget(titles.get(slide_id, slide_id))
            target.setObjectName(f"link-{element}")
            target.clicked.connect(lambda _=False, s=slide_id: self.open_slide.emit(s))
            picture.add_target(element, target)
        return picture

    def apply_style(self) -> None:
        super().apply_style()
        style = self.style_
        if self.portrait_picture is not None:
            portrait = style.portrait
            self.picture = self.portrait_picture if portrait else self.landscape_picture
            self.landscape_picture.setVisible(not portrait)
            self.portrait_picture.setVisible(portrait)
        for picture in (self.landscape_picture, self.portrait_picture):
            if picture is not None:
                picture.frame_colour = style.colour("muted_text")
                picture.text_colour = style.colour("text")
        self.caption_label.set_max_pixels(style.font_px("caption"))


class CardTarget(QAbstractButton):
    """An invisible touch target over part of a picture; its name says where it leads."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setToolTip(name)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def paintEvent(self, event: object) -> None:
        """Nothing: the picture under it is the card."""


class LinkSlideView(SlideView):
    """'Find out more': the address as text and as a QR code to scan with a phone.

    The text comes first, at the grid's left edge and centred vertically; the code is
    beside it (landscape) or below it (portrait).
    """

    slide: LinkSlide

    def __init__(self, slide: LinkSlide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(slide, style, parent)
        self.qr = QrView(slide.url)
        self.text_column = QVBoxLayout()
        self.body_label = FittedLabel(style.prose(slide, slide.body))
        self.body_label.setVisible(bool(self.body_label.text()))
        label = style.text(slide.label) if slide.label is not None else display_url(slide.url)
        self.url_label = FittedLabel(label, bold=True)
        self.url_label.setObjectName("url")
        # The labels take the room they need (their maximum height), the stretches the rest.
        self.text_column.addStretch(1)
        self.text_column.addWidget(self.url_label, 100)
        self.text_column.addWidget(self.body_label, 100)
        self.text_column.addStretch(1)
        self.body_layout.addLayout(self.text_column, 4)
        self.body_layout.addWidget(self.qr, 5)

    def apply_style(self) -> None:
        super().apply_style()
        style = self.style_
        self.body_layout.setDirection(
            QBoxLayout.Direction.TopToBottom if style.portrait else QBoxLayout.Direction.LeftToRight
        )
        self.body_layout.setSpacing(style.gutter())
        self.url_label.set_max_pixels(style.font_px("lead"))
        self.url_label.setStyleSheet(f"color: {style.colour('accent').name()};")
        self.body_label.set_max_pixels(style.font_px("body"))
        self.text_column.setSpacing(style.space("m"))
        self._fit_text()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)
        self._fit_text()

    def _fit_text(self) -> None:
        """The address and sentence at their role sizes, as tall as their text needs."""
        style = self.style_
        margins = self.outer.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        if not style.portrait:
            width = (width - style.gutter()) * 4 // 9
        column = max(1, min(width, style.measure("body")))
        for label, role in ((self.url_label, "lead"), (self.body_label, "body")):
            label.setMaximumWidth(column)
            font = style.font(role, label.font())
            font.setBold(label is self.url_label)
            # Room for a line more than the estimate needs: the layout may give a little less
            # width. A maximum, not a fixed height: it never forces the window to grow.
            needed = text_height(font, column * 4 // 5, label.text()) if label.text() else 0
            label.setMaximumHeight(needed)


def display_url(url: str) -> str:
    """The address as people say it: no scheme, no trailing slash."""
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme) :]
    return url.rstrip("/")
