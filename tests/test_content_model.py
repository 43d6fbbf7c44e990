"""The content model: the bundled content.yaml, and every kind of mistake in a content file.

Qt-free: these tests import no PySide6 (one of them proves the model does not either).
Every file a test writes lives under ``tmp_path``.
"""

from __future__ import annotations

import dataclasses
import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.content import (
    Content,
    ContentError,
    ImageSlide,
    LinkSlide,
    Problem,
    TitleSlide,
    VideoSlide,
    WorkstreamSlide,
    load_content,
    schema,
)
from kiosk.content.model import DEFAULT_LABELS, Labels, Text, Theme
from kiosk.resources import bundled_content_path
from tests.support import run_python

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "our-priorities.txt"

EXPECTED_IDS = (
    "intro",
    "improving-health-and-care",
    "empowering-vulnerable-communities",
    "innovating-for-all",
    "creating-equitable-environments",
    "collaborating-globally",
    "summary-visual",
    "explainer-video",
    "find-out-more",
)
EXPECTED_KINDS = ("title",) + ("workstream",) * 5 + ("image", "video", "link")
WORKSTREAM_TITLES = (
    "Improving Health and Care",
    "Empowering Vulnerable Communities",
    "Innovating for all",
    "Creating Equitable Environments",
    "Collaborating globally",
)


def normalise(text: str) -> str:
    return " ".join(text.split())


# --- the bundled content -----------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Content:
    return load_content(bundled_content_path())


def test_bundled_content_has_the_nine_slides_in_order(bundled: Content) -> None:
    assert len(bundled.slides) == 9
    assert tuple(slide.id for slide in bundled.slides) == EXPECTED_IDS
    assert tuple(slide.kind for slide in bundled.slides) == EXPECTED_KINDS
    classes = (TitleSlide,) + (WorkstreamSlide,) * 5 + (ImageSlide, VideoSlide, LinkSlide)
    assert tuple(type(slide) for slide in bundled.slides) == classes
    assert [bundled.index_of(slide_id) for slide_id in EXPECTED_IDS] == list(range(9))
    with pytest.raises(ValueError, match="no-such-slide"):
        bundled.index_of("no-such-slide")


def test_bundled_content_presentation_and_link(bundled: Content) -> None:
    assert str(bundled.presentation.title) == "Our Priorities"
    assert str(bundled.presentation.organisation) == "NHS Race and Health Observatory"
    assert bundled.presentation.language == "en"
    assert [language.code for language in bundled.presentation.languages] == ["en"]
    assert bundled.direction() == "ltr"
    link = bundled.slides[-1]
    assert isinstance(link, LinkSlide)
    assert link.url == "https://www.nhsrho.org/"
    assert str(link.title) == "Find out more about the work we do"


def test_bundled_workstreams_are_numbered_one_to_five_with_the_seed_titles(
    bundled: Content,
) -> None:
    workstreams = [slide for slide in bundled.slides if isinstance(slide, WorkstreamSlide)]
    assert [slide.number for slide in workstreams] == [1, 2, 3, 4, 5]
    assert tuple(str(slide.title) for slide in workstreams) == WORKSTREAM_TITLES
    for slide in workstreams:
        assert slide.body is not None
        assert str(slide.body).startswith(("Under this workstream", "We "))
        assert slide.duration is not None
        assert slide.duration > 0


def test_bundled_text_is_the_seed_text_verbatim(bundled: Content) -> None:
    if not SEED.is_file():
        pytest.skip(f"seed text not found at {SEED}")
    seed = normalise(SEED.read_text(encoding="utf-8"))
    texts = [bundled.presentation.title]
    for slide in bundled.slides:
        texts.append(slide.title)
        if isinstance(slide, TitleSlide | WorkstreamSlide):
            assert slide.body is not None
            texts.append(slide.body)
    video = bundled.slides[EXPECTED_IDS.index("explainer-video")]
    assert isinstance(video, VideoSlide)
    assert video.description is not None
    texts.append(video.description)
    for text in texts:
        assert normalise(str(text)) in seed, f"not in the seed text: {text}"
    for title in WORKSTREAM_TITLES:
        assert title in seed


def test_bundled_asset_paths_are_absolute_files_inside_the_content_folder(bundled: Content) -> None:
    base = bundled.base_dir
    assert base == bundled_content_path().parent.resolve()
    assert bundled.path.is_absolute()
    assets: list[Path] = []
    for slide in bundled.slides:
        if isinstance(slide, ImageSlide):
            assets.append(slide.file)
        elif isinstance(slide, VideoSlide):
            assert slide.captions is not None
            assert slide.poster is not None
            assets += [slide.file, slide.captions, slide.poster]
    assert [path.suffix for path in assets] == [".svg", ".webm", ".vtt", ".png"]
    for path in assets:
        assert path.is_absolute()
        assert path.is_relative_to(base)
        assert path.is_file()


def test_bundled_content_objects_are_immutable(bundled: Content) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        bundled.slides[0].id = "changed"  # type: ignore[misc]


def test_model_imports_no_qt() -> None:
    code = textwrap.dedent(
        """
        import sys
        import kiosk.content, kiosk.content.schema, kiosk.content.vtt, kiosk.content.contrast
        import kiosk.resources
        content = kiosk.content.load_content(kiosk.resources.bundled_content_path())
        assert len(content.slides) == 9, content.slides
        qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
        assert not qt, qt
        print("ok")
        """
    )
    result = run_python(code, PYTHONDONTWRITEBYTECODE="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# --- writing small content files -----------------------------------------------------------

HEAD = """\
version: 1
presentation:
  title: T
  organisation: O
slides:
"""
"""Lines 1-5; the first slide starts on line 6, its keys in column 5."""

TITLE = """\
  - id: intro
    kind: title
    title: Hello
"""
"""A valid slide: lines 6-8 after HEAD."""

IMAGE = """\
  - id: pic
    kind: image
    title: Picture
    alt: A picture
    file: {}
"""
"""An image slide; after HEAD its ``file`` value is at line 10, column 11."""

WORKSTREAM = """\
  - id: work
    kind: workstream
    title: Work
    body: What we do
    number: {}
"""
"""A workstream slide; after HEAD its ``number`` value is at line 10, column 13."""

TWO_LANGUAGES = """\
version: 1
presentation:
  title: T
  organisation: O
  language: en
  languages:
    - {code: en, name: English}
    - {code: cy, name: Cymraeg}
slides:
"""
"""Lines 1-9; the first slide starts on line 10."""

VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"
SVG = b"<svg xmlns='http://www.w3.org/2000/svg'/>"


def write(folder: Path, text: str, files: dict[str, bytes] | None = None) -> Path:
    """Write ``text`` as ``folder/content.yaml`` and the asset ``files`` beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    path = folder / "content.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path, **kwargs: bool) -> list[Problem]:
    with pytest.raises(ContentError) as info:
        load_content(path, **kwargs)
    assert str(info.value) == "\n".join(str(problem) for problem in info.value.problems)
    return info.value.problems


def symlink(link: Path, target: str) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError) as exc:  # Windows without the privilege
        pytest.skip(f"cannot create symlinks here: {exc}")


def outside_link(folder: Path) -> None:
    (folder.parent / "outside").mkdir()
    (folder.parent / "outside" / "secret.svg").write_bytes(SVG)
    symlink(folder / "pics" / "link.svg", "../../outside/secret.svg")


def looping_link(folder: Path) -> None:
    symlink(folder / "loop.svg", "loop.svg")


# --- one mistake per file ----------------------------------------------------------------------

Setup = Callable[[Path], None] | None

FILM = (
    "  - id: film\n    kind: video\n    title: Film\n    file: film.webm\n    captions: film.vtt\n"
)
"""A video slide; after HEAD its ``captions`` value is at line 10, column 15."""

WEBM = b"\x1a\x45\xdf\xa3"


def link(url: str) -> str:
    """A link slide; after HEAD its ``url`` value is at line 9, column 10."""
    return f"  - id: web\n    kind: link\n    title: Web\n    url: {url}\n"


def bad(
    case_id: str,
    text: str,
    expected: str,
    *,
    files: dict[str, bytes] | None = None,
    setup: Setup = None,
    count: int = 1,
) -> Any:
    """A file with one mistake; ``expected`` starts the problem's text after the file name."""
    return pytest.param(text, expected, files, setup, count, id=case_id)


BAD_CASES = [
    # Keys: unknown (with a suggestion when one is close), missing, repeated.
    bad(
        "unknown-top-level-key",
        HEAD + TITLE + "themes:\n  text: '#000000'\n",
        "9:1: themes: unknown field in the file; did you mean 'theme'?",
    ),
    bad(
        "unknown-slide-key",
        HEAD + TITLE + "    titel: Hello again\n",
        "9:5: slides[0].titel: unknown field in slides[0]; did you mean 'title'?",
    ),
    bad(
        "unknown-slide-key-no-suggestion",
        HEAD + TITLE + "    colour: red\n",
        "9:5: slides[0].colour: unknown field in slides[0]",
    ),
    bad(
        "key-of-another-kind",
        HEAD + TITLE + "    url: https://example.org/\n",
        "9:5: slides[0].url: unknown field in slides[0]",
    ),
    bad(
        "missing-title",
        HEAD + "  - id: intro\n    kind: title\n",
        "6:5: slides[0].title: is missing",
    ),
    bad(
        "missing-presentation",
        "version: 1\nslides:\n" + TITLE,
        "1:1: presentation: is missing",
    ),
    bad(
        "duplicate-key",
        HEAD + TITLE + "    title: Hello again\n",
        "9:5: slides[0].title: appears twice (first on line 8)",
    ),
    bad(
        "duplicate-id",
        HEAD + TITLE + TITLE,
        "9:9: slides[1].id: id 'intro' is already used by the slide on line 6",
    ),
    bad(
        "bad-id",
        HEAD + "  - id: Intro Slide\n    kind: title\n    title: Hello\n",
        "6:9: slides[0].id: 'Intro Slide' is not a slide id: use a-z, 0-9 and '-'",
    ),
    bad(
        "bad-kind",
        HEAD + "  - id: intro\n    kind: slideshow\n    title: Hello\n",
        "7:11: slides[0].kind: 'slideshow' is not one of: title, workstream, image, video, link",
    ),
    # Numbers.
    bad(
        "number-not-a-number",
        HEAD + WORKSTREAM.format("three"),
        "10:13: slides[0].number: expected a whole number, found 'three'",
    ),
    bad(
        "number-not-whole",
        HEAD + WORKSTREAM.format("2.5"),
        "10:13: slides[0].number: expected a whole number, found '2.5'",
    ),
    bad(
        "number-too-big",
        HEAD + WORKSTREAM.format("100"),
        "10:13: slides[0].number: must be between 1 and 99, found 100",
    ),
    bad(
        "number-zero",
        HEAD + WORKSTREAM.format("0"),
        "10:13: slides[0].number: must be between 1 and 99, found 0",
    ),
    bad(
        "duration-zero",
        HEAD + TITLE + "    duration: 0\n",
        "9:15: slides[0].duration: must be more than 0 and at most 3600 seconds, found 0",
    ),
    bad(
        "duration-negative",
        HEAD + TITLE + "    duration: -5\n",
        "9:15: slides[0].duration: must be more than 0 and at most 3600 seconds, found -5",
    ),
    bad(
        "duration-long",
        HEAD + TITLE + "    duration: 3601\n",
        "9:15: slides[0].duration: must be more than 0 and at most 3600 seconds, found 3601",
    ),
    bad(
        "duration-nan",
        HEAD + TITLE + "    duration: .nan\n",
        "9:15: slides[0].duration: must be more than 0 and at most 3600 seconds, found nan",
    ),
    bad(
        "duration-bool",
        HEAD + TITLE + "    duration: true\n",
        "9:15: slides[0].duration: expected a number of seconds, found 'true'",
    ),
    bad(
        "duration-bad-tag",
        HEAD + TITLE + '    duration: !!bool "maybe"\n',
        "9:15: slides[0].duration: expected a number of seconds: 'maybe' is not a valid bool",
    ),
    bad(
        "number-bad-tag",
        HEAD + WORKSTREAM.format('!!timestamp "x"'),
        "10:13: slides[0].number: expected a whole number: 'x' is not a valid timestamp",
    ),
    bad(
        "version-2",
        HEAD.replace("version: 1", "version: 2") + TITLE,
        "1:10: version: this app reads format version 1, found '2'",
    ),
    bad(
        "version-bool",
        HEAD.replace("version: 1", "version: true") + TITLE,
        "1:10: version: this app reads format version 1, found 'true'",
    ),
    # Colours and contrast.
    bad(
        "bad-colour",
        HEAD + TITLE + "theme:\n  accent: '#12345'\n",
        "10:11: theme.accent: expected a colour like \"#005EB8\", found '#12345'",
    ),
    bad(
        "colour-name",
        HEAD + TITLE + "theme:\n  accent: blue\n",
        "10:11: theme.accent: expected a colour like \"#005EB8\", found 'blue'",
    ),
    bad(
        "unquoted-colour",  # YAML reads "#..." as a comment
        HEAD + TITLE + "theme:\n  accent: #005EB8\n",
        '10:10: theme.accent: expected a colour, found nothing (quote colours: "#005EB8")',
    ),
    bad(
        "low-contrast-text",
        HEAD + TITLE + "theme:\n  text: '#777777'\n  background: '#FFFFFF'\n  surface: '#FFFFFF'\n",
        "10:9: theme.text: text on background has contrast 4.48:1; WCAG AA needs at least 4.5:1",
        count=2,  # and text on surface
    ),
    bad(
        "low-contrast-accent",
        HEAD + TITLE + "theme:\n  accent: '#FFFF00'\n",
        "10:11: theme.accent: accent_text on accent has contrast 1.07:1; WCAG AA needs at least",
        count=3,  # and accent on background, accent on surface
    ),
    # Asset files.
    bad(
        "missing-asset",
        HEAD + IMAGE.format("pics/missing.svg"),
        "10:11: slides[0].file: file 'pics/missing.svg' does not exist",
    ),
    bad(
        "asset-folder",
        HEAD + IMAGE.format("pics.svg"),
        "10:11: slides[0].file: file 'pics.svg' is a folder, not a file",
        files={"pics.svg/a.svg": SVG},
    ),
    bad(
        "asset-dotdot",
        HEAD + IMAGE.format("pics/../../outside/secret.svg"),
        "10:11: slides[0].file: 'pics/../../outside/secret.svg' may not leave the content "
        "folder ('..')",
    ),
    bad(
        "asset-dotdot-backslash",
        HEAD + IMAGE.format("'..\\outside\\secret.svg'"),
        "10:11: slides[0].file: '..\\\\outside\\\\secret.svg' may not leave the content folder",
    ),
    bad(
        "asset-absolute",
        HEAD + IMAGE.format("/etc/secret.svg"),
        "10:11: slides[0].file: '/etc/secret.svg' must be relative to the content folder",
    ),
    bad(
        "asset-windows-drive",
        HEAD + IMAGE.format("'C:\\pics\\secret.svg'"),
        "10:11: slides[0].file: 'C:\\\\pics\\\\secret.svg' must be relative to the content folder",
    ),
    bad(
        "asset-windows-drive-relative",
        HEAD + IMAGE.format("'C:secret.svg'"),
        "10:11: slides[0].file: 'C:secret.svg' must be relative to the content folder",
    ),
    bad(
        "asset-unc",
        HEAD + IMAGE.format("'\\\\server\\share\\secret.svg'"),
        "10:11: slides[0].file: '\\\\\\\\server\\\\share\\\\secret.svg' must be relative",
    ),
    bad(
        "asset-symlink-outside",
        HEAD + IMAGE.format("pics/link.svg"),
        "10:11: slides[0].file: file 'pics/link.svg' leads outside the content folder",
        setup=outside_link,
    ),
    bad(
        "asset-symlink-loop",
        HEAD + IMAGE.format("loop.svg"),
        "10:11: slides[0].file: file 'loop.svg' ",  # wording differs between Python versions
        setup=looping_link,
    ),
    bad(
        "asset-name-too-long",
        HEAD + IMAGE.format("a" * 300 + ".svg"),
        f"10:11: slides[0].file: file '{'a' * 300}.svg' ",  # as above
    ),
    bad(
        "asset-wrong-extension",
        HEAD + IMAGE.format("notes.txt"),
        "10:11: slides[0].file: file 'notes.txt' should end in one of: .svg, .png, .jpg, .jpeg",
        files={"notes.txt": b"text"},
    ),
    bad(
        "asset-empty",
        HEAD + IMAGE.format("pics/empty.svg"),
        "10:11: slides[0].file: file 'pics/empty.svg' is empty",
        files={"pics/empty.svg": b""},
    ),
    bad(
        "captions-not-webvtt",
        HEAD + FILM,
        "10:15: slides[0].captions: file 'film.vtt' is not valid WebVTT: line 1: a WebVTT file "
        "starts with 'WEBVTT'",
        files={"film.webm": WEBM, "film.vtt": b"1\n00:00.000 --> 00:01.000\nHi\n"},
    ),
    bad(
        "captions-only-a-bad-cue",  # the cue is dropped (a warning); then none is left
        HEAD + FILM,
        "10:15: slides[0].captions: file 'film.vtt' has no cue to show",
        files={"film.webm": WEBM, "film.vtt": b"WEBVTT\n\n0:1 --> 0:2\nHi\n"},
    ),
    bad(
        "captions-not-utf8",
        HEAD + FILM,
        "10:15: slides[0].captions: file 'film.vtt' is not UTF-8 text (byte 9)",
        files={"film.webm": WEBM, "film.vtt": b"WEBVTT\n\n\xff\xfe\n"},
    ),
    # Web addresses.
    bad(
        "url-ftp",
        HEAD + link("ftp://example.org/"),
        "9:10: slides[0].url: 'ftp://example.org/' is not a web address (https://...)",
    ),
    bad(
        "url-no-host",
        HEAD + link("https://"),
        "9:10: slides[0].url: 'https://' is not a web address (https://...)",
    ),
    bad(
        "url-space",
        HEAD + link("https://nhs rho.org/"),
        "9:10: slides[0].url: 'https://nhs rho.org/' is not a web address (https://...)",
    ),
    bad(
        "url-broken-ipv6",
        HEAD + link("'https://[::1/'"),
        "9:10: slides[0].url: 'https://[::1/' is not a web address (https://...)",
    ),
    bad(
        "url-port-only",
        HEAD + link("'https://:443/'"),
        "9:10: slides[0].url: 'https://:443/' is not a web address (https://...)",
    ),
    bad(
        "url-bad-port",
        HEAD + link("'https://example.org:99999/'"),
        "9:10: slides[0].url: 'https://example.org:99999/' is not a web address",
    ),
    bad(
        "url-no-scheme",
        HEAD + link("www.nhsrho.org"),
        "9:10: slides[0].url: 'www.nhsrho.org' is not a web address (https://...)",
    ),
    # Structure.
    bad(
        "slides-empty",
        HEAD.replace("slides:\n", "slides: []\n"),
        "5:9: slides: the list is empty; add at least one slide",
    ),
    bad(
        "slides-not-a-list",
        HEAD.replace("slides:\n", "slides:\n  intro: {kind: title}\n"),
        "6:3: slides: expected a list, found a mapping",
    ),
    bad(
        "slide-not-a-mapping",
        HEAD + "  - just a sentence\n",
        "6:5: slides[0]: expected a mapping of fields, found a value",
    ),
    # Text and languages.
    bad(
        "text-without-default-language",
        TWO_LANGUAGES + "  - id: intro\n    kind: title\n    title: {cy: Helo}\n",
        "12:12: slides[0].title: has no text in the default language 'en'",
    ),
    bad(
        "text-undeclared-language",
        TWO_LANGUAGES + "  - id: intro\n    kind: title\n    title: {en: Hello, fr: Salut}\n",
        "12:24: slides[0].title.fr: language is not listed in presentation.languages",
    ),
    bad(
        "text-bad-language-code",
        TWO_LANGUAGES + "  - id: intro\n    kind: title\n    title: {en: Hello, EN: Hi}\n",
        "12:24: slides[0].title.EN: is not a language code such as 'en' or 'ar'",
    ),
    bad(
        "text-language-twice",
        TWO_LANGUAGES + "  - id: intro\n    kind: title\n    title: {en: Hello, en: Hi}\n",
        "12:24: slides[0].title.en: appears twice",
    ),
    bad(
        "language-listed-twice",
        TWO_LANGUAGES.replace("cy, name: Cymraeg", "en, name: Saesneg") + TITLE,
        "8:14: presentation.languages[1].code: language 'en' is already listed on line 7",
    ),
    bad(
        "default-language-not-listed",
        TWO_LANGUAGES.replace("language: en", "language: ar") + TITLE,
        "5:13: presentation.language: 'ar' is not listed in presentation.languages",
    ),
    bad(
        "bad-default-language",
        HEAD.replace("  organisation: O\n", "  organisation: O\n  language: English\n") + TITLE,
        "5:13: presentation.language: 'English' is not a language code such as 'en' or 'ar'",
    ),
    bad(
        "text-control-character",
        HEAD + '  - id: intro\n    kind: title\n    title: "Hello\\x07"\n',
        "8:12: slides[0].title: contains the control character '\\x07'; remove it",
    ),
    bad(
        "text-empty",
        HEAD + "  - id: intro\n    kind: title\n    title: '   '\n",
        "8:12: slides[0].title: must not be empty",
    ),
    bad(
        "text-list",
        HEAD + "  - id: intro\n    kind: title\n    title: [Hello]\n",
        "8:12: slides[0].title: expected a text, found a list",
    ),
    bad(
        "python-tag",
        HEAD + "  - id: intro\n    kind: title\n    title: !!python/name:os.system\n",
        "8:12: slides[0].title: expected a text: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/name:os.system'",
    ),
    # Labels.
    bad(
        "label-unknown",
        HEAD + TITLE + "labels:\n  nxet: Next\n",
        "10:3: labels.nxet: unknown field in labels; did you mean 'next'?",
    ),
    bad(
        "label-unknown-placeholder",
        HEAD + TITLE + "labels:\n  slide_of: '{n} of {total}'\n",
        "10:13: labels.slide_of: unknown placeholder; allowed: {number}, {total}",
    ),
    bad(
        "label-placeholder-attribute",
        HEAD + TITLE + "labels:\n  go_to: 'Slide {number.real}'\n",
        "10:10: labels.go_to: unknown placeholder; allowed: {number}",
    ),
    bad(
        "label-placeholder-not-allowed",
        HEAD + TITLE + "labels:\n  next: 'Next {number}'\n",
        "10:9: labels.next: unknown placeholder; allowed: none",
    ),
    bad(
        "label-broken-template",
        HEAD + TITLE + "labels:\n  slide_of: '{number} of {total'\n",
        "10:13: labels.slide_of: is not a valid template (expected '}' before end of string); "
        "write {{ and }} for a literal brace",
    ),
    bad(
        "label-stray-brace",
        HEAD + TITLE + "labels:\n  next: 'Next {'\n",
        "10:9: labels.next: is not a valid template (Single '{' encountered in format string)",
    ),
    # Kiosk settings: each has its own cap.
    bad(
        "kiosk-countdown-too-long",
        HEAD + TITLE + "kiosk:\n  countdown: 120.5\n",
        "10:14: kiosk.countdown: must be at most 120 seconds, found 120.5",
    ),
    bad(
        "kiosk-idle-timeout-too-long",
        HEAD + TITLE + "kiosk:\n  idle_timeout: 3601\n",
        "10:17: kiosk.idle_timeout: must be more than 0 and at most 3600 seconds, found 3601",
    ),
    bad(
        "kiosk-slide-duration-too-long",
        HEAD + TITLE + "kiosk:\n  slide_duration: 601\n",
        "10:19: kiosk.slide_duration: must be at most 600 seconds, found 601",
    ),
    bad(
        "kiosk-countdown-zero",
        HEAD + TITLE + "kiosk:\n  countdown: 0\n",
        "10:14: kiosk.countdown: must be more than 0",
    ),
    bad(
        "kiosk-countdown-under-20-seconds",  # WCAG 2.2.1: time to react
        HEAD + TITLE + "kiosk:\n  countdown: 19.5\n",
        "10:14: kiosk.countdown: must be at least 20 seconds, found 19.5",
    ),
]


@pytest.mark.parametrize(("text", "expected", "files", "setup", "count"), BAD_CASES)
def test_a_mistake_is_reported_with_line_column_and_field(
    tmp_path: Path,
    text: str,
    expected: str,
    files: dict[str, bytes] | None,
    setup: Setup,
    count: int,
) -> None:
    folder = tmp_path / "show"
    path = write(folder, text, files)
    if setup is not None:
        setup(folder)
    problems = problems_of(path)
    assert all(problem.path == path for problem in problems)
    assert any(str(problem).startswith(f"{path}:{expected}") for problem in problems), "\n".join(
        str(problem) for problem in problems
    )
    assert len(problems) == count, "\n".join(str(problem) for problem in problems)


def test_a_kiosk_name_has_its_own_message(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + TITLE + "kiosk:\n  name: Stand 1\n")
    [problem] = problems_of(path)
    assert str(problem) == (
        f"{path}:10:9: kiosk.name: 'Stand 1' is not a kiosk name: use a-z, 0-9 and '-'"
        " (e.g. 'stand-1'), starting with a letter or digit, at most 64 characters"
    )


def test_problem_text_names_file_line_column_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + IMAGE.format("assets/video/x.svg"))
    [problem] = problems_of(path)
    assert str(problem) == f"{path}:10:11: slides[0].file: file 'assets/video/x.svg' does not exist"
    relative = Problem(Path("content.yaml"), 42, 5, "slides[3].file", "file 'x' does not exist")
    assert str(relative) == "content.yaml:42:5: slides[3].file: file 'x' does not exist"
    assert str(Problem(Path("c.yaml"), 1, 1, "", "the file is empty")) == (
        "c.yaml:1:1: the file is empty"
    )


def test_every_problem_in_a_file_is_reported_in_line_order(tmp_path: Path) -> None:
    # Sections in an unusual order (labels, slides, theme) to prove the sorting.
    text = textwrap.dedent(
        """\
        version: 1
        labels:
          slide_of: '{n} of {total}'
        presentation:
          title: T
          organisation: O
        slides:
          - id: intro
            kind: title
            title: Hello
            duration: 0
          - id: intro
            kind: workstream
            title: Work
            body: Body
            number: three
          - id: pic
            kind: image
            title: Picture
            alt: Alt
            file: ../outside.svg
          - id: film
            kind: video
            title: Film
          - id: web
            kind: link
            title: Web
            url: ftp://example.org/
            colour: red
        theme:
          accent: '#FFFFFF'
          text: blue
        """
    )
    problems = problems_of(write(tmp_path, text))
    assert [(p.line, p.field) for p in problems] == [
        (3, "labels.slide_of"),
        (11, "slides[0].duration"),
        (12, "slides[1].id"),
        (16, "slides[1].number"),
        (21, "slides[2].file"),
        (22, "slides[3].file"),
        (28, "slides[4].url"),
        (29, "slides[4].colour"),
        (31, "theme.accent"),
        (31, "theme.accent"),
        (31, "theme.accent"),
        (32, "theme.text"),
    ]
    assert [(p.line, p.column) for p in problems] == sorted((p.line, p.column) for p in problems)


def test_check_files_false_accepts_missing_assets_but_not_leaving_the_folder(
    tmp_path: Path,
) -> None:
    missing = (
        HEAD
        + IMAGE.format("pics/missing.svg")
        + (
            "  - id: film\n    kind: video\n    title: Film\n    file: film.webm\n"
            "    captions: broken.vtt\n"
        )
    )
    path = write(tmp_path, missing, {"broken.vtt": b"not captions"})
    assert len(problems_of(path)) == 3  # the two missing files and the broken captions
    content = load_content(path, check_files=False)
    image, video = content.slides
    assert isinstance(image, ImageSlide)
    assert isinstance(video, VideoSlide)
    assert image.file == tmp_path.resolve() / "pics" / "missing.svg"
    assert video.captions == tmp_path.resolve() / "broken.vtt"

    for bad in ("../outside.svg", "/etc/secret.svg", "'C:\\secret.svg'"):
        path = write(tmp_path, HEAD + IMAGE.format(bad))
        [problem] = problems_of(path, check_files=False)
        assert (problem.line, problem.column, problem.field) == (10, 11, "slides[0].file")
        assert "content folder" in problem.message


def test_check_files_false_still_rejects_a_symlink_leaving_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "show"
    path = write(folder, HEAD + IMAGE.format("pics/link.svg"))
    outside_link(folder)
    [problem] = problems_of(path, check_files=False)
    assert "leads outside the content folder" in problem.message


def test_asset_paths_resolve_relative_to_the_content_file_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "show"
    write(folder, HEAD + IMAGE.format("pics/a.svg"), {"pics/a.svg": SVG})
    monkeypatch.chdir(tmp_path)
    content = load_content(Path("show") / "content.yaml")
    [slide] = content.slides
    assert isinstance(slide, ImageSlide)
    assert slide.file == folder.resolve() / "pics" / "a.svg"
    assert content.base_dir == folder.resolve()
    assert content.path.is_absolute()


def test_symlink_inside_the_folder_is_allowed(tmp_path: Path) -> None:
    folder = tmp_path / "show"
    path = write(folder, HEAD + IMAGE.format("pics/link.svg"), {"real/a.svg": SVG})
    symlink(folder / "pics" / "link.svg", "../real/a.svg")
    [slide] = load_content(path).slides
    assert isinstance(slide, ImageSlide)
    assert slide.file == folder.resolve() / "real" / "a.svg"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="needs a non-root POSIX user"
)
def test_unreadable_asset_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + IMAGE.format("a.svg"), {"a.svg": SVG})
    (tmp_path / "a.svg").chmod(0)
    try:
        [problem] = problems_of(path)
    finally:
        (tmp_path / "a.svg").chmod(0o644)
    assert problem.message == "file 'a.svg' cannot be read"


# --- what a valid file turns into -----------------------------------------------------------


def test_minimal_file_gets_the_defaults(tmp_path: Path) -> None:
    content = load_content(write(tmp_path, HEAD + TITLE))
    assert content.theme == Theme()
    assert content.presentation.language == "en"
    assert [(lang.code, lang.direction) for lang in content.presentation.languages] == [
        ("en", "ltr")
    ]
    [slide] = content.slides
    assert isinstance(slide, TitleSlide)
    assert (slide.id, str(slide.title), slide.line) == ("intro", "Hello", 6)
    assert slide.duration is None
    assert slide.notes is None
    assert content.labels.get("slide_of", number=2, total=9) == "2 of 9"
    assert content.labels.get("next") == DEFAULT_LABELS["next"]


def test_kiosk_settings_at_their_caps_load(tmp_path: Path) -> None:
    text = HEAD + TITLE + "kiosk:\n  idle_timeout: 3600\n  countdown: 120\n  slide_duration: 600\n"
    settings = load_content(write(tmp_path, text)).kiosk
    assert (settings.idle_timeout, settings.countdown, settings.slide_duration) == (3600, 120, 600)


def test_every_slide_kind_and_every_field_loads(tmp_path: Path) -> None:
    text = (
        HEAD
        + textwrap.indent(
            textwrap.dedent(
                """\
            - id: intro
              kind: title
              title: Hello
              subtitle: Sub
              body: Body
              notes: Notes
              duration: 2.5
            - id: work-1
              kind: workstream
              number: 7
              title: Work
              body: What
            - id: pic
              kind: image
              title: Picture
              file: pics/A.PNG
              alt: Alt
              caption: Caption
            - id: film
              kind: video
              title: Film
              file: film.webm
              captions: film.vtt
              poster: poster.jpg
              description: About
            - id: web
              kind: link
              title: Web
              url: http://example.org/a?b=c
              label: example.org
              body: Scan
            """
            ),
            "  ",
        )
        + textwrap.dedent(
            """\
        theme:
          background: '#ffffff'
          surface: '#FFFFFF'
          text: '#000000'
          muted_text: '#4C6272'
          accent: '#005EB8'
          accent_text: '#FFFFFF'
          font: DejaVu Sans
          logo_text: Logo
        labels:
          slide_of: 'Slide {number} / {total}'
          next: 'Forward {{sic}}'
        """
        )
    )
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1"  # validate reads the header: 1x1
    jpg = b"\xff\xd8\xff\xc0\0\x11\x08\0\1\0\1"
    files = {"pics/A.PNG": png, "film.webm": WEBM, "film.vtt": VTT, "poster.jpg": jpg}
    content = load_content(write(tmp_path, text, files))
    title, work, image, video, link = content.slides
    assert isinstance(title, TitleSlide)
    assert (str(title.subtitle), str(title.body), str(title.notes)) == ("Sub", "Body", "Notes")
    assert title.duration == 2.5
    assert isinstance(work, WorkstreamSlide)
    assert (work.number, str(work.body)) == (7, "What")
    assert isinstance(image, ImageSlide)
    assert image.file == tmp_path.resolve() / "pics" / "A.PNG"
    assert (str(image.alt), str(image.caption)) == ("Alt", "Caption")
    assert isinstance(video, VideoSlide)
    assert video.captions == tmp_path.resolve() / "film.vtt"
    assert video.poster == tmp_path.resolve() / "poster.jpg"
    assert str(video.description) == "About"
    assert isinstance(link, LinkSlide)
    assert (link.url, str(link.label), str(link.body)) == (
        "http://example.org/a?b=c",
        "example.org",
        "Scan",
    )
    assert content.theme.background == "#FFFFFF"  # colours are normalised to upper case
    assert content.theme.font == "DejaVu Sans"
    assert str(content.theme.logo_text) == "Logo"
    assert content.labels.get("slide_of", number=1, total=5) == "Slide 1 / 5"
    assert content.labels.get("go_to", number=3) == "Go to slide 3"
    assert content.labels.get("next") == "Forward {sic}"  # {{ and }} are literal braces


def test_translations_and_writing_direction(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """\
        version: 1
        presentation:
          title: {en: Our Priorities, ar: أولوياتنا}
          organisation: O
          language: en
          languages:
            - {code: en, name: English}
            - {code: ar, name: العربية, direction: rtl}
        slides:
          - id: intro
            kind: title
            title: {en: Hello, ar: مرحبا}
        labels:
          slide_of: {en: '{number} of {total}', ar: '{number} من {total}'}
        """
    )
    content = load_content(write(tmp_path, text))
    assert content.presentation.title.get("ar") == "أولوياتنا"
    assert content.presentation.title.get() == "Our Priorities"
    [slide] = content.slides
    assert slide.title.get("ar") == "مرحبا"
    assert slide.title.get("cy") == "Hello"  # unknown language: the default
    assert content.presentation.organisation.get("ar") == "O"  # untranslated: the default
    assert content.direction() == "ltr"
    assert content.direction("ar") == "rtl"
    assert content.labels.get("slide_of", "ar", number=1, total=2) == "1 من 2"
    assert content.labels.get("slide_of", "en", number=1, total=2) == "1 of 2"


def test_text_get_falls_back_to_the_default_language() -> None:
    text = Text({"en": "Hello", "cy": "Helo"}, "en")
    assert (text.get("cy"), text.get("fr"), text.get(), str(text)) == (
        "Helo",
        "Hello",
        "Hello",
        "Hello",
    )
    assert Text({"cy": "Helo"}, "en").get() == "Helo"
    assert Labels().get("go_to", number=4) == "Go to slide 4"
    assert Labels().get("go_to") == "Go to slide {number}"  # no value: left as written


def test_schema_declares_each_field_once_and_a_class_for_each_kind() -> None:
    seen = [(section, field.name) for section, field in schema.all_fields()]
    assert len(seen) == len(set(seen))
    assert all(field.help for _, field in schema.all_fields())
    assert set(schema.SLIDE_KIND_FIELDS) == {"title", "workstream", "image", "video", "link"}
    assert {name for section, name in seen if section == "labels"} == set(DEFAULT_LABELS)
    assert {name for section, name in seen if section == "theme"} == {
        field.name for field in dataclasses.fields(Theme)
    }
