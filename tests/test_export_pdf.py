"""``kiosk export-pdf``: one page per slide, text that stays text, notes on request."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from kiosk.content import Content
from kiosk.export_pdf import export_pdf
from tests.conftest import REPO_ROOT
from tests.support.xvfb import require


def _poppler(tool: str) -> str:
    (path,) = require(tool, why="Debian's poppler-utils")
    return path


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(
        [_poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.splitlines())
    }


def _text(pdf: Path, page: int) -> str:
    result = subprocess.run(
        [_poppler("pdftotext"), "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    # NFKC: the PDF keeps the font's ligatures ("ﬁ"), as any PDF does; search the letters.
    return " ".join(unicodedata.normalize("NFKC", result.stdout).split())


def test_one_slide_per_page_with_its_text(
    tmp_path: Path, content: Content, app_fonts: None
) -> None:
    out = tmp_path / "slides.pdf"
    assert export_pdf(content, out) == 9
    info = _info(out)
    assert info["Pages"] == "9"
    assert info["Page size"].startswith("720 x 405 pts")  # 16:9
    assert info["Title"] == "Our Priorities"
    for page, slide in enumerate(content.slides, start=1):
        text = _text(out, page)
        assert slide.title.get() in text, page  # real text, not a picture of it
    assert "we will focus on areas in health and care" in _text(out, 2)
    assert "www.nhsrho.org" in _text(out, 9)
    assert "of 9" not in _text(out, 2)  # no navigation bar on paper
    # Notes only with --notes.
    assert "Welcome. The Observatory" not in _text(out, 1)


def test_notes_pages(tmp_path: Path, content: Content, app_fonts: None) -> None:
    out = tmp_path / "handout.pdf"
    assert export_pdf(content, out, notes=True) == 9
    info = _info(out)
    assert info["Pages"] == "9"
    assert "(A4)" in info["Page size"]
    first = _text(out, 1)
    assert "1. Our Priorities" in first
    assert "Welcome. The Observatory's first three years focus on five core workstreams" in first
    assert first.replace(" ", "").endswith("1/9")
    for page, slide in enumerate(content.slides, start=1):
        assert slide.notes is not None
        words = " ".join(slide.notes.get().split())
        assert words in _text(out, page), page


def test_fonts_are_embedded(tmp_path: Path, content: Content, app_fonts: None) -> None:
    out = tmp_path / "slides.pdf"
    export_pdf(content, out)
    fonts = subprocess.run(
        [_poppler("pdffonts"), str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "NotoSans-Regular" in fonts
    assert "NotoSans-Bold" in fonts
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert all(row[-5] == "yes" for row in rows)  # "emb": embedded in the file


@pytest.mark.slow
def test_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out" / "talk.pdf"
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    env.pop("QT_QPA_PLATFORM", None)  # the command picks offscreen itself; no window opens
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "export-pdf", str(out), "--notes"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{out}: 9 pages with notes."
    assert _info(out)["Pages"] == "9"


def test_command_line_refuses_bad_content(tmp_path: Path) -> None:
    bad = tmp_path / "content.yaml"
    bad.write_text("version: 2\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "export-pdf",
            str(tmp_path / "x.pdf"),
            "--content",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)),
        check=False,
    )
    assert result.returncode == 1
    assert "content.yaml:1:10: version" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
