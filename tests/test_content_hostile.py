"""Hostile and broken content files end in a clear ContentError, quickly, and nothing else.

Each case must finish well within a second; the time bound below is only a safety net
(pytest's own timing shows real slowness). Every file a test writes lives under tmp_path.
"""

from __future__ import annotations

import os
import random
import time
import tracemalloc
from pathlib import Path

import pytest

from kiosk.content import ContentError, Problem, load_content, schema
from kiosk.content.source import MAX_BYTES, MAX_DEPTH, MAX_NODES
from kiosk.resources import bundled_content_path

SAFETY_NET_SECONDS = 5.0

SVG = b"<svg xmlns='http://www.w3.org/2000/svg'/>"

VALID = b"""\
version: 1
presentation:
  title: T
  organisation: O
slides:
  - id: intro
    kind: title
    title: Hello
"""


def billion_laughs(levels: int = 10, width: int = 10) -> bytes:
    """Nested anchors that would expand to width**levels strings."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return ("\n".join(lines) + "\n").encode()


HOSTILE = [
    # (bytes, line, column, phrase)
    pytest.param(b"", 1, 1, "the file is empty", id="empty"),
    pytest.param(b"  \n\n    \n", 1, 1, "the file is empty", id="whitespace"),
    pytest.param(b"# just a comment\n", 1, 1, "the file is empty", id="comment-only"),
    pytest.param(b"---\n...\n", 1, 1, "the file is empty", id="empty-document"),
    pytest.param(b"--- \n", 1, 1, "the file is empty", id="document-marker"),
    pytest.param(b"~\n", 1, 1, "expected a mapping of fields, found a value", id="null"),
    pytest.param(b"- version: 1\n", 1, 1, "expected a mapping of fields, found a list", id="list"),
    pytest.param(b"hello\n", 1, 1, "expected a mapping of fields, found a value", id="scalar"),
    pytest.param(b"42\n", 1, 1, "expected a mapping of fields, found a value", id="number"),
    pytest.param(bytes(range(256)) * 16, 2, 118, "the file is not UTF-8 text", id="binary"),
    pytest.param(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, 1, "the file is not UTF-8 text", id="png"
    ),
    pytest.param(VALID + b"  - title: caf\xe9\n", 9, 15, "not UTF-8", id="latin-1"),
    pytest.param(
        VALID + "  - title: naïve caf".encode() + b"\xe9\n",
        9,
        21,
        "not UTF-8",
        id="latin-1-after-utf-8",
    ),
    pytest.param("version: 1\n".encode("utf-16"), 1, 1, "not UTF-8", id="utf-16"),
    pytest.param(VALID + b"\x07bell: 1\n", 9, 1, "control characters are not allowed", id="bel"),
    pytest.param(VALID + b"x: a\x00b\n", 9, 5, "control characters are not allowed", id="nul"),
    pytest.param(b"\x00" * 1000, 1, 1, "control characters are not allowed", id="nuls"),
    pytest.param(VALID + b"x: \x1b[31mred\n", 9, 4, "control characters", id="escape"),
    pytest.param(billion_laughs(), 2, 10, "YAML aliases (*name) are not allowed", id="alias-bomb"),
    pytest.param(b"a: &x 1\nb: *x\n", 2, 4, "YAML aliases", id="single-alias"),
    pytest.param(b"a: &x {b: 1}\n<<: *x\n", 2, 5, "YAML aliases", id="merge-key"),
    pytest.param(
        b"a: " + b"[" * 100 + b"]" * 100 + b"\n",
        1,
        3 + MAX_DEPTH,
        f"nesting is deeper than {MAX_DEPTH} levels",
        id="deep-flow-lists",
    ),
    # libyaml stops at 1000 levels itself, before this app's check sees the events.
    pytest.param(
        b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        1,
        None,
        "nesting",
        id="very-deep-flow-lists",
    ),
    pytest.param(
        b"{a: " * 10_000 + b"1" + b"}" * 10_000,
        1,
        1 + 4 * MAX_DEPTH,
        "nesting is deeper",
        id="deep-flow-mappings",
    ),
    pytest.param(
        "".join(f"{'  ' * i}k{i}:\n" for i in range(100)).encode() + b"  " * 100 + b"x\n",
        MAX_DEPTH + 1,
        2 * MAX_DEPTH + 1,
        "nesting is deeper",
        id="deep-block-nesting",
    ),
    pytest.param(
        b"a: [" + b"1," * (MAX_NODES + 10) + b"]\n",
        1,
        5 + 2 * (MAX_NODES - 3),
        f"more than {MAX_NODES} values",
        id="too-many-values",
    ),
    pytest.param(
        b"".join(b"k%d: 1\n" % i for i in range(MAX_NODES)),
        MAX_NODES // 2,
        len(f"k{MAX_NODES // 2 - 1}: ") + 1,
        "more than",
        id="too-many-keys",
    ),
    pytest.param(b"a: 'unclosed\n", 2, 1, "not valid YAML", id="unclosed-quote"),
    pytest.param(b"a: [1, 2\n", 2, 1, "not valid YAML", id="unclosed-list"),
    pytest.param(b"a:\n\t- 1\n", 2, 1, "not valid YAML", id="tab-indent"),
    pytest.param(b"a: 1\n---\nb: 2\n", 2, 1, "expected a single document", id="two-documents"),
    pytest.param(b"a: 1\n b: 2\n", 2, 3, "not valid YAML", id="bad-indent"),
    pytest.param(b"@foo\n", 1, 1, "not valid YAML", id="reserved-character"),
    pytest.param(b"%YAML 9.9\n---\na: 1\n", 1, 1, "not valid YAML", id="yaml-version"),
]


def load_problems(path: Path) -> ContentError:
    start = time.monotonic()
    with pytest.raises(ContentError) as info:
        load_content(path)
    assert time.monotonic() - start < SAFETY_NET_SECONDS
    assert info.value.problems
    return info.value


@pytest.mark.parametrize(("data", "line", "column", "phrase"), HOSTILE)
def test_hostile_file_ends_in_a_clear_content_error(
    tmp_path: Path, data: bytes, line: int, column: int | None, phrase: str
) -> None:
    path = tmp_path / "content.yaml"
    path.write_bytes(data)
    error = load_problems(path)
    first = error.problems[0]
    assert phrase in first.message, str(error)[:500]
    column = first.column if column is None else column
    assert (first.line, first.column) == (line, column), str(first)[:500]
    assert first.path == path
    assert str(first).startswith(f"{path}:{line}:{column}: ")


def test_alias_bomb_uses_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    path.write_bytes(billion_laughs(levels=12, width=12))
    tracemalloc.start()
    try:
        with pytest.raises(ContentError, match="aliases"):
            load_content(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_ten_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    with path.open("wb") as stream:
        stream.write(VALID)
        stream.write(b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    tracemalloc.start()
    try:
        error = load_problems(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [problem] = error.problems
    assert (problem.line, problem.column) == (1, 1)
    assert "the file is 10.0 MiB; content files may be at most 1024 KiB" in problem.message
    assert peak < 2 * 1024 * 1024


def test_largest_accepted_size_still_loads_quickly(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    padding = b"# " + b"x" * (MAX_BYTES - len(VALID) - 3) + b"\n"
    path.write_bytes(VALID + padding)
    assert path.stat().st_size == MAX_BYTES
    start = time.monotonic()
    assert load_content(path).slides[0].id == "intro"
    assert time.monotonic() - start < SAFETY_NET_SECONDS
    path.write_bytes(VALID + padding + b"\n")
    assert "content files may be at most" in str(load_problems(path))


def test_one_megabyte_long_string_is_handled_quickly(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    path.write_bytes(VALID + b"    notes: '" + b"x" * (MAX_BYTES - 200) + b"'\n")
    content = load_content(path)
    assert content.slides[0].notes is not None
    assert len(str(content.slides[0].notes)) == MAX_BYTES - 200


def test_many_mistakes_are_all_reported_quickly(tmp_path: Path) -> None:
    slides = b"".join(b"  - {id: Bad_%d, kind: nope, extra: 1}\n" % i for i in range(3000))
    path = tmp_path / "content.yaml"
    path.write_bytes(VALID.replace(b"  - id: intro", b"  - id: Intro") + slides)
    error = load_problems(path)
    # 1 bad id in the valid slide; per bad slide: bad id, bad kind, unknown field, no title.
    assert len(error.problems) == 1 + 4 * 3000
    lines = [problem.line for problem in error.problems]
    assert lines == sorted(lines)


def test_python_tags_are_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    command = f"touch {marker}"
    path = tmp_path / "content.yaml"
    path.write_text(
        "version: !!python/object/apply:os.system [" + repr(command) + "]\n"
        "presentation:\n"
        "  title: !!python/object/apply:os.system [" + repr(command) + "]\n"
        "  organisation: !!python/name:os.system\n"
        "slides: !!python/object/new:list []\n",
        encoding="utf-8",
    )
    error = load_problems(path)
    assert not marker.exists()
    assert [(p.line, p.field) for p in error.problems][:3] == [
        (1, "version"),
        (3, "presentation.title"),
        (4, "presentation.organisation"),
    ]


def test_missing_file(tmp_path: Path) -> None:
    error = load_problems(tmp_path / "nope.yaml")
    assert "cannot read the file" in str(error)


def test_folder_instead_of_a_file(tmp_path: Path) -> None:
    error = load_problems(tmp_path)
    assert "not a regular file" in str(error)


def test_nul_in_the_file_name(tmp_path: Path) -> None:
    error = load_problems(tmp_path / "con\0tent.yaml")
    assert "cannot read the file" in str(error)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_not_read() -> None:
    error = load_problems(Path("/dev/zero"))
    assert "not a regular file" in str(error)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_does_not_block(tmp_path: Path) -> None:
    pipe = tmp_path / "content.yaml"
    os.mkfifo(pipe)
    error = load_problems(pipe)
    assert "not a regular file" in str(error)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="needs a non-root POSIX user"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    path.write_bytes(VALID)
    path.chmod(0)
    try:
        error = load_problems(path)
    finally:
        path.chmod(0o644)
    assert "cannot read the file: Permission denied" in str(error)


# --- fuzzing: whatever the bytes, the answer is Content or ContentError ----------------------
# Seeded, so a failure names the seed that reproduces it. (Not Hypothesis: it writes a
# .hypothesis folder into the working directory.)

FUZZ_CASES = 150

TOKENS = [
    *"ab:-[]{}&*!|>'\"#%@`,?~ \n\t\\0\x00\x07\x85\ufeffé",
    "version: 1\n",
    "slides:\n",
    "  - ",
    "id: ",
    "kind: ",
    "title: ",
    "file: ../",
    "presentation:\n",
    "  title: T\n",
    "  organisation: O\n",
    "language: ",
    "en",
    "\n    ",
]


def check_loads_or_fails_cleanly(path: Path, what: str, *, check_files: bool = True) -> None:
    start = time.monotonic()
    problems: list[Problem | None] = []
    try:
        load_content(path, check_files=check_files)
    except ContentError as error:
        problems = [*error.problems] or [None]
    except Exception as exc:  # pragma: no cover - the failure report
        pytest.fail(f"{what}: {type(exc).__name__}: {exc}")
    assert time.monotonic() - start < SAFETY_NET_SECONDS, what
    for problem in problems:
        assert problem is not None, f"{what}: a ContentError without problems"
        assert problem.line >= 1, what
        assert problem.column >= 1, what
        assert "\n" not in str(problem), f"{what}: a problem of several lines: {problem}"


def test_fuzz_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    for seed in range(FUZZ_CASES):
        rng = random.Random(seed)
        data = rng.randbytes(rng.randrange(2000))
        if seed % 2:  # mostly text, with some bytes that are not
            data = VALID + data.replace(b"\x00", b"")[: rng.randrange(40)]
        path.write_bytes(data)
        check_loads_or_fails_cleanly(path, f"random bytes, seed {seed}")


def test_fuzz_yaml_like_text(tmp_path: Path) -> None:
    path = tmp_path / "content.yaml"
    for seed in range(FUZZ_CASES * 4):
        rng = random.Random(seed)
        text = "".join(rng.choices(TOKENS, k=rng.randrange(200)))
        path.write_text(text, encoding="utf-8")
        check_loads_or_fails_cleanly(path, f"YAML-like text, seed {seed}: {text!r}")


def edit_lines(lines: list[str], rng: random.Random) -> list[str]:
    lines = list(lines)
    for _ in range(rng.randrange(1, 7)):
        index = rng.randrange(len(lines))
        action = rng.choice(("delete", "repeat", "swap", "cut", "indent", "dedent", "copy"))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "cut":
            lines[index] = lines[index][: rng.randrange(len(lines[index]) + 1)] + "\n"
        elif action == "indent":
            lines[index] = "  " + lines[index]
        elif action == "dedent":
            lines[index] = lines[index].removeprefix("  ")
        else:  # a line from elsewhere, e.g. a key that belongs to another slide kind
            lines.insert(index, rng.choice(lines))
    return lines


def test_fuzz_edited_bundled_content(tmp_path: Path) -> None:
    """Delete, repeat, swap or cut lines of the real file: never anything but ContentError."""
    original = bundled_content_path().read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "content.yaml"
    for seed in range(FUZZ_CASES * 2):
        path.write_text("".join(edit_lines(original, random.Random(seed))), encoding="utf-8")
        check_loads_or_fails_cleanly(path, f"edited content.yaml, seed {seed}", check_files=False)


def test_repeated_kind_does_not_mix_two_slide_kinds(tmp_path: Path) -> None:
    """Found by the fuzzer: a second ``kind`` chose the fields, the first the class."""
    path = tmp_path / "content.yaml"
    path.write_bytes(
        VALID.replace(b"kind: title", b"kind: title\n    kind: image\n    file: a.svg")
    )
    error = load_problems(path)
    assert [(p.line, p.field) for p in error.problems] == [
        (8, "slides[0].kind"),
        (9, "slides[0].file"),
    ]
    assert "appears twice" in error.problems[0].message
    assert "unknown field" in error.problems[1].message


# Values of every kind, including explicit tags that the safe constructor chokes on.
VALUES = [
    *("1", "0", "-1", "1.5", ".nan", ".inf", "1e400", "0x10", "0o7", "9" * 5000),
    *("true", "null", "~", '""', "''", "'#FFFFFF'", "'#000000'", "2001-01-01"),
    *("a.svg", "v.webm", "c.vtt", "bad.vtt", "empty.png", "../x.svg", "/etc/x", "'C:\\x'"),
    *("https://x.org", "'http://['", "en", "ar", "rtl", "'{number}'", "'{'", '"\\x07"'),
    *("title", "workstream", "image", "video", "link"),
    *('!!binary aGk=', "!!python/name:os.system", "!foo x", '!!int "x"', '!!float "x"'),
    *('!!timestamp "x"', '!!bool "maybe"', "!!set {a, b}", "!!omap [a: 1]", "!!str", '!!null ""'),
]  # fmt: skip
KEYS = sorted({field.name for _, field in schema.all_fields()} | {"x", "en", "ar", "EN", "<<"})


def random_value(rng: random.Random, depth: int) -> str:
    choice = rng.random()
    if depth > 3 or choice < 0.6:
        return rng.choice(VALUES)
    if choice < 0.8:
        return random_mapping(rng, depth + 1)
    return "[" + ", ".join(random_value(rng, depth + 1) for _ in range(rng.randrange(4))) + "]"


def random_mapping(rng: random.Random, depth: int, **fields: str) -> str:
    for key in rng.sample(KEYS, rng.randrange(5)):
        fields[key] = random_value(rng, depth)
    return "{" + ", ".join(f"{key}: {value}" for key, value in fields.items()) + "}"


def random_content(rng: random.Random) -> str:
    kinds = ["title", "workstream", "image", "video", "link", "x"]
    slides = [
        random_mapping(
            rng, 2, id=rng.choice("abA"), kind=rng.choice(kinds), title=rng.choice(["T", "{en: T}"])
        )
        for _ in range(rng.randrange(4))
    ]
    parts = [
        "version: " + rng.choice(["1", "1", "2", "x"]),
        "presentation: " + random_mapping(rng, 2, title="T", organisation="O"),
        "slides: [" + ", ".join(slides) + "]",
        "theme: " + random_value(rng, 1),
        "labels: " + random_mapping(rng, 1),
    ]
    rng.shuffle(parts)
    return "\n".join(parts[: rng.randrange(2, 6)]) + "\n"


def test_fuzz_random_structure(tmp_path: Path) -> None:
    """Known keys with values of every type and tag: only ever one-line problems."""
    files = {"a.svg": SVG, "v.webm": b"webm", "c.vtt": b"WEBVTT\n", "bad.vtt": b"\xff"}
    for name, data in {**files, "empty.png": b""}.items():
        (tmp_path / name).write_bytes(data)
    path = tmp_path / "content.yaml"
    for seed in range(FUZZ_CASES * 5):
        path.write_text(random_content(random.Random(seed)), encoding="utf-8")
        check_loads_or_fails_cleanly(path, f"random structure, seed {seed}")
