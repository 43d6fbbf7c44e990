"""The WebVTT captions reader and the cue lookup used by the caption strip."""

from __future__ import annotations

import itertools
import random

import pytest

from kiosk.content import VideoSlide, load_content
from kiosk.content.vtt import Cue, CueTrack, VttError, parse_vtt, read_vtt
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
        Cue(3908, 5011, "Narrator: Our Priorities."),
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
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("WEBVT", id="short"),
        pytest.param("1\n00:01.000 --> 00:02.000\nHi\n", id="no-header"),
        pytest.param("WEBVTTX\n", id="header-run-on"),
        pytest.param("webvtt\n", id="header-lower-case"),
        pytest.param("WEBVTX", id="six-characters"),
        pytest.param(" WEBVTT\n", id="leading-space"),
    ],
)
def test_only_a_missing_header_rejects_the_file(text: str) -> None:
    with pytest.raises(VttError) as info:
        read_vtt(text)
    assert str(info.value) == "line 1: a WebVTT file starts with 'WEBVTT'"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("timing", "column", "message"),
    [
        pytest.param("0:1 --> 0:2", 3, "minutes and seconds have two digits", id="short"),
        pytest.param(
            "00:01,000 --> 00:02,000", 6, "expected '.' before the milliseconds", id="srt-commas"
        ),
        pytest.param("00:01.000 -> 00:02.000 -->", 12, "expected '-' in the arrow", id="arrow"),
        pytest.param("60:00.000 --> 61:00.000", 6, "expected ':' before the seconds", id="hour-60"),
        pytest.param("00:60:00.000 --> 01:00:00.000", 1, "go up to 59", id="minutes-60"),
        pytest.param("00:00:60.000 --> 01:00:00.000", 1, "go up to 59", id="seconds-60"),
        pytest.param("00:01.000 --> 00:61.000", 15, "go up to 59", id="end-seconds-61"),
        pytest.param("00:01.00 --> 00:02.000", 7, "milliseconds have three digits", id="ms"),
        pytest.param("00:01.0000 --> 00:02.000", 7, "milliseconds have three", id="ms-4"),
        pytest.param("00:01 --> 00:02.000", 6, "expected '.' before the millis", id="no-ms"),
        pytest.param("00:01.000 --> ", 15, "expected a time such as", id="no-end"),
        pytest.param("00:01.000 -->x00:02.000", 14, "expected a time", id="arrow-x"),
        pytest.param("x00:01.000 --> 00:02.000", 1, "expected a time", id="letter"),
        pytest.param("01:00:1.000 --> 01:00:02.000", 7, "seconds have two digits", id="h-s"),
        pytest.param("01:00 --> 02:00", 6, "expected '.'", id="no-point"),
        pytest.param("1:00:00 --> 1:00:01.000", 8, "expected '.'", id="hours-no-point"),
        pytest.param("1:00 --> 1:01", 5, "expected ':' before the seconds", id="h-m"),
        pytest.param("01: --> 00:02.000", 4, "minutes and seconds have two", id="cut"),
        pytest.param("01:00: --> 01:00:01.000", 7, "seconds have two digits", id="cut-2"),
        pytest.param("00:01.000 ---> 00:02.000", 13, "expected '>' in the arrow", id="arrow-3"),
        pytest.param("00:01.000 >--> 00:02.000", 11, "expected '-' in the arrow", id="arrow-4"),
    ],
)
def test_a_bad_timing_drops_its_cue_only(timing: str, column: int, message: str) -> None:
    text = f"WEBVTT\n\n00:01.000 --> 00:02.000\nkept\n\nid\n{timing}\nlost\n\n"
    text += "00:03.000 --> 00:04.000\nalso kept\n"
    captions = read_vtt(text)
    assert [cue.text for cue in captions.cues] == ["kept", "also kept"]
    [warning] = captions.warnings
    assert (warning.line, warning.column) == (7, column), warning
    assert warning.message.startswith("cue dropped: ")
    assert message in warning.message, warning
    assert str(warning) == f"line 7, column {column}: {warning.message}"


def test_text_at_within_and_between_cues() -> None:
    track = CueTrack(parse_vtt(SAMPLE))
    assert track.text_at(0) == ""  # before the first cue
    assert track.text_at(599) == ""
    assert track.text_at(600) == "The NHS Race and Health Observatory."  # start is inside
    assert track.text_at(3907) == "The NHS Race and Health Observatory."
    assert track.text_at(3908) == "Narrator: Our Priorities."  # end is outside: the next shows
    assert track.text_at(5010) == "Narrator: Our Priorities."
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
        assert all(cue.start >= 0 and "-->" not in cue.text for cue in cues), (seed, text)


def test_bundled_captions_parse() -> None:
    content = load_content(bundled_content_path())
    [video] = [slide for slide in content.slides if isinstance(slide, VideoSlide)]
    assert video.captions is not None
    cues = parse_vtt(video.captions.read_text(encoding="utf-8"))
    assert cues
    assert all(cue.text.strip() for cue in cues)
    assert [cue.start for cue in cues] == sorted(cue.start for cue in cues)
    assert all(later.start >= earlier.end for earlier, later in itertools.pairwise(cues))
