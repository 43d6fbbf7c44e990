"""The one way to find bundled files: in a checkout, an installed wheel, a frozen bundle.

A wheel and the PyInstaller bundle both carry the content as ``kiosk/_content/``
(see pyproject.toml and build.spec); a checkout has it at the repository root.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
FONTS_DIR = PACKAGE_DIR / "fonts"
IS_FROZEN = bool(getattr(sys, "frozen", False))

SCRIPT_FAMILIES = (
    "Noto Sans Arabic",
    "Noto Sans Bengali",
    "Noto Sans Gurmukhi",
    "Noto Sans Gujarati",
    "Noto Sans Tamil",
    "Noto Sans CJK SC",
    "Noto Nastaliq Urdu",
)
"""The bundled families for scripts Noto Sans lacks, in the order Qt falls back to them: Noto
Sans Arabic (Naskh) before Nastaliq, so Arabic reads in Naskh unless a language asks for
Nastaliq (:data:`NASTALIQ_FAMILY`). The Chinese one is a subset (tools/subset_cjk.py)."""
NASTALIQ_FAMILY = "Noto Nastaliq Urdu"
"""Urdu and Panjabi in Shahmukhi: readers expect Nastaliq, not Naskh."""
NASTALIQ_LANGUAGES = frozenset({"ur", "pnb", "skr"})
"""Urdu, Panjabi in Shahmukhi (``pnb``, or ``pa-Arab``) and Saraiki: written in Nastaliq."""


def uses_nastaliq(language: str) -> bool:
    """Whether text in ``language`` (a code such as ``ur`` or ``pa-Arab``) reads in Nastaliq."""
    primary, *subtags = language.lower().split("-")
    return primary in NASTALIQ_LANGUAGES or (primary == "pa" and "arab" in subtags)


def families_for(family: str, language: str) -> list[str]:
    """The font families for text in ``language``: the theme's ``family``, or for a Nastaliq
    language Nastaliq first (its letters are not drawn in Naskh, and its lines get
    Nastaliq's height).

    Other scripts come from the fallbacks the app registers for each family
    (``kiosk.ui.app.register_fonts``): Latin letters in Urdu text from Noto Sans.
    """
    return [NASTALIQ_FAMILY, family] if uses_nastaliq(language) else [family]


def bundled_content_dir() -> Path:
    """Folder that holds the bundled ``content.yaml`` and its ``assets/``."""
    packaged = PACKAGE_DIR / "_content"
    if (packaged / "content.yaml").is_file():
        return packaged
    return PACKAGE_DIR.parent


def bundled_content_path() -> Path:
    """Path of the bundled ``content.yaml``."""
    return bundled_content_dir() / "content.yaml"


def font_files() -> list[Path]:
    """The bundled font files (SIL Open Font License, see ``fonts/OFL.txt``): TrueType, and
    OpenType with PostScript outlines (the Chinese subset)."""
    return sorted([*FONTS_DIR.glob("*.ttf"), *FONTS_DIR.glob("*.otf")])
