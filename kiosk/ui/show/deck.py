"""The window's slide views, made when first needed: start-up makes the shown slide's view
only, and the others one per event-loop turn once the first slide is painted.

Making all nine views of the bundled content before the first paint cost about 40 ms of a
0.35 s start-up (bench/RESULTS.md). Until its view is made, a slide's place in the stack
holds an empty widget, never shown: a slide is shown through :meth:`Deck.view`, which
makes the view first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.content import Slide
from kiosk.ui.slides.base import SlideView
from kiosk.ui.slides.factory import make_slide_view
from kiosk.ui.style import Style

if TYPE_CHECKING:
    from kiosk.ui.slides.player import VideoPlayer  # made with the first video slide's view


class Deck(QObject):
    """The views of ``slides`` in ``stack``, slide ``i`` at stack index ``i``, in ``style``.

    ``adopt(view)`` is called once each new view is in the stack (the window connects it and
    styles it there).
    """

    def __init__(
        self, stack: QStackedWidget, style: Style, adopt: Callable[[SlideView], None]
    ) -> None:
        super().__init__(stack)
        self.stack, self.style, self._adopt = stack, style, adopt
        self.slides: Sequence[Slide] = ()
        self._views: list[SlideView | None] = []
        self._pending = False

    def reset(self, slides: Sequence[Slide]) -> None:
        """Let go of every view (released, deleted later) and hold an empty place per slide."""
        while (widget := self.stack.widget(0)) is not None:
            if isinstance(widget, SlideView):
                widget.release()
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.slides = slides
        self._views = [None] * len(slides)
        for _ in slides:
            self.stack.addWidget(QWidget())

    def start(self, index: int, *, rest_now: bool) -> None:
        """Make slide ``index``'s view now, and the others later if ``rest_now`` (else once
        :meth:`make_rest_later` is called: the window calls it at its first paint)."""
        self.view(index)
        if rest_now:
            self.make_rest_later()

    def view(self, index: int) -> SlideView:
        """Slide ``index``'s view, made now if it was not yet."""
        view = self._views[index]
        if view is None:
            view = self._views[index] = make_slide_view(self.slides[index], self.style)
            placeholder = self.stack.widget(index)
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, view)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._adopt(view)
        return view

    def media(self) -> list[VideoPlayer | None]:
        """Each slide's video player (None for a slide without one, or not made yet)."""
        return [None if view is None else view.media for view in self._views]

    def made(self) -> list[SlideView]:
        """The views made so far, in slide order."""
        return [view for view in self._views if view is not None]

    def all(self) -> list[SlideView]:
        """Every slide's view (the missing ones are made now)."""
        return [self.view(index) for index in range(len(self._views))]

    def complete(self) -> bool:
        return None not in self._views

    def make_rest_later(self) -> None:
        """Make the missing views one per event-loop turn, so a key pressed meanwhile waits
        for one view at most (a few ms), not for all of them."""
        if not self._pending and not self.complete():
            self._pending = True
            QTimer.singleShot(0, self, self._make_next)

    def _make_next(self) -> None:
        self._pending = False
        missing = next((i for i, view in enumerate(self._views) if view is None), None)
        if missing is not None:
            self.view(missing)
            self.make_rest_later()
