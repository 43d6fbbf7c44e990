"""The overview (O, or the "All slides" button): every slide as a thumbnail; arrows and
Enter, a click or a tap jump; Esc, O or its Close button (in the hint's band, for a visitor
with no keys) closes it.

It is a modal layer over the window it opens on: the audience window, or the presenter
console (so the audience keeps seeing the current slide while the presenter looks around).

It draws its thumbnails itself; for a screen reader it is a list with one item per slide, a
stand-in child widget over each thumbnail (it draws nothing and lets clicks through) named
like the slide's announcement, "Slide 3 of 9: Innovating for All", the current slide
checked and the one the arrows select selected.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QWidget

from kiosk.ui.render.pictures import SlideRenderer
from kiosk.ui.show.keys import DIGIT_KEYS
from kiosk.ui.style import CONSOLE, MIN_TOUCH, Style
from kiosk.ui.widgets.announce import install_factory, set_item_state
from kiosk.ui.widgets.buttons import LabelButton
from kiosk.ui.widgets.layer import Layer


class SlideItem(QWidget):
    """A screen reader's item for one thumbnail: over it, drawing nothing, clicks passing."""

    accessible_role = QAccessible.Role.ListItem

    def __init__(self, parent: QWidget, number: int) -> None:
        super().__init__(parent)
        self.setObjectName(f"overview-slide-{number}")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)


class Overview(Layer):
    """A grid of slide thumbnails. ``chosen`` carries the slide index picked."""

    chosen = Signal(int)
    modal = True
    accessible_role = QAccessible.Role.List

    def __init__(self, host: QWidget, renderer: SlideRenderer, count: int, style: Style) -> None:
        install_factory()  # before Qt's bridge first asks for this widget's role
        super().__init__(host)
        self.style_ = style
        self.setObjectName("overview")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.renderer = renderer
        self.count = count
        self.current = 0
        self.selected = 0
        self.accent = QColor(CONSOLE.accent)
        self._press: int | None = None
        self._pixmaps: dict[int, QPixmap] = {}
        self.setAccessibleName(style.label("overview_name"))
        self.cells = [SlideItem(self, index + 1) for index in range(count)]
        # The host's child, over the layer while it shows: the layer is a screen reader's
        # list of slides, and a list holds list items only.
        self.close_button = LabelButton("", "", parent=host)
        self.close_button.setObjectName("overview-close")
        self.close_button.hide()
        self.close_button.clicked.connect(self.close_layer)
        self.visibility_changed.connect(self._show_close_button)
        self.destroyed.connect(self.close_button.deleteLater)

    def open_at(self, current: int) -> None:
        """Show the grid with slide ``current`` marked and selected."""
        self.current = self.selected = current
        style = self.renderer.style
        slides = self.renderer.content.slides
        for index, cell in enumerate(self.cells):
            title = style.text(slides[index].title) if index < len(slides) else ""
            name = style.label(
                "slide_announcement", number=index + 1, total=self.count, title=title
            )
            cell.setAccessibleName(name)
        self._mark_cells()
        self.open()
        self._show_close_button(True)  # over the layer, which open() raised

    def _mark_cells(self) -> None:
        for index, cell in enumerate(self.cells):
            set_item_state(cell, selected=index == self.selected, checked=index == self.current)

    def apply_style(self) -> None:
        # Draw the thumbnails now, not while painting (rendering a slide lays it out).
        ratio = self.devicePixelRatioF()
        self._pixmaps = {
            index: self.renderer.pixmap(index, self.cell_rect(index).size(), ratio)
            for index in range(self.count)
        }
        for index, cell in enumerate(self.cells):
            cell.setGeometry(self.cell_rect(index).adjusted(0, 0, 0, self._label_height()))
        close, words = self.close_button, self.style_.label("close")
        close.set_symbol("", words)
        close.set_text(words)
        close.background, close.foreground = self.accent, QColor(CONSOLE.background)
        close.surface = QColor(CONSOLE.background)
        band = self.hint_rect()
        close.set_side(band.height())
        # At the end of the hint's band: the right, or the left in a right-to-left language.
        left = (
            self._margin()
            if self.isRightToLeft()
            else band.right() - self._margin() - close.width()
        )
        close.move(left, band.top())
        self.update()

    def _show_close_button(self, shown: bool) -> None:
        self.close_button.setVisible(shown)
        if shown:
            self.close_button.raise_()

    # --- geometry -----------------------------------------------------------------------
    def columns(self) -> int:
        """The number of columns that gives the largest thumbnails."""
        best, best_width = 1, 0.0
        margin = self._margin()
        width, height = self.width() - 2 * margin, self._grid_height()
        shape = self.renderer.design.height() / self.renderer.design.width()
        for columns in range(1, self.count + 1):
            rows = math.ceil(self.count / columns)
            cell_width = min(width / columns, (height / rows - self._label_height()) / shape)
            if cell_width > best_width:
                best, best_width = columns, cell_width
        return best

    def _margin(self) -> int:
        return round(32 * self.unit)

    def _label_height(self) -> int:
        return round(40 * self.unit)

    def _grid_height(self) -> int:
        """The thumbnails' height: the window less its margins and the hint's band."""
        return self.height() - 2 * self._margin() - self.hint_rect().height()

    def hint_rect(self) -> QRect:
        """The band for the hint under the thumbnails, a margin above the bottom edge."""
        band = max(MIN_TOUCH, round(64 * self.unit))  # the Close button's height too
        return QRect(0, self.height() - self._margin() - band, self.width(), band)

    def cell_rect(self, index: int) -> QRect:
        """Where thumbnail ``index`` is drawn (its number sits under it)."""
        columns = self.columns()
        rows = math.ceil(self.count / columns)
        margin = self._margin()
        cell_w = (self.width() - 2 * margin) / columns
        cell_h = self._grid_height() / rows
        gap = round(16 * self.unit)
        row, column = divmod(index, columns)
        box = QRectF(margin + column * cell_w, margin + row * cell_h, cell_w, cell_h)
        box = box.adjusted(gap / 2, gap / 2, -gap / 2, -gap / 2 - self._label_height())
        size = self.renderer.fitted(box.size().toSize())
        left = box.left() + (box.width() - size.width()) / 2
        top = box.top() + (box.height() - size.height()) / 2
        return QRect(round(left), round(top), size.width(), size.height())

    def index_at(self, x: float, y: float) -> int | None:
        """The slide whose thumbnail (or number under it) is at (x, y), if any."""
        for index in range(self.count):
            target = self.cell_rect(index).adjusted(0, 0, 0, self._label_height())
            if target.contains(round(x), round(y)):
                return index
        return None

    # --- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setLayoutDirection(self.layoutDirection())  # an Arabic hint reads right to left
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(CONSOLE.background))
        unit = self.unit
        font = QFont(self.font())
        font.setPixelSize(max(10, round(24 * unit)))
        painter.setFont(font)
        for index in range(self.count):
            rect = self.cell_rect(index)
            pixmap = self._pixmaps.get(index)
            if pixmap is not None:
                painter.drawPixmap(rect.topLeft(), pixmap)
            if index == self.selected:
                width = max(3.0, 8 * unit)
                painter.setPen(QPen(self.accent, width))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(
                    QRectF(rect).adjusted(-width / 2, -width / 2, width / 2, width / 2)
                )
            label = self.number_text(index)
            painter.setPen(self.accent if index == self.selected else QColor(CONSOLE.text))
            under = QRectF(
                rect.left(), rect.bottom() + 4 * unit, rect.width(), self._label_height()
            )
            painter.drawText(under, int(Qt.AlignmentFlag.AlignHCenter), label)
        painter.setPen(QColor(CONSOLE.muted))
        hint = self.style_.label("overview_hint")
        room = self.close_button.width() + self._margin()  # centred, clear of Close
        hint_rect = self.hint_rect().adjusted(room, 0, -room, 0)
        painter.drawText(hint_rect, int(Qt.AlignmentFlag.AlignCenter), hint)
        painter.end()

    def number_text(self, index: int) -> str:
        """The words under thumbnail ``index``: its number, and whether it is showing."""
        if index == self.current:
            return self.style_.label("overview_current", number=index + 1)
        return str(index + 1)

    # --- input --------------------------------------------------------------------------
    def move_selection(self, step: int) -> None:
        self.selected = max(0, min(self.count - 1, self.selected + step))
        self._mark_cells()
        self.update()

    def choose(self, index: int) -> None:
        self.close_layer()
        self.chosen.emit(index)

    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        columns = self.columns()
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        forward = -1 if right_to_left else 1
        steps = {
            Qt.Key.Key_Right: forward,
            Qt.Key.Key_Left: -forward,
            Qt.Key.Key_Down: columns,
            Qt.Key.Key_Up: -columns,
            Qt.Key.Key_PageDown: 1,
            Qt.Key.Key_PageUp: -1,
        }
        if key in steps:
            self.move_selection(steps[key])
        elif key == Qt.Key.Key_Home:
            self.move_selection(-self.count)
        elif key == Qt.Key.Key_End:
            self.move_selection(self.count)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.choose(self.selected)
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_O):
            self.close_layer()
        elif key.value in DIGIT_KEYS and 1 <= DIGIT_KEYS[key.value] <= self.count:
            self.selected = DIGIT_KEYS[key.value] - 1
            self._mark_cells()
            self.update()
        return True

    def mousePressEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        self._press = self.index_at(position.x(), position.y())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        position: QPointF = event.position()
        index = self.index_at(position.x(), position.y())
        pressed, self._press = self._press, None
        if index is not None and index == pressed:
            self.choose(index)
