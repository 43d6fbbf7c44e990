"""What a screen reader hears of the audience window, and the captions key.

A slide change is announced ("Slide 3 of 9: Our work"); the video slide announces its own
captions while the visitor has asked for them (see
:meth:`~kiosk.ui.slides.video.VideoSlideView.set_captions`). The captions key (C) is carried
out here because the captions belong to the slide's view, not to the show.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from kiosk.content.actions import Action
from kiosk.ui.show.state import Blank, Show
from kiosk.ui.slides.base import SlideView
from kiosk.ui.style import Style
from kiosk.ui.widgets.announce import announce


class Narrator(QObject):
    """Announces slide changes for ``window`` and toggles the current view's captions."""

    def __init__(
        self, show: Show, current_view: Callable[[], SlideView], style: Style, window: QWidget
    ) -> None:
        super().__init__(window)
        self.show = show
        self.current_view = current_view
        self.style_ = style
        self.window_ = window
        show.slide_changed.connect(self._on_slide_changed)
        show.actions.register(Action.CAPTIONS, self.toggle_captions, owner=self)

    def slide_words(self, index: int) -> str:
        """ "Slide 3 of 9: Our work"."""
        show = self.show
        title = show.text(show.content.slides[index].title)
        return self.style_.label(
            "slide_announcement", number=index + 1, total=show.count, title=title
        )

    @Slot(int, int)
    def _on_slide_changed(self, _previous: int, index: int) -> None:
        announce(self.window_, self.slide_words(index))

    def toggle_captions(self) -> None:
        """The C key: captions on or off on the video slide (nothing elsewhere)."""
        if self.show.media is None:
            return
        self.show.set_blank(Blank.NONE)
        self.current_view().toggle_captions()
