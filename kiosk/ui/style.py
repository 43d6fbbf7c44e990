"""Colours, scale, type, grid and words: the one place for the look of every view.

The audience's colours come from the content's theme (:class:`Style`); the presenter console
and the overview use :data:`CONSOLE`, dark whatever the theme; :data:`DIM` darkens a slide under
a prompt or a kiosk card. :func:`scale_for` is the one scale formula.

The design system (docs/design.md): a type scale by role (:data:`TYPE_SCALE`, one size per
role for the whole deck at a given screen size: :meth:`Style.font_px`), one grid
(:meth:`Style.margin`, :meth:`Style.gutter`), a measure capped near :data:`MEASURE_CHARACTERS`
characters (:meth:`Style.measure`), spacing tokens (:data:`SPACE`, :meth:`Style.space`) and a
minimum touch target in millimetres (:data:`MIN_TARGET_MM`, :meth:`Style.min_target_px`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QScreen

from kiosk.content import Content, Slide, Text, Theme
from kiosk.resources import families_for

DESIGN_SHORT_SIDE = 1080
"""Slides are designed for a 1080-pixel short side (1920x1080 or 1080x1920)."""
MIN_SCALE = 0.3
MIN_TOUCH = 48
"""Screen pixels: the smallest side of anything a visitor touches (a 7-inch 800x480 panel)."""


def scale_for(width: int, height: int) -> float:
    """Screen pixels per design pixel for a ``width`` x ``height`` area (1.0 at 1080p)."""
    return max(MIN_SCALE, min(width, height) / DESIGN_SHORT_SIDE)


TYPE_SCALE: dict[str, tuple[float, int, bool]] = {
    "display": (104, 36, True),
    "title": (72, 28, True),
    "lead": (48, 21, False),
    "body": (40, 18, False),
    "caption": (30, 15, False),
    "small": (24, 13, False),
}
"""Role -> (size in design pixels at 1080p, smallest screen pixels, bold). ``display`` is the
opening slide's title; every other slide's heading is ``title``. The floor keeps text legible
on a small screen (800x480), where plain scaling would make it too small."""
LINE_HEIGHT = 1.35
"""Line spacing, as a multiple of the font size, that text boxes are measured with."""
MEASURE_CHARACTERS = 66
"""The text column is at most this many average characters of its font wide (about 70 with
the words' own spread; no line should pass 75)."""
MEASURE_SAMPLE = "the quick brown fox jumps over a lazy dog, while health and care workers "
"""Ordinary English, to measure an average character of a font by."""
SPACE: dict[str, float] = {"xs": 8, "s": 16, "m": 24, "l": 40, "xl": 64, "xxl": 96}
"""Spacing tokens in design pixels at 1080p: every gap between things is one of these."""
MARGIN = {"landscape": 96, "portrait": 64}
"""The grid's outer margin (design pixels): every slide's text starts at this left edge, and
so does the header's logo."""
GUTTER = 64
"""Space between the grid's columns (design pixels), e.g. text and icon."""
MIN_TARGET_MM = 9.0
"""The smallest touch target, in millimetres on the glass (a fingertip is about 8-10 mm)."""
DEFAULT_DPI = 96.0
"""Dots per inch assumed when Qt does not know the screen's physical size."""


def screen_dpi(screen: QScreen | None = None) -> float:
    """Logical pixels per inch of ``screen`` (the primary one by default); :data:`DEFAULT_DPI`
    when Qt cannot tell (no screen, offscreen, a projector reporting nonsense)."""
    if screen is None and QGuiApplication.instance() is not None:
        screen = QGuiApplication.primaryScreen()
    if screen is None:
        return DEFAULT_DPI
    physical = screen.physicalDotsPerInch()
    ratio = screen.devicePixelRatio() or 1.0
    dpi = physical / ratio
    return dpi if 50 <= dpi <= 600 else DEFAULT_DPI


def mm_to_px(millimetres: float, dpi: float = DEFAULT_DPI) -> int:
    """``millimetres`` on the glass in logical pixels at ``dpi``."""
    return max(1, round(millimetres * dpi / 25.4))


DEFAULT_THEME = Theme()
"""The theme's defaults: what a widget draws with before its view gives it the content's."""
HIGH_CONTRAST = {
    "background": "#000000",
    "surface": "#000000",
    "text": "#FFFFFF",
    "muted_text": "#FFFFFF",
    "accent": "#FFE600",
    "accent_text": "#000000",
}
"""The accessibility menu's high contrast: white on black with yellow accents (every text
pair at least 7:1, WCAG AAA), whatever the content's theme."""
TEXT_STEPS = (1.0, 1.25, 1.5)
"""The accessibility menu's text sizes: normal, then two larger steps."""


def high_contrast(theme: Theme) -> Theme:
    """``theme`` with :data:`HIGH_CONTRAST`'s colours (its font and logo kept)."""
    return replace(theme, **HIGH_CONTRAST)  # type: ignore[arg-type]


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
    text_scale: float = 1.0
    """The visitor's text size (:data:`TEXT_STEPS`): every role of the type scale grows."""
    high_contrast: bool = False
    """Draw with :data:`HIGH_CONTRAST`'s colours instead of the theme's."""
    easy_read: bool = False
    """Show each slide's easy-read text where it has one (:meth:`prose`)."""

    def px(self, design_pixels: float) -> int:
        """Convert a size at 1080p to screen pixels for the current window."""
        return px(design_pixels, self.unit)

    def colour(self, name: str) -> QColor:
        """A theme colour by field name, e.g. ``"accent"`` (high contrast's when on)."""
        if self.high_contrast and name in HIGH_CONTRAST:
            return QColor(HIGH_CONTRAST[name])
        return QColor(getattr(self.content.theme, name))

    def text(self, value: Text | None) -> str:
        """A content text in the current language ("" for a missing optional text)."""
        return value.get(self.language) if value is not None else ""

    def prose(self, slide: Slide, value: Text | None, *, main: bool = True) -> str:
        """A slide's text ``value``; in easy read, the slide's easy-read text for its ``main``
        text and nothing for the others (a slide without one keeps its texts)."""
        if self.easy_read and slide.easy_read is not None:
            return self.text(slide.easy_read) if main else ""
        return self.text(value)

    def label(self, name: str, /, **fields: object) -> str:
        """An interface word from content.yaml's ``labels`` in the current language."""
        return self.content.labels.get(name, self.language, **fields)

    # --- the design system (docs/design.md) ---------------------------------------------
    def font_px(self, role: str) -> int:
        """The font size of ``role`` (``title``, ``lead``, ``body``, ...) in screen pixels:
        the same on every slide at a given screen size, times the visitor's text size."""
        design, floor, _ = TYPE_SCALE[role]
        return round(max(floor, design * self.unit) * self.text_scale)

    def families(self) -> list[str]:
        """The font families for the current language (:func:`families_for`)."""
        return families_for(self.content.theme.font, self.language)

    def css_families(self) -> str:
        """:meth:`families` for a style sheet's ``font-family`` (a widget's style sheet keeps
        only its font's first family unless the sheet names them all)."""
        return ", ".join(f'"{name.translate({34: None, 92: None})}"' for name in self.families())

    def base_font(self, base: QFont | None = None) -> QFont:
        """``base`` (or a default font) in the current language's families, size kept."""
        font = QFont(base) if base is not None else QFont()
        font.setFamilies(self.families())
        return font

    def font(self, role: str, base: QFont | None = None) -> QFont:
        """A font for ``role``: the language's families at the role's size and weight."""
        font = self.base_font(base)
        font.setPixelSize(self.font_px(role))
        font.setBold(TYPE_SCALE[role][2])
        return font

    def line_px(self, role: str) -> int:
        """The height of one line of ``role`` text."""
        return round(self.font_px(role) * LINE_HEIGHT)

    def measure(self, role: str = "body") -> int:
        """The widest a column of ``role`` text may be: about :data:`MEASURE_CHARACTERS`
        characters, so lines stay easy to read on a wide screen."""
        metrics = QFontMetricsF(self.font(role))
        average = metrics.horizontalAdvance(MEASURE_SAMPLE) / len(MEASURE_SAMPLE)
        return round(average * MEASURE_CHARACTERS)

    def space(self, token: str) -> int:
        """A spacing token (``xs`` to ``xxl``) in screen pixels."""
        return self.px(SPACE[token])

    def margin(self) -> int:
        """The grid's outer margin: the left (and right) edge of every slide's text."""
        return self.px(MARGIN["portrait" if self.portrait else "landscape"])

    def gutter(self) -> int:
        """The space between two columns of the grid."""
        return self.px(GUTTER)

    def min_target_px(self, screen: QScreen | None = None) -> int:
        """The smallest touch target in logical pixels: :data:`MIN_TARGET_MM` on ``screen``
        (the primary screen by default; :data:`DEFAULT_DPI` where Qt does not know)."""
        return mm_to_px(MIN_TARGET_MM, screen_dpi(screen))

    def target_px(self, design_pixels: float, screen: QScreen | None = None) -> int:
        """A touch target's side: ``design_pixels`` scaled, never below :meth:`min_target_px`."""
        return max(self.px(design_pixels), self.min_target_px(screen))

    def resize(self, width: int, height: int) -> None:
        """Update ``unit`` and ``portrait`` for a window of ``width`` x ``height`` pixels."""
        self.unit = scale_for(width, height)
        self.portrait = height > width


def px(design_pixels: float, unit: float) -> int:
    """``design_pixels`` at 1080p in screen pixels at scale ``unit`` (at least 1)."""
    return max(1, round(design_pixels * unit))
