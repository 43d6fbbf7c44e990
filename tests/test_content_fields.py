"""The field parsers of kiosk/content/fields.py, one by one, on YAML nodes made in memory.

Each parser gets a fresh :class:`Context` for the file ``c.yaml`` and reports problems as
``c.yaml:line:column: field: message``; these tests pin the value returned, the exact
message and where it points. Qt-free; the files a test writes live under ``tmp_path``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from kiosk.content import fields
from kiosk.content.fields import (
    INVALID,
    Context,
    Parser,
    asset,
    captions,
    kind_of,
    normalise_key_name,
    one_of,
    parse_bool,
    parse_colour,
    parse_int_1_99,
    parse_key_list,
    parse_language_code,
    parse_later,
    parse_links,
    parse_seconds,
    parse_slide_id,
    parse_string,
    parse_text,
    parse_url,
    parse_version,
)
from kiosk.content.model import Text

SVG = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"


def node(text: str) -> yaml.Node:
    """The YAML node ``text`` makes, read as the app reads content.yaml."""
    made = yaml.compose(text, Loader=yaml.SafeLoader)
    assert made is not None
    return made


def run(
    parser: Parser, text: str, *, folder: Path | None = None, check_files: bool = True
) -> tuple[Any, list[str]]:
    """``parser``'s value for ``text`` at field ``f``, and its problems as text."""
    ctx = Context((folder or Path(".")) / "c.yaml")
    ctx.check_files = check_files
    value = parser(ctx, node(text), "f")
    prefix = f"{ctx.path}:"
    problems = [str(problem).removeprefix(prefix) for problem in ctx.problems]
    assert (value is INVALID) == bool(problems), problems
    return value, problems


def problem(parser: Parser, text: str, **kwargs: Any) -> str:
    """The one problem ``parser`` reports for ``text``."""
    value, problems = run(parser, text, **kwargs)
    assert value is INVALID
    [only] = problems
    return only


# --- the context and the shared scalar check ------------------------------------------------


def test_a_new_context_starts_empty_in_english_and_checks_files(tmp_path: Path) -> None:
    ctx = Context(tmp_path / "sub" / ".." / "c.yaml")
    assert ctx.path == tmp_path / "sub" / ".." / "c.yaml"
    assert ctx.base_dir == tmp_path.resolve()
    assert (ctx.problems, ctx.language, ctx.language_codes, ctx.text_nodes) == (
        [],
        "en",
        {"en"},
        [],
    )
    assert ctx.check_files is True
    assert ctx.error(node("\n\n   x"), "a.b", "is wrong") is INVALID
    [found] = ctx.problems
    assert (found.path, found.line, found.column, found.field, found.message) == (
        ctx.path,
        3,
        4,
        "a.b",
        "is wrong",
    )


def test_kind_of_names_mappings_lists_and_values() -> None:
    assert [kind_of(node(text)) for text in ("{a: 1}", "[1]", "x", "~")] == [
        "mapping",
        "list",
        "value",
        "value",
    ]


def test_a_nested_section_is_returned_unparsed() -> None:
    made = node("{a: [1]}")
    ctx = Context(Path("c.yaml"))
    assert parse_later(ctx, made, "f") is made
    assert ctx.problems == []


@pytest.mark.parametrize(
    ("parser", "expected"),
    [
        (parse_string, "a text"),
        (parse_colour, "a colour"),
        (parse_int_1_99, "a whole number"),
        (parse_seconds, "a number of seconds"),
        (parse_bool, "true or false"),
        (parse_version, "the format version 1"),
    ],
)
def test_every_scalar_names_what_it_expected(parser: Parser, expected: str) -> None:
    assert problem(parser, "[1]") == f"1:1: f: expected {expected}, found a list"
    assert problem(parser, "\n  {a: 1}") == f"2:3: f: expected {expected}, found a mapping"
    hint = ' (quote colours: "#005EB8")' if parser is parse_colour else ""
    assert problem(parser, "~") == f"1:1: f: expected {expected}, found nothing{hint}"
    assert problem(parser, "!!int x") == (
        f"1:1: f: expected {expected}: invalid literal for int() with base 10: 'x'"
    )
    assert problem(parser, '!!bool "maybe"') == (
        f"1:1: f: expected {expected}: 'maybe' is not a valid bool"
    )


def test_a_constructor_error_gives_its_reason_on_one_line() -> None:
    assert problem(parse_seconds, "!!binary a") == (
        "1:1: f: expected a number of seconds: failed to decode base64 data: Invalid "
        "base64-encoded string: number of data characters (1) cannot be 1 more than a "
        "multiple of 4"
    )


# --- text ---------------------------------------------------------------------------------


def test_a_string_is_stripped_and_may_be_a_number_as_written() -> None:
    assert run(parse_string, "'  Hello  '") == ("Hello", [])
    assert run(parse_string, "2.50") == ("2.50", [])
    assert run(parse_string, "2024-01-02") == ("2024-01-02", [])
    assert run(parse_string, "'tab\there'") == ("tab\there", [])
    assert run(parse_string, "'two\n\n  lines'") == ("two\nlines", [])


@pytest.mark.parametrize("character", ["\\x00", "\\x08", "\\x0b", "\\x1f", "\\x7f", "\\x9f"])
def test_every_control_character_is_refused(character: str) -> None:
    assert problem(parse_string, f'"a{character}b"') == (
        f"1:1: f: contains the control character '{character}'; remove it"
    )


def test_visible_characters_next_to_the_control_ranges_are_kept() -> None:
    assert run(parse_string, '"a\\xa0b\\x20c"') == ("a\xa0b c", [])


def test_text_in_one_language_is_in_the_default_language() -> None:
    ctx = Context(Path("c.yaml"))
    ctx.language = "cy"
    value = parse_text(ctx, node("Helo"), "f")
    assert isinstance(value, Text)
    assert (value.values, value.default) == ({"cy": "Helo"}, "cy")
    assert ctx.text_nodes == []
    assert problem(parse_text, "''") == "1:1: f: must not be empty"


def test_text_in_several_languages() -> None:
    ctx = Context(Path("c.yaml"))
    made = node("{en: Hello, ar: مرحبا}")
    value = parse_text(ctx, made, "f")
    assert isinstance(value, Text)
    assert (value.values, value.default) == ({"en": "Hello", "ar": "مرحبا"}, "en")
    assert ctx.text_nodes == [("f", made)]
    assert ctx.problems == []


def test_each_mistake_in_a_translated_text_is_reported_at_its_key() -> None:
    ctx = Context(Path("c.yaml"))
    value = parse_text(ctx, node("{en: Hi, en: Ho, EN: Hey, [x]: y, cy: '', pt-BR: Oi}"), "f")
    assert isinstance(value, Text)
    assert value.values == {"en": "Hi", "pt-BR": "Oi"}
    assert [str(p) for p in ctx.problems] == [
        "c.yaml:1:10: f.en: appears twice",
        "c.yaml:1:18: f.EN: is not a language code such as 'en' or 'ar'",
        "c.yaml:1:27: f.?: is not a language code such as 'en' or 'ar'",
        "c.yaml:1:39: f.cy: must not be empty",
    ]


def test_a_translated_text_keeps_its_good_languages() -> None:
    ctx = Context(Path("c.yaml"))
    value = parse_text(ctx, node("{en: Hi, cy: '', fr: Salut}"), "f")
    assert isinstance(value, Text)
    assert value.values == {"en": "Hi", "fr": "Salut"}
    assert [p.field for p in ctx.problems] == ["f.cy"]
    ctx = Context(Path("c.yaml"))
    made = node("{}")
    assert parse_text(ctx, made, "f") is INVALID  # reported later: no default language
    assert (ctx.problems, ctx.text_nodes) == ([], [("f", made)])


# --- colours, numbers, true or false, version ---------------------------------------------------


def test_a_colour_is_upper_case() -> None:
    assert run(parse_colour, "'#00aBcD'") == ("#00ABCD", [])
    for text, shown in [
        ("'#00aBcDe'", "'#00aBcDe'"),
        ("'00aBcD'", "'00aBcD'"),
        ("'#00aBcG'", "'#00aBcG'"),
        ("' #00aBcD'", "' #00aBcD'"),
        ("12", "'12'"),
    ]:
        assert problem(parse_colour, text) == (
            f'1:1: f: expected a colour like "#005EB8", found {shown}'
        )


def test_a_whole_number_from_1_to_99() -> None:
    assert run(parse_int_1_99, "1") == (1, [])
    assert run(parse_int_1_99, "99") == (99, [])
    assert run(parse_int_1_99, "0x10") == (16, [])
    assert problem(parse_int_1_99, "100") == "1:1: f: must be between 1 and 99, found 100"
    assert problem(parse_int_1_99, "0") == "1:1: f: must be between 1 and 99, found 0"
    assert problem(parse_int_1_99, "true") == "1:1: f: expected a whole number, found 'true'"
    assert problem(parse_int_1_99, "'3'") == "1:1: f: expected a whole number, found '3'"


def test_seconds_are_a_float_above_0_up_to_an_hour() -> None:
    value, _ = run(parse_seconds, "3600")
    assert (value, type(value)) == (3600.0, float)
    assert run(parse_seconds, "0.001") == (0.001, [])
    assert problem(parse_seconds, "3600.5") == (
        "1:1: f: must be more than 0 and at most 3600 seconds, found 3600.5"
    )
    assert problem(parse_seconds, "'5'") == "1:1: f: expected a number of seconds, found '5'"
    assert problem(parse_seconds, "false") == "1:1: f: expected a number of seconds, found 'false'"


def test_true_or_false() -> None:
    assert run(parse_bool, "true") == (True, [])
    assert run(parse_bool, "false") == (False, [])
    assert problem(parse_bool, "1") == "1:1: f: expected true or false, found '1'"
    assert problem(parse_bool, "'yes'") == "1:1: f: expected true or false, found 'yes'"


def test_the_format_version_is_1() -> None:
    assert run(parse_version, "1") == (1, [])
    assert problem(parse_version, "1.5") == "1:1: f: this app reads format version 1, found '1.5'"
    assert problem(parse_version, "true") == (
        "1:1: f: this app reads format version 1, found 'true'"
    )


# --- ids, codes, choices, web addresses ---------------------------------------------------------


def test_a_slide_id_is_up_to_64_lower_case_letters_digits_and_dashes() -> None:
    for good in ("a", "0-a", "a" * 64, "work-1"):
        assert run(parse_slide_id, good) == (good, [])
    for wrong in ("-a", "a" * 65, "A", "a_b", "a.b"):
        assert problem(parse_slide_id, wrong) == (
            f"1:1: f: {wrong!r} is not a slide id: use a-z, 0-9 and '-', at most 64 characters"
        )
    assert problem(parse_slide_id, "''") == "1:1: f: must not be empty"


def test_a_language_code() -> None:
    for good in ("en", "fil", "pt-BR", "zh-Hant-TW", "en-gb2"):
        assert run(parse_language_code, good) == (good, [])
    for wrong in ("e", "engl", "EN", "en-", "en-x", "en-abcdefghi"):
        assert problem(parse_language_code, wrong) == (
            f"1:1: f: {wrong!r} is not a language code such as 'en' or 'ar'"
        )
    assert problem(parse_language_code, "''") == "1:1: f: must not be empty"


def test_one_of_lists_its_choices() -> None:
    parser = one_of("muted", "skip")
    assert run(parser, "skip") == ("skip", [])
    assert problem(parser, "Skip") == "1:1: f: 'Skip' is not one of: muted, skip"
    assert problem(parser, "''") == "1:1: f: must not be empty"


@pytest.mark.parametrize(
    "url", ["https://example.org", "http://example.org:8080/a b".replace(" ", ""), "https://x:0/"]
)
def test_a_web_address(url: str) -> None:
    assert run(parse_url, url) == (url, [])


@pytest.mark.parametrize(
    "url", ["https://example.org/a\u00a0b", "https://example.org/\tb", "mailto:a@example.org"]
)
def test_not_a_web_address(url: str) -> None:
    assert problem(parse_url, yaml.safe_dump(url).split("\n")[0]) == (
        f"1:1: f: {url!r} is not a web address (https://...)"
    )
    assert problem(parse_url, "''") == "1:1: f: must not be empty"


# --- key names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("x", "X"),
        ("?", "?"),
        (" escape ", "Esc"),
        ("PAGE UP", "PgUp"),
        ("f1", "F1"),
        ("F35", "F35"),
        ("f19", "F19"),
        ("F20", "F20"),
        ("+", "+"),
        ("ctrl++", "Ctrl++"),
        ("Meta+Shift+Alt+Ctrl+a", "Ctrl+Alt+Shift+Meta+A"),
        (" shift + f5 ", "Shift+F5"),
        ("shift+shift+x", "Shift+X"),
        ("Media Play", "Media Play"),
        ("play/pause", "Toggle Media Play/Pause"),
    ],
)
def test_a_key_name_is_spelt_as_qt_reads_it(text: str, name: str) -> None:
    assert normalise_key_name(text) == name


@pytest.mark.parametrize(
    "text", ["F0", "F36", "f100", "xy", "Ctrl+", "Shift+ ", " ", "", "\x07", "Hyper+x", "é+x"]
)
def test_not_a_key_name(text: str) -> None:
    with pytest.raises(ValueError, match="is not a key name") as info:
        normalise_key_name(text)
    assert str(info.value) == (
        f"{text!r} is not a key name; use one character, F1 to F35, or a name such as "
        "Right, PgDown, Space, Return, Esc or Media Play, or keysym:... or keycode:... "
        "as `kiosk keys` prints them (README, Presenting)"
    )


def test_a_digit_is_kept_for_typing_a_slide_number() -> None:
    for text in ("3", "Ctrl+0", "٣"):
        with pytest.raises(ValueError, match=r"^digits are kept for typing a slide number$"):
            normalise_key_name(text)


def test_a_key_list() -> None:
    assert run(parse_key_list, "[right, 'shift+f5']") == (("Right", "Shift+F5"), [])
    assert run(parse_key_list, "pagedown") == (("PgDown",), [])
    assert run(parse_key_list, "[]") == ((), [])
    value, problems = run(parse_key_list, "[right, '', NoSuchKey, '7']")
    assert value is INVALID
    assert problems == [
        "1:9: f[1]: must not be empty",
        "1:13: f[2]: 'NoSuchKey' is not a key name; use one character, F1 to F35, or a name "
        "such as Right, PgDown, Space, Return, Esc or Media Play, or keysym:... or keycode:... "
        "as `kiosk keys` prints them (README, Presenting)",
        "1:24: f[3]: digits are kept for typing a slide number",
    ]
    assert problem(parse_key_list, "'9'") == "1:1: f: digits are kept for typing a slide number"


# --- links of an image ----------------------------------------------------------------------


def test_links_map_element_ids_to_slide_ids() -> None:
    assert run(parse_links, "{card-a: intro, card-b: work-1}") == (
        {"card-a": "intro", "card-b": "work-1"},
        [],
    )


@pytest.mark.parametrize("text", ["{}", "[a]", "a", "~"])
def test_links_must_be_a_mapping_with_entries(text: str) -> None:
    assert problem(parse_links, text) == "1:1: f: expected a mapping of SVG element id: slide id"


def test_each_bad_link_is_reported() -> None:
    value, problems = run(parse_links, "{a: intro, a: work, '': x, b: Bad Id, c: intro}")
    assert value is INVALID
    assert problems == [
        "1:12: f.a: appears twice",
        "1:21: f: must not be empty",
        "1:31: f.b: 'Bad Id' is not a slide id: use a-z, 0-9 and '-', at most 64 characters",
    ]


# --- files in the content folder -------------------------------------------------------------


def test_an_asset_is_resolved_inside_the_content_folder(tmp_path: Path) -> None:
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.SVG").write_bytes(SVG)
    value, problems = run(asset(".svg"), "pics/a.SVG", folder=tmp_path)
    assert (value, problems) == ((tmp_path / "pics" / "a.SVG").resolve(), [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/a.svg", "'/a.svg' must be relative to the content folder"),
        ("'C:a.svg'", "'C:a.svg' must be relative to the content folder"),
        ("'a\\..\\..\\b.svg'", "'a\\\\..\\\\..\\\\b.svg' may not leave the content folder ('..')"),
        ("a.svgz", "file 'a.svgz' should end in one of: .svg, .png"),
        ("a", "file 'a' should end in one of: .svg, .png"),
    ],
)
def test_an_asset_path_that_is_not_allowed(tmp_path: Path, text: str, message: str) -> None:
    assert problem(asset(".svg", ".png"), text, folder=tmp_path) == f"1:1: f: {message}"
    assert problem(asset(".svg", ".png"), text, folder=tmp_path, check_files=False) == (
        f"1:1: f: {message}"
    )


def test_an_asset_need_not_exist_without_check_files(tmp_path: Path) -> None:
    value, problems = run(asset(".svg"), "no/such.svg", folder=tmp_path, check_files=False)
    assert (value, problems) == ((tmp_path / "no" / "such.svg").resolve(), [])
    (tmp_path / "dir.svg").mkdir()
    assert run(asset(".svg"), "dir.svg", folder=tmp_path, check_files=False)[1] == []


def test_an_asset_file_that_cannot_be_used(tmp_path: Path) -> None:
    (tmp_path / "dir.svg").mkdir()
    (tmp_path / "empty.svg").write_bytes(b"")
    (tmp_path / "html.svg").write_bytes(b"<html/>")
    assert problem(asset(".svg"), "dir.svg", folder=tmp_path) == (
        "1:1: f: file 'dir.svg' is a folder, not a file"
    )
    assert problem(asset(".svg"), "gone.svg", folder=tmp_path) == (
        "1:1: f: file 'gone.svg' does not exist"
    )
    assert problem(asset(".svg"), "empty.svg", folder=tmp_path) == (
        "1:1: f: file 'empty.svg' is empty"
    )
    assert problem(asset(".svg"), "html.svg", folder=tmp_path) == (
        "1:1: f: file 'html.svg' cannot be used: its root element is <html>, not <svg>"
    )


def test_an_asset_name_the_system_refuses(tmp_path: Path) -> None:
    assert problem(asset(".svg"), f"{'a' * 300}.svg", folder=tmp_path) == (
        f"1:1: f: file '{'a' * 300}.svg' cannot be read: File name too long"
    )
    assert problem(asset(".svg"), '"a\\0.svg"', folder=tmp_path).startswith(
        "1:1: f: contains the control character"
    )


def test_an_asset_that_is_not_usable_after_its_first_byte(tmp_path: Path) -> None:
    (tmp_path / "one.svg").write_bytes(b"x")
    assert problem(asset(".svg"), "one.svg", folder=tmp_path) == (
        "1:1: f: file 'one.svg' cannot be used: it is not valid SVG (line 1, column 1: "
        "syntax error)"
    )


def symlink(link: Path, target: str) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError) as exc:  # Windows without the privilege
        pytest.skip(f"cannot create symlinks here: {exc}")


def test_a_symlink_may_not_lead_out_of_the_content_folder(tmp_path: Path) -> None:
    (tmp_path / "show").mkdir()
    (tmp_path / "secret.svg").write_bytes(SVG)
    symlink(tmp_path / "show" / "a.svg", "../secret.svg")
    for check_files in (True, False):
        assert problem(
            asset(".svg"), "a.svg", folder=tmp_path / "show", check_files=check_files
        ) == ("1:1: f: file 'a.svg' leads outside the content folder")


def test_a_symlink_loop(tmp_path: Path) -> None:
    symlink(tmp_path / "loop.svg", "loop.svg")
    # Python 3.11 stops resolving with "Symlink loop from ..."; later ones ask the system.
    assert re.fullmatch(
        r"1:1: f: file 'loop\.svg' cannot be read: "
        r"(Symlink loop from '.*loop\.svg'|Too many levels of symbolic links)",
        problem(asset(".svg"), "loop.svg", folder=tmp_path),
    )


def test_an_unreadable_asset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.svg").write_bytes(SVG)
    asked: list[tuple[Path, int]] = []

    def access(path: Path, mode: int) -> bool:  # as a user without read permission
        asked.append((path, mode))
        return False

    monkeypatch.setattr(os, "access", access)
    assert problem(asset(".svg"), "a.svg", folder=tmp_path) == (
        "1:1: f: file 'a.svg' cannot be read"
    )
    assert asked == [((tmp_path / "a.svg").resolve(), os.R_OK)]


def test_captions_are_checked_as_webvtt(tmp_path: Path) -> None:
    (tmp_path / "good.vtt").write_bytes(VTT)
    (tmp_path / "latin.vtt").write_bytes(b"WEBVTT\n\ncaf\xe9\n")
    (tmp_path / "bad.vtt").write_bytes(b"WEB\n")
    assert run(captions, "good.vtt", folder=tmp_path) == ((tmp_path / "good.vtt").resolve(), [])
    assert problem(captions, "latin.vtt", folder=tmp_path) == (
        "1:1: f: file 'latin.vtt' is not UTF-8 text (byte 12)"
    )
    assert problem(captions, "bad.vtt", folder=tmp_path) == (
        "1:1: f: file 'bad.vtt' is not valid WebVTT: line 1: a WebVTT file starts with 'WEBVTT'"
    )
    assert problem(captions, "gone.vtt", folder=tmp_path) == (
        "1:1: f: file 'gone.vtt' does not exist"
    )
    assert problem(captions, "a.srt", folder=tmp_path) == (
        "1:1: f: file 'a.srt' should end in one of: .vtt"
    )
    # Without check_files the captions are not read.
    assert run(captions, "bad.vtt", folder=tmp_path, check_files=False) == (
        (tmp_path / "bad.vtt").resolve(),
        [],
    )


def test_each_dropped_cue_is_a_warning_at_its_line_in_the_captions_file(tmp_path: Path) -> None:
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "one-bad.vtt").write_bytes(
        b"WEBVTT\n\n00:01.000 --> 00:02.000\nkept\n\n00:61.000 --> 00:62.000\nlost\n"
    )
    ctx = Context(tmp_path / "c.yaml")
    assert captions(ctx, node("v/one-bad.vtt"), "f") == (tmp_path / "v" / "one-bad.vtt").resolve()
    assert ctx.problems == []
    assert [str(w) for w in ctx.warnings] == [
        f"{tmp_path / 'v' / 'one-bad.vtt'}:6:1: warning: f: cue dropped: "
        "minutes and seconds go up to 59"
    ]


def test_a_captions_file_with_no_cue_to_show_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "none.vtt").write_bytes(b"WEBVTT\n\nNOTE nothing yet\n")
    (tmp_path / "never.vtt").write_bytes(b"WEBVTT\n\n00:01.000 --> 00:01.000\nnever\n")
    for name in ("none.vtt", "never.vtt"):
        assert problem(captions, name, folder=tmp_path) == (
            f"1:1: f: file {name!r} has no cue to show"
        )


def test_the_suffixes_and_patterns() -> None:
    assert fields.IMAGE_SUFFIXES == (".svg", ".png", ".jpg", ".jpeg", ".webp")
    assert fields.VIDEO_SUFFIXES == (".webm", ".mp4", ".mkv", ".mov")
    assert fields.CAPTION_SUFFIXES == (".vtt",)
