"""The multilingual example (examples/multilingual/, test translations awaiting approval) is
complete: every text and every interface word in all seven languages, each word with exactly
its English word's ``{placeholders}``; and its right-to-left key map reads from the right."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.cli import main as kiosk_main
from kiosk.content import Content, load_content
from kiosk.content.model import DEFAULT_LABELS, placeholders
from kiosk.ui.show.window import MainWindow
from tests.support import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples" / "multilingual" / "content.yaml"
LANGUAGES = ("en", "ur", "bn", "pa", "pl", "ar", "zh")


@pytest.fixture(scope="module")
def example() -> Content:
    return load_content(EXAMPLE)


def test_the_example_has_every_translation(example: Content) -> None:
    assert [lang.code for lang in example.presentation.languages] == list(LANGUAGES)
    assert [f"{w.field}: {w.message}" for w in example.warnings] == []
    for name in DEFAULT_LABELS:
        assert set(example.labels.values[name].values) == set(LANGUAGES), name


def test_validate_warns_of_nothing_in_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert kiosk_main(["validate", str(EXAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert "valid, 8 slides" in out
    assert "warning" not in out + err


def test_each_translation_keeps_its_english_words_placeholders(example: Content) -> None:
    """validate refuses a placeholder the English word lacks; one dropped would leave out
    a value (the seconds of a PIN lock-out, a slide number), so none is missing either."""
    for name, english in DEFAULT_LABELS.items():
        for code, text in example.labels.values[name].values.items():
            assert placeholders(text) == placeholders(english), (name, code, text)


def test_a_missing_interface_word_is_warned_of(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check above is not empty: the example less one Polish word is incomplete."""
    folder = tmp_path / "multilingual"
    shutil.copytree(EXAMPLE.parent, folder)
    text = EXAMPLE.read_text(encoding="utf-8")
    polish = '    pl: "Błędny PIN."\n'
    assert text.count(polish) == 1
    (folder / "content.yaml").write_text(text.replace(polish, ""), encoding="utf-8")
    warnings = load_content(folder / "content.yaml").warnings
    assert [w.message for w in warnings] == [
        "1 interface words have no translation into pl: wrong_pin"
    ]
    assert kiosk_main(["validate", str(folder)]) == 0  # a warning, not an error
    assert "warning: labels (pl)" in capsys.readouterr().err


@pytest.mark.parametrize("language", ["en", "ar", "ur"])
def test_the_key_map_starts_at_its_readers_side(
    qtbot: QtBot, example: Content, language: str, app_fonts: None
) -> None:
    """Each row of the ``?`` layer: its keycaps first, then what they do; first on the
    right in Arabic and Urdu, where the words end at the keycaps' left."""
    window = MainWindow(example, language=language)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    layer = window.talk_layers.key_help()
    layer.open()
    table = layer.table_label
    placed, _height = table._layout(table.width())
    assert len(placed) == len(layer.rows) > 10
    for boxes, words, _top in placed:
        if language == "en":
            assert min(box.left() for box in boxes) == 0
            assert max(box.right() for box in boxes) < words.left()
        else:
            assert max(box.right() for box in boxes) == table.width()
            assert min(box.left() for box in boxes) > words.right()
    layer.close_layer()
    window.close()
