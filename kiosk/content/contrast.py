"""WCAG 2.x contrast ratios between theme colours."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.content.model import Theme

TEXT_PAIRS = (
    ("text", "background"),
    ("text", "surface"),
    ("muted_text", "background"),
    ("muted_text", "surface"),
    ("accent_text", "accent"),
    ("accent", "background"),
    ("accent", "surface"),
)
"""(foreground, background) theme fields that are drawn on each other."""


def relative_luminance(colour: str) -> float:
    """Relative luminance (0 to 1) of a ``#RRGGBB`` colour, as WCAG defines it."""
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """Contrast ratio from 1 to 21 between two ``#RRGGBB`` colours."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def theme_pairs(theme: Theme) -> dict[tuple[str, str], float]:
    """Contrast ratio of every foreground/background pair the app draws."""
    return {
        (fg, bg): contrast_ratio(getattr(theme, fg), getattr(theme, bg)) for fg, bg in TEXT_PAIRS
    }
