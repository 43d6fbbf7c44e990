"""The WebVTT captions reader and the cue lookup used by the caption strip."""

from __future__ import annotations

import itertools
import random

import pytest

from kiosk.content import VideoSlide, load_content
from kiosk.content.vtt import Cue, CueTrack, VttError, cue_text, parse_vtt, read_vtt
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
        pytest.param(
            "00:01.000 -> 00:02.000 -->", 12, "expected '-' in the arrow '-->'", id="arrow"
        ),
        pytest.param(
            "60:00.000 --> 61:00.000",
            6,
            "expected ':' before the seconds (hours:minutes:seconds.mmm)",
            id="hour-60",
        ),
        pytest.param(
            "00:60:00.000 --> 01:00:00.000", 1, "minutes and seconds go up to 59", id="minutes-60"
        ),
        pytest.param(
            "00:00:60.000 --> 01:00:00.000", 1, "minutes and seconds go up to 59", id="seconds-60"
        ),
        pytest.param(
            "00:01.000 --> 00:61.000", 15, "minutes and seconds go up to 59", id="end-seconds-61"
        ),
        pytest.param("00:01.00 --> 00:02.000", 7, "milliseconds have three digits", id="ms"),
        pytest.param("00:01.0000 --> 00:02.000", 7, "milliseconds have three digits", id="ms-4"),
        pytest.param("00:01 --> 00:02.000", 6, "expected '.' before the milliseconds", id="no-ms"),
        pytest.param("00:01.000 --> ", 15, "expected a time such as 00:01.000", id="no-end"),
        pytest.param(
            "00:01.000 -->x00:02.000", 14, "expected a time such as 00:01.000", id="arrow-x"
        ),
        pytest.param(
            "x00:01.000 --> 00:02.000", 1, "expected a time such as 00:01.000", id="letter"
        ),
        pytest.param("01:00:1.000 --> 01:00:02.000", 7, "seconds have two digits", id="h-s"),
        pytest.param("01:00 --> 02:00", 6, "expected '.' before the milliseconds", id="no-point"),
        pytest.param(
            "1:00:00 --> 1:00:01.000",
            8,
            "expected '.' before the milliseconds",
            id="hours-no-point",
        ),
        pytest.param(
            "1:00 --> 1:01",
            5,
            "expected ':' before the seconds (hours:minutes:seconds.mmm)",
            id="h-m",
        ),
        pytest.param(
            "00.000 --> 00:02.000",
            3,
            "expected ':' after the first field of the time",
            id="one-field",
        ),
        pytest.param(
            "00:01.000 --> 00:02", 20, "expected '.' before the milliseconds", id="end-cut"
        ),
        pytest.param("00:01.000 --> 00:02:", 21, "seconds have two digits", id="end-cut-2"),
        pytest.param("01: --> 00:02.000", 4, "minutes and seconds have two digits", id="cut"),
        pytest.param("01:00: --> 01:00:01.000", 7, "seconds have two digits", id="cut-2"),
        pytest.param(
            "00:01.000 ---> 00:02.000", 13, "expected '>' in the arrow '-->'", id="arrow-3"
        ),
        pytest.param(
            "00:01.000 >--> 00:02.000", 11, "expected '-' in the arrow '-->'", id="arrow-4"
        ),
    ],
)
def test_a_bad_timing_drops_its_cue_only(timing: str, column: int, message: str) -> None:
    text = f"WEBVTT\n\n00:01.000 --> 00:02.000\nkept\n\nid\n{timing}\nlost\n\n"
    text += "00:03.000 --> 00:04.000\nalso kept\n"
    captions = read_vtt(text)
    assert [cue.text for cue in captions.cues] == ["kept", "also kept"]
    [warning] = captions.warnings
    assert (warning.line, warning.column) == (7, column), warning
    assert warning.message == f"cue dropped: {message}"
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


def cues_of(text: str) -> list[tuple[int, int, str]]:
    return [(cue.start, cue.end, cue.text) for cue in read_vtt(text).cues]


def warned(text: str) -> list[tuple[int, int, str]]:
    return [(w.line, w.column, w.message) for w in read_vtt(text).warnings]


@pytest.mark.parametrize(
    ("timing", "start", "end"),
    [
        pytest.param("59:59.999 --> 01:00:00.000", 3_599_999, 3_600_000, id="59-minutes"),
        pytest.param("00:59:59.000 --> 100:00:00.000", 3_599_000, 360_000_000, id="59-59"),
        pytest.param("0:00:01.000 --> 000:00:02.000", 1000, 2000, id="short-long-hours"),
        pytest.param("00:01.000-->00:02.000", 1000, 2000, id="no-spaces"),
        pytest.param("\t00:01.000 \t--> \f00:02.000 align:start", 1000, 2000, id="whitespace"),
    ],
)
def test_timings_the_spec_reads(timing: str, start: int, end: int) -> None:
    text = f"WEBVTT\n\n{timing}\nx\n"
    assert cues_of(text) == [(start, end, "x")]
    assert warned(text) == []


def test_nul_becomes_the_replacement_character() -> None:
    assert cues_of("WEBVTT\n\n00:01.000 --> 00:02.000\na\x00b\n") == [(1000, 2000, "a\ufffdb")]


def test_header_lines_then_a_cue_without_a_blank_line() -> None:
    text = "WEBVTT\nKind: captions\nLanguage: en\n00:01.000 --> 00:02.000\nHi\n"
    assert cues_of(text) == [(1000, 2000, "Hi")]
    assert warned(text) == []
    assert cues_of("WEBVTT\n00:01.000 --> 00:02.000\nHi") == [(1000, 2000, "Hi")]


def test_a_timing_line_right_after_a_timing_line_starts_the_next_cue() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n00:02.000 --> 00:03.000\nb\n"
    captions = read_vtt(text)
    assert [(c.start, c.text) for c in captions.cues] == [(1000, ""), (2000, "b")]
    assert captions.shown == (Cue(2000, 3000, "b"),)
    bad_first = "WEBVTT\n\nxx --> yy\n00:02.000 --> 00:03.000\nb\n"
    assert cues_of(bad_first) == [(2000, 3000, "b")]
    assert warned(bad_first) == [(3, 1, "cue dropped: expected a time such as 00:01.000")]


def test_a_cue_identifier_may_not_span_two_lines() -> None:
    text = "WEBVTT\n\nid\nmore\n00:01.000 --> 00:02.000\nHi\n"
    assert cues_of(text) == [(1000, 2000, "Hi")]
    assert warned(text) == [
        (3, 1, "not a cue (no timing line such as 00:01.000 --> 00:02.000): ignored")
    ]


@pytest.mark.parametrize(
    ("block", "message"),
    [
        pytest.param("NOTE", "", id="note"),
        pytest.param("NOTE\tx", "", id="note-tab"),
        pytest.param("NOTE x", "", id="note-space"),
        pytest.param("NOTE\nmore", "", id="note-lines"),
        pytest.param("NOTEX", "not a cue", id="notex"),
        pytest.param("STYLE  \n::cue {}", "", id="style"),
        pytest.param("REGION\nid:r", "", id="region"),
        pytest.param("STYLEX\n::cue {}", "not a cue", id="stylex"),
        pytest.param("REGIONS\nid:r", "not a cue", id="regions"),
        pytest.param("STYLE", "not a cue", id="style-alone"),
        pytest.param("STYLE\u00a0\n::cue {}", "not a cue", id="style-nbsp"),
        pytest.param("Just words", "not a cue", id="words"),
    ],
)
def test_blocks_before_the_cues(block: str, message: str) -> None:
    text = f"WEBVTT\n\n{block}\n\n00:01.000 --> 00:02.000\nHi\n"
    assert cues_of(text) == [(1000, 2000, "Hi")]
    found = warned(text)
    assert len(found) == (1 if message else 0)
    assert all((line, column) == (3, 1) and message in m for line, column, m in found)


def test_style_and_region_blocks_after_a_cue_are_ignored_with_a_warning() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\nREGION\nid:r\n\nSTYLE\n::cue {}\n"
    assert cues_of(text) == [(1000, 2000, "Hi")]
    assert warned(text) == [
        (6, 1, "REGION block ignored: it must come before the first cue"),
        (9, 1, "STYLE block ignored: it must come before the first cue"),
    ]
    late = "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\nSTYLE x\n::cue {}\n"
    assert warned(late) == [
        (6, 1, "not a cue (no timing line such as 00:01.000 --> 00:02.000): ignored")
    ]


def test_cues_with_the_same_start_are_read_longest_first() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nshort\n\n00:01.000 --> 00:05.000\nlong\n"
    assert cues_of(text) == [(1000, 5000, "long"), (1000, 2000, "short")]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        pytest.param("a   b\t\tc", "a b c", id="spaces-collapse"),
        pytest.param("  a  \n\t\n b", "a\nb", id="line-of-spaces"),
        pytest.param("&lt;b&gt;x&lt;/b&gt;", "<b>x</b>", id="escaped-tags"),
        pytest.param("<v>x", "x", id="voice-without-name"),
        pytest.param("<v\tA\n  B>x", "A B: x", id="voice-whitespace"),
        pytest.param("<v A &amp; B>x</v>", "A & B: x", id="voice-entity"),
        pytest.param("<v.a.b A>x", "A: x", id="voice-classes"),
        pytest.param("<ruby>a<rt>b", "a(b)", id="ruby-unclosed"),
        pytest.param("<ruby>a<rt>b</rt>c</ruby>", "a(b)c", id="ruby"),
        pytest.param("<ruby>a<rt>b<rt>c</rt></ruby>", "a(bc)", id="rt-twice"),
        pytest.param("<rt>b</rt>", "b", id="rt-outside-ruby"),
        pytest.param("<ruby>a<rt>b</ruby>c", "a(b)c", id="ruby-end-closes-rt"),
        pytest.param("<ruby>a<rt>b</rt><rt>c</rt></ruby>", "a(b)(c)", id="two-rt"),
        pytest.param("<ruby>a<i>b</i><rt>c</rt></ruby>", "ab(c)", id="end-tag-inside-ruby"),
        pytest.param("<ruby>a</ruby><rt>b</rt>", "ab", id="rt-after-ruby"),
        pytest.param("x</ruby>y", "xy", id="stray-end"),
        pytest.param("a<", "a", id="less-than-at-end"),
        pytest.param("a <b c", "a", id="unclosed"),
        pytest.param("<00:01.000>a<00:02.000> b", "a b", id="timestamps"),
        pytest.param("&nbsp;a&nbsp;", "\u00a0a\u00a0", id="nbsp-kept"),
        pytest.param("&#65;&#x42;&rlm;", "AB\u200f", id="numeric"),
        pytest.param("a & b &amp c", "a & b & c", id="ampersands"),
        pytest.param("", "", id="empty"),
    ],
)
def test_cue_text(raw: str, shown: str) -> None:
    assert cue_text(raw) == shown


def test_cues_with_the_same_start_longest_first_and_empty_ones_not_shown() -> None:
    track = CueTrack(
        [Cue(0, 5000, "short"), Cue(0, 10_000, "long"), Cue(1000, 9000, ""), Cue(2000, 3000, "b")]
    )
    assert [cue.text for cue in track.cues] == ["long", "short", "", "b"]
    assert track.text_at(2500) == "long\nshort\nb"
    assert track.text_at(4999) == "long\nshort"
    assert track.text_at(5000) == "long"
    assert track.text_at(9999) == "long"
    assert track.text_at(10_000) == ""


def test_a_long_cue_under_short_ones() -> None:
    track = CueTrack([Cue(0, 10_000, "A"), Cue(2000, 3000, "B"), Cue(4000, 5000, "C")])
    assert [track.text_at(t) for t in (1000, 2500, 3500, 4500, 9000)] == [
        "A",
        "A\nB",
        "A",
        "A\nC",
        "A",
    ]
