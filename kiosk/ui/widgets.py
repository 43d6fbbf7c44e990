"""Small reusable widgets: text that fits its box, an SVG picture, a QR code, round buttons."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QImageReader,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QLabel, QSizePolicy, QWidget

from kiosk.content.assets import MAX_SVG_BYTES, svg_problem

log = logging.getLogger(__name__)


class FittedLabel(QLabel):
    """A word-wrapped label whose font shrinks until the whole text fits its rectangle.

    The layout decides the rectangle (size policy Ignored, stretch factors); the label picks
    the largest pixel size from ``max_pixels`` down to ``min_pixels`` at which the text fits,
    so text scales with the window and never clips. ``max_pixels`` is in device-independent
    pixels for the current window scale; call :meth:`set_max_pixels` on resize.
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        bold: bool = False,
        max_pixels: int = 40,
        min_pixels: int = 10,
    ) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        self._bold = bold
        self._max_pixels = max_pixels
        self._min_pixels = min_pixels
        self._fitted_for: tuple[int, int, int, str] | None = None

    def set_max_pixels(self, max_pixels: int) -> None:
        """Largest font size to use, in pixels."""
        self._max_pixels = max(self._min_pixels, max_pixels)
        self._fitted_for = None
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fitted_for = None
        self._fit()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def fits(self, pixels: int) -> bool:
        """Whether the text fits the current rectangle at ``pixels`` font size."""
        font = QFont(self.font())
        font.setPixelSize(pixels)
        font.setBold(self._bold)
        metrics = QFontMetricsF(font)
        area = QRectF(self.contentsRect())
        flags = int(Qt.TextFlag.TextWordWrap | self.alignment())
        needed = metrics.boundingRect(area, flags, self.text())
        return needed.height() <= area.height() + 0.5 and needed.width() <= area.width() + 0.5

    def _fit(self) -> None:
        rect = self.contentsRect()
        key = (rect.width(), rect.height(), self._max_pixels, self.text())
        if key == self._fitted_for or rect.width() <= 0 or rect.height() <= 0:
            return
        self._fitted_for = key
        low, high = self._min_pixels, self._max_pixels
        while low < high:  # binary search for the largest size that fits
            middle = (low + high + 1) // 2
            if self.fits(middle):
                low = middle
            else:
                high = middle - 1
        font = QFont(self.font())
        font.setPixelSize(low)
        font.setBold(self._bold)
        self.setFont(font)

    def pixel_size(self) -> int:
        """The font size chosen, in pixels."""
        return self.font().pixelSize()


class SvgView(QWidget):
    """Draws an SVG (or bitmap) file scaled to fit, keeping its aspect ratio.

    If the file cannot be read, draws ``fallback_text`` (the alt text) in a calm frame.
    """

    def __init__(self, path: Path, fallback_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.fallback_text = fallback_text
        self._renderer: QSvgRenderer | None = None
        self._image: QImage | None = None
        self.frame_colour = QColor("#4C6272")
        self.text_colour = QColor("#212B32")
        if path.suffix.lower() == ".svg":
            self._renderer = self._load_svg(path)
        else:
            self._image = self._load_bitmap(path)
        if not self.is_valid:
            log.warning("cannot show picture %s; showing its alt text", path)
        self.setAccessibleName(fallback_text)

    MAX_SIDE = 4096
    """Longest side a bitmap is kept at: a larger one is scaled down as it is read, so a
    picture up to Qt's 256 MiB allocation limit (8192 x 8192) keeps at most 64 MiB and
    paints quickly. Qt refuses larger ones (the alt text shows)."""

    def _load_svg(self, path: Path) -> QSvgRenderer | None:
        try:
            with path.open("rb") as stream:
                problem = svg_problem(stream.read(MAX_SVG_BYTES + 1))
        except OSError as error:
            problem = error.strerror or str(error)
        if problem:  # e.g. an <image href="/home/..."> that Qt would read from anywhere
            log.warning("picture %s refused: %s", path, problem)
            return None
        renderer = QSvgRenderer(str(path), self)
        if not renderer.isValid() or renderer.defaultSize().isEmpty():
            return None
        renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        return renderer

    def _load_bitmap(self, path: Path) -> QImage | None:
        reader = QImageReader(str(path))
        size = reader.size()
        if size.isValid() and max(size.width(), size.height()) > self.MAX_SIDE:
            limit = QSize(self.MAX_SIDE, self.MAX_SIDE)
            reader.setScaledSize(size.scaled(limit, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            log.warning("picture %s unreadable: %s", path, reader.errorString())
            return None
        # Painting converts any other format (1-bit, indexed) again at every paint.
        return image.convertToFormat(
            QImage.Format.Format_ARGB32_Premultiplied
            if image.hasAlphaChannel()
            else QImage.Format.Format_RGB32
        )

    @property
    def is_valid(self) -> bool:
        return self._renderer is not None or self._image is not None

    def natural_size(self) -> QSize:
        """Size of the picture in its own units (pixels or SVG user units)."""
        if self._renderer is not None:
            return self._renderer.defaultSize()
        if self._image is not None:
            return self._image.size()
        return QSize(16, 9)

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn: centred, as large as fits, aspect ratio kept."""
        natural = self.natural_size().toSizeF()
        scaled = natural.scaled(self.size().toSizeF(), Qt.AspectRatioMode.KeepAspectRatio)
        left = (self.width() - scaled.width()) / 2
        top = (self.height() - scaled.height()) / 2
        return QRectF(QPointF(left, top), scaled)

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self.picture_rect()
        if self._renderer is not None:
            self._renderer.render(painter, target)
        elif self._image is not None:
            painter.drawImage(target, self._image)
        else:
            self._paint_fallback(painter, target)
        painter.end()

    def _paint_fallback(self, painter: QPainter, target: QRectF) -> None:
        pen = QPen(self.frame_colour, max(2.0, self.width() / 400))
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(target.adjusted(4, 4, -4, -4), 16, 16)
        font = QFont(self.font())
        font.setPixelSize(max(12, int(target.height() / 14)))
        painter.setFont(font)
        painter.setPen(self.text_colour)
        margin = target.width() / 12
        painter.drawText(
            target.adjusted(margin, margin, -margin, -margin),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            self.fallback_text,
        )


class QrView(QWidget):
    """A QR code for ``data``, generated offline with segno, drawn square and crisp."""

    def __init__(self, data: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.data = data
        import segno  # about 20 ms of imports; only the link slide needs it

        qr = segno.make(data, error="m", micro=False)
        self.modules: list[list[bool]] = [[bool(cell) for cell in row] for row in qr.matrix]
        self.setAccessibleName(data)

    QUIET_ZONE = 4
    """White modules around the code, as the QR standard asks."""

    def code_rect(self) -> QRect:
        """The square the code (with its quiet zone) is drawn in, in whole pixels."""
        count = len(self.modules) + 2 * self.QUIET_ZONE
        module = max(1, min(self.width(), self.height()) // count)
        side = module * count
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def paintEvent(self, event: object) -> None:
        # Whole-pixel modules, no antialiasing, black on white whatever the theme:
        # phone cameras read that most reliably.
        painter = QPainter(self)
        rect = self.code_rect()
        module = rect.width() // (len(self.modules) + 2 * self.QUIET_ZONE)
        painter.fillRect(rect, Qt.GlobalColor.white)
        origin_x = rect.x() + self.QUIET_ZONE * module
        origin_y = rect.y() + self.QUIET_ZONE * module
        for row_number, row in enumerate(self.modules):
            for column_number, dark in enumerate(row):
                if dark:
                    painter.fillRect(
                        origin_x + column_number * module,
                        origin_y + row_number * module,
                        module,
                        module,
                        Qt.GlobalColor.black,
                    )
        painter.end()


class RoundButton(QAbstractButton):
    """A large, finger-sized round button that draws a symbol instead of a font glyph.

    ``symbol`` is one of: previous, next, home, play, pause, replay, mute, unmute,
    captions, captions-off.
    The accessible name carries the words. Buttons never take keyboard focus, so the
    clicker's Space and arrow keys always reach the window.
    """

    def __init__(self, symbol: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.symbol = symbol
        self.setAccessibleName(name)
        self.setToolTip(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.background = QColor("#005EB8")
        self.foreground = QColor("#FFFFFF")
        self.setFixedSize(64, 64)

    def set_side(self, pixels: int) -> None:
        """Diameter of the button, in pixels."""
        self.setFixedSize(pixels, pixels)

    def set_symbol(self, symbol: str, name: str) -> None:
        self.symbol = symbol
        self.setAccessibleName(name)
        self.setToolTip(name)
        self.update()

    def sizeHint(self) -> QSize:
        return self.size()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        background = QColor(self.background)
        if self.isDown():
            background = background.darker(130)
        if not self.isEnabled():
            background.setAlphaF(0.35)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawEllipse(QRectF(0, 0, side, side).adjusted(1, 1, -1, -1))
        pen = QPen(self.foreground, side / 12)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.translate(side / 2, side / 2)
        painter.scale(side / 100, side / 100)  # draw symbols on a 100x100 grid
        _draw_symbol(painter, self.symbol, self.foreground)
        painter.end()


def _draw_symbol(painter: QPainter, symbol: str, colour: QColor) -> None:
    """Draw ``symbol`` centred on (0, 0) in a 100x100 grid with the current pen."""
    if symbol == "previous":
        painter.drawPolyline([QPointF(8, -22), QPointF(-12, 0), QPointF(8, 22)])
    elif symbol == "next":
        painter.drawPolyline([QPointF(-8, -22), QPointF(12, 0), QPointF(-8, 22)])
    elif symbol == "play":
        path = QPainterPath(QPointF(-12, -22))
        path.lineTo(22, 0)
        path.lineTo(-12, 22)
        path.closeSubpath()
        painter.fillPath(path, colour)
    elif symbol == "home":
        painter.drawPolyline([QPointF(-24, -2), QPointF(0, -24), QPointF(24, -2)])
        painter.drawPolyline([QPointF(-16, -8), QPointF(-16, 22), QPointF(16, 22), QPointF(16, -8)])
    elif symbol == "pause":
        painter.drawLine(QPointF(-10, -20), QPointF(-10, 20))
        painter.drawLine(QPointF(10, -20), QPointF(10, 20))
    elif symbol == "replay":
        painter.drawArc(QRectF(-22, -22, 44, 44), 90 * 16, 290 * 16)
        path = QPainterPath(QPointF(-4, -32))
        path.lineTo(10, -22)
        path.lineTo(-4, -12)
        path.closeSubpath()
        painter.fillPath(path, colour)
    elif symbol in ("mute", "unmute"):
        speaker = QPainterPath(QPointF(-26, -9))
        for x, y in ((-14, -9), (0, -22), (0, 22), (-14, 9), (-26, 9)):
            speaker.lineTo(x, y)
        speaker.closeSubpath()
        painter.fillPath(speaker, colour)
        if symbol == "unmute":  # sound is off: show a cross, the button turns it on
            painter.drawLine(QPointF(10, -10), QPointF(28, 10))
            painter.drawLine(QPointF(10, 10), QPointF(28, -10))
        else:
            painter.drawArc(QRectF(-6, -14, 24, 28), -60 * 16, 120 * 16)
            painter.drawArc(QRectF(-10, -26, 40, 52), -60 * 16, 120 * 16)
    elif symbol in ("captions", "captions-off"):
        painter.drawRoundedRect(QRectF(-28, -20, 56, 40), 8, 8)
        font = QFont()
        font.setPixelSize(22)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(-28, -20, 56, 40), int(Qt.AlignmentFlag.AlignCenter), "CC")
        if symbol == "captions-off":
            painter.drawLine(QPointF(-34, 28), QPointF(34, -28))
