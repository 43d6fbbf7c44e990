"""The talk's layers: the "Go to slide" prompt (G), the key map (?) and the overview (O).

:class:`TalkLayers` opens each on its *host*: the audience window, or the presenter console
while that is shown (so the audience keeps seeing the slide while the presenter looks
around). It registers the three actions with the show's registry, and it is the first to see
a key press: an open prompt, key map or overview takes every key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from kiosk.content.actions import VISITOR_ACTIONS, Action
from kiosk.ui.show.keyhelp import KeyHelp
from kiosk.ui.show.layers import GoToPrompt
from kiosk.ui.show.state import Show
from kiosk.ui.style import Style
from kiosk.ui.widgets.layer import Layer, modal_layer

if TYPE_CHECKING:
    from kiosk.ui.render.pictures import SlideRenderer
    from kiosk.ui.show.overview import Overview


class TalkLayers(QObject):
    """The prompt, the key map and the overview of ``show``, opened on the current host."""

    def __init__(
        self, show: Show, window: QWidget, style: Style, pictures: Callable[[], SlideRenderer]
    ) -> None:
        super().__init__(window)
        self.show_state = show
        self.window = window
        self.style_ = style
        self.pictures = pictures
        """The window's slide pictures, made when first asked for (the overview)."""
        self._host = window
        self.visitors_only = False
        """Kiosk mode: the key map lists only what a visitor's keys may do."""
        self._layers: dict[tuple[str, int], Layer] = {}
        show.actions.register_all(
            {
                Action.GO_TO_SLIDE: lambda: self.prompt().open(),
                Action.HELP: lambda: self.key_help().open(),
                Action.OVERVIEW: self._open_overview,
            },
            owner=self,
        )
        show.content_changed.connect(self._drop_layers)

    # --- the host -----------------------------------------------------------------------
    @property
    def host(self) -> QWidget:
        """Where the prompt, the key map and the overview appear."""
        return self._host

    def take(self, host: QWidget) -> None:
        """Open the layers on ``host`` from now on (the presenter console, when shown)."""
        self._host = host

    def give_back(self, host: QWidget) -> None:
        """``host`` is going away: close its layers and open them on the window again."""
        if self._host is host:
            self.close_layers()
            self._host = self.window

    # --- keys ---------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        """Give the key to an open prompt, key map or overview, if any; True if one took it."""
        layer = modal_layer(self._host) or modal_layer(self.window)
        if layer is None:
            return False
        layer.handle_key(event)
        return True

    # --- the layers ---------------------------------------------------------------------
    def _layer(self, kind: str, make: Callable[[QWidget], Layer]) -> Layer:
        host = self._host
        key = (kind, id(host))
        layer = self._layers.get(key)
        if layer is None or layer.host is not host:
            layer = make(host)
            self._layers[key] = layer
        return layer

    def prompt(self) -> GoToPrompt:
        """The "Go to slide" prompt on the host."""

        def make(host: QWidget) -> GoToPrompt:
            prompt = GoToPrompt(host, self.style_, self.show_state.count)
            prompt.chosen.connect(self.show_state.jump)
            return prompt

        layer = self._layer("prompt", make)
        assert isinstance(layer, GoToPrompt)
        layer.count = self.show_state.count
        return layer

    def key_help(self) -> KeyHelp:
        """The ``?`` key map on the host: the keys of the actions someone here carries out
        (the presenter console's timer and screen swap only while the console is shown; in
        kiosk mode, only a visitor's)."""
        actions = self.show_state.actions
        bindings = {
            action: keys
            for action, keys in self.show_state.keymap.bindings().items()
            if actions.handler(action) is not None
            and (action in VISITOR_ACTIONS or not self.visitors_only)
        }
        layer = self._layer("help", lambda host: KeyHelp(host, self.style_, bindings))
        assert isinstance(layer, KeyHelp)
        layer.set_bindings(bindings)
        return layer

    def overview(self) -> Overview:
        """The slide overview on the host."""
        from kiosk.ui.show.overview import Overview  # lazy: start-up

        def make(host: QWidget) -> Overview:
            overview = Overview(host, self.pictures(), self.show_state.count, self.style_)
            overview.chosen.connect(self.show_state.jump)
            return overview

        layer = self._layer("overview", make)
        assert isinstance(layer, Overview)
        return layer

    def _open_overview(self) -> None:
        self.pictures().set_shape(self.window.width(), self.window.height())
        self.overview().open_at(self.show_state.index)

    def close_layers(self) -> None:
        """Close every prompt, key map and overview (a blank screen stays as it is)."""
        for layer in self._layers.values():
            layer.close_layer()

    @Slot(object)
    def _drop_layers(self, _content: object) -> None:
        """New content: the layers made for the old one go."""
        for layer in self._layers.values():
            layer.hide()
            layer.deleteLater()
        self._layers.clear()
