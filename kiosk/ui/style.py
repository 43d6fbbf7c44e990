"""Colours, scale and words shared by every view of one presentation."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from kiosk.content import Content, Text

DESIGN_SHORT_SIDE = 1080
"""Slides are designed for a 1080-pixel short side (1920x1080 or 1080x1920)."""


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
        return max(1, round(design_pixels * self.unit))

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
        self.unit = max(0.3, min(width, height) / DESIGN_SHORT_SIDE)
        self.portrait = height > width
