"""Test content in three languages: the bundled content with a few texts translated."""

from __future__ import annotations

from pathlib import Path

from tests.support.show import copy_content

LANGUAGES = """  languages:
    - code: en
    - code: ar
    - code: pl
"""


def multilingual_content(folder: Path) -> Path:
    """A copy of the bundled content in English, Arabic and Polish (the first slide's title,
    the labels for "next" and "n of N" translated); returns its content.yaml."""
    copy_content(folder)
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  languages:\n")
    end = text.index("\ntheme:")
    text = text[:start] + LANGUAGES + text[end:]
    text = text.replace(
        "    kind: title\n    title: Our Priorities\n",
        "    kind: title\n    title: {en: Our Priorities, ar: أولوياتنا, pl: Nasze priorytety}\n",
        1,
    )
    text += (
        "\nlabels:\n"
        "  next: {en: Next slide, ar: الشريحة التالية, pl: Następny slajd}\n"
        "  slide_of:\n"
        "    {en: '{number} of {total}', ar: '{number} من {total}', pl: '{number} z {total}'}\n"
    )
    path.write_text(text, encoding="utf-8")
    return path
