"""The film's picture: frames from a ``QVideoSink``, converted at the size they are shown.

Without a GPU, ``QVideoWidget`` converts every frame at the film's full size with Qt's scalar
code and then scales it: half the app's time on a 1080p film (bench/README.md). Here each
frame is converted and scaled in one pass by libswscale (:mod:`kiosk.system.swscale`,
SIMD) straight into a reused ``QImage`` of the picture's size in device pixels, the aspect
ratio kept (black bars), and drawn unscaled. Only frames that get painted are converted:
the newest when a paint comes. Formats not mapped below, a rotated or mirrored frame, or no
libswscale: ``QVideoFrame.toImage()`` scaled, as before. Captions are drawn over the
picture on a translucent dark box at its foot, 4.5 % of its height (frame.py).
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import PySide6
from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QTransform
from PySide6.QtMultimedia import QtVideo, QVideoFrame, QVideoFrameFormat, QVideoSink
from PySide6.QtWidgets import QWidget

from kiosk.system import swscale
from kiosk.ui.widgets.layer import VIDEO_PICTURE

log = logging.getLogger(__name__)

PF = QVideoFrameFormat.PixelFormat
FORMATS: dict[QVideoFrameFormat.PixelFormat, str] = {
    PF.Format_YUV420P: "yuv420p",
    PF.Format_YV12: "yuv420p",  # its planes are Y, V, U: swapped when mapped
    PF.Format_YUV422P: "yuv422p",
    PF.Format_NV12: "nv12",
    PF.Format_NV21: "nv21",
    PF.Format_UYVY: "uyvy422",
    PF.Format_YUYV: "yuyv422",
    PF.Format_Y8: "gray",
    # Qt's 32-bit RGB formats name their bytes in memory order, as FFmpeg's do.
    PF.Format_ARGB8888: "argb",
    PF.Format_XRGB8888: "0rgb",
    PF.Format_BGRA8888: "bgra",
    PF.Format_BGRX8888: "bgr0",
    PF.Format_ABGR8888: "abgr",
    PF.Format_XBGR8888: "0bgr",
    PF.Format_RGBA8888: "rgba",
    PF.Format_RGBX8888: "rgb0",
}
"""Qt's pixel formats that libswscale converts here; any other goes through Qt."""
SPACES = {
    QVideoFrameFormat.ColorSpace.ColorSpace_BT601: "bt601",
    QVideoFrameFormat.ColorSpace.ColorSpace_BT2020: "bt2020",
}
"""Other colour spaces (BT.709, undefined) are read as BT.709, as Qt's own shaders do."""
OUTPUT = "bgra" if sys.byteorder == "little" else "argb"
"""``QImage.Format_RGB32`` in memory order."""
ALIGN = 8
"""Pictures are a multiple of this many pixels wide (see :func:`fitted`)."""
CAPTION_SHARE = 0.045
"""Caption font size as a share of the picture's height."""


def default_loader() -> swscale.Swscale | None:
    """libswscale from the wheel's (or the bundle's) Qt libraries."""
    root = Path(PySide6.__file__).parent
    return swscale.load([root / "Qt" / "lib", root])


def fitted(source: QSize, area: QSize) -> QRect:
    """The largest rectangle of ``source``'s shape centred in ``area`` (same units), its
    width a multiple of :data:`ALIGN` and its height even: libswscale's SIMD paths want
    that (1473 pixels wide took 10.8 ms a frame, 1472 took 2.2 ms; bench/README.md). The
    shape is then off by under 0.6 % at 1280 pixels wide, an extra bar of a few pixels."""
    if source.isEmpty() or area.isEmpty():
        return QRect()
    size = source.scaled(area, Qt.AspectRatioMode.KeepAspectRatio)
    if size.width() >= 2 * ALIGN:
        size = QSize(size.width() - size.width() % ALIGN, size.height() - size.height() % 2)
    left, top = (area.width() - size.width()) // 2, (area.height() - size.height()) // 2
    return QRect(left, top, size.width(), size.height())


class VideoPicture(QWidget):
    """Shows the frames of its :meth:`videoSink` (the player's video output), letterboxed.

    ``loader`` gives libswscale (None: convert with Qt); ``path`` says which way the last
    picture was made ("swscale" or "qt"), ``scaler`` is the libswscale context in use.
    """

    def __init__(
        self,
        loader: Callable[[], swscale.Swscale | None] = default_loader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(VIDEO_PICTURE)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._sink = QVideoSink(self)
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._loader: Callable[[], swscale.Swscale | None] | None = loader
        self._lib: swscale.Swscale | None = None
        self.scaler: swscale.Scaler | None = None
        self._frame = QVideoFrame()
        self._serial = 0
        self._made: tuple[int, QSize] = (-1, QSize())
        """The frame (its serial number) and size the picture was made from."""
        self._image = QImage()
        self.path = ""
        self.conversions = 0
        """Pictures made: one a frame painted, whatever the number of paints."""
        self._subtitle = ""

    def videoSink(self) -> QVideoSink:
        return self._sink

    def subtitle_text(self) -> str:
        return self._subtitle

    def set_subtitle_text(self, text: str) -> None:
        """The caption drawn over the picture ("" for none); a paused film shows it too."""
        if text != self._subtitle:
            self._subtitle = text
            self.update()

    def picture(self) -> QImage:
        """The picture as last drawn, in device pixels (null before the first frame)."""
        return self._image

    def shown_picture(self) -> QImage | None:
        """:meth:`picture` while this widget is visible and has one, else None."""
        return self._image if self.isVisible() and not self._image.isNull() else None

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn, in the widget's coordinates (empty: no frame yet)."""
        ratio = self.devicePixelRatioF()
        rect = fitted(self._frame_size(), self._device_size())
        return QRectF(
            rect.x() / ratio, rect.y() / ratio, rect.width() / ratio, rect.height() / ratio
        )

    def _device_size(self) -> QSize:
        ratio = self.devicePixelRatioF()
        return QSize(round(self.width() * ratio), round(self.height() * ratio))

    def _frame_size(self) -> QSize:
        if not self._frame.isValid():
            return QSize()
        size = self._frame.size()
        if self._frame.rotation() in (QtVideo.Rotation.Clockwise90, QtVideo.Rotation.Clockwise270):
            size.transpose()
        return size

    def _on_frame(self, frame: QVideoFrame) -> None:
        self._frame = QVideoFrame(frame)
        self._serial += 1
        if not frame.isValid():  # the film was closed: give its picture's memory back
            self._image, self._made = QImage(), (-1, QSize())
        if self.isVisible():
            self.update()  # converted when painted: frames no paint shows are skipped

    def paintEvent(self, event: QPaintEvent) -> None:
        image = self._current()
        rect = self.picture_rect() if not image.isNull() else QRectF()
        painter = QPainter(self)
        try:
            # The bars (or all of it before the first frame): black, as QVideoWidget's.
            for bar in _around(QRectF(self.rect()), rect):
                painter.fillRect(bar, Qt.GlobalColor.black)
            if not image.isNull():
                painter.drawImage(rect.topLeft(), image)
                if self._subtitle:
                    self._draw_subtitle(painter, rect)
        finally:
            painter.end()

    def _current(self) -> QImage:
        """The newest frame at the picture's size, converted now if it is not yet."""
        size = fitted(self._frame_size(), self._device_size()).size()
        if size.isEmpty():
            return QImage()
        if self._made != (self._serial, size):
            try:
                image = self._convert(size)
            except (OSError, ValueError, TypeError, BufferError) as exc:  # never a blank film
                log.warning("libswscale failed (%s); Qt converts the frames from now", exc)
                image, self._lib, self.scaler = None, None, None
            image = image or self._convert_by_qt(size)
            self.conversions += 1
            if image is not None:
                self._image = image
                self._image.setDevicePixelRatio(self.devicePixelRatioF())
                self._made = (self._serial, size)
        return self._image

    def _library(self) -> swscale.Swscale | None:
        if self._loader is not None:  # loaded on the first frame, once
            self._lib, self._loader = self._loader(), None
            if self._lib is not None:
                self.scaler = swscale.Scaler(self._lib)
        return self._lib

    def _convert(self, size: QSize) -> QImage | None:
        """The frame through libswscale, into the reused picture; None if it cannot be."""
        frame = self._frame
        name = FORMATS.get(frame.pixelFormat())
        lib = self._library()
        if lib is None or self.scaler is None or name is None or frame.mirrored():
            return None
        number, out = lib.pixel_format(name), lib.pixel_format(OUTPUT)
        if number is None or out is None or frame.rotation() != QtVideo.Rotation.None_:
            return None
        image = self._image if self._image.size() == size else QImage()
        if image.isNull():
            image = QImage(size, QImage.Format.Format_RGB32)
        if not frame.map(QVideoFrame.MapMode.ReadOnly):
            return None
        try:
            buffers = [frame.bits(plane) for plane in range(frame.planeCount())]
            planes = [
                (_address(buffer), frame.bytesPerLine(plane))
                for plane, buffer in enumerate(buffers)
            ]
            if frame.pixelFormat() == PF.Format_YV12:
                planes[1], planes[2] = planes[2], planes[1]
            form = frame.surfaceFormat()
            source = swscale.Source(
                planes,
                frame.width(),
                frame.height(),
                number,
                SPACES.get(form.colorSpace(), "bt709"),
                form.colorRange() == QVideoFrameFormat.ColorRange.ColorRange_Full,
            )
            target = _address(image.bits())
            done = self.scaler.convert(
                source,
                swscale.Picture(target, image.bytesPerLine(), size.width(), size.height(), out),
            )
        finally:
            frame.unmap()
        self.path = "swscale"
        return image if done else None

    def _convert_by_qt(self, size: QSize) -> QImage | None:
        frame = self._frame
        image = frame.toImage()
        if image.isNull():
            return None
        self.path = "qt"
        if frame.mirrored():
            image = image.flipped(Qt.Orientation.Horizontal)
        angle = {
            QtVideo.Rotation.Clockwise90: 90,
            QtVideo.Rotation.Clockwise180: 180,
            QtVideo.Rotation.Clockwise270: 270,
        }.get(frame.rotation(), 0)
        if angle:
            image = image.transformed(QTransform().rotate(angle))
        return image.scaled(
            size,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        ).convertToFormat(QImage.Format.Format_RGB32)

    def _draw_subtitle(self, painter: QPainter, picture: QRectF) -> None:
        """The caption centred at the picture's foot, white on a translucent dark box."""
        font = QFont(self.font())
        font.setPixelSize(max(1, round(picture.height() * CAPTION_SHARE)))
        painter.setFont(font)
        pixels = font.pixelSize()
        width = picture.width() * 0.8
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        bounds = painter.boundingRect(QRectF(0, 0, width, picture.height()), flags, self._subtitle)
        left = picture.x() + (picture.width() - bounds.width()) / 2
        top = picture.bottom() - picture.height() * 0.05 - bounds.height()
        text = QRectF(left, top, bounds.width(), bounds.height())
        pad = pixels * 0.3
        painter.fillRect(text.adjusted(-pad, -pad / 2, pad, pad / 2), QColor(0, 0, 0, 160))
        painter.setPen(QColor(Qt.GlobalColor.white))
        painter.drawText(text, flags, self._subtitle)


def _address(buffer: bytes | bytearray | memoryview) -> int:
    """The address of a writable buffer Qt hands over (a mapped plane, a QImage's bits);
    TypeError if it is read-only."""
    view = memoryview(buffer)
    return ctypes.addressof((ctypes.c_char * view.nbytes).from_buffer(view))


def _around(whole: QRectF, inner: QRectF) -> list[QRectF]:
    """The parts of ``whole`` outside ``inner`` (all of it when ``inner`` is empty)."""
    if inner.isEmpty():
        return [whole]
    return [
        bar
        for bar in (
            QRectF(whole.left(), whole.top(), whole.width(), inner.top() - whole.top()),
            QRectF(whole.left(), inner.bottom(), whole.width(), whole.bottom() - inner.bottom()),
            QRectF(whole.left(), inner.top(), inner.left() - whole.left(), inner.height()),
            QRectF(inner.right(), inner.top(), whole.right() - inner.right(), inner.height()),
        )
        if bar.width() > 0 and bar.height() > 0
    ]
