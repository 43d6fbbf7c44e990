"""The presentation window: header, the slides, and the navigation bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Content
from kiosk.ui.navigation import KeyMap, Navigator, SwipeTracker
from kiosk.ui.slides import SlideView, make_slide_view
from kiosk.ui.style import Style
from kiosk.ui.widgets import RoundButton

log = logging.getLogger(__name__)


class DotButton(QAbstractButton):
    """One progress dot: a small circle inside a finger-sized target."""

    def __init__(self, number: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.setAccessibleName(name)
        self.setToolTip(name)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.style_: Style | None = None

    def paintEvent(self, event: object) -> None:
        if self.style_ is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        diameter = self.width() * (0.42 if self.isChecked() else 0.3)
        centre = QPointF(self.width() / 2, self.height() / 2)
        circle = QRectF(centre.x() - diameter / 2, centre.y() - diameter / 2, diameter, diameter)
        accent = self.style_.colour("accent")
        painter.setPen(QPen(accent, max(1.5, self.width() / 28)))
        painter.setBrush(accent if self.isChecked() else self.style_.colour("surface"))
        painter.drawEllipse(circle)
        painter.end()


class MainWindow(QWidget):
    """Shows a :class:`Content` as slides, moved by keys, buttons, dots and swipes.

    ``slide_changed`` carries the new slide index after the slide is shown.
    """

    slide_changed = Signal(int)
    first_painted = Signal()
    """Emitted once, after the first slide was painted (benchmarks time start-up by it)."""

    def __init__(
        self, content: Content, *, language: str | None = None, preview: bool = False
    ) -> None:
        super().__init__()
        self.content = content
        self.style_ = Style(content, language or content.presentation.language, preview=preview)
        self.navigator = Navigator(len(content.slides), self)
        self.keymap = KeyMap()
        self.swipe = SwipeTracker()
        self._normal_geometry: QRect | None = None
        self.setWindowTitle(self.style_.text(content.presentation.title))
        self.setObjectName("main-window")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if content.direction(self.style_.language) == "rtl":
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)

        logo = content.theme.logo_text or content.presentation.organisation
        self.logo_label = QLabel(self.style_.text(logo))
        self.logo_label.setObjectName("logo")
        self.stack = QStackedWidget()
        self.views: list[SlideView] = []
        for slide in content.slides:
            view = make_slide_view(slide, self.style_)
            self.views.append(view)
            self.stack.addWidget(view)

        self.previous_button = RoundButton("previous", self.style_.label("previous"))
        self.next_button = RoundButton("next", self.style_.label("next"))
        self.dots: list[DotButton] = []
        dots_row = QHBoxLayout()
        dots_row.setSpacing(0)
        for number in range(1, len(content.slides) + 1):
            dot = DotButton(number, self.style_.label("go_to", number=number))
            dot.clicked.connect(lambda _=False, i=number - 1: self.navigator.go(i))
            self.dots.append(dot)
            dots_row.addWidget(dot)
        self.counter_label = QLabel()
        self.counter_label.setObjectName("counter")

        self.header = QWidget()
        self.header_row = header_row = QHBoxLayout(self.header)
        header_row.addWidget(self.logo_label, 1)
        self.footer = QWidget()
        self.footer_row = footer_row = QHBoxLayout(self.footer)
        footer_row.addWidget(self.previous_button)
        footer_row.addStretch(1)
        footer_row.addLayout(dots_row)
        footer_row.addWidget(self.counter_label)
        footer_row.addStretch(1)
        footer_row.addWidget(self.next_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.stack, 1)
        column.addWidget(self.footer)

        self.previous_button.clicked.connect(self.navigator.previous)
        self.next_button.clicked.connect(self.navigator.next)
        self.navigator.changed.connect(self._on_slide_changed)
        self.resize(1280, 720)
        self._apply_style()
        self._update_chrome()
        self._entered = False
        self._painted = False

    # --- navigation ---------------------------------------------------------------------
    @property
    def current_index(self) -> int:
        return self.navigator.index

    @property
    def current_view(self) -> SlideView:
        return self.views[self.navigator.index]

    def go_to(self, index: int) -> None:
        """Show slide ``index`` (0-based, clamped)."""
        self.navigator.go(index)

    @Slot(int, int)
    def _on_slide_changed(self, previous: int, index: int) -> None:
        self.views[previous].leave()
        self.stack.setCurrentIndex(index)
        self.views[index].enter()
        self._update_chrome()
        self.slide_changed.emit(index)

    def _update_chrome(self) -> None:
        index, count = self.navigator.index, self.navigator.count
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)
        for number, dot in enumerate(self.dots):
            dot.setChecked(number == index)
        self.counter_label.setText(self.style_.label("slide_of", number=index + 1, total=count))

    def perform(self, action: str) -> bool:
        """Carry out a named action from the key map; True if it is known."""
        handlers = {
            "next": self.navigator.next,
            "previous": self.navigator.previous,
            "first": self.navigator.first,
            "last": self.navigator.last,
            "fullscreen": self.toggle_fullscreen,
        }
        handler = handlers.get(action)
        if handler is None:
            return False
        handler()
        return True

    # --- window state -------------------------------------------------------------------
    def show_fullscreen(self) -> None:
        """Fill the window's screen, with or without a window manager.

        On a bare X session nothing honours a fullscreen request, so the window is also
        frameless and given the screen's geometry explicitly.
        """
        if not self.isFullScreen():
            self._normal_geometry = self.geometry()
        screen = self.screen()
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def show_windowed(self) -> None:
        self.showNormal()
        if self._normal_geometry is not None:
            self.setGeometry(self._normal_geometry)

    @Slot()
    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.show_windowed()
        else:
            self.show_fullscreen()

    # --- events -------------------------------------------------------------------------
    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._entered:
            self._entered = True
            self.current_view.enter()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.keymap.action_for(event)
        if action is None or not self.perform(action):
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Touch arrives here too, as mouse events Qt synthesises from unhandled touches;
        # buttons and the seek bar take their own presses, so a swipe never starts on them.
        position = event.position()
        self.swipe.press(position.x(), position.y(), event.timestamp())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        action = self.swipe.release(
            position.x(),
            position.y(),
            event.timestamp(),
            self.width(),
            self.layoutDirection() == Qt.LayoutDirection.RightToLeft,
        )
        if action is not None:
            self.perform(action)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_style()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self._apply_style()

    def closeEvent(self, event: QCloseEvent) -> None:
        for view in self.views:
            view.release()
        super().closeEvent(event)

    # --- looks --------------------------------------------------------------------------
    def _apply_style(self) -> None:
        style = self.style_
        style.resize(self.width(), self.height())
        self.setStyleSheet(
            f"#main-window {{ background: {style.colour('background').name()}; }}"
            f"QLabel {{ color: {style.colour('text').name()}; }}"
        )
        self.logo_label.setStyleSheet(
            f"color: {style.colour('accent').name()}; font-size: {style.px(30)}px;"
            " font-weight: bold;"
        )
        self.counter_label.setStyleSheet(
            f"color: {style.colour('muted_text').name()}; font-size: {style.px(28)}px;"
        )
        margin = style.px(40)
        self.header_row.setContentsMargins(margin, style.px(20), margin, 0)
        self.footer_row.setContentsMargins(margin, style.px(8), margin, style.px(20))
        self.footer_row.setSpacing(style.px(12))
        side = style.px(80)
        for button in (self.previous_button, self.next_button):
            button.set_side(side)
            button.background = style.colour("accent")
            button.foreground = style.colour("accent_text")
        dot_side = max(style.px(64), 1)
        shown = len(self.dots) * dot_side + 2 * side + style.px(200) <= self.width()
        for dot in self.dots:
            dot.style_ = style
            dot.setFixedSize(dot_side, dot_side)
            dot.setVisible(shown)
        for view in self.views:
            view.apply_style()
