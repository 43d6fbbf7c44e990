"""What a presenter does during a talk, beyond moving through the slides.

:class:`ShowControls` belongs to a :class:`~kiosk.ui.show.window.MainWindow` and carries out the
key map's talk actions (``MainWindow.perform`` asks it first): black and white screen, a
typed slide number then Enter, the G prompt, the ``?`` key map, the overview, the video
keys, F5 and Esc. The presenter console moves the prompts and the overview onto itself
(``layer_host``) and adds its own actions (``extra_actions``: timer, swap screens).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QElapsedTimer, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from kiosk.content.actions import MOVES
from kiosk.ui.show.layers import DIGIT_KEYS, BlankLayer, GoToPrompt, Layer, modal_layer

if TYPE_CHECKING:
    from kiosk.ui.render.pictures import SlideRenderer
    from kiosk.ui.show.keyhelp import KeyHelp
    from kiosk.ui.show.overview import Overview
    from kiosk.ui.show.window import MainWindow

log = logging.getLogger(__name__)

NUMBER_TIMEOUT_MS = 4000
"""Digits typed further apart than this start a new number."""


class ShowControls(QObject):
    """The talk actions of one audience window; see the module docstring."""

    blank_changed = Signal(str)
    """``"black"``, ``"white"`` or ``""`` (the slide is showing)."""
    typed_number_changed = Signal(str)
    """The slide number typed so far (``""`` when none)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.layer_host: QWidget = window
        """Where the prompt, the key map and the overview appear."""
        self.extra_actions: dict[str, Callable[[], object]] = {}
        """Actions added by the presenter console; they come before the window's own."""
        self.renderer: SlideRenderer | None = None
        self.blank_layer = BlankLayer(window)
        self.blank_layer.visibility_changed.connect(self._update_cover)
        self.typed = ""
        self._typed_clock = QElapsedTimer()
        self._layers: dict[tuple[str, int], Layer] = {}

    # --- blank screen -------------------------------------------------------------------
    @property
    def blank(self) -> str:
        return self.blank_layer.colour if self.blank_layer.isVisible() else ""

    def set_blank(self, colour: str) -> None:
        """Cover the slide with ``"black"`` or ``"white"``, or show it again with ``""``."""
        if colour == self.blank:
            return
        if colour:
            self.blank_layer.colour = colour
            self.blank_layer.open()
            self.blank_layer.update()
            self._pause_video()
        else:
            self.blank_layer.hide()
        self.blank_changed.emit(colour)

    def toggle_blank(self, colour: str) -> None:
        self.set_blank("" if self.blank == colour else colour)

    def _pause_video(self) -> None:
        from kiosk.ui.slides.player import PlayState
        from kiosk.ui.slides.video import VideoSlideView

        view = self.window.current_view
        if isinstance(view, VideoSlideView) and view.player.state is PlayState.PLAYING:
            view.player.pause()

    def _update_cover(self) -> None:
        """Hide the video picture while a layer covers the audience window.

        QVideoWidget draws through a native child window, which would show through any
        widget laid over it.
        """
        from kiosk.ui.slides.video import VideoSlideView

        if not shiboken6.isValid(self.window):
            return  # the window is being torn down
        covered = any(
            isinstance(child, Layer) and child.isVisible() for child in self.window.children()
        )
        for view in self.window.views:
            if isinstance(view, VideoSlideView):
                view.stage.setVisible(not covered)

    # --- keys ---------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        """Keys that come before the key map: an open layer's, digits, Enter after digits."""
        layer = modal_layer(self.window)
        if layer is not None:
            layer.handle_key(event)
            return True
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = not modifiers & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if key in DIGIT_KEYS and plain:
            if not self._typed_clock.isValid() or self._typed_clock.elapsed() > NUMBER_TIMEOUT_MS:
                self.typed = ""
            self._set_typed((self.typed + str(DIGIT_KEYS[key]))[-4:])
            self._typed_clock.start()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.typed and plain:
            number = int(self.typed)
            self._set_typed("")
            if 1 <= number <= self.window.navigator.count:
                self.set_blank("")
                self.window.go_to(number - 1)
            else:
                log.info("no slide %d; staying on this one", number)
            return True
        return False

    def _set_typed(self, typed: str) -> None:
        if typed != self.typed:
            self.typed = typed
            self.typed_number_changed.emit(typed)

    # --- actions ------------------------------------------------------------------------
    def perform(self, action: str) -> bool:
        """Carry out a talk action; False leaves ``action`` to the window's own handlers."""
        self._set_typed("")
        extra = self.extra_actions.get(action)
        if extra is not None:
            extra()
            return True
        if action in MOVES and self.blank:
            self.set_blank("")  # the first press after a blank brings the slide back
            return True
        window = self.window
        if action in ("black", "white"):
            self.toggle_blank(action)
        elif action == "start":
            self.set_blank("")
            if not window.isFullScreen():
                window.show_fullscreen()
        elif action == "leave_fullscreen":
            if window.isFullScreen():
                window.show_windowed()
        elif action == "go_to_slide":
            self.prompt().open()
        elif action == "help":
            self.key_help().open()
        elif action == "overview":
            self.slide_renderer().set_shape(window.width(), window.height())
            self.overview().open_at(window.current_index)
        elif action in ("video_toggle", "video_restart"):
            from kiosk.ui.slides.video import VideoSlideView

            view = window.current_view
            if isinstance(view, VideoSlideView):
                self.set_blank("")
                if action == "video_toggle":
                    view.toggle()
                else:
                    view.restart()
        else:
            return False
        return True

    # --- layers -------------------------------------------------------------------------
    def _layer(self, kind: str, make: Callable[[QWidget], Layer]) -> Layer:
        host = self.layer_host
        key = (kind, id(host))
        layer = self._layers.get(key)
        if layer is None or layer.host is not host:
            layer = make(host)
            if host is self.window:
                layer.visibility_changed.connect(self._update_cover)
            self._layers[key] = layer
        return layer

    def prompt(self) -> GoToPrompt:
        """The "Go to slide" prompt on the layer host."""

        def make(host: QWidget) -> GoToPrompt:
            prompt = GoToPrompt(host, self.window.navigator.count)
            theme = self.window.content.theme
            prompt.set_colours(theme.surface, theme.text, theme.accent)
            prompt.chosen.connect(self._go)
            return prompt

        layer = self._layer("prompt", make)
        assert isinstance(layer, GoToPrompt)
        layer.count = self.window.navigator.count
        return layer

    def key_help(self) -> KeyHelp:
        """The ``?`` key map on the layer host."""
        from kiosk.ui.show.keyhelp import KeyHelp

        def make(host: QWidget) -> KeyHelp:
            help_layer = KeyHelp(host, self.window.keymap.bindings())
            theme = self.window.content.theme
            help_layer.set_colours(theme.surface, theme.text, theme.accent)
            return help_layer

        layer = self._layer("help", make)
        assert isinstance(layer, KeyHelp)
        layer.set_bindings(self.window.keymap.bindings())
        return layer

    def overview(self) -> Overview:
        """The slide overview on the layer host."""
        from kiosk.ui.show.overview import Overview

        def make(host: QWidget) -> Overview:
            overview = Overview(host, self.slide_renderer(), self.window.navigator.count)
            overview.chosen.connect(self._go)
            return overview

        layer = self._layer("overview", make)
        assert isinstance(layer, Overview)
        return layer

    def slide_renderer(self) -> SlideRenderer:
        """The renderer of slide pictures (shared with the console, made on first use)."""
        if self.renderer is None:
            from kiosk.ui.render.pictures import SlideRenderer

            self.renderer = SlideRenderer(self.window.content, parent=self)
            self.renderer.set_shape(self.window.width(), self.window.height())
        return self.renderer

    def _go(self, index: int) -> None:
        self.set_blank("")
        self.window.go_to(index)

    def content_changed(self) -> None:
        """The window shows new content: drop what was made for the old one."""
        self.set_blank("")
        self._set_typed("")
        for layer in self._layers.values():
            layer.hide()
            layer.deleteLater()
        self._layers.clear()
        if self.renderer is not None:
            self.renderer.close()
            self.renderer.deleteLater()
        self.renderer = None

    def close_layers(self) -> None:
        """Close every prompt, key map and overview (blank stays as it is)."""
        for layer in self._layers.values():
            layer.close_layer()
