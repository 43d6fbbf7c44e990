"""The WebVTT captions reader and the cue lookup used by the caption strip."""

from __future__ import annotations

import itertools
import random

import pytest

from kiosk.content import VideoSlide, load_content
from kiosk.content.vtt import Cue, CueTrack, VttError, parse_vtt
from kiosk.resources import bundled_content_path

SAMPLE = """\
WEBVTT - Our Priorities

NOTE written by hand;
the timing line below has hours

intro
00:00:00.600 --> 00:00:03.908
The NHS Race and Health Observatory.

2
00:00:03.908 --> 00:00:05.011 align:start position:10%
<v Narrator>Our <i>Priorities</i>.</v>

01:02:03.004 --> 01:02:04.000
Two
lines

00:10.500 --> 00:12.000
Fish &amp; chips &lt;3 &gt; all
"""


def test_parses_cues_with_and_without_hours() -> None:
    cues = parse_vtt(SAMPLE)
    assert cues == [
        Cue(600, 3908, "The NHS Race and Health Observatory."),
        Cue(3908, 5011, "Our Priorities."),
        Cue(10_500, 12_000, "Fish & chips <3 > all"),
        Cue(3_723_004, 3_724_000, "Two\nlines"),
    ]


def test_cue_identifiers_notes_and_settings_are_not_text() -> None:
    texts = [cue.text for cue in parse_vtt(SAMPLE)]
    assert not any("intro" in text or "NOTE" in text or "align" in text for text in texts)
    assert "2" not in texts


def test_tags_are_stripped() -> None:
    [cue] = parse_vtt("WEBVTT\n\n00:01.000 --> 00:02.000\n<c.yellow><b>Bold</b> <u>move</u></c>\n")
    assert cue.text == "Bold move"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
def test_line_endings(newline: str) -> None:
    text = SAMPLE.replace("\n", newline)
    assert parse_vtt(text) == parse_vtt(SAMPLE)


def test_byte_order_mark_and_header_forms() -> None:
    body = "\n\n00:01.000 --> 00:02.000\nHi\n"
    for header in ("\ufeffWEBVTT", "WEBVTT", "WEBVTT Title", "WEBVTT\tTitle"):
        assert parse_vtt(header + body) == [Cue(1000, 2000, "Hi")], header


def test_a_file_may_end_without_a_newline() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\n00:03.000 --> 00:04.000\nLast words"
    assert parse_vtt(text) == [Cue(1000, 2000, "Hi"), Cue(3000, 4000, "Last words")]


def test_no_cues_is_an_empty_list() -> None:
    assert parse_vtt("WEBVTT\n") == []
    assert parse_vtt("WEBVTT") == []


def test_cues_are_returned_in_start_order() -> None:
    text = "WEBVTT\n\n00:05.000 --> 00:06.000\nB\n\n00:01.000 --> 00:02.000\nA\n"
    assert [cue.text for cue in parse_vtt(text)] == ["A", "B"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "line 1: a WebVTT file starts with 'WEBVTT'", id="empty"),
        pytest.param("1\n00:01.000 --> 00:02.000\nHi\n", "line 1:", id="no-header"),
        pytest.param("WEBVTTX\n", "line 1:", id="header-run-on"),
        pytest.param("webvtt\n", "line 1:", id="header-lower-case"),
        pytest.param(
            "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\n0:1 --> 0:2\nBad\n",
            "line 6: cannot read the cue timing '0:1 --> 0:2'",
            id="short-timing",
        ),
        pytest.param(
            "WEBVTT\n\n00:01,000 --> 00:02,000\nSRT commas\n",
            "line 3: cannot read the cue timing",
            id="srt-commas",
        ),
        pytest.param(
            "WEBVTT\r\n\r\nid\r\n00:01.000 -> 00:02.000 -->\r\nHi\r\n",
            "line 4: cannot read the cue timing",
            id="bad-arrow-crlf",
        ),
        pytest.param(
            "WEBVTT\n\n00:02.000 --> 00:01.000\nBackwards\n",
            "line 3: the cue ends before it starts",
            id="backwards",
        ),
        pytest.param(
            "WEBVTT\n\n00:02.000 --> 00:02.000\nZero\n",
            "line 3: the cue ends before it starts",
            id="zero-length",
        ),
    ],
)
def test_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(VttError) as info:
        parse_vtt(text)
    assert str(info.value).startswith(message)
    assert isinstance(info.value, ValueError)


def test_text_at_within_and_between_cues() -> None:
    track = CueTrack(parse_vtt(SAMPLE))
    assert track.text_at(0) == ""  # before the first cue
    assert track.text_at(599) == ""
    assert track.text_at(600) == "The NHS Race and Health Observatory."  # start is inside
    assert track.text_at(3907) == "The NHS Race and Health Observatory."
    assert track.text_at(3908) == "Our Priorities."  # end is outside: the next cue shows
    assert track.text_at(5010) == "Our Priorities."
    assert track.text_at(5011) == ""  # a gap
    assert track.text_at(8000) == ""
    assert track.text_at(11_000) == "Fish & chips <3 > all"
    assert track.text_at(3_723_500) == "Two\nlines"
    assert track.text_at(3_724_000) == ""  # after the last cue
    assert track.text_at(-1) == ""
    assert CueTrack([]).text_at(1000) == ""


def test_text_at_matches_a_plain_search() -> None:
    rng = random.Random(7)
    cues, start = [], 0
    for index in range(200):
        start += rng.randrange(0, 500)
        length = rng.randrange(1, 2000)
        cues.append(Cue(start, start + length, f"cue {index}"))
        start += length
    track = CueTrack(cues)

    def plain(position: int) -> str:
        return next((c.text for c in cues if c.start <= position < c.end), "")

    for position in [*range(-5, start + 5, 37), *(c.start for c in cues), *(c.end for c in cues)]:
        assert track.text_at(position) == plain(position), position


def test_parser_never_raises_anything_but_vtt_error() -> None:
    pieces = [
        "WEBVTT",
        "\n",
        "\r\n",
        "-->",
        " ",
        "00:",
        "01:",
        "1",
        ".000",
        ":",
        "<b>",
        "&amp;",
        "\ufeff",
        "NOTE",
        "x",
    ]
    for seed in range(500):
        rng = random.Random(seed)
        text = "".join(rng.choices(pieces, k=rng.randrange(40)))
        try:
            cues = parse_vtt(text)
        except VttError:
            continue
        assert all(0 <= cue.start < cue.end for cue in cues), (seed, text)


def test_bundled_captions_parse() -> None:
    content = load_content(bundled_content_path())
    [video] = [slide for slide in content.slides if isinstance(slide, VideoSlide)]
    assert video.captions is not None
    cues = parse_vtt(video.captions.read_text(encoding="utf-8"))
    assert cues
    assert all(cue.text.strip() for cue in cues)
    assert [cue.start for cue in cues] == sorted(cue.start for cue in cues)
    assert all(later.start >= earlier.end for earlier, later in itertools.pairwise(cues))
