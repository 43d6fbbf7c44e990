"""A slide picture on the presenter console: the current slide, or the next one."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.ui.show.state import Blank
from kiosk.ui.slides.frame import CAPTION_SHARE
from kiosk.ui.style import BLACK, CONSOLE, WHITE, scale_for


class PreviewPane(QWidget):
    """A slide picture, fitted, centred across and at the top; ``empty_text`` without one."""

    clicked = Signal()

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text
        self.picture: QPixmap | None = None
        self.index: int | None = None
        self.covered = Blank.NONE
        """A black or white screen: the audience sees that, not this slide."""
        self.covered_text = ""
        """The words drawn over a covered picture ("BLACK SCREEN")."""
        self.live: QImage | None = None
        """The film's current frame, drawn over the slide picture's video area."""
        self.live_area: QRectF | None = None
        self.caption = ""
        """The caption under the live frame, as the audience reads it."""
        self.setMinimumSize(64, 36)

    def set_picture(self, index: int | None, picture: QPixmap | None) -> None:
        self.index, self.picture = index, picture
        self.update()

    def set_live(self, image: QImage | None, area: QRectF | None = None, caption: str = "") -> None:
        """Draw ``image`` over the picture's ``area`` (fractions of it) and ``caption`` under
        it; None: the picture alone."""
        if image is None and self.live is None:
            return
        self.live, self.live_area, self.caption = image, area, caption
        self.update()

    def _draw_caption(self, painter: QPainter, live: QRectF) -> None:
        pixels = max(8, round(live.height() * CAPTION_SHARE))
        font = QFont(self.font())
        font.setPixelSize(pixels)
        painter.setFont(font)
        painter.setPen(QColor(WHITE))
        step = pixels * 1.2
        for number, line in enumerate(self.caption.split("\n")):
            row = QRectF(
                live.left(), live.bottom() + pixels * 0.1 + number * step, live.width(), step
            )
            painter.drawText(row, int(Qt.AlignmentFlag.AlignHCenter), line)

    def live_rect(self) -> QRectF | None:
        """Where the live frame goes, in the pane's pixels (None: no frame to draw)."""
        if self.picture is None or self.live_area is None:
            return None
        size = self.picture.deviceIndependentSize()
        left = (self.width() - size.width()) // 2
        area = self.live_area
        return QRectF(
            left + area.x() * size.width(),
            area.y() * size.height(),
            area.width() * size.width(),
            area.height() * size.height(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.picture is not None and not self.picture.isNull():
            size = self.picture.deviceIndependentSize().toSize()
            left = (self.width() - size.width()) // 2
            top = 0  # under its heading
            painter.drawPixmap(left, top, self.picture)
            live = self.live_rect()
            if self.live is not None and live is not None:
                painter.drawImage(live, self.live)
                if self.caption:
                    self._draw_caption(painter, live)
            painter.setPen(QPen(QColor(CONSOLE.muted), 1))
            frame = QRect(left, top, size.width() - 1, size.height() - 1)
            painter.drawRect(frame)
            if self.covered:
                black = self.covered == Blank.BLACK
                veil = QColor(BLACK if black else WHITE)
                veil.setAlpha(200)
                painter.fillRect(frame, veil)
                font = QFont(self.font())
                font.setPixelSize(max(10, frame.height() // 8))
                font.setBold(True)
                painter.setFont(font)
                painter.setPen(QColor(WHITE if black else BLACK))
                painter.drawText(frame, int(Qt.AlignmentFlag.AlignCenter), self.covered_text)
        else:
            painter.fillRect(self.rect(), QColor(CONSOLE.panel))
            font = QFont(self.font())
            window = self.window()
            font.setPixelSize(max(10, round(30 * scale_for(window.width(), window.height()))))
            painter.setFont(font)
            painter.setPen(QColor(CONSOLE.muted))
            painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), self.empty_text)
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
