"""Easy read: every bundled slide has its words in plain language, in short sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.content import Content, ContentError, load_content

LONGEST_SENTENCE = 16
"""Words in the longest easy-read sentence (the slides' own run to 31-41 words)."""


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?:])\s+", text.strip()) if part]


def test_every_bundled_slide_has_an_easy_read_text(content: Content) -> None:
    for slide in content.slides:
        assert slide.easy_read is not None, f"{slide.id} has no easy read"
        assert slide.easy_read.get().strip(), slide.id


def test_easy_read_sentences_are_short(content: Content) -> None:
    for slide in content.slides:
        assert slide.easy_read is not None
        for sentence in _sentences(slide.easy_read.get()):
            words = len(sentence.split())
            assert words <= LONGEST_SENTENCE, f"{slide.id}: {words} words: {sentence!r}"


def test_the_bundled_drafts_say_they_await_approval() -> None:
    text = (Path(__file__).resolve().parent.parent / "content.yaml").read_text(encoding="utf-8")
    drafts = text.count("easy_read: >-") + text.count("easy_read: ")
    assert drafts >= 9
    assert text.count("# easy_read: a draft in plain English") == 9


def test_easy_read_is_translatable_and_checked(content_folder: Path) -> None:
    path = content_folder / "content.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    easy_read: >-\n      A short film about who we are and what we do.",
        "    easy_read: {en: A short film about us., pl: Krótki film o nas.}",
    )
    text = text.replace(
        "      direction: ltr\n", "      direction: ltr\n    - code: pl\n      name: Polski\n", 1
    )
    path.write_text(text, encoding="utf-8")
    slide = load_content(path).slides[7]
    assert slide.easy_read is not None
    assert slide.easy_read.get("pl") == "Krótki film o nas."
    path.write_text(text.replace("{en: A short film about us.", "[A short film", 1), "utf-8")
    with pytest.raises(ContentError, match=r"content\.yaml:\d+:\d+"):
        load_content(path)
