"""The validator of kiosk/content/schema.py, section by section: what each one makes of a
small content file, and every problem it reports with its line, column and field.

Qt-free; every file a test writes lives under ``tmp_path``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from kiosk.content import ContentError, ImageSlide, Problem, assets, load_content, schema
from kiosk.content.actions import Action
from kiosk.content.model import KioskSettings, Labels, Language, Theme

HEAD = """\
version: 1
presentation:
  title: T
  organisation: O
slides:
  - id: intro
    kind: title
    title: Hello
"""
"""A valid file of 8 lines; what a test adds starts on line 9."""

SVG = b"<svg xmlns='http://www.w3.org/2000/svg'><g id='card-a'/><g id='card-b'/></svg>"
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1"


def write(folder: Path, text: str, files: dict[str, bytes] | None = None) -> Path:
    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)
    path = folder / "content.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def compose(text: str) -> yaml.Node:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert root is not None
    return root


def problems(folder: Path, text: str, files: dict[str, bytes] | None = None) -> list[str]:
    """Each problem in ``text`` as ``line:column: field: message``."""
    path = write(folder, text, files)
    with pytest.raises(ContentError) as info:
        load_content(path)
    return [str(p).removeprefix(f"{path}:") for p in info.value.problems]


# --- the file and its sections ---------------------------------------------------------------


def test_a_file_without_its_required_sections() -> None:
    root = compose("theme: {}\n")
    with pytest.raises(ContentError) as info:
        schema.validate(Path("c.yaml"), root)
    assert [str(p) for p in info.value.problems] == [
        "c.yaml:1:1: version: is missing",
        "c.yaml:1:1: presentation: is missing",
        "c.yaml:1:1: slides: is missing",
    ]


def test_a_file_with_nothing_usable_but_no_problem_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "_presentation", lambda ctx, node: None)
    root = compose(HEAD)
    with pytest.raises(ContentError) as info:
        schema.validate(Path("c.yaml"), root)
    assert info.value.problems == [Problem(Path("c.yaml"), 1, 1, "", "no usable content")]


def test_a_file_that_is_not_a_mapping_has_a_problem_of_no_field() -> None:
    with pytest.raises(ContentError) as info:
        schema.validate(Path("c.yaml"), compose("- a\n"))
    assert info.value.problems == [
        Problem(Path("c.yaml"), 1, 1, "", "expected a mapping of fields, found a list")
    ]


def test_the_top_level_fields_are_checked_once(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + "version: 1\nslide: []\n") == [
        "9:1: version: appears twice (first on line 1)",
        "10:1: slide: unknown field in the file; did you mean 'slides'?",
    ]


def test_a_section_that_is_not_a_mapping(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + "theme: [a]\nlabels: x\nkiosk: 1\nkeys: []\n") == [
        "9:8: theme: expected a mapping of fields, found a list",
        "10:9: labels: expected a mapping of fields, found a value",
        "11:8: kiosk: expected a mapping of fields, found a value",
        "12:7: keys: expected a mapping of fields, found a list",
    ]


def test_a_key_that_is_not_a_name(tmp_path: Path) -> None:
    assert problems(tmp_path, HEAD + "[a]: 1\n") == ["9:1: ?: unknown field in the file"]


def test_presentation_not_a_mapping(tmp_path: Path) -> None:
    text = "version: 1\npresentation: [T]\nslides:\n  - {id: intro, kind: title, title: Hi}\n"
    assert problems(tmp_path, text) == [
        "2:15: presentation: expected a mapping of fields, found a list"
    ]


# --- presentation and languages --------------------------------------------------------------


LANGUAGES = """\
version: 1
presentation:
  title: {en: T, ar: ت}
  organisation: O
  language: en
  languages:
    - {code: en, name: English}
    - {code: ar, name: العربية, direction: rtl}
slides:
  - {id: intro, kind: title, title: {en: Hi, ar: مرحبا}}
"""


def test_languages_in_their_order_with_their_direction(tmp_path: Path) -> None:
    content = load_content(write(tmp_path, LANGUAGES))
    assert content.presentation.languages == (
        Language("en", "English", "ltr"),
        Language("ar", "العربية", "rtl"),
    )
    assert content.presentation.language == "en"


def test_the_default_language_alone_is_the_one_language(tmp_path: Path) -> None:
    text = HEAD.replace("  organisation: O\n", "  organisation: O\n  language: cy\n")
    content = load_content(write(tmp_path, text))
    assert content.presentation.languages == (Language("cy", "cy", "ltr"),)
    assert content.presentation.language == "cy"
    assert content.slides[0].title.values == {"cy": "Hello"}


def test_the_first_language_key_counts(tmp_path: Path) -> None:
    text = HEAD.replace(
        "  organisation: O\n", "  organisation: O\n  language: cy\n  language: fr\n"
    )
    assert problems(tmp_path, text) == [
        "6:3: presentation.language: appears twice (first on line 5)",
    ]


def test_mistakes_in_the_languages_list(tmp_path: Path) -> None:
    text = LANGUAGES.replace(
        "    - {code: ar, name: العربية, direction: rtl}\n",
        "    - {code: ar, name: العربية, direction: rtl}\n"
        "    - just a name\n"
        "    - {code: ar, name: Again}\n"
        "    - {name: Nameless}\n"
        "    - {code: cy}\n"
        "    - {code: fr, name: Français, direction: up}\n",
    )
    assert problems(tmp_path, text) == [
        "9:7: presentation.languages[2]: expected a mapping of fields, found a value",
        "10:14: presentation.languages[3].code: language 'ar' is already listed on line 8",
        "11:7: presentation.languages[4].code: is missing",
        # {code: cy} is fine: a language's name defaults to its own (kiosk/content/languages.py)
        "13:45: presentation.languages[6].direction: 'up' is not one of: ltr, rtl",
    ]


def test_languages_not_a_list(tmp_path: Path) -> None:
    text = (
        LANGUAGES.replace(
            "  languages:\n"
            "    - {code: en, name: English}\n"
            "    - {code: ar, name: العربية, direction: rtl}\n",
            "  languages: {en: English}\n",
        )
        .replace("{en: T, ar: ت}", "T")
        .replace("{en: Hi, ar: مرحبا}", "Hi")
    )
    # The default language then is the one language: no second problem.
    assert problems(tmp_path, text) == [
        "6:14: presentation.languages: expected a list, found a mapping",
    ]


def test_an_empty_languages_list_leaves_the_default_language(tmp_path: Path) -> None:
    text = HEAD.replace("  organisation: O\n", "  organisation: O\n  languages: []\n")
    content = load_content(write(tmp_path, text))
    assert content.presentation.languages == ()
    assert content.presentation.language == "en"


def test_the_default_language_must_be_listed(tmp_path: Path) -> None:
    text = LANGUAGES.replace("language: en", "language: cy")
    assert problems(tmp_path, text) == [
        "3:10: presentation.title: has no text in the default language 'cy'",
        "5:13: presentation.language: 'cy' is not listed in presentation.languages",
        "10:37: slides[0].title: has no text in the default language 'cy'",
    ]


def test_without_a_title_there_is_no_presentation(tmp_path: Path) -> None:
    text = HEAD.replace("  title: T\n", "  title: ''\n")
    assert problems(tmp_path, text) == ["3:10: presentation.title: must not be empty"]


# --- theme, labels, kiosk settings, keys ------------------------------------------------------


def test_a_theme_keeps_its_good_colours_and_the_defaults(tmp_path: Path) -> None:
    content = load_content(write(tmp_path, HEAD + "theme: {accent: '#003087', font: Serif}\n"))
    assert content.theme == Theme(accent="#003087", font="Serif")
    assert problems(tmp_path, HEAD + "theme:\n  accent: '#003087'\n  text: red\n") == [
        "11:9: theme.text: expected a colour like \"#005EB8\", found 'red'"
    ]


def test_low_contrast_is_reported_at_the_colour_written(tmp_path: Path) -> None:
    # Of a pair, the foreground is named if it is written, else the background.
    assert problems(tmp_path, HEAD + "theme:\n  background: '#000000'\n  text: '#111111'\n") == [
        "10:15: theme.background: muted_text on background has contrast 3.30:1; WCAG AA needs "
        "at least 4.5:1",
        "10:15: theme.background: accent on background has contrast 3.29:1; WCAG AA needs at "
        "least 4.5:1",
        "11:9: theme.text: text on background has contrast 1.11:1; WCAG AA needs at least 4.5:1",
    ]
    assert schema.MIN_CONTRAST == 4.5


def test_labels_are_checked_as_templates_in_every_language(tmp_path: Path) -> None:
    text = HEAD + (
        "labels:\n"
        "  next: {en: 'Go {', cy: 'Mynd {x}'}\n"
        "  go_to: '{number:>3}'\n"
        "  slide_of: '{number!r} {total[0]}'\n"
        "  back: ''\n"
    )
    assert problems(tmp_path, text) == [
        "10:9: labels.next: is not a valid template (Single '{' encountered in format string); "
        "write {{ and }} for a literal brace",
        "10:9: labels.next: unknown placeholder; allowed: none",
        "10:22: labels.next.cy: language is not listed in presentation.languages",
        "12:13: labels.slide_of: unknown placeholder; allowed: {number}, {total}",
        "13:3: labels.back: unknown field in labels; did you mean 'key_black'?",
    ]


def test_labels_that_load(tmp_path: Path) -> None:
    text = HEAD + "labels:\n  go_to: '{number:>3}'\n  restarting_in: '{seconds}s'\n  next: ''\n"
    assert problems(tmp_path, text) == ["12:9: labels.next: must not be empty"]
    labels = load_content(write(tmp_path, text.replace("  next: ''\n", ""))).labels
    assert labels.get("go_to", number=7) == "  7"
    assert labels.get("restarting_in", seconds=3) == "3s"
    assert Labels().get("next") == labels.get("next")


def test_kiosk_settings_keep_the_good_values(tmp_path: Path) -> None:
    text = HEAD + "kiosk:\n  countdown: 25\n  attract_video: skip\n  idle_timeout: x\n"
    assert problems(tmp_path, text) == [
        "12:17: kiosk.idle_timeout: expected a number of seconds, found 'x'"
    ]
    settings = load_content(write(tmp_path, text.replace("  idle_timeout: x\n", ""))).kiosk
    assert settings == KioskSettings(countdown=25.0, attract_video="skip")


def test_a_key_serves_one_action(tmp_path: Path) -> None:
    text = HEAD + (
        "keys:\n"
        "  next: [Right, X]\n"
        "  previous: [x, Left, right]\n"
        "  black: Left\n"
        "  white: [Left, Left]\n"
        "  help: bogus\n"
    )
    assert problems(tmp_path, text) == [
        "11:14: keys.previous[0]: key 'X' is already used for 'next' on line 10",
        "11:23: keys.previous[2]: key 'Right' is already used for 'next' on line 10",
        "12:10: keys.black[0]: key 'Left' is already used for 'previous' on line 11",
        "13:11: keys.white[0]: key 'Left' is already used for 'previous' on line 11",
        "13:17: keys.white[1]: key 'Left' is already used for 'previous' on line 11",
        "14:9: keys.help: 'bogus' is not a key name; use one character, F1 to F35, or a name "
        "such as Right, PgDown, Space, Return, Esc or Media Play, or keysym:... or keycode:... "
        "as `kiosk keys` prints them (README, Presenting)",
    ]


def test_keys_that_load(tmp_path: Path) -> None:
    text = HEAD + "keys:\n  next: [Right, right]\n  black: b\n  white: []\n"
    assert load_content(write(tmp_path, text)).keys == {
        Action.NEXT: ("Right", "Right"),
        Action.BLACK: ("B",),
        Action.WHITE: (),
    }


# --- slides and the links of an image --------------------------------------------------------

SLIDES = HEAD.removesuffix("  - id: intro\n    kind: title\n    title: Hello\n")
"""Lines 1-5; the first slide starts on line 6."""


def test_slides_with_mistakes_are_left_out_and_each_mistake_reported(tmp_path: Path) -> None:
    text = SLIDES + (
        "  - {id: a, kind: title, title: A}\n"
        "  - {id: b, kind: title, title: B}\n"
        "  - {id: a, kind: title, title: C}\n"
        "  - {kind: title, title: D}\n"
        "  - {id: e, kind: [x], title: E}\n"
        "  - {id: f, title: F}\n"
        "  - {id: g, kind: workstream, title: G, body: B, number: 0}\n"
    )
    assert problems(tmp_path, text) == [
        "8:10: slides[2].id: id 'a' is already used by the slide on line 6",
        "9:5: slides[3].id: is missing",
        "10:19: slides[4].kind: expected a text, found a list",
        "11:5: slides[5].kind: is missing",
        "12:58: slides[6].number: must be between 1 and 99, found 0",
    ]


def test_each_slide_knows_its_line(tmp_path: Path) -> None:
    text = (
        SLIDES + "  - {id: a, kind: title, title: A}\n\n  - id: b\n    kind: title\n    title: B\n"
    )
    content = load_content(write(tmp_path, text))
    assert [(slide.id, slide.line) for slide in content.slides] == [("a", 6), ("b", 8)]


IMAGE = SLIDES + ("  - id: pic\n    kind: image\n    title: P\n    alt: A\n    file: a.svg\n")
"""An image slide on lines 6-10; what a test adds starts on line 11."""


def test_links_of_an_svg_picture(tmp_path: Path) -> None:
    text = IMAGE + "    links: {card-a: pic, card-b: pic}\n"
    [slide] = load_content(write(tmp_path, text, {"a.svg": SVG})).slides
    assert isinstance(slide, ImageSlide)
    assert slide.links == {"card-a": "pic", "card-b": "pic"}


def test_each_link_needs_a_slide_and_an_element_in_every_svg(tmp_path: Path) -> None:
    text = IMAGE + (
        "    portrait: b.png\n"
        "    links: {card-a: intro, card-x: pic, card-b: intr}\n"
        "  - {id: intro, kind: title, title: I}\n"
    )
    assert problems(tmp_path, text, {"a.svg": SVG, "b.png": PNG}) == [
        "12:13: slides[0].links.card-a: links need an SVG picture; portrait 'b.png' is not one",
        "12:28: slides[0].links.card-x: 'a.svg' has no element with the id 'card-x'",
        "12:28: slides[0].links.card-x: links need an SVG picture; portrait 'b.png' is not one",
        "12:41: slides[0].links.card-b: links need an SVG picture; portrait 'b.png' is not one",
        "12:49: slides[0].links.card-b: no slide has the id 'intr'; did you mean 'intro'?",
    ]


def test_a_link_to_no_slide_without_a_close_id(tmp_path: Path) -> None:
    text = IMAGE + "    links: {card-a: zzz}\n"
    assert problems(tmp_path, text, {"a.svg": SVG}) == [
        "11:21: slides[0].links.card-a: no slide has the id 'zzz'"
    ]


def test_a_repeated_link_is_reported_once(tmp_path: Path) -> None:
    text = IMAGE + "    links: {card-a: pic, card-a: pic}\n"
    assert problems(tmp_path, text, {"a.svg": SVG}) == [
        "11:26: slides[0].links.card-a: appears twice"
    ]


def test_a_missing_svg_is_not_searched_for_ids_without_check_files(tmp_path: Path) -> None:
    text = IMAGE + "    links: {card-z: pic}\n"
    [slide] = load_content(write(tmp_path, text), check_files=False).slides
    assert isinstance(slide, ImageSlide)
    assert slide.links == {"card-z": "pic"}


def test_an_svg_without_a_linked_element_still_shows_without_check_files(tmp_path: Path) -> None:
    """The show reads content without opening its files (its file check follows the first
    paint): a designer's new SVG that lost a linked id is a logged problem, not a refusal."""
    text = IMAGE + "    links: {card-z: pic}\n"
    path = write(tmp_path, text, {"a.svg": SVG})
    [slide] = load_content(path, check_files=False).slides
    assert isinstance(slide, ImageSlide)
    assert slide.links == {"card-z": "pic"}
    assert problems(tmp_path, text, {"a.svg": SVG}) == [
        "11:13: slides[0].links.card-z: 'a.svg' has no element with the id 'card-z'"
    ]


def test_an_svg_of_the_largest_size_is_searched_for_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assets, "MAX_SVG_BYTES", len(SVG))
    text = IMAGE + "    links: {card-a: pic, card-z: pic}\n"
    assert problems(tmp_path, text, {"a.svg": SVG}) == [
        "11:26: slides[0].links.card-z: 'a.svg' has no element with the id 'card-z'"
    ]


def test_a_slide_kind_with_spaces_around_it_is_that_kind(tmp_path: Path) -> None:
    # The kind, read before the slide's fields to know which are allowed, is stripped as
    # every text is: " title" once dropped its slide without a word.
    text = SLIDES + (
        "  - {id: a, kind: ' title', title: A}\n"
        "  - {id: b, kind: 'image ', title: B, alt: x, file: a.svg}\n"
    )
    slides = load_content(write(tmp_path, text, {"a.svg": SVG})).slides
    assert [(slide.id, type(slide).__name__) for slide in slides] == [
        ("a", "TitleSlide"),
        ("b", "ImageSlide"),
    ]


def test_checking_goes_on_after_a_broken_slide_label_or_language(tmp_path: Path) -> None:
    text = HEAD + "  - just a sentence\n  - {id: b, kind: title, title: ''}\n"
    assert problems(tmp_path, text) == [
        "9:5: slides[1]: expected a mapping of fields, found a value",
        "10:33: slides[2].title: must not be empty",
    ]
    text = HEAD + "labels:\n  next: ''\n  slide_of: '{n}'\n"
    assert problems(tmp_path, text) == [
        "10:9: labels.next: must not be empty",
        "11:13: labels.slide_of: unknown placeholder; allowed: {number}, {total}",
    ]
    # A language with an empty name is reported once (its code still lists it: a name
    # defaults to the language's own).
    text = HEAD.replace(
        "  organisation: O\n",
        "  organisation: O\n"
        "  languages:\n"
        "    - {code: en, name: English}\n"
        "    - {code: cy, name: ''}\n",
    ).replace("title: T", "title: {en: T, cy: X}")
    assert problems(tmp_path, text) == [
        "7:24: presentation.languages[1].name: must not be empty",
    ]


def test_a_minimal_file_gets_the_default_sections(tmp_path: Path) -> None:
    content = load_content(write(tmp_path, HEAD))
    assert (content.theme, content.labels, content.kiosk, content.keys) == (
        Theme(),
        Labels(),
        KioskSettings(),
        {},
    )
    assert content.path == tmp_path / "content.yaml"
    assert content.base_dir == tmp_path.resolve()


def test_validate_checks_files_unless_told_not_to(tmp_path: Path) -> None:
    path = write(tmp_path, IMAGE)
    root = compose(path.read_text(encoding="utf-8"))
    with pytest.raises(ContentError) as info:
        schema.validate(path, root)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:10:11: slides[0].file: file 'a.svg' does not exist"
    ]
    [slide] = schema.validate(path, root, check_files=False).slides
    assert isinstance(slide, ImageSlide)
    assert slide.file == tmp_path.resolve() / "a.svg"


def test_keys_after_an_action_with_a_bad_key_are_still_compared(tmp_path: Path) -> None:
    text = HEAD + "keys:\n  next: [Right, bogus]\n  previous: [X]\n  black: [x]\n"
    assert problems(tmp_path, text) == [
        "10:17: keys.next[1]: 'bogus' is not a key name; use one character, F1 to F35, or a "
        "name such as Right, PgDown, Space, Return, Esc or Media Play, or keysym:... or "
        "keycode:... as `kiosk keys` prints them (README, Presenting)",
        "12:11: keys.black[0]: key 'X' is already used for 'previous' on line 11",
    ]
