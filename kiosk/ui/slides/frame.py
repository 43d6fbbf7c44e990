"""The video slide's player: the dark frame, the seek bar, the caption strip and the poster.

The frame holds the picture (16:9, as large as fits), the captions and the control bar.

Captions are at one font size for every cue, about 4.5 % of the picture's height, so neither
a two-line cue nor the CC button moves anything. Where they go depends on the room:
- **In the picture** (landscape, ``captions_in_picture``): on a translucent dark box at the
  picture's foot, drawn by the picture itself (picture.py, 4.5 % of the picture's height),
  with each frame. The picture gets the whole frame, so the film is at least 75 % of a
  16:9 window's width.
- **In a strip under the picture** (portrait, where height is to spare), reserved whenever
  the video has captions and never smaller than the body text on the smallest screen.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)

from kiosk.content.vtt import CueTrack, VttError, read_vtt
from kiosk.ui.widgets.buttons import RoundButton
from kiosk.ui.widgets.pictures import SvgView

if TYPE_CHECKING:
    from kiosk.ui.slides.picture import VideoPicture

log = logging.getLogger("kiosk.ui.slides.video")  # the video slide's log

FRAME_COLOUR = "#0B0C0C"
"""The player frame around the picture (NHS near-black)."""
FRAME_TEXT = "#FFFFFF"
CAPTION_SHARE = 0.045
"""Caption font size as a share of the picture's height (broadcast subtitle guidance)."""
CAPTION_LINES = 2
"""Lines the caption strip holds: every cue of the bundled film fits in two."""
MIN_CAPTION_PX = 22
"""Smallest caption size, in screen pixels: the slides' body text on the smallest screen
(800x480), where 4.5 % of the picture would be too small to read."""


def format_time(milliseconds: int) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a time in milliseconds."""
    seconds = max(0, milliseconds) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def load_cues(path: Path | None) -> CueTrack | None:
    """The cues a visitor can see in the captions file at ``path`` (None: none, or the file
    cannot be read). Bad cues are dropped one by one and the rest kept; ``kiosk validate``
    names each problem, so the log only counts them."""
    if path is None:
        return None
    try:
        captions = read_vtt(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, VttError) as exc:
        log.warning("captions %s unusable: %s", path, exc)
        return None
    if captions.warnings:
        log.warning(
            "captions %s: %d problems (kiosk validate names them)", path, len(captions.warnings)
        )
    return CueTrack(captions.shown) if captions.shown else None


def make_video_widget() -> VideoPicture:
    """The film's picture. QtMultimedia loads here, when a video slide first needs it, not
    while the app starts."""
    from kiosk.ui.slides.picture import VideoPicture  # lazy: loads QtMultimedia

    return VideoPicture()


class SeekSlider(QSlider):
    """A seek bar where a tap lands where it was made (QSlider would page a tenth toward it).

    A press puts the handle at the tapped share of the bar and starts a drag from there;
    the release seeks (``sliderReleased``), as after a drag of the handle.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def set_sizes(self, height: int, *, groove: int, handle: int) -> None:
        """Size the bar for a finger: ``height`` to touch, a ``groove`` thick track and a
        round ``handle`` (pixels), light on the dark player frame."""
        self.setMinimumHeight(height)
        self.setStyleSheet(
            f"QSlider::groove:horizontal {{ height: {groove}px; border-radius: {groove // 2}px;"
            " background: #425563; }"
            f"QSlider::sub-page:horizontal {{ background: #41B6E6;"
            f" border-radius: {groove // 2}px; }}"
            f"QSlider::handle:horizontal {{ width: {handle}px; height: {handle}px;"
            f" margin: -{(handle - groove) // 2}px 0; border-radius: {handle // 2}px;"
            f" background: {FRAME_TEXT}; }}"
        )

    def value_at(self, x: float) -> int:
        """The value at horizontal position ``x`` (widget pixels): its share of the bar."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        span = max(1, groove.width())
        return QStyle.sliderValueFromPosition(
            self.minimum(),
            self.maximum(),
            max(0, min(span, round(x - groove.x()))),
            span,
            option.upsideDown,
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.maximum() <= self.minimum():
            super().mousePressEvent(event)
            return
        event.accept()
        self.setSliderDown(True)  # sliderPressed
        self.setSliderPosition(self.value_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.isSliderDown():
            event.accept()
            self.setSliderPosition(self.value_at(event.position().x()))
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.isSliderDown() and event.button() == Qt.MouseButton.LeftButton:
            event.accept()
            self.setSliderDown(False)  # sliderReleased: the view seeks
        else:
            super().mouseReleaseEvent(event)


class CaptionStrip(QWidget):
    """The current cue, white on the player frame, centred, at one size for every cue.

    Lines break where the cue breaks them (and between words if a line is too wide);
    each line takes ``LINE_HEIGHT`` times the font size.
    """

    LINE_HEIGHT = 1.2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captions")
        self._text = ""
        self.colour = QColor(FRAME_TEXT)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        self._text = text
        self.setAccessibleName(text)
        self.update()

    def set_pixel_size(self, pixels: int) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(1, pixels))
        font.setWeight(QFont.Weight.Medium)
        self.setFont(font)
        self.update()

    def pixel_size(self) -> int:
        """The caption font size, in pixels."""
        return self.font().pixelSize()

    def strip_height(self, pixels: int, lines: int) -> int:
        """Height that holds ``lines`` lines at ``pixels`` font size."""
        return math.ceil(lines * pixels * self.LINE_HEIGHT + pixels * 0.35)

    def lines(self) -> list[str]:
        metrics = QFontMetrics(self.font())
        lines: list[str] = []
        for part in self._text.split("\n"):
            line = ""
            for word in part.split():
                trial = f"{line} {word}".strip()
                if line and metrics.horizontalAdvance(trial) > self.width():
                    lines.append(line)
                    line = word
                else:
                    line = trial
            lines.append(line)
        return lines

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.colour)
        pixels = self.pixel_size()
        step = pixels * self.LINE_HEIGHT
        metrics = QFontMetrics(self.font())
        top = pixels * 0.1 + (step - metrics.height()) / 2
        for number, line in enumerate(self.lines()):
            rect = QRectF(0, top + number * step, self.width(), metrics.height())
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter), line)
        painter.end()


class PlayGlyph(QWidget):
    """The play symbol drawn on the poster where there is no play button (a presenter's
    audience screen): it says "a film" without offering a control."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.background = QColor("#005EB8")
        self.foreground = QColor(FRAME_TEXT)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.background)
        painter.drawEllipse(QRectF(1, 1, side - 2, side - 2))
        path = QPainterPath(QPointF(side * 0.38, side * 0.28))
        path.lineTo(side * 0.72, side * 0.5)
        path.lineTo(side * 0.38, side * 0.72)
        path.closeSubpath()
        painter.fillPath(path, self.foreground)
        painter.end()


class PosterPage(QWidget):
    """The poster with a large play button in its centre and the film's length; a tap plays."""

    def __init__(
        self, picture: SvgView, play: RoundButton, length: QLabel, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.picture = picture
        self.play_button = play
        self.length_label = length
        self.glyph = PlayGlyph()
        self.glyph.hide()
        for child in (picture, play, self.glyph, length):
            child.setParent(self)

    def set_button_shown(self, shown: bool) -> None:
        """The play button, or (hidden) the play symbol alone."""
        self.play_button.setVisible(shown)
        self.glyph.setVisible(not shown)

    def resizeEvent(self, event: object) -> None:
        self.picture.setGeometry(self.rect())
        button = self.play_button
        side = max(48, round(min(self.height() * 0.22, self.width() * 0.16)))
        button.set_side(side)
        button.move((self.width() - side) // 2, (self.height() - side) // 2)
        self.glyph.setGeometry(button.geometry())
        length = self.length_label
        length.adjustSize()
        margin = max(6, self.height() // 30)
        length.move(
            self.width() - length.width() - margin, self.height() - length.height() - margin
        )

    def mouseReleaseEvent(self, event: object) -> None:
        if self.play_button.isVisible():
            self.play_button.click()


class PlayerFrame(QWidget):
    """The dark frame: the picture (16:9, as large as fits), the caption strip, the controls.

    Lays them out by hand: the caption size depends on the picture's height, and the
    picture's height on the strip's. ``laid_out`` carries the frame's rectangle.
    """

    laid_out = Signal(QRect)

    def __init__(
        self,
        stage: QWidget,
        captions: CaptionStrip,
        controls: QWidget,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.stage, self.captions, self.controls = stage, captions, controls
        for child in (stage, captions, controls):
            child.setParent(self)
        self.ratio = 16 / 9
        self.padding = 12
        self.min_caption_px = 14
        self.has_captions = True
        self.captions_in_picture = False
        """True: Qt draws the captions in the picture, and no strip is reserved."""
        self.caption_lines: list[str] = []
        """Every line of every cue: the caption size is chosen so that all of them fit."""
        self.controls_shown = True
        self.fit_width = False
        """True: as high as the width needs (portrait); False: fill the height too."""
        self.block = QRect()
        self.caption_px = 0
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def _strip_height(self, picture_height: float) -> tuple[int, int]:
        """(caption font pixels, strip height) for a picture ``picture_height`` high."""
        if not self.has_captions or self.captions_in_picture:
            return 0, 0
        pixels = max(self.min_caption_px, round(picture_height * CAPTION_SHARE))
        # One size for every cue, small enough that the widest cue line fits the picture.
        width = picture_height * self.ratio
        font = QFont(self.captions.font())
        while pixels > 8:
            font.setPixelSize(pixels)
            metrics = QFontMetrics(font)
            if all(metrics.horizontalAdvance(line) <= width for line in self.caption_lines):
                break
            pixels -= 1
        return pixels, self.captions.strip_height(pixels, CAPTION_LINES)

    def _controls_height(self) -> int:
        return self.controls.height() + self.padding if self.controls_shown else 0

    def _picture_height(self, width: int, height: int | None) -> float:
        picture = (width - 2 * self.padding) / self.ratio
        if height is None:
            return max(1.0, picture)
        fixed = 2 * self.padding + self._controls_height()
        for _ in range(4):  # the strip depends on the picture: settle both
            _, strip = self._strip_height(picture)
            picture = min((width - 2 * self.padding) / self.ratio, height - fixed - strip)
        return max(1.0, picture)

    def block_height(self, width: int) -> int:
        picture = self._picture_height(width, None)
        _, strip = self._strip_height(picture)
        return round(picture) + strip + 2 * self.padding + self._controls_height()

    def hasHeightForWidth(self) -> bool:
        return self.fit_width

    def heightForWidth(self, width: int) -> int:
        return self.block_height(width)

    def sizeHint(self) -> QSize:
        return QSize(640, self.block_height(640) if self.fit_width else 360)

    def relayout(self) -> None:
        pad = self.padding
        picture_h = self._picture_height(self.width(), None if self.fit_width else self.height())
        picture_w = round(picture_h * self.ratio)
        picture_h = round(picture_h)
        self.caption_px, strip = self._strip_height(picture_h)
        controls = self._controls_height()
        block_w, block_h = picture_w + 2 * pad, picture_h + strip + controls + 2 * pad
        left = (self.width() - block_w) // 2
        top = max(0, (self.height() - block_h) // 2)
        self.block = QRect(left, top, block_w, block_h)
        self.stage.setGeometry(left + pad, top + pad, picture_w, picture_h)
        self.captions.set_pixel_size(self.caption_px)
        self.captions.setGeometry(left + pad, top + pad + picture_h, picture_w, strip)
        self.captions.setVisible(self.has_captions and not self.captions_in_picture)
        self.controls.setVisible(self.controls_shown)
        self.controls.setGeometry(
            left + pad, top + pad + picture_h + strip, picture_w, self.controls.height()
        )
        self.update()
        self.laid_out.emit(self.block)

    def resizeEvent(self, event: object) -> None:
        self.relayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(FRAME_COLOUR))
        radius = self.padding * 1.2
        painter.drawRoundedRect(QRectF(self.block), radius, radius)
        painter.end()
