"""Every language of the example content is drawn by the bundled fonts: no empty boxes.

The example (examples/multilingual/) has the seed's slides in Urdu, Bengali, Panjabi
(Gurmukhi), Polish, Arabic and Chinese. Each text is laid out with the font the app gives
its language and each glyph is checked: it comes from a bundled font, and it is not the
.notdef glyph (index 0, the empty box). Urdu's letters must come from Nastaliq. One test
repeats the check with fontconfig knowing no font of the machine at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.cli import main as kiosk_main
from kiosk.content import Content, Text, load_content
from kiosk.glyphs import bundled_coverage, cmap_characters, glyph_problems, undrawable
from kiosk.resources import NASTALIQ_FAMILY, families_for, font_files, uses_nastaliq
from kiosk.ui.render.pictures import SlideRenderer
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.kinds import WorkstreamSlideView
from kiosk.ui.style import Style
from tests.support import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples" / "multilingual" / "content.yaml"
LANGUAGES = ["en", "ur", "bn", "pa", "pl", "ar", "zh"]
RTL = {"ur", "ar"}
OPENTYPE_MISSING = "OpenType support missing for"
"""Qt tries a font fontconfig lists for a script it cannot shape, then the next fallback
(kiosk.ui.app's _QUIET_QT_MESSAGES keeps it out of the app's warnings)."""

pytestmark = pytest.mark.qt_log_ignore(OPENTYPE_MISSING)


@pytest.fixture(autouse=True)
def _restore_application_font(qapp: QApplication) -> Iterator[None]:
    """An Urdu window makes Nastaliq the application font (use_language_fonts): later tests
    get the font they had."""
    font = QApplication.font()
    yield
    QApplication.setFont(font)


@pytest.fixture(scope="module")
def example() -> Content:
    return load_content(EXAMPLE)


def bundled_families() -> set[str]:
    return {QRawFont(str(path), 12).familyName().lower() for path in font_files()}


def texts_in(content: Content, language: str) -> list[str]:
    """Every text the example shows in ``language``: slides, labels, names, title."""
    found: list[Text | None] = [
        content.presentation.title,
        content.presentation.organisation,
        content.theme.logo_text,
        *content.labels.values.values(),
    ]
    for slide in content.slides:
        found.extend(value for value in vars(slide).values() if isinstance(value, Text))
    names = [lang.name for lang in content.presentation.languages if lang.code == language]
    return [text.get(language) for text in found if text is not None] + names


def bad_glyphs(text: str, font: QFont) -> list[str]:
    """Each glyph run of ``text`` in ``font`` that is not from a bundled font, or that holds
    the .notdef glyph (an empty box): described as 'family: problem'."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    while layout.createLine().isValid():
        pass
    layout.endLayout()
    ours = bundled_families()
    found = []
    for run in layout.glyphRuns():
        family = run.rawFont().familyName()
        if family.lower() not in ours:
            found.append(f"{family}: not a bundled font, for {text!r}")
        if 0 in run.glyphIndexes():
            found.append(f"{family}: an empty box in {text!r}")
    return found


def run_families(text: str, font: QFont) -> set[str]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return {run.rawFont().familyName().lower() for run in layout.glyphRuns()}


# --- the fonts and the cmap reader ----------------------------------------------------------
@pytest.mark.parametrize("path", font_files(), ids=lambda path: path.name)
def test_the_cmap_reader_agrees_with_qt(path: Path, app_fonts: None) -> None:
    ours = cmap_characters(path.read_bytes())
    raw = QRawFont(str(path), 12)
    assert raw.isValid()
    assert ours, "no characters read"
    assert all(raw.supportsCharacter(code) for code in ours)
    others = [code for code in range(0x20, 0x10000, 3) if code not in ours]
    assert not any(raw.supportsCharacter(code) for code in others if not 0xD800 <= code < 0xE000)


def test_the_bundled_fonts_cover_the_census_languages_scripts() -> None:
    coverage = bundled_coverage()
    samples = {
        "Polish": "Zażółć gęślą jaźń",
        "Romanian": "Știință și țară",
        "Lithuanian": "Ąžuolas ėjo į ūkį",
        "Turkish": "İstanbul'da \u0131\u011fd\u0131r şöyle",  # dotless i, g with breve
        "Somali": "Soomaali ku hadla",
        "Portuguese": "Saúde e cuidados, ações",
        "Spanish": "Niño, señal, ¿sí?",
        "Italian": "Perché è così",
        "Bengali": "আমাদের অগ্রাধিকার",
        "Panjabi (Gurmukhi)": "ਸਾਡੀਆਂ ਤਰਜੀਹਾਂ",
        "Panjabi (Shahmukhi)": "پنجابی ساڈیاں ترجیحاں",
        "Urdu": "ہماری ترجیحات",
        "Arabic": "أولوياتنا",
        "Gujarati": "આપણી પ્રાથમિકતાઓ",
        "Tamil": "எங்கள் முன்னுரிமைகள்",
        "Chinese": "我们的优先事项",
    }
    missing = {name: undrawable(text, coverage) for name, text in samples.items()}
    assert not {name: chars for name, chars in missing.items() if chars}


def test_characters_drawn_as_nothing_need_no_glyph() -> None:
    # Joiners and direction marks shape or steer text; no font has to draw them.
    assert undrawable("a\u200db\u200f\u200cc\n", frozenset(map(ord, "abc"))) == []
    assert undrawable("a\ue000a", frozenset(map(ord, "a"))) == ["\ue000"]


def test_the_cmap_reader_refuses_what_is_not_a_font() -> None:
    with pytest.raises(ValueError, match="not a TrueType"):
        cmap_characters(b"<svg></svg>" * 4)


def test_urdu_and_shahmukhi_read_in_nastaliq() -> None:
    assert all(uses_nastaliq(code) for code in ("ur", "pa-Arab", "pnb"))
    assert not any(uses_nastaliq(code) for code in ("pa", "ar", "en"))
    assert families_for("Noto Sans", "ur") == [NASTALIQ_FAMILY, "Noto Sans"]
    assert families_for("Noto Sans", "ar") == ["Noto Sans"]


# --- every example language, as the app draws it --------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_text_is_drawn_by_the_bundled_fonts(
    example: Content, language: str, app_fonts: None
) -> None:
    style = Style(example, language)
    texts = texts_in(example, language)
    assert texts
    for role in ("title", "body"):
        font = style.font(role)
        bad = [problem for text in texts for problem in bad_glyphs(text, font)]
        assert not bad, "\n".join(bad)
    assert glyph_problems(example) == []


def test_urdu_letters_come_from_nastaliq_and_arabic_from_naskh(
    example: Content, app_fonts: None
) -> None:
    urdu = example.presentation.title.get("ur")
    arabic = example.presentation.title.get("ar")
    nastaliq, naskh = NASTALIQ_FAMILY.lower(), "noto sans arabic"
    # (Spaces may come from Noto Sans.)
    assert run_families(urdu, Style(example, "ur").font("title")) - {"noto sans"} == {nastaliq}
    assert run_families(arabic, Style(example, "ar").font("title")) - {"noto sans"} == {naskh}


def test_without_any_font_of_the_machine_every_language_still_draws(tmp_path: Path) -> None:
    # fontconfig with no font folders: only the bundled fonts exist, as on a bare kiosk.
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}
    test = f"{__file__}::test_every_example_text_is_drawn_by_the_bundled_fonts"
    command = [sys.executable, "-m", "pytest", test, "-q", "-p", "no:cacheprovider"]
    result = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert f"{len(LANGUAGES)} passed" in result.stdout


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_slide_renders_in_every_example_language(
    qtbot: QtBot, example: Content, language: str, app_fonts: None
) -> None:
    window = MainWindow(example, language=language)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    rtl = Qt.LayoutDirection.RightToLeft
    assert (window.layoutDirection() == rtl) == (language in RTL)
    bad: list[str] = []
    for index in range(len(example.slides)):
        window.go_to(index)
        for label in _shown_labels(window):
            bad += bad_glyphs(label.text(), label.font())
            if uses_nastaliq(language):  # every label, style sheet or not: none in Naskh
                found = run_families(label.text(), label.font()) - {"noto sans"}
                if found != {NASTALIQ_FAMILY.lower()}:
                    bad.append(f"{label.objectName()}: {label.text()!r} in {found}")
        picture = window.grab().toImage()
        assert picture.size() == QSize(1280, 720)
    assert not bad, "\n".join(bad)
    renderer = SlideRenderer(example, language=language)
    for index in range(len(example.slides)):
        image = renderer.image(index, QSize(640, 360))
        colours = {image.pixel(x, y) for x in range(0, 640, 16) for y in range(0, 360, 16)}
        assert len(colours) > 2, f"slide {index} in {language} drew (almost) nothing"
    renderer.close()


def _shown_labels(window: QWidget) -> list[QLabel]:
    return [
        label
        for label in window.findChildren(QLabel)
        if label.isVisibleTo(window) and label.text() and not label.text().startswith("<")
    ]


@pytest.mark.parametrize("language", ["en", *sorted(RTL)])
def test_right_to_left_languages_lay_out_right_to_left(
    qtbot: QtBot, example: Content, language: str, app_fonts: None
) -> None:
    window = MainWindow(example, language=language)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.go_to(1)
    rtl = language in RTL
    expected = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    assert window.layoutDirection() == expected
    assert window.current_view.title_label.layoutDirection() == expected
    # The header's logo text starts where its reader begins: at the right in Urdu and Arabic.
    left, right = _ink_columns(window.logo_label)
    label_width = window.logo_label.width()
    if rtl:
        assert right > label_width * 0.9, (left, right)
        assert left > label_width * 0.2, (left, right)
    else:
        assert left < label_width * 0.1, (left, right)
        assert right < label_width * 0.8, (left, right)
    # The workstream's number starts its text column too: at its right edge when mirrored.
    view = window.current_view
    assert isinstance(view, WorkstreamSlideView)
    badge, title = view.badge.geometry(), view.title_label.geometry()
    assert (badge.right() == title.right()) if rtl else (badge.left() == title.left())


def _ink_columns(widget: QWidget) -> tuple[int, int]:
    """The first and last pixel columns of ``widget`` with anything drawn (not its backdrop)."""
    image = widget.grab().toImage()
    backdrop = image.pixel(0, 0)
    columns = [
        x
        for x in range(image.width())
        if any(image.pixel(x, y) != backdrop for y in range(0, image.height(), 2))
    ]
    assert columns, "nothing drawn"
    ratio = image.width() / widget.width()
    return round(columns[0] / ratio), round(columns[-1] / ratio)


# --- validate names what cannot be drawn ----------------------------------------------------
def test_validate_accepts_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert kiosk_main(["validate", str(EXAMPLE)]) == 0
    assert "valid, 8 slides" in capsys.readouterr().out


def test_validate_names_a_character_no_font_draws(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "multilingual"
    folder.mkdir()
    shutil.copytree(EXAMPLE.parent / "assets", folder / "assets")
    text = EXAMPLE.read_text(encoding="utf-8")
    bengali = 'bn: "আমাদের অগ্রাধিকার"'
    assert bengali in text
    text = text.replace(bengali, 'bn: "আমাদের \ue000অগ্রাধিকার"', 1)
    text = text.replace('pl: "Nasze priorytety"', 'pl: "Nasze \u0f40priorytety"', 1)
    (folder / "content.yaml").write_text(text, encoding="utf-8")
    line = text[: text.index("\ue000")].count("\n") + 1
    column = len(text.splitlines()[line - 1].split("\ue000")[0]) + 1

    assert kiosk_main(["validate", str(folder)]) == 1
    errors = capsys.readouterr().err.splitlines()
    where = f"{folder / 'content.yaml'}:{line}:{column}: presentation.title.bn: "
    assert errors[0] == where + "no bundled font draws U+E000 '\\ue000' (language bn, বাংলা)"
    assert (
        "presentation.title.pl: no bundled font draws U+0F40 'ཀ' (TIBETAN LETTER KA)" in (errors[1])
    )
    assert "(language pl, Polski)" in errors[1]
    assert errors[-1] == "2 problems found."
