"""The presentation window: header, the slides, and the navigation bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QScreen,
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
from kiosk.ui.show.controls import ShowControls
from kiosk.ui.show.navigation import KeyMap, Navigator, SwipeTracker
from kiosk.ui.slides.kinds import SlideView, make_slide_view
from kiosk.ui.style import Style
from kiosk.ui.widgets.buttons import RoundButton

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


def move_to_screen(window: QWidget, number: int) -> None:
    """Put ``window`` on screen ``number`` (0 = first); unknown numbers keep the primary."""
    screens = QGuiApplication.screens()
    if not 0 <= number < len(screens):
        log.warning(
            "there is no screen %d (found %d); using the primary screen", number, len(screens)
        )
        return
    screen = screens[number]
    window.setScreen(screen)
    window.move(screen.geometry().topLeft())


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
        self.keymap = KeyMap(overrides=content.keys)
        self.show_controls = ShowControls(self)
        """Talk actions: blank screen, typed slide number, prompts, overview, video keys."""
        self.swipe = SwipeTracker()
        self._normal_geometry: QRect | None = None
        self.setWindowTitle(self.style_.text(content.presentation.title))
        self.setObjectName("main-window")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if content.direction(self.style_.language) == "rtl":
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)

        self.logo_label = QLabel()
        self.logo_label.setObjectName("logo")
        self.stack = QStackedWidget()
        self.views: list[SlideView] = []
        self.dots: list[DotButton] = []
        self.dots_row = QHBoxLayout()
        self.dots_row.setSpacing(0)

        self.previous_button = RoundButton("previous", "")
        self.next_button = RoundButton("next", "")
        self.home_button = RoundButton("home", "")
        self.home_button.setVisible(False)  # kiosk mode shows it
        self.counter_label = QLabel()
        self.counter_label.setObjectName("counter")

        self.header = QWidget()
        self.header_row = header_row = QHBoxLayout(self.header)
        header_row.addWidget(self.logo_label, 1)
        self.footer = QWidget()
        self.footer_row = footer_row = QHBoxLayout(self.footer)
        footer_row.addWidget(self.previous_button)
        footer_row.addWidget(self.home_button)
        footer_row.addStretch(1)
        footer_row.addLayout(self.dots_row)
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
        self.home_button.clicked.connect(self.navigator.first)
        self.navigator.changed.connect(self._on_slide_changed)
        self.close_allowed = True
        """False in kiosk mode: close requests (Alt+F4, the window manager) are ignored."""
        self._entered = False
        self._painted = False
        self._styled_for: tuple[int, int] | None = None
        self.progress_visible = True
        self._build_deck()
        self.resize(1280, 720)
        self._apply_style()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self._on_screen_removed)

    def _build_deck(self) -> None:
        """(Re)create the slide views, dots and words for ``self.content``."""
        content, style = self.content, self.style_
        for view in self.views:
            view.release()
            self.stack.removeWidget(view)
            view.deleteLater()
        for dot in self.dots:
            self.dots_row.removeWidget(dot)
            dot.deleteLater()
        self.views, self.dots = [], []
        self.setWindowTitle(style.text(content.presentation.title))
        self.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft
            if content.direction(style.language) == "rtl"
            else Qt.LayoutDirection.LeftToRight
        )
        logo = content.theme.logo_text or content.presentation.organisation
        self.logo_label.setText(style.text(logo))
        for slide in content.slides:
            view = make_slide_view(slide, style)
            self.views.append(view)
            self.stack.addWidget(view)
        for number in range(1, len(content.slides) + 1):
            dot = DotButton(number, style.label("go_to", number=number))
            dot.clicked.connect(lambda _=False, i=number - 1: self.navigator.go(i))
            self.dots.append(dot)
            self.dots_row.addWidget(dot)
        self.previous_button.set_symbol("previous", style.label("previous"))
        self.next_button.set_symbol("next", style.label("next"))
        self.home_button.set_symbol("home", style.label("home"))
        self.navigator.reset(len(content.slides))
        self.stack.setCurrentIndex(0)
        self.keymap = KeyMap(overrides=content.keys)
        self.show_controls.content_changed()
        self._update_chrome()

    def set_progress_visible(self, visible: bool) -> None:
        """Show or hide the progress dots and "n of N" (the kiosk's attract loop hides them)."""
        self.progress_visible = visible
        self.counter_label.setVisible(visible)
        self._apply_style(force=True)

    def set_content(self, content: Content) -> None:
        """Show new content from its first slide (used by the kiosk's live reload)."""
        self.content = content
        self.style_.content = content
        self.style_.language = content.presentation.language
        self._build_deck()
        self._apply_style(force=True)
        if self.isVisible():
            self.current_view.enter()

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
        if self.show_controls.perform(action):
            return True
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
    def show_fullscreen(self, screen: QScreen | None = None) -> None:
        """Fill ``screen`` (default: the window's own), with or without a window manager.

        On a bare X session nothing honours a fullscreen request, so the window is also
        frameless and given the screen's geometry explicitly.
        """
        if not self.isFullScreen():
            self._normal_geometry = self.geometry()
        elif screen is not None and screen is not self.screen():
            self.showNormal()  # a window manager moves a fullscreen window only once normal
        if screen is None:
            screen = self.screen()
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def show_windowed(self) -> None:
        screen = self.screen()
        self.showNormal()
        if self._normal_geometry is not None:
            geometry = QRect(self._normal_geometry)
            if not screen.geometry().intersects(geometry):  # never shown on this screen
                geometry.moveCenter(screen.availableGeometry().center())
            self.setGeometry(geometry)

    @Slot(QScreen)
    def _on_screen_removed(self, _screen: QScreen) -> None:
        # Qt moves the window to the primary screen after this signal, keeping its old
        # position: with no window manager (a kiosk) it stays where the projector was.
        QTimer.singleShot(0, self, self._fit_to_screen)

    def _fit_to_screen(self) -> None:
        """Bring the window back onto its screen if it lies off every screen."""
        if not self.isVisible() or self.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen):
            return  # hidden, or a preview that is only ever drawn into pictures
        screen = self.screen()
        if self.isFullScreen():
            if self.geometry() != screen.geometry():
                log.info("a screen went away; filling %s", screen.name())
                self.show_fullscreen(screen)
            return
        centre = self.geometry().center()
        if not any(s.geometry().contains(centre) for s in QGuiApplication.screens()):
            log.info("a screen went away; moving the window to %s", screen.name())
            available = screen.availableGeometry()
            geometry = QRect(self.geometry())
            geometry.setSize(geometry.size().boundedTo(available.size()))
            geometry.moveCenter(available.center())
            self.setGeometry(geometry)

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

    def handle_key(self, event: QKeyEvent) -> bool:
        """Act on a key press (also those the presenter console passes on); True if used."""
        if self.show_controls.handle_key(event):
            return True
        action = self.keymap.action_for(event)
        return action is not None and self.perform(action)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event):
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab is a key of the key map (overview), not focus travel

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
            self._apply_style(force=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_allowed:
            log.info("close request ignored (kiosk mode)")
            event.ignore()
            return
        for view in self.views:
            view.release()
        super().closeEvent(event)

    # --- looks --------------------------------------------------------------------------
    def _apply_style(self, *, force: bool = False) -> None:
        style = self.style_
        key = (self.width(), self.height())
        if key == self._styled_for and not force:
            return  # show() resizes to the size __init__ already styled for
        self._styled_for = key
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
        for button in (self.previous_button, self.next_button, self.home_button):
            button.set_side(side)
            button.background = style.colour("accent")
            button.foreground = style.colour("accent_text")
        dot_side = max(style.px(64), 1)
        fits = len(self.dots) * dot_side + 2 * side + style.px(200) <= self.width()
        shown = fits and self.progress_visible
        for dot in self.dots:
            dot.style_ = style
            dot.setFixedSize(dot_side, dot_side)
            dot.setVisible(shown)
        for view in self.views:
            view.apply_style()
