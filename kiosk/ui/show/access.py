"""What a visitor chose in the accessibility menu: one state object, owned by the show.

:class:`Accessibility` holds the text size, high contrast, captions, easy read and reduced
motion. :class:`~kiosk.ui.show.state.Show` owns one (``show.access``); the window, the
accessibility menu, the video slides and the kiosk's attract screen watch its ``changed``
signal, which names the setting that changed. :meth:`Accessibility.reset` (the kiosk's idle
reset) turns everything back to how the next visitor should find it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.ui.style import TEXT_STEPS, Style

TEXT_SIZE, CONTRAST, CAPTIONS, EASY_READ, MOTION = (
    "text_size",
    "high_contrast",
    "captions",
    "easy_read",
    "reduced_motion",
)
"""The names ``changed`` carries."""
LOOKS = frozenset({TEXT_SIZE, CONTRAST, EASY_READ})
"""Settings that change how every slide is drawn (the window rebuilds its views)."""


def platform_reduced_motion() -> bool:
    """Whether the platform asks for less motion. Qt (6.11) exposes only a contrast
    preference, not a motion one, so this is off until it does."""
    return False


class Accessibility(QObject):
    """The visitor's accessibility choices; ``changed`` names the one that changed."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text_step = 0
        """Index into :data:`TEXT_STEPS`: 0 normal, 1 and 2 larger."""
        self.high_contrast = False
        self.captions = True
        """The video's captions (the same state as its CC button): on by default."""
        self.easy_read = False
        self.reduced_motion = platform_reduced_motion()

    @property
    def text_scale(self) -> float:
        return TEXT_STEPS[self.text_step]

    def set_text_step(self, step: int) -> None:
        step = max(0, min(len(TEXT_STEPS) - 1, step))
        if step != self.text_step:
            self.text_step = step
            self.changed.emit(TEXT_SIZE)

    def next_text_step(self) -> None:
        """The menu's "Larger text": one step larger, and from the largest back to normal."""
        self.set_text_step((self.text_step + 1) % len(TEXT_STEPS))

    def set_high_contrast(self, on: bool) -> None:
        self._set(CONTRAST, on)

    def set_captions(self, on: bool) -> None:
        self._set(CAPTIONS, on)

    def set_easy_read(self, on: bool) -> None:
        self._set(EASY_READ, on)

    def set_reduced_motion(self, on: bool) -> None:
        self._set(MOTION, on)

    def toggle(self, name: str) -> None:
        """Switch the on/off setting ``name`` (high contrast, captions, easy read, motion)."""
        self._set(name, not getattr(self, name))

    def _set(self, name: str, on: bool) -> None:
        if bool(on) != getattr(self, name):
            setattr(self, name, bool(on))
            self.changed.emit(name)

    def reset(self) -> None:
        """Everything back to the defaults (the kiosk's idle reset)."""
        self.set_text_step(0)
        for name in (CONTRAST, EASY_READ):
            self._set(name, False)
        self.set_captions(True)
        self.set_reduced_motion(platform_reduced_motion())

    def apply(self, style: Style) -> None:
        """Give ``style`` the choices that change how slides are drawn."""
        style.text_scale = self.text_scale
        style.high_contrast = self.high_contrast
        style.easy_read = self.easy_read
