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


ARABIC_CUE = "مرحبا بكم"


def with_arabic_captions(folder: Path) -> Path:
    """:func:`multilingual_content` whose video has English and Arabic captions."""
    path = multilingual_content(folder)
    (folder / "assets/video/ar.vtt").write_text(
        f"WEBVTT\n\n00:00.000 --> 00:05.000\n{ARABIC_CUE}\n", encoding="utf-8"
    )
    text = path.read_text(encoding="utf-8").replace(
        "captions: assets/video/explainer.vtt",
        "captions: {en: assets/video/explainer.vtt, ar: assets/video/ar.vtt}",
    )
    path.write_text(text, encoding="utf-8")
    return path
