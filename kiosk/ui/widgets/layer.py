"""Layers over a whole window: the one kind of widget laid over the slides.

A :class:`Layer` covers its host window (the audience window or the presenter console) and
follows its size. Three flags say what it does while shown: ``dims`` darkens what is under
it; ``modal`` takes the key presses (the host offers each one to :func:`modal_layer` first);
``hides_video`` hides the host's video pictures (widgets named :data:`VIDEO_PICTURE`): the
film is then neither converted nor painted under a layer that covers it.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.ui.style import DIM, Style, px, scale_for

VIDEO_PICTURE = "video-picture"
"""The object name of a film's picture (kiosk/ui/slides/picture.py)."""


class Layer(QWidget):
    """Covers its host window while shown; ``closed`` fires when it closes itself."""

    closed = Signal()
    visibility_changed = Signal(bool)
    dims = False
    """Darken what is under the layer."""
    modal = False
    """Take the key presses while shown."""
    hides_video = True
    """Hide the host's video pictures while shown."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.host = host
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        host.installEventFilter(self)

    @property
    def unit(self) -> float:
        """Screen pixels per design pixel at the layer's (the host's) size."""
        return scale_for(self.width(), self.height())

    def px(self, design_pixels: float) -> int:
        """``design_pixels`` at 1080p in screen pixels at the layer's size."""
        return px(design_pixels, self.unit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.host and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.host.rect())
            self.apply_style()
        return False

    def open(self) -> None:
        """Show the layer over the whole host, above everything else on it."""
        if self.isVisible():
            self.setGeometry(self.host.rect())
            self.apply_style()
        self.show()
        self.raise_()

    def close_layer(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def showEvent(self, event: object) -> None:
        self.setGeometry(self.host.rect())
        self.raise_()
        self.apply_style()
        _VideoCover.of(self.host).update()
        self.visibility_changed.emit(True)

    def hideEvent(self, event: object) -> None:
        if shiboken6.isValid(self.host):
            _VideoCover.of(self.host).update()
        self.visibility_changed.emit(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.dims:
            painter = QPainter(self)
            painter.fillRect(self.rect(), DIM)
            painter.end()

    def apply_style(self) -> None:
        """Re-apply sizes for the host's current size."""

    def handle_key(self, event: QKeyEvent) -> bool:
        """React to a key press; True if used (a modal layer swallows the rest anyway)."""
        return False


class Card(Layer):
    """A dimmed layer with a centred card of text (and buttons) in the theme's colours.

    Subclasses add their widgets to ``card_layout`` and style them in :meth:`apply_style`,
    then call this class's, which sizes and centres the card. A click beside the card closes
    the layer when ``click_outside_closes``.
    """

    dims = True
    click_outside_closes = True
    card_margin = 40
    """Design pixels around the card's contents."""

    def __init__(self, host: QWidget, style: Style) -> None:
        super().__init__(host)
        self.style_ = style
        self.card = QWidget(self)
        self.card.setObjectName("card")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card_layout = QVBoxLayout(self.card)

    def card_width(self) -> int | None:
        """The card's width in pixels, or None to fit its contents."""
        return None

    def card_sheet(self) -> str:
        """The card's style sheet (subclasses add rules for their own widgets)."""
        style = self.style_
        return (
            f"#card {{ background: {style.colour('surface').name()};"
            f" border-radius: {self.px(28)}px; }}"
            f"QLabel {{ color: {style.colour('text').name()}; }}"
        )

    def apply_style(self) -> None:
        card = self.card
        card.setStyleSheet(self.card_sheet())
        margin = self.px(self.card_margin)
        self.card_layout.setContentsMargins(margin, margin, margin, margin)
        self.card_layout.setSpacing(self.px(16))
        card.ensurePolished()
        for child in card.findChildren(QWidget):
            child.ensurePolished()
        # Children's sizes were just changed: drop every cached size hint, nested ones too.
        for layout in card.findChildren(QLayout):
            layout.invalidate()
        self.card_layout.invalidate()
        width = self.card_width()
        hint = card.sizeHint()
        size = QSize(width or hint.width(), max(hint.height(), card.heightForWidth(width or 0)))
        size = size.boundedTo(card.maximumSize()).boundedTo(self.size())
        left, top = (self.width() - size.width()) // 2, (self.height() - size.height()) // 2
        card.setGeometry(left, top, size.width(), size.height())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.click_outside_closes and not self.card.geometry().contains(
            event.position().toPoint()
        ):
            self.close_layer()
        else:
            super().mouseReleaseEvent(event)


def modal_layer(host: QWidget) -> Layer | None:
    """The modal layer shown on ``host`` that should get the keys, if any (newest first)."""
    for child in reversed(host.children()):
        if isinstance(child, Layer) and child.modal and child.isVisible():
            return child
    return None


class _VideoCover(QObject):
    """Hides a host's video pictures while a layer that ``hides_video`` is shown on it."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.host = host
        self.hidden: list[QWidget] = []

    @staticmethod
    def of(host: QWidget) -> _VideoCover:
        found = host.findChild(_VideoCover, "", Qt.FindChildOption.FindDirectChildrenOnly)
        return found if isinstance(found, _VideoCover) else _VideoCover(host)

    def update(self) -> None:
        covered = any(
            isinstance(child, Layer) and child.hides_video and child.isVisible()
            for child in self.host.children()
        )
        if covered:
            for video in self.host.findChildren(QWidget, VIDEO_PICTURE):
                # Hide the page holder, not the page: a stacked page shown by hand would
                # later appear over whichever page is current.
                holder = video.parentWidget()
                target: QWidget = holder if isinstance(holder, QStackedWidget) else video
                if not target.isHidden() and target not in self.hidden:
                    target.hide()
                    self.hidden.append(target)
        else:
            for target in self.hidden:
                if shiboken6.isValid(target):
                    target.show()
            self.hidden = []
