"""The content fuzzing of tests/test_fuzz_content.py: the properties (whatever a content
file holds, loading it ends in a Content or in a ContentError whose every problem says where
it is; the Qt-free asset checks give a reason or None) and the Hypothesis strategies that
feed them. ``python -m bench.fuzz_long`` runs the same properties with many thousands of
fresh examples.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, configuration, settings
from hypothesis import strategies as st

from kiosk.content import Content, ContentError, Problem, load_content, schema
from kiosk.content.assets import picture_problem, svg_problem, video_problem
from kiosk.content.model import DEFAULT_LABELS
from kiosk.content.vtt import VttError, read_vtt
from kiosk.resources import bundled_content_path

DEADLINE_MS = 2000
"""Time bound for one example (one load of one file)."""

FUZZ = settings(
    database=None,  # no .hypothesis folder in the working directory
    deadline=DEADLINE_MS,
    derandomize=True,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Settings for CI; ``bench/fuzz_long.py`` replaces ``max_examples`` and ``derandomize``."""

if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    # Besides its example database, Hypothesis caches Unicode tables and the constants of
    # local modules in ./.hypothesis (during collection, before any fixture runs).
    _STORAGE = tempfile.mkdtemp(prefix="kiosk-hypothesis-")
    configuration.set_hypothesis_home_dir(_STORAGE)
    atexit.register(shutil.rmtree, _STORAGE, ignore_errors=True)

BUNDLED = bundled_content_path()
ORIGINAL = BUNDLED.read_text(encoding="utf-8")
ORIGINAL_LINES = ORIGINAL.splitlines(keepends=True)
SVG_TEXT = (BUNDLED.parent / "assets" / "summary-visual.svg").read_bytes()
VTT_TEXT = (BUNDLED.parent / "assets" / "video" / "explainer.vtt").read_text(encoding="utf-8")
POSTER_HEADER = (BUNDLED.parent / "assets" / "video" / "explainer-poster.png").read_bytes()[:256]


# --- the properties ------------------------------------------------------------------------
def check_content_file(path: Path, *, check_files: bool) -> Content | None:
    """Load ``path``: Content, or a ContentError whose problems all say where they are."""
    content: Content | None = None
    problems: list[Problem] | None = None
    try:  # in time: Hypothesis's deadline fails a slow example
        content = load_content(path, check_files=check_files)
    except ContentError as error:
        problems = error.problems
    if content is not None:
        check_usable(content)
        return content
    assert problems, "a ContentError without problems"
    for problem in problems:
        text = str(problem)
        assert problem.line >= 1, text
        assert problem.column >= 1, text
        assert problem.path == path, text
        assert text.startswith(f"{path}:{problem.line}:{problem.column}: "), text
        assert len(text.splitlines()) == 1, f"a problem of several lines: {text!r}"
    return None


def check_usable(content: Content) -> None:
    """What the UI does with valid content must not raise either."""
    assert content.slides
    assert len({slide.id for slide in content.slides}) == len(content.slides)
    for slide in content.slides:
        assert str(slide.title).strip()
        for name in ("file", "captions", "poster"):
            value = getattr(slide, name, None)
            if value is not None:
                assert value.is_relative_to(content.base_dir), value
    for name in DEFAULT_LABELS:
        content.labels.get(name, number=1, total=2, seconds=3)
    for language in content.presentation.languages:
        assert content.direction(language.code) in ("ltr", "rtl")
        content.labels.get("slide_of", language.code, number=1, total=1)


def check_svg(data: bytes) -> None:
    problem = svg_problem(data)
    assert problem is None or (isinstance(problem, str) and problem)


def check_picture_header(data: bytes) -> None:
    problem = picture_problem(data)
    assert problem is None or (isinstance(problem, str) and problem)
    assert video_problem(data) in (None, "it is not a WebM, Matroska, MP4 or QuickTime video")


def check_vtt(text: str) -> None:
    try:
        captions = read_vtt(text)
    except VttError as error:
        reason = str(error)
    else:
        reason = ""
    if reason:
        assert reason.startswith("line 1: "), reason
        return
    cues = captions.cues
    assert all(cue.start >= 0 and "\x00" not in cue.text for cue in cues)
    assert [cue.start for cue in cues] == sorted(cue.start for cue in cues)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert all(1 <= found.line <= lines and found.column >= 1 for found in captions.warnings)


# --- strategies ---------------------------------------------------------------------------
FIELD_NAMES = sorted({field.name for _, field in schema.all_fields()})
KINDS = ["title", "workstream", "image", "video", "link"]
INTERESTING = [
    *FIELD_NAMES,
    *KINDS,
    *("en", "ar", "rtl", "ltr", "muted", "skip", "Noto Sans", "#005EB8", "#FFFFFF", "#GGGGGG"),
    *("assets/summary-visual.svg", "assets/video/explainer.webm", "assets/video/explainer.vtt"),
    *("assets/video/explainer-poster.png", "assets", "../content.yaml", "/etc/passwd"),
    *("C:\\x.svg", "x.svg\0", "https://www.nhsrho.org/", "http://[::1", "{number}", "{", "}"),
    *("{number} of {total}", "{seconds}", "{0}", "{x.y}", "Right", "Shift+F5", "1", "F36"),
    *("\u202e", "\x07", "\ufeff", "a\u0301", "\U0001f600", "   ", ""),
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(INTERESTING),
    st.dates(),
    st.binary(max_size=16),
)
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12), st.integers(-5, 5))
nested = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)

texts = st.one_of(
    st.sampled_from(["Our Priorities", "T", "النص"]),
    st.text(min_size=0, max_size=30),
    st.dictionaries(st.sampled_from(["en", "ar", "fr", "EN", "x"]), scalars, max_size=3),
    nested,
)


def _optional(values: st.SearchStrategy[Any], names: list[str]) -> dict[str, Any]:
    return {name: values for name in names}


def _slide(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    fields = [field.name for field in schema.SLIDE_KIND_FIELDS.get(kind, ())]
    value = st.one_of(texts, st.sampled_from(INTERESTING), nested)
    return st.fixed_dictionaries(
        {
            "id": st.one_of(st.sampled_from(["intro", "a", "b-2", "Bad id"]), scalars),
            "kind": st.one_of(st.just(kind), scalars),
            "title": texts,
        },
        optional=_optional(value, [*fields, "notes", "duration", "extra"]),
    )


slides = st.lists(st.sampled_from([*KINDS, "nope"]).flatmap(_slide), max_size=5)
documents = st.fixed_dictionaries(
    {
        "version": st.one_of(st.just(1), scalars),
        "presentation": st.one_of(
            st.fixed_dictionaries(
                {"title": texts, "organisation": texts},
                optional={
                    "language": st.sampled_from(["en", "ar", "xx-Latn", "E", ""]),
                    "languages": st.one_of(
                        nested,
                        st.lists(
                            st.fixed_dictionaries(
                                {"code": scalars, "name": texts},
                                optional={"direction": st.sampled_from(["ltr", "rtl", "up"])},
                            ),
                            max_size=3,
                        ),
                    ),
                },
            ),
            nested,
        ),
        "slides": st.one_of(slides, nested),
    },
    optional={
        "theme": st.one_of(
            nested,
            st.dictionaries(
                st.sampled_from([f.name for f in schema.THEME_FIELDS]),
                st.one_of(st.sampled_from(INTERESTING), scalars),
            ),
        ),
        "labels": st.one_of(
            nested, st.dictionaries(st.sampled_from(sorted(DEFAULT_LABELS)), texts, max_size=4)
        ),
        "kiosk": st.one_of(
            nested, st.dictionaries(st.sampled_from([f.name for f in schema.KIOSK_FIELDS]), scalars)
        ),
        "keys": st.one_of(
            nested,
            st.dictionaries(
                st.sampled_from([f.name for f in schema.KEY_FIELDS]),
                st.one_of(st.lists(st.sampled_from(INTERESTING)), scalars),
            ),
        ),
        "extra": nested,
    },
)


def dump(document: object, flow: bool | None, unicode: bool) -> str:
    """``document`` as YAML text, as staff might have written it."""
    return yaml.safe_dump(document, default_flow_style=flow, allow_unicode=unicode, sort_keys=False)


yaml_texts = st.builds(
    dump, st.one_of(nested, documents), st.sampled_from([None, False, True]), st.booleans()
)

YAML_ALPHABET = st.one_of(
    st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?~ \n\t\\")),
    st.characters(),
    st.sampled_from(["version: 1\n", "slides:\n", "  - ", "id: ", "kind: ", "title: "]),
)
raw_texts = st.lists(YAML_ALPHABET, max_size=120).map("".join)

# Mutations of the real content.yaml, as a person editing it might make them.
REPLACEMENTS = [
    *("[1, 2]", "{a: b}", "~", "''", "123", "-1", "1e999", ".nan", "true", "'#GGGGGG'"),
    *("!!binary aGk=", "*alias", "&anchor x", '"\\x07"', ">-", "|", "'{'", "[", "}"),
    *("!!python/name:os.system", "2024-01-01", "0x1F", "assets/../../etc/passwd", "a: b: c"),
]
OPERATIONS = [
    "delete",
    "duplicate",
    "swap",
    "indent",
    "dedent",
    "tab",
    "retype",
    "insert",
    "truncate",
    "copy",
]
mutations = st.lists(
    st.tuples(
        st.sampled_from(OPERATIONS),
        st.integers(min_value=0),
        st.integers(min_value=0),
        st.one_of(st.sampled_from(REPLACEMENTS), st.text(max_size=4)),
    ),
    min_size=1,
    max_size=6,
)


def mutate(lines: list[str], operations: list[tuple[str, int, int, str]]) -> bytes:
    """Apply ``operations`` to the lines of a YAML file; return the bytes to write."""
    lines = list(lines)
    cut: int | None = None
    for operation, first, second, text in operations:
        if not lines:
            break
        index, other = first % len(lines), second % len(lines)
        line = lines[index]
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, line)
        elif operation == "swap":
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "indent":
            lines[index] = " " * (1 + second % 4) + line
        elif operation == "dedent":
            lines[index] = line[min(len(line) - len(line.lstrip(" ")), 1 + second % 4) :]
        elif operation == "tab":
            lines[index] = "\t" + line.lstrip(" ")
        elif operation == "retype":  # replace a value with one of another type
            key, colon, _ = line.partition(": ")
            lines[index] = f"{key}: {text}\n" if colon else f"{line.rstrip()} {text}\n"
        elif operation == "insert":  # random unicode, control characters, broken UTF-8
            at = second % (len(line) + 1)
            lines[index] = line[:at] + text + line[at:]
        elif operation == "truncate":
            cut = first
        else:  # a line from elsewhere, e.g. a field of another slide kind
            lines.insert(index, lines[other])
    data = "".join(lines).encode("utf-8", errors="surrogatepass")
    return data[: cut % (len(data) + 1)] if cut is not None else data


def write(folder: Path, data: bytes | str) -> Path:
    path = folder / "content.yaml"
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    path.write_bytes(data)
    return path


# --- the asset checks' inputs -----------------------------------------------------------------
def _mutate_bytes(data: bytes, edits: list[tuple[int, bytes]], cut: int | None) -> bytes:
    for at, insert in edits:
        at %= len(data) + 1
        data = data[:at] + insert + data[at + len(insert) :]
    return data[: cut % (len(data) + 1)] if cut is not None else data


byte_edits = st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)))
XML_PIECES = [
    "<svg xmlns='http://www.w3.org/2000/svg'>",
    "</svg>",
    "<image href='",
    "' xlink:href='",
    "<!DOCTYPE svg [",
    "<!ENTITY a 'x'>",
    "]>",
    "&a;",
    "<?xml version='1.0' encoding='latin-1'?>",
    "<a href='http://x'>",
    "file:///etc/passwd",
    "data:image/png;base64,AA==",
    "../x.png",
    "<![CDATA[",
    "<!--",
    "-->",
]


svg_documents = st.one_of(
    st.builds(_mutate_bytes, st.just(SVG_TEXT), byte_edits, st.none() | st.integers(0)),
    st.lists(st.one_of(st.sampled_from(XML_PIECES), st.text(max_size=5)))
    .map("".join)
    .map(lambda text: text.encode("utf-8", errors="surrogatepass")),
)
picture_headers = st.one_of(
    st.builds(_mutate_bytes, st.just(POSTER_HEADER), byte_edits, st.none() | st.integers(0)),
    st.binary(max_size=64).map(lambda tail: b"\xff\xd8\xff" + tail),
    st.binary(max_size=40).map(lambda tail: b"RIFF\0\0\0\0WEBP" + tail),
    st.binary(max_size=64),
)
vtt_texts = st.one_of(
    st.builds(
        lambda text, edits: _mutate_bytes(text.encode(), edits, None).decode(
            "utf-8", errors="replace"
        ),
        st.just(VTT_TEXT),
        byte_edits,
    ),
    st.lists(
        st.one_of(
            st.sampled_from(["WEBVTT\n", "\n", " --> ", "00:00.000", "1:00:00.000", "<v A>"]),
            st.text(max_size=6),
        )
    ).map("".join),
)
