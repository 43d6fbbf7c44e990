"""The presenter's pointer, spotlight and zoom on the audience slide, driven from the
console's "Now" pane (the mapping is in :mod:`kiosk.logic.pointer`).

The pointer dot and the spotlight are one :class:`PointerLayer` on the audience window. It
is a native window with a mask (the dot, or all but the spotlight's circle), raised over
the slide, the playing film included. Over the video, outside the spotlight's
circle, the audience sees black rather than a dimmed film (no compositor to blend with).
The zoom is a :class:`ZoomLayer`: a 2x picture of part of the slide, taken when it opens
(over the video slide, the film's frame of that moment). All three go when the slide
changes or the screen is blanked; nothing happens outside presenter mode.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPixmap,
    QRegion,
)
from PySide6.QtWidgets import QWidget

from kiosk.content.actions import Action
from kiosk.logic.pointer import Fraction, drag_centre, picture_fraction, to_window, zoom_region
from kiosk.ui.presenter.preview import PreviewPane
from kiosk.ui.show.actions import Registration
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState
from kiosk.ui.style import DIM
from kiosk.ui.widgets.layer import Layer

POINTER_COLOUR = QColor("#E8112D")
"""A laser pointer's red, ringed in white to show on dark slides too."""
DOT_RADIUS = 14
SPOTLIGHT_RADIUS = 170
"""Design pixels (at 1080p), scaled to the audience screen."""
CLICK_SLOP_PX = 8
"""A press and release at most this far apart (pixels, Manhattan) are a click, not a swipe."""


class PointerLayer(Layer):
    """The pointer dot and the spotlight on the audience window; see the module docstring."""

    hides_video = False

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.native = QGuiApplication.platformName() == "xcb"
        if self.native:  # above the video's native window
            self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.dot = False
        self.spotlight = False
        self.point: Fraction | None = None
        self.region: tuple[float, float, float, float] | None = None
        """The part of the slide a zoom shows (the pointer follows it), None unzoomed."""

    def centre(self) -> QPointF | None:
        """Where the pointer is on the audience window, in its pixels."""
        if self.point is None:
            return None
        point = self.point
        if self.region is not None:
            left, top, width, height = self.region
            point = ((point[0] - left) / width, (point[1] - top) / height)
        return QPointF(*to_window(point, self.width(), self.height()))

    def set_point(self, point: Fraction | None) -> None:
        self.point = point
        self._refresh()

    def set_modes(self, dot: bool, spotlight: bool) -> None:
        self.dot, self.spotlight = dot, spotlight
        self._refresh()

    def apply_style(self) -> None:
        self._refresh()

    def _circle(self, centre: QPointF, radius: int) -> QRect:
        return QRect(round(centre.x()) - radius, round(centre.y()) - radius, 2 * radius, 2 * radius)

    def _refresh(self) -> None:
        centre = self.centre()
        if not (self.dot or self.spotlight) or centre is None:
            self.hide()  # off, or the mouse is not over "Now": the whole slide, clear
            return
        region = QRegion()
        if self.spotlight:
            circle = self._circle(centre, self.px(SPOTLIGHT_RADIUS))
            hole = QRegion(circle, QRegion.RegionType.Ellipse)
            region = QRegion(self.rect()).subtracted(hole)
        if self.dot:
            ring = self._circle(centre, self.px(DOT_RADIUS) + 2)
            region = region.united(QRegion(ring, QRegion.RegionType.Ellipse))
        if self.native:
            self.setMask(region)
        if self.isHidden():
            self.open()
        self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = self.centre()
        if self.spotlight:
            path = QPainterPath()
            path.addRect(QRectF(self.rect()))
            if centre is not None:
                path.addEllipse(centre, self.px(SPOTLIGHT_RADIUS), self.px(SPOTLIGHT_RADIUS))
            painter.fillPath(path, DIM)  # odd-even: the circle stays clear
        if self.dot and centre is not None:
            radius = self.px(DOT_RADIUS)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("white"))
            painter.drawEllipse(centre, radius + 2, radius + 2)
            painter.setBrush(POINTER_COLOUR)
            painter.drawEllipse(centre, radius, radius)
        painter.end()


class ZoomLayer(Layer):
    """Part of the audience slide, magnified to fill the window (a picture taken on open)."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.picture = QPixmap()
        self.region: tuple[float, float, float, float] | None = None

    def zoom_into(self, centre: Fraction, film: tuple[QImage, QRectF] | None = None) -> None:
        """Magnify the part around ``centre``; ``film`` (a frame and where it goes, as
        fractions) is drawn in, since a grab of the window misses the video's native window."""
        self.hide()
        self.region = zoom_region(centre)
        left, top, width, height = self.region
        whole = self.host.grab()
        w, h = whole.width(), whole.height()  # device pixels
        if film is not None:
            frame, area = film
            painter = QPainter(whole)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            box = QRectF(area.x() * w, area.y() * h, area.width() * w, area.height() * h)
            painter.drawImage(box, frame)
            painter.end()
        part = QRect(round(left * w), round(top * h), round(width * w), round(height * h))
        self.picture = whole.copy(part)
        self.open()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(self.rect(), self.picture)
        painter.end()


class PresenterTools(QObject):
    """Pointer, spotlight and zoom for ``audience``, driven from ``pane`` (the console's
    "Now"); :meth:`handlers` are the console's actions for them."""

    changed = Signal()

    def __init__(self, audience: MainWindow, pane: PreviewPane) -> None:
        super().__init__(pane)
        self.audience, self.pane = audience, pane
        self.layer = PointerLayer(audience)
        self.zoom = ZoomLayer(audience)
        self.dot = self.spotlight = self.zoom_armed = False
        self._drag_from: Fraction | None = None
        self._click_from: QPointF | None = None
        self._esc: list[Registration] = []
        pane.setMouseTracking(True)
        pane.installEventFilter(self)
        audience.installEventFilter(self)
        audience.show_state.slide_changed.connect(self.all_off)
        audience.show_state.blank_changed.connect(self._blank_changed)

    def handlers(self) -> dict[Action, Callable[[], None]]:
        return {
            Action.POINTER: self.toggle_pointer,
            Action.SPOTLIGHT: self.toggle_spotlight,
            Action.ZOOM: self.toggle_zoom,
        }

    def toggle_pointer(self) -> None:
        self.dot = not self.dot
        self._modes()

    def toggle_spotlight(self) -> None:
        self.spotlight = not self.spotlight
        self._modes()

    def toggle_zoom(self) -> None:
        """Arm the zoom (the next click or drag on "Now" says where), or return from it."""
        if self.zoom.isVisible() or self.zoom_armed:
            self.unzoom()
            return
        self.zoom_armed = True
        actions = self.audience.show_state.actions
        self._esc = [actions.register(Action.LEAVE_FULLSCREEN, self.unzoom, owner=self)]
        self.changed.emit()

    def unzoom(self) -> None:
        self.zoom_armed = False
        self._drag_from = None
        self.zoom.close_layer()
        self.audience.show_state.actions.remove(self._esc)
        self._esc = []
        self.layer.region = None
        self.layer.set_modes(self.dot, self.spotlight)
        self.changed.emit()

    def all_off(self, *_args: object) -> None:
        """The slide changed: pointer, spotlight and zoom off."""
        if self.dot or self.spotlight or self.zoom_armed or self.zoom.isVisible():
            self.dot = self.spotlight = False
            self._modes()
            self.unzoom()

    def _blank_changed(self, blank: object) -> None:
        if blank:
            self.all_off()

    def _modes(self) -> None:
        self.layer.set_modes(self.dot, self.spotlight)
        self.changed.emit()

    def words(self) -> list[str]:
        """The label names of what is on, for the console."""
        names = [("pointer_on", self.dot), ("spotlight_on", self.spotlight)]
        names += [("zoom_pick", self.zoom_armed and not self.zoom.isVisible())]
        names += [("zoomed", self.zoom.isVisible())]
        return [name for name, on in names if on]

    def _film(self) -> tuple[QImage, QRectF] | None:
        """The video slide's current frame and its place, while the audience sees the film."""
        show = self.audience.show_state
        media = show.media
        if media is None or media.state in (PlayState.STOPPED, PlayState.FAILED):
            return None
        frame = media.current_frame()
        area = self.audience.pictures.video_area(show.index)
        return None if frame is None or area is None else (frame, area)

    # --- the mouse --------------------------------------------------------------------
    def pane_fraction(self, position: QPointF) -> Fraction | None:
        """``position`` in the "Now" pane as a fraction of the slide (None: beside it)."""
        picture = self.pane.picture
        if picture is None:
            return None
        size = picture.deviceIndependentSize().toSize()
        left = (self.pane.width() - size.width()) // 2
        box = (float(left), 0.0, float(size.width()), float(size.height()))
        return picture_fraction(position.x(), position.y(), box)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.audience:
            if self.zoom_armed:
                return self._audience_event(event)
            self._click_goes_on(event)
            return False
        if kind == QEvent.Type.Leave:
            self.layer.set_point(None)
        elif isinstance(event, QMouseEvent):
            point = self.pane_fraction(event.position())
            return self._mouse(kind, point)
        return False

    def _click_goes_on(self, event: QEvent) -> None:
        """A left click on the audience slide goes forward, as in PowerPoint: a presenter
        remote without its vendor's software (a Logitech Spotlight) sends one. A press and
        release more than a few pixels apart is a swipe or a drag, the window's own."""
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return
        # A quick second click arrives as a double-click: it goes on once more.
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._click_from = event.position()
        elif event.type() == QEvent.Type.MouseButtonRelease and self._click_from is not None:
            moved = (event.position() - self._click_from).manhattanLength()
            self._click_from = None
            if moved <= CLICK_SLOP_PX and not self.zoom.isVisible():
                self.audience.show_state.perform(Action.NEXT)

    def _audience_event(self, event: QEvent) -> bool:
        """One screen: the zoom's click or drag on the audience window itself."""
        if not isinstance(event, QMouseEvent) or self.zoom.isVisible():
            return False
        width, height = max(1, self.audience.width()), max(1, self.audience.height())
        point = (event.position().x() / width, event.position().y() / height)
        return self._mouse(event.type(), point)

    def _mouse(self, kind: QEvent.Type, point: Fraction | None) -> bool:
        if kind == QEvent.Type.MouseMove:
            self.layer.set_point(point)
        if not self.zoom_armed or self.zoom.isVisible() or point is None:
            return False
        if kind == QEvent.Type.MouseButtonPress:
            self._drag_from = point
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._drag_from is not None:
            centre = drag_centre(self._drag_from, point)
            self._drag_from = None
            self.layer.hide()
            self.zoom.zoom_into(centre, self._film())
            self.layer.region = self.zoom.region
            self.layer.set_modes(self.dot, self.spotlight)
            self.changed.emit()
            return True
        return False
