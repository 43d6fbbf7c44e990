"""Real-world WebVTT files (tests/data/vtt): what the caption strip shows at each moment, and
what ``kiosk validate`` is told about the cues the parser drops."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.vtt import Captions, Cue, CueTrack, read_vtt

CORPUS = Path(__file__).parent / "data" / "vtt"


def read(name: str) -> Captions:
    return read_vtt((CORPUS / name).read_bytes().decode("utf-8"))


def shown(name: str, *positions: int) -> list[str]:
    track = CueTrack(read(name).cues)
    return [track.text_at(position) for position in positions]


def warnings(name: str) -> list[tuple[int, int, str]]:
    return [(w.line, w.column, w.message) for w in read(name).warnings]


def test_a_timing_line_starts_a_cue_without_a_blank_line_before_it() -> None:
    assert shown("no-blank-line.vtt", 1500, 2500) == ["yeah", "next"]
    assert warnings("no-blank-line.vtt") == []


def test_overlapping_cues_all_show_in_start_order() -> None:
    at = shown("overlapping.vtt", 1000, 2500, 3000, 3999, 4000, 5000, 10_000)
    assert at == [
        "[music playing]",
        "[music playing]\nHello",
        "[music playing]\nHello\nAmara: Hi there",
        "[music playing]\nHello\nAmara: Hi there",
        "[music playing]",
        "[music playing]",
        "",
    ]


def test_a_youtube_download_shows_its_rolling_lines() -> None:
    """Cue settings, `<c>` and timestamp tags, lines of one space, 10 ms bridging cues."""
    at = shown("youtube.vtt", 100, 2355, 3000, 5035, 6000, 7500)
    assert at == [
        "so today we're",
        "so today we're",
        "so today we're\ngoing to talk about",
        "going to talk about",
        "going to talk about\nhealth & race",
        "",
    ]
    assert warnings("youtube.vtt") == [], "Kind: and Language: are header lines, not cues"


def test_byte_order_mark_and_windows_line_endings() -> None:
    assert (CORPUS / "bom-crlf.vtt").read_bytes().startswith(b"\xef\xbb\xbfWEBVTT")
    assert b"\r\n" in (CORPUS / "bom-crlf.vtt").read_bytes()
    assert read("bom-crlf.vtt").cues == (
        Cue(1000, 2500, "First line\nsecond line"),
        Cue(3000, 4000, "Café & bar"),
    )
    assert warnings("bom-crlf.vtt") == []


def test_region_style_note_blocks_and_cue_identifiers_are_not_shown() -> None:
    assert [cue.text for cue in read("blocks.vtt").cues] == [
        "Welcome to the Observatory.",
        "Five workstreams.",
        "After a late STYLE block.",
    ]
    assert shown("blocks.vtt", 1000, 4500, 6999) == [
        "Welcome to the Observatory.",
        "",
        "Five workstreams.",
    ]
    assert warnings("blocks.vtt") == [
        (31, 1, "STYLE block ignored: it must come before the first cue")
    ]


def test_one_bad_cue_is_dropped_and_the_others_show() -> None:
    assert shown("one-bad-cue.vtt", 1500, 3500, 5500, 7500, 9500) == [
        "One",
        "Two",
        "",
        "Four",
        "Five",
    ]
    assert warnings("one-bad-cue.vtt") == [(12, 1, "cue dropped: minutes and seconds go up to 59")]


def test_timings_the_spec_accepts() -> None:
    captions = read("edge-timings.vtt")
    assert captions.cues == (
        Cue(1000, 2000, "No spaces around the arrow"),
        Cue(3000, 3000, "Zero length, never shown"),  # kept, as the spec keeps it
        Cue(4000, 5000, "Tabs around the arrow"),
        Cue(60 * 3600 * 1000, 60 * 3600 * 1000 + 1000, "Sixty hours in"),
    )
    assert [cue.text for cue in captions.shown] == [
        "No spaces around the arrow",
        "Tabs around the arrow",
        "Sixty hours in",
    ]
    assert shown("edge-timings.vtt", 1500, 3000, 4500) == [
        "No spaces around the arrow",
        "",
        "Tabs around the arrow",
    ]
    assert warnings("edge-timings.vtt") == [
        (6, 1, "cue never shows: it ends when or before it starts")
    ]


@pytest.mark.parametrize(
    ("position", "text"),
    [
        pytest.param(1000, "Dr Patel: Health & care", id="voice"),
        pytest.param(2000, "Mo Ali: Equal care <for> all\u00a0now", id="voice-class-entities"),
        pytest.param(3000, "سلام \u200e(salaam) — — ©", id="lang-numeric-named"),
        pytest.param(4000, "漢字(かんじ) and 今日(きょう)", id="ruby"),
        pytest.param(5000, "a", id="unclosed-less-than"),
        pytest.param(6000, "First line\nline after a line of spaces", id="line-of-spaces"),
        pytest.param(7000, "unknown tags keep their text &bogus; & x", id="unknown"),
    ],
)
def test_cue_text_rules(position: int, text: str) -> None:
    assert shown("cue-text.vtt", position) == [text]


def test_every_corpus_file_is_read() -> None:
    names = sorted(path.name for path in CORPUS.glob("*.vtt"))
    assert len(names) == 8
    assert all(read(name).shown for name in names)
