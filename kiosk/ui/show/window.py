"""The audience window: header, the slides, the navigation bar, and the talk's layers.

The window is a view of its :class:`~kiosk.ui.show.state.Show`: it shows the show's slide,
covers it with the show's blank screen, and turns keys, buttons, dots and swipes into the
show's actions. It carries out the window's own actions (F5, Esc, F11) and keeps the slide
pictures (:attr:`pictures`) the overview and the presenter console draw from.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Content
from kiosk.content.actions import Action
from kiosk.ui.app import use_language_fonts
from kiosk.ui.show.bars import build_footer, style_bars, word_bars
from kiosk.ui.show.deck import Deck
from kiosk.ui.show.languages import LanguageControl
from kiosk.ui.show.layers import BlankLayer
from kiosk.ui.show.navigation import SwipeTracker
from kiosk.ui.show.spoken import Narrator
from kiosk.ui.show.state import Blank, Show
from kiosk.ui.show.talk import TalkLayers
from kiosk.ui.slides.base import SlideView
from kiosk.ui.style import Style
from kiosk.ui.widgets.buttons import DotButton, make_dots
from kiosk.ui.widgets.focus import FocusRing
from kiosk.ui.widgets.screens import fill_screen, fit_to_screen, show_windowed

if TYPE_CHECKING:
    from kiosk.ui.render.pictures import SlideRenderer
    from kiosk.ui.show.accessmenu import AccessControl
    from kiosk.ui.show.allslides import AllSlidesControl
    from kiosk.ui.widgets.buttons import LabelButton, RoundButton

log = logging.getLogger(__name__)


class MainWindow(QWidget):
    """Shows a :class:`Content` as slides, moved by keys, buttons, dots and swipes.

    ``slide_changed`` carries the new slide index after the slide is shown.
    """

    slide_changed = Signal(int)
    first_painted = Signal()
    """Emitted once, after the first slide was painted (benchmarks time start-up by it)."""
    # The navigation bar (bars.build_footer makes it).
    footer: QWidget
    footer_row: QHBoxLayout
    track_row: QHBoxLayout
    track: QHBoxLayout
    dots_row: QHBoxLayout
    counter_label: QLabel
    previous_button: RoundButton
    next_button: RoundButton
    home_button: LabelButton
    start_again_button: LabelButton
    access: AccessControl
    all_slides: AllSlidesControl

    def __init__(
        self, content: Content, *, language: str | None = None, preview: bool = False
    ) -> None:
        super().__init__()
        self.show_state = Show(content, language=language, parent=self)
        """What the audience is shown; the one owner of that state."""
        self.style_ = Style(content, self.show_state.language, preview=preview)
        self._pictures: SlideRenderer | None = None
        self.talk_layers = TalkLayers(self.show_state, self, self.style_, lambda: self.pictures)
        self._blank_layer: BlankLayer | None = None
        self.focus_ring = FocusRing(self)
        self.narrator = Narrator(self.show_state, lambda: self.current_view, self.style_, self)
        self.swipe = SwipeTracker()
        self.close_allowed = True
        """False in kiosk mode: close requests (Alt+F4, the window manager) are ignored."""
        self.navigation_visible = True
        self.sealed = False
        self.touch_controls = True  # False: the slide only (a presenter's audience screen)
        self.dots: list[DotButton] = []
        self._normal_geometry: QRect | None = None
        self._entered = self._painted = False
        self._styled_for: tuple[int, int] | None = None
        self._style_held = False  # see styled_once
        self.setObjectName("main-window")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build_chrome()
        self.deck = Deck(self.stack, self.style_, self._adopt_view)
        self._connect()
        self._build_deck()
        self.resize(1280, 720)
        self._apply_style()

    @property
    def pictures(self) -> SlideRenderer:
        """Pictures of the slides, with this window's shape (overview, presenter console);
        made when first asked for, not before the first slide shows."""
        if self._pictures is None:
            from kiosk.ui.render.pictures import SlideRenderer  # lazy: start-up

            language = self.show_state.language
            self._pictures = SlideRenderer(self.content, parent=self, language=language)
            self._pictures.set_shape(self.width(), self.height())
        return self._pictures

    @property
    def blank_layer(self) -> BlankLayer:
        """The black or white screen (B, W), made when first needed."""
        if self._blank_layer is None:
            self._blank_layer = BlankLayer(self)
        return self._blank_layer

    @Slot(object)
    def _show_blank(self, blank: Blank) -> None:
        if blank or self._blank_layer is not None:
            self.blank_layer.show_blank(blank)

    def _build_chrome(self) -> None:
        """The header (the name, the language button), the slide stack and the navigation
        bar (bars.py)."""
        self.logo_label = QLabel()
        self.logo_label.setObjectName("logo")
        self.stack = QStackedWidget()
        self.header = QWidget()
        self.header_row = QHBoxLayout(self.header)
        self.logo_label.setWordWrap(True)  # a long name in a narrow window: two lines
        self.header_row.addWidget(self.logo_label, 1)
        self.languages = LanguageControl(self.show_state, self, self.style_, self.header_row)
        build_footer(self, self, self._rebuild)
        column = QVBoxLayout(self)
        # The window's size is the screen's or the user's, never grown by its contents.
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.stack, 1)
        column.addWidget(self.footer)

    def _connect(self) -> None:
        show = self.show_state
        self.previous_button.clicked.connect(lambda: show.perform(Action.PREVIOUS))
        self.next_button.clicked.connect(lambda: show.perform(Action.NEXT))
        self.home_button.clicked.connect(lambda: show.perform(Action.FIRST))
        self.start_again_button.clicked.connect(lambda: show.perform(Action.FIRST))
        show.slide_changed.connect(self._on_slide_changed)
        show.blank_changed.connect(self._show_blank)
        show.content_changed.connect(self._rebuild)
        show.language_changed.connect(self._rebuild)
        show.actions.register_all(
            {
                Action.START: self.start_show,
                Action.LEAVE_FULLSCREEN: self.leave_fullscreen,
                Action.FULLSCREEN: self.toggle_fullscreen,
            },
            owner=self,
        )
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self._on_screen_removed)

    def _build_deck(self) -> None:
        """(Re)create the slide views, dots and words for the show's content."""
        content, style = self.content, self.style_
        self.deck.reset(content.slides)
        for dot in self.dots:
            self.dots_row.removeWidget(dot)
            dot.hide()  # out of the row until deleted: never drawn at the window's corner
            dot.deleteLater()
        use_language_fonts(content.theme.font, style.language)  # Nastaliq first for Urdu
        self.access.refresh([])  # the views come to it as they are made
        self.deck.start(self.show_state.index, rest_now=self._painted)  # rest: after 1st paint
        self.dots = make_dots(len(content.slides), style, self.show_state.go)
        for dot in self.dots:
            self.dots_row.addWidget(dot)
        self.setWindowTitle(style.text(content.presentation.title))
        QGuiApplication.setApplicationDisplayName(style.label("app_name"))  # the title's suffix
        self.languages.refresh()  # the language button, and the layout's direction
        self.all_slides.refresh()
        word_bars(self, content.theme.logo_text or content.presentation.organisation)
        self.stack.setCurrentIndex(self.show_state.index)
        self._update_chrome()

    def _adopt_view(self, view: SlideView) -> None:
        """A view just made (:class:`Deck`): its controls, links, captions, looks, player."""
        view.set_touch_controls(self.touch_controls)
        view.open_slide.connect(
            lambda slide_id: self.show_state.go(self.content.index_of(slide_id))
        )
        self.access.adopt(view)  # captions, transcript
        if self._styled_for is not None:
            view.apply_style()
        self.show_state.set_media(self.deck.media())

    # --- the show -----------------------------------------------------------------------
    @property
    def content(self) -> Content:
        return self.show_state.content

    @property
    def current_index(self) -> int:
        return self.show_state.index

    @property
    def current_view(self) -> SlideView:
        return self.deck.view(self.show_state.index)

    @property
    def views(self) -> list[SlideView]:
        """Every slide's view, in slide order (those not made yet are made now)."""
        return self.deck.all()

    def go_to(self, index: int) -> None:
        """Show slide ``index`` (0-based, clamped)."""
        self.show_state.go(index)

    def perform(self, action: Action | str) -> bool:
        """Carry out a named action, as a key would; True if it is known."""
        return self.show_state.perform(Action.named(action))

    def set_content(self, content: Content) -> None:
        """Show new content from its first slide (used by the kiosk's live reload)."""
        self.show_state.set_content(content)

    @Slot()
    def _rebuild(self) -> None:
        """New content or a new language: every view and word again, on the same slide."""
        content, language = self.content, self.show_state.language
        film = self.current_view.media  # the film, in a new language or look, plays on
        moment = film.moment() if film is not None else None
        self.style_.content, self.style_.language = content, language
        if self._pictures is not None:
            self._pictures.set_content(content, language)
        self._build_deck()
        self._apply_style(force=True)
        if self.isVisible():
            self.current_view.enter()
            if moment is not None and (film := self.current_view.media) is not None:
                film.carry_on(moment)

    @Slot(int, int)
    def _on_slide_changed(self, previous: int, index: int) -> None:
        self.deck.view(previous).leave()
        self.stack.setCurrentIndex(index)
        self.deck.view(index).enter()
        self._update_chrome()
        self.slide_changed.emit(index)

    def _update_chrome(self) -> None:
        index, count = self.show_state.index, self.show_state.count
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)
        # The kiosk's last slide is no dead end: "Start again" instead of a greyed arrow.
        at_end = self.sealed and index == count - 1
        shown = self.navigation_visible
        visible = {
            self.next_button: shown and not at_end,
            self.previous_button: shown,
            self.home_button: shown and self.sealed and not at_end,
            self.start_again_button: shown and at_end,
            self.access.button: shown,
            self.all_slides.button: shown and self.all_slides.fits,
        }
        for button in sorted(visible, key=lambda button: visible[button]):  # hide first
            button.setVisible(visible[button])
        for number, dot in enumerate(self.dots):
            dot.setChecked(number == index)
        self.counter_label.setText(self.style_.label("slide_of", number=index + 1, total=count))

    def set_navigation_visible(self, visible: bool) -> None:
        """Show or hide the buttons, the progress dots and "n of N" (the kiosk's attract
        screen hides them: nothing there looks like a control but its call to touch)."""
        self.navigation_visible = visible
        self.counter_label.setVisible(visible)
        self._update_chrome()
        self._apply_style(force=True)

    def seal(self, sealed: bool = True) -> None:
        """Kiosk mode: refuse close requests and context menus, offer the home button and,
        on the last slide, "Start again"; ``seal(False)`` (unseal) undoes it."""
        self.sealed, self.close_allowed = sealed, not sealed
        self.talk_layers.visitors_only = sealed
        menus = Qt.ContextMenuPolicy
        self.setContextMenuPolicy(menus.NoContextMenu if sealed else menus.DefaultContextMenu)
        self._update_chrome()
        self._apply_style(force=True)

    def unseal(self) -> None:
        self.seal(False)

    def reset_views(self) -> None:
        """Forget a visitor's choices on every slide (videos stopped, sound and captions on)."""
        for view in self.deck.made():  # one not made yet has nothing to forget
            view.reset()

    painted = property(lambda self: self._painted, doc="The first slide was painted.")

    # --- window state -------------------------------------------------------------------
    def show_fullscreen(self, screen: QScreen | None = None) -> None:
        """Fill ``screen`` (default: the window's own), with or without a window manager."""
        if not self.isFullScreen():
            self._normal_geometry = self.geometry()
        fill_screen(self, screen or self.screen())

    def show_windowed(self) -> None:
        show_windowed(self, self._normal_geometry)

    @Slot()
    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.show_windowed()
        else:
            self.show_fullscreen()

    def start_show(self) -> None:
        """F5: the slide showing, fullscreen."""
        self.show_state.set_blank(Blank.NONE)
        if not self.isFullScreen():
            self.show_fullscreen()

    def leave_fullscreen(self) -> None:
        """Esc: leave fullscreen (never quits)."""
        if self.isFullScreen():
            self.show_windowed()

    @Slot(QScreen)
    def _on_screen_removed(self, _screen: QScreen) -> None:
        # Qt moves the window to the primary screen after this signal, keeping its old
        # position: with no window manager (a kiosk) it stays where the projector was.
        QTimer.singleShot(0, self, self._fit_to_screen)

    def _fit_to_screen(self) -> None:
        fit_to_screen(self, self.show_fullscreen)

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
            self.deck.make_rest_later()

    def handle_key(self, event: QKeyEvent) -> bool:
        """Act on a key press (also those the presenter console passes on); True if used."""
        return self.talk_layers.handle_key(event) or self.show_state.handle_key(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.focus_ring.handle_key(event) and not self.handle_key(event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        self.show_state.note_key_release(event)
        super().keyReleaseEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return self.focus_ring.travel(next)  # Tab: the controls, with a ring (widgets/focus.py)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # Touch arrives here too, as mouse events Qt synthesises from unhandled touches;
        # buttons and the seek bar take their own presses, so a swipe never starts on them.
        position = event.position()
        self.swipe.press(position.x(), position.y(), event.timestamp())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        action = self.swipe.release(
            position.x(), position.y(), event.timestamp(), self.width(), right_to_left
        )
        if action is not None:
            self.show_state.perform(action)

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
        for view in self.deck.made():
            view.release()
        super().closeEvent(event)

    # --- looks --------------------------------------------------------------------------
    @contextmanager
    def styled_once(self) -> Iterator[None]:
        """Restyle once, on leaving, for all the changes made inside (a kiosk's start)."""
        self._style_held = True
        try:
            yield
        finally:
            self._style_held = False
            self._apply_style(force=True)

    def _apply_style(self, *, force: bool = False) -> None:
        if self._style_held:
            self._styled_for = None  # styled_once restyles on leaving
            return
        style = self.style_
        key = (self.width(), self.height())
        if key == self._styled_for and not force:
            return  # show() resizes to the size __init__ already styled for
        self._styled_for = key
        style.resize(self.width(), self.height())
        if self._pictures is not None:
            self._pictures.set_shape(self.width(), self.height())
        self.setStyleSheet(
            f"#main-window {{ background: {style.colour('background').name()}; }}"
            f"QLabel {{ color: {style.colour('text').name()}; }}"
            f"QWidget {{ font-family: {style.css_families()}; }}"
        )
        style_bars(self)  # the header and the navigation bar
        for view in self.deck.made():
            view.apply_style()
