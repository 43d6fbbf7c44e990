"""Colours, scale and words: the one place for the look of every view.

The audience's colours come from the content's theme (:class:`Style`); the presenter console
and the overview use :data:`CONSOLE`, dark whatever the theme; :data:`DIM` darkens a slide under
a prompt or a kiosk card. :func:`scale_for` is the one scale formula.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from kiosk.content import Content, Text, Theme

DESIGN_SHORT_SIDE = 1080
"""Slides are designed for a 1080-pixel short side (1920x1080 or 1080x1920)."""
MIN_SCALE = 0.3
MIN_TOUCH = 48
"""Screen pixels: the smallest side of anything a visitor touches (a 7-inch 800x480 panel)."""


def scale_for(width: int, height: int) -> float:
    """Screen pixels per design pixel for a ``width`` x ``height`` area (1.0 at 1080p)."""
    return max(MIN_SCALE, min(width, height) / DESIGN_SHORT_SIDE)


DEFAULT_THEME = Theme()
"""The theme's defaults: what a widget draws with before its view gives it the content's."""


@dataclass(frozen=True)
class ConsolePalette:
    """The presenter console's colours: dark (less glare on a lectern), whatever the theme."""

    background: str = "#1D2328"
    panel: str = "#2B3338"
    text: str = "#FFFFFF"
    muted: str = "#C3CBD0"
    accent: str = "#FFB81C"
    """NHS warm yellow: visible on the dark background."""
    danger: str = "#D5281B"


CONSOLE = ConsolePalette()
BLACK, WHITE = "#000000", "#FFFFFF"
"""The blank screens, and text on them."""
DIM = QColor(0, 0, 0, 160)
"""Laid over a slide under a card (a prompt, the key map, the kiosk's cards)."""
PRINT_FRAME = "#AEB7BD"
"""The thin frame around a slide on a printed handout page."""


@dataclass
class Style:
    """What a view needs to draw itself: the content's theme and words, and the scale.

    ``unit`` is screen pixels per design pixel: 1.0 at 1080p, 2.0 at 4K, 0.67 at 720p.
    """

    content: Content
    language: str
    unit: float = 1.0
    portrait: bool = False
    preview: bool = False
    """True when rendering still pictures: no media is opened."""

    def px(self, design_pixels: float) -> int:
        """Convert a size at 1080p to screen pixels for the current window."""
        return px(design_pixels, self.unit)

    def colour(self, name: str) -> QColor:
        """A theme colour by field name, e.g. ``"accent"``."""
        return QColor(getattr(self.content.theme, name))

    def text(self, value: Text | None) -> str:
        """A content text in the current language ("" for a missing optional text)."""
        return value.get(self.language) if value is not None else ""

    def label(self, name: str, **fields: object) -> str:
        """An interface word from content.yaml's ``labels`` in the current language."""
        return self.content.labels.get(name, self.language, **fields)

    def resize(self, width: int, height: int) -> None:
        """Update ``unit`` and ``portrait`` for a window of ``width`` x ``height`` pixels."""
        self.unit = scale_for(width, height)
        self.portrait = height > width


def px(design_pixels: float, unit: float) -> int:
    """``design_pixels`` at 1080p in screen pixels at scale ``unit`` (at least 1)."""
    return max(1, round(design_pixels * unit))
