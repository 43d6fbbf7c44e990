"""Pictures of slides for previews, the overview and the PDF handout.

A hidden ``MainWindow(preview=True)`` (no media opened, never on screen) lays each slide
out at a design size with the audience window's shape; :meth:`SlideRenderer.paint` draws
it into any painter, scaled, with ``QWidget.render``: into a pixmap for a preview, into a
PDF page as vector text. Pixmaps are cached per slide and size.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

from kiosk.content import Content

if TYPE_CHECKING:
    from kiosk.ui.show.window import MainWindow

DESIGN_WIDTH = 1280
"""Width at which previews are laid out; the height follows the audience's shape."""


class SlideRenderer(QObject):
    """Draws slide ``index`` of ``content`` as the audience sees it (chrome included)."""

    def __init__(
        self,
        content: Content,
        design: QSize | None = None,
        parent: QObject | None = None,
        *,
        cache_size: int = 48,
        chrome: bool = True,
    ) -> None:
        super().__init__(parent)
        self.chrome = chrome
        """False: without the navigation bar (buttons, dots), as on a printed handout."""
        self.content = content
        self.design = design or QSize(DESIGN_WIDTH, DESIGN_WIDTH * 9 // 16)
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[int, int, int, float], QPixmap] = OrderedDict()
        self._window: MainWindow | None = None
        self.renders = 0
        """How many pictures were drawn (not taken from the cache); tests read it."""

    def set_shape(self, width: int, height: int) -> None:
        """Lay slides out with the shape of a ``width`` x ``height`` audience window."""
        if width <= 0 or height <= 0:
            return
        design = QSize(DESIGN_WIDTH, max(1, round(DESIGN_WIDTH * height / width)))
        if design != self.design:
            self.design = design
            self._cache.clear()
            if self._window is not None:
                self._window.resize(design)

    def _ready_window(self) -> MainWindow:
        if self._window is None:
            from kiosk.ui.show.window import MainWindow

            window = MainWindow(self.content, preview=True)
            window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            window.footer.setVisible(self.chrome)
            window.resize(self.design)
            window.show()
            self._window = window
        return self._window

    def paint(self, painter: QPainter, index: int, target: QRectF) -> QRectF:
        """Draw slide ``index`` into ``target``, as large as fits, centred; return its rect."""
        window = self._ready_window()
        window.go_to(index)
        # Apply the layout changes the new slide posted, so the picture shows them.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        scale = min(target.width() / self.design.width(), target.height() / self.design.height())
        width, height = self.design.width() * scale, self.design.height() * scale
        left = target.left() + (target.width() - width) / 2
        top = target.top() + (target.height() - height) / 2
        painter.save()
        painter.translate(left, top)
        painter.scale(scale, scale)
        painter.setClipRect(QRectF(0, 0, self.design.width(), self.design.height()))
        window.render(
            painter,
            QPoint(),
            QRegion(),
            QWidget.RenderFlag.DrawWindowBackground | QWidget.RenderFlag.DrawChildren,
        )
        painter.restore()
        self.renders += 1
        return QRectF(left, top, width, height)

    def fitted(self, size: QSize) -> QSize:
        """The largest size with the slides' shape that fits in ``size``."""
        return self.design.scaled(size, Qt.AspectRatioMode.KeepAspectRatio)

    def pixmap(self, index: int, size: QSize, device_pixel_ratio: float = 1.0) -> QPixmap:
        """Slide ``index`` as a pixmap of at most ``size`` (logical pixels), with its shape."""
        fitted = self.fitted(size)
        key = (index, fitted.width(), fitted.height(), device_pixel_ratio)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        pixmap = QPixmap(fitted * device_pixel_ratio)
        pixmap.setDevicePixelRatio(device_pixel_ratio)
        pixmap.fill(Qt.GlobalColor.white)
        if not fitted.isEmpty():
            painter = QPainter(pixmap)
            painter.setRenderHints(
                QPainter.RenderHint.Antialiasing
                | QPainter.RenderHint.TextAntialiasing
                | QPainter.RenderHint.SmoothPixmapTransform
            )
            self.paint(painter, index, QRectF(0, 0, fitted.width(), fitted.height()))
            painter.end()
        self._cache[key] = pixmap
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return pixmap

    def is_cached(self, index: int, size: QSize, device_pixel_ratio: float = 1.0) -> bool:
        fitted = self.fitted(size)
        return (index, fitted.width(), fitted.height(), device_pixel_ratio) in self._cache

    def close(self) -> None:
        """Free the hidden window."""
        if self._window is not None:
            self._window.close()
            self._window.deleteLater()
            self._window = None
        self._cache.clear()
