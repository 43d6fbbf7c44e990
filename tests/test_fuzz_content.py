"""Content fuzzing with Hypothesis: whatever a content file holds, loading it ends in a
:class:`Content` or in a :class:`ContentError` whose every problem has a line, a column and
the file's path, within a time bound. The same goes for the Qt-free checks of the asset
files (SVG, picture headers, video headers, WebVTT).

The example database is off (``database=None``), so nothing is written outside tmp
folders, and examples are derandomised, so CI runs the same few hundred every time.
``python -m bench.fuzz_long`` runs the same properties with many thousands of fresh ones.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import configuration, given, settings
from hypothesis import strategies as st

from kiosk.content import ContentError, load_content
from kiosk.content.assets import file_problem, svg_problem
from tests.support.fuzz import (
    FUZZ,
    ORIGINAL,
    ORIGINAL_LINES,
    SVG_TEXT,
    check_content_file,
    check_picture_header,
    check_svg,
    check_vtt,
    documents,
    dump,
    mutate,
    mutations,
    picture_headers,
    raw_texts,
    svg_documents,
    vtt_texts,
    write,
    yaml_texts,
)
from tests.support.show import copy_content


# --- fixtures -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content folder with the real assets; each example overwrites its content.yaml."""
    return copy_content(tmp_path_factory.mktemp("fuzz"), content_file=False)


# --- tests ----------------------------------------------------------------------------------
def test_the_bundled_content_passes_the_property(folder: Path) -> None:
    content = check_content_file(write(folder, ORIGINAL), check_files=True)
    assert content is not None
    assert mutate(ORIGINAL_LINES, []) == ORIGINAL.encode()


def test_a_key_with_a_line_break_is_reported_on_one_line(folder: Path) -> None:
    """Found by the fuzzer: a key such as "\\n" made a problem of two lines, which broke
    ``kiosk validate``'s one-problem-a-line output."""
    path = write(folder, 'version: 1\npresentation: {"\\n\\u2028x": 1}\nslides: []\n')
    with pytest.raises(ContentError) as info:
        load_content(path)
    unknown = [str(p) for p in info.value.problems if "unknown field" in p.message]
    assert unknown == [f"{path}:2:16: presentation.\\n\\u2028x: unknown field in presentation"]
    check_content_file(path, check_files=False)


@FUZZ
@given(text=yaml_texts, check_files=st.booleans())
def test_generated_yaml_documents(folder: Path, text: str, check_files: bool) -> None:
    check_content_file(write(folder, text), check_files=check_files)


@settings(FUZZ, max_examples=150)
@given(document=documents, flow=st.sampled_from([None, False, True]), check_files=st.booleans())
def test_content_shaped_documents(
    folder: Path, document: dict[str, Any], flow: bool | None, check_files: bool
) -> None:
    check_content_file(write(folder, dump(document, flow, True)), check_files=check_files)


@FUZZ
@given(text=raw_texts)
def test_raw_text(folder: Path, text: str) -> None:
    check_content_file(write(folder, text), check_files=False)


@settings(FUZZ, max_examples=50)
@given(data=st.binary(max_size=2000))
def test_raw_bytes(folder: Path, data: bytes) -> None:
    check_content_file(write(folder, data), check_files=False)


@settings(FUZZ, max_examples=200)
@given(operations=mutations, check_files=st.booleans())
def test_mutations_of_the_real_content(
    folder: Path, operations: list[tuple[str, int, int, str]], check_files: bool
) -> None:
    data = mutate(ORIGINAL_LINES, operations)
    check_content_file(write(folder, data), check_files=check_files)


# --- the asset checks: a reason or None, never an exception -----------------------------------
@FUZZ
@given(data=svg_documents)
def test_svg_check(data: bytes) -> None:
    check_svg(data)


@FUZZ
@given(data=picture_headers)
def test_picture_and_video_header_checks(data: bytes) -> None:
    check_picture_header(data)


@FUZZ
@given(text=vtt_texts)
def test_vtt_parser(text: str) -> None:
    check_vtt(text)


@pytest.mark.parametrize(
    "declaration",
    ["<?xml version='1.0' encoding='U-F-8'?>", "<?xml version='1.0' encoding='utf-32'?>"],
)
def test_svg_with_an_unknown_encoding_is_refused(declaration: str) -> None:
    """Found by bench/fuzz_long.py: expat raises LookupError for an unknown encoding."""
    problem = svg_problem(declaration.encode() + SVG_TEXT.split(b"?>", 1)[1])
    assert problem is not None
    assert problem.startswith("it is not valid SVG")


def test_asset_check_of_a_file_that_vanishes(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        file_problem(tmp_path / "gone.svg")


def test_nothing_is_written_into_the_working_directory() -> None:
    before = (Path.cwd() / ".hypothesis").exists()
    storage = configuration.storage_directory("examples", intent_to_write=False).path
    if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):  # else where the user chose
        assert not storage.resolve().is_relative_to(Path.cwd().resolve()), storage

    @settings(FUZZ, max_examples=5)
    @given(st.text())
    def always_fails(text: str) -> None:
        raise AssertionError(text)

    with pytest.raises(AssertionError):
        always_fails()  # a failure is what an example database would save
    assert FUZZ.database is None
    assert (Path.cwd() / ".hypothesis").exists() == before
