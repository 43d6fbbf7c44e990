"""Pictures drawn sharp at any size: an SVG (or bitmap) file, and a QR code."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QImageReader, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.content.assets import MAX_SVG_BYTES, svg_problem
from kiosk.ui.style import DEFAULT_THEME

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer  # loads with the first SVG (start-up)

log = logging.getLogger(__name__)


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
        self._path = path
        self._released = QSize()
        """The size of a bitmap let go by :meth:`release_bitmap` (empty: none was)."""
        self.frame_colour = QColor(DEFAULT_THEME.muted_text)
        self.text_colour = QColor(DEFAULT_THEME.text)
        self._targets: dict[str, QWidget] = {}
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
        from PySide6.QtSvg import QSvgRenderer  # Qt's SVG library loads with the first SVG

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

    def release_bitmap(self) -> None:
        """Let a bitmap's pixels go while the picture is out of sight (a video's poster while
        the film plays: 3.5 MiB at 1280x720); it is read again when next painted (about
        10 ms for that poster). An SVG keeps its renderer: it holds no pixels."""
        if self._image is not None:
            self._released, self._image = self._image.size(), None

    @property
    def released(self) -> bool:
        """Whether a bitmap was let go and not read again yet."""
        return not self._released.isEmpty()

    def _bitmap(self) -> QImage | None:
        if self._image is None and not self._released.isEmpty():
            self._image, self._released = self._load_bitmap(self._path), QSize()
        return self._image

    @property
    def is_valid(self) -> bool:
        return self._renderer is not None or self._image is not None or self.released

    def natural_size(self) -> QSize:
        """Size of the picture in its own units (pixels or SVG user units)."""
        if self._renderer is not None:
            return self._renderer.defaultSize()
        if self._image is not None:
            return self._image.size()
        return self._released if self.released else QSize(16, 9)

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn: centred, as large as fits, aspect ratio kept."""
        natural = self.natural_size().toSizeF()
        scaled = natural.scaled(self.size().toSizeF(), Qt.AspectRatioMode.KeepAspectRatio)
        left = (self.width() - scaled.width()) / 2
        top = (self.height() - scaled.height()) / 2
        return QRectF(QPointF(left, top), scaled)

    def element_rect(self, element_id: str) -> QRectF | None:
        """Where the SVG element ``element_id`` is drawn in this widget (``None`` if the
        picture is not an SVG or has no such element)."""
        renderer = self._renderer
        if renderer is None or not renderer.elementExists(element_id):
            return None
        bounds = renderer.transformForElement(element_id).mapRect(
            renderer.boundsOnElement(element_id)
        )
        view_box = renderer.viewBoxF()
        target = self.picture_rect()
        if view_box.isEmpty():
            return None
        sx, sy = target.width() / view_box.width(), target.height() / view_box.height()
        return QRectF(
            target.left() + (bounds.left() - view_box.left()) * sx,
            target.top() + (bounds.top() - view_box.top()) * sy,
            bounds.width() * sx,
            bounds.height() * sy,
        )

    def add_target(self, element_id: str, widget: QWidget) -> None:
        """Lay ``widget`` (a touch target) over the element ``element_id``, whatever the size."""
        widget.setParent(self)
        self._targets[element_id] = widget
        self._place_targets()

    def set_targets_shown(self, shown: bool) -> None:
        """Offer the touch targets or not (a presenter's audience screen has nothing to press)."""
        self.targets_shown = shown
        self._place_targets()

    def _place_targets(self) -> None:
        for element_id, widget in self._targets.items():
            rect = self.element_rect(element_id)
            widget.setVisible(rect is not None and getattr(self, "targets_shown", True))
            if rect is not None:
                widget.setGeometry(rect.toAlignedRect())

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._place_targets()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self.picture_rect()
        if self._renderer is not None:
            self._renderer.render(painter, target)
        elif (image := self._bitmap()) is not None:
            painter.drawImage(target, image)
        else:
            self._paint_fallback(painter, target)
        painter.end()

    FALLBACK_FLAGS = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)

    def fallback_layout(self) -> tuple[QRectF, QRectF, QFont]:
        """The dashed frame, the text's area inside it and the font for ``fallback_text``:
        the largest size (up to a 14th of the frame's height) at which every word fits."""
        frame = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        margin = max(4.0, min(frame.width(), frame.height()) / 14)
        area = frame.adjusted(margin, margin, -margin, -margin)
        font = QFont(self.font())
        size = max(6, int(frame.height() / 14))
        while size > 6:
            font.setPixelSize(size)
            if self.fallback_fits(font, area):
                break
            size -= 1
        font.setPixelSize(size)
        return frame, area, font

    def fallback_fits(self, font: QFont, area: QRectF) -> bool:
        """Whether ``fallback_text`` in ``font`` fits ``area`` (no word wider, no overflow)."""
        metrics = QFontMetricsF(font)
        needed = metrics.boundingRect(area, self.FALLBACK_FLAGS, self.fallback_text)
        widest = max(
            (metrics.horizontalAdvance(word) for word in self.fallback_text.split()), default=0.0
        )
        return area.contains(needed) and widest <= area.width()

    def _paint_fallback(self, painter: QPainter, _target: QRectF) -> None:
        # The whole widget, not the missing picture's shape: the most room for the words.
        frame, area, font = self.fallback_layout()
        pen = QPen(self.frame_colour, max(2.0, self.width() / 400))
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        radius = min(16.0, frame.height() / 4)
        painter.drawRoundedRect(frame, radius, radius)
        painter.setFont(font)
        painter.setPen(self.text_colour)
        painter.drawText(area, self.FALLBACK_FLAGS, self.fallback_text)


class QrView(QWidget):
    """A QR code for ``data``, generated offline with segno, drawn square and crisp."""

    def __init__(self, data: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.data = data
        self.setAccessibleName(data)

    @functools.cached_property
    def modules(self) -> list[list[bool]]:
        """The code's dark (True) and light modules, row by row; made when first drawn, as
        importing segno costs about 45 ms that the first slide should not wait for."""
        import segno

        qr = segno.make(self.data, error="m", micro=False)
        return [[bool(cell) for cell in row] for row in qr.matrix]

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
