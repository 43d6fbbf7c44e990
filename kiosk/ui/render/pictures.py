"""Pictures of slides for the overview, the presenter's previews, PNGs and the PDF handout.

Each slide's own view (:func:`~kiosk.ui.slides.factory.make_slide_view`, in preview mode: no
media is opened) is laid out at a design size with the audience window's shape and drawn
with ``QWidget.render`` straight into any painter, scaled: into a pixmap for a preview, into
an image for ``kiosk render``, into a PDF page as vector text. No window is made for it:
the views are never shown, so nothing but the app's own windows reaches the screen or a
screen reader. Pixmaps are cached per slide and size.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPaintDevice, QPainter, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

from kiosk.content import Content
from kiosk.ui.app import use_language_fonts
from kiosk.ui.slides.base import SlideView
from kiosk.ui.slides.factory import make_slide_view
from kiosk.ui.style import Style

DESIGN_WIDTH = 1280
"""Width at which previews are laid out; the height follows the audience's shape."""
_HINTS = (
    QPainter.RenderHint.Antialiasing
    | QPainter.RenderHint.TextAntialiasing
    | QPainter.RenderHint.SmoothPixmapTransform
)


class SlideRenderer(QObject):
    """Draws slide ``index`` of ``content`` as the audience sees it, without the window's
    header and navigation bar."""

    def __init__(
        self,
        content: Content,
        design: QSize | None = None,
        parent: QObject | None = None,
        *,
        cache_size: int = 48,
        language: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.content = content
        self.style = Style(content, language or content.presentation.language, preview=True)
        use_language_fonts(content.theme.font, self.style.language)
        self.design = QSize()
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[int, int, int, float], QPixmap] = OrderedDict()
        self._views: dict[int, SlideView] = {}
        self.renders = 0
        """How many pictures were drawn (not taken from the cache); tests read it."""
        self._set_design(design or QSize(DESIGN_WIDTH, DESIGN_WIDTH * 9 // 16))

    def set_content(self, content: Content, language: str | None = None) -> None:
        """Draw ``content``'s slides from now on, in ``language`` (default: the content's)."""
        self.close()
        self.content = content
        self.style.content = content
        self.style.language = language or content.presentation.language

    def set_shape(self, width: int, height: int) -> None:
        """Lay slides out with the shape of a ``width`` x ``height`` audience window."""
        if width > 0 and height > 0:
            self._set_design(QSize(DESIGN_WIDTH, max(1, round(DESIGN_WIDTH * height / width))))

    def _set_design(self, design: QSize) -> None:
        if design != self.design:
            self.design = design
            self.style.resize(design.width(), design.height())
            self._cache.clear()
            for view in self._views.values():
                self._lay_out(view)

    def _lay_out(self, view: SlideView) -> None:
        view.resize(self.design)
        view.apply_style()

    def _view(self, index: int) -> SlideView:
        view = self._views.get(index)
        if view is None:
            view = make_slide_view(self.content.slides[index], self.style)
            view.set_touch_controls(False)  # a picture of a slide has nothing to press
            if self.content.direction(self.style.language) == "rtl":
                view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            self._lay_out(view)
            self._views[index] = view
        return view

    def paint(self, painter: QPainter, index: int, target: QRectF) -> QRectF:
        """Draw slide ``index`` into ``target``, as large as fits, centred; return its rect."""
        view = self._view(index)
        design = QRectF(0, 0, self.design.width(), self.design.height())
        scale = min(target.width() / design.width(), target.height() / design.height())
        width, height = design.width() * scale, design.height() * scale
        left = target.left() + (target.width() - width) / 2
        top = target.top() + (target.height() - height) / 2
        painter.save()
        painter.translate(left, top)
        painter.scale(scale, scale)
        painter.setClipRect(design)
        painter.fillRect(design, self.style.colour("background"))
        # Rendering a widget that was never shown lays it out first (QWidget.render).
        view.render(painter, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
        painter.restore()
        self.renders += 1
        return QRectF(left, top, width, height)

    def video_area(self, index: int) -> QRectF | None:
        """Where slide ``index``'s video picture is in its picture (fractions), or None."""
        return self._view(index).video_area()

    def fitted(self, size: QSize) -> QSize:
        """The largest size with the slides' shape that fits in ``size``."""
        return self.design.scaled(size, Qt.AspectRatioMode.KeepAspectRatio)

    def _draw(self, device: QPaintDevice, index: int, size: QSize) -> None:
        painter = QPainter(device)
        painter.setRenderHints(_HINTS)
        self.paint(painter, index, QRectF(0, 0, size.width(), size.height()))
        painter.end()

    def image(self, index: int, size: QSize) -> QImage:
        """Slide ``index`` as an image of exactly ``size`` pixels (not cached)."""
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(self.style.colour("background"))
        if not size.isEmpty():
            self._draw(image, index, size)
        return image

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
            self._draw(pixmap, index, fitted)
        self._cache[key] = pixmap
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return pixmap

    def is_cached(self, index: int, size: QSize, device_pixel_ratio: float = 1.0) -> bool:
        fitted = self.fitted(size)
        return (index, fitted.width(), fitted.height(), device_pixel_ratio) in self._cache

    def close(self) -> None:
        """Free the slide views and the cached pictures."""
        for view in self._views.values():
            view.release()
            view.deleteLater()
        self._views.clear()
        self._cache.clear()
