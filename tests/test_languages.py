"""A visitor chooses a language: the button, the chooser, live switching and mirroring."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import load_content
from kiosk.content.languages import endonym, language_name
from kiosk.ui.show.window import MainWindow
from tests.support.languages import multilingual_content
from tests.support.show import show_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, app_fonts: None) -> MainWindow:
    return show_window(qtbot, load_content(multilingual_content(tmp_path / "content")))


def _click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _choose(qtbot: QtBot, window: MainWindow, code: str) -> None:
    """Touch the language button, then the language's entry in the chooser."""
    button = window.languages.button
    assert button.isVisible()
    _click(qtbot, button)
    chooser = window.languages.chooser
    qtbot.waitUntil(chooser.isVisible)
    entry = chooser.entries[code]
    qtbot.waitUntil(entry.isVisible)
    with qtbot.waitSignal(window.show_state.language_changed):
        _click(qtbot, entry)


def test_endonyms_and_content_names() -> None:
    assert endonym("ar") == "العربية"
    assert endonym("pa") == "ਪੰਜਾਬੀ"
    assert endonym("xx") == "xx"


def test_the_chooser_lists_each_language_in_its_own_name(qtbot: QtBot, window: MainWindow) -> None:
    _click(qtbot, window.languages.button)
    chooser = window.languages.chooser
    qtbot.waitUntil(chooser.isVisible)
    names = [entry.accessibleName() for entry in chooser.entries.values()]
    assert names == ["English", "العربية", "Polski"]
    assert chooser.entries["en"].primary  # the current language
    assert language_name(window.content, "pl") == "Polski"


def test_choosing_arabic_switches_texts_and_labels_and_mirrors(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.next_button.x() > window.previous_button.x()
    _choose(qtbot, window, "ar")
    assert window.show_state.language == "ar"
    assert window.style_.language == "ar"
    assert not window.languages.chooser.isVisible()
    qtbot.waitUntil(lambda: window.next_button.x() < window.previous_button.x())
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.next_button.accessibleName() == "الشريحة التالية"
    assert window.counter_label.text() == "1 من 9"
    assert window.next_button.mirrored  # the arrow points left, the way Arabic reads on
    assert window.languages.button.text_ == "العربية"
    assert window.current_view.title_label.text() == "أولوياتنا"
    assert window.windowTitle() == "Our Priorities"  # not translated in this content


def test_switching_keeps_the_slide_and_back_to_english(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current_view.title_label.text() == "Our Priorities"
    window.go_to(2)
    _choose(qtbot, window, "pl")
    assert window.show_state.index == 2
    assert window.stack.currentIndex() == 2
    assert window.counter_label.text() == "3 z 9"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert not window.next_button.mirrored
    _choose(qtbot, window, "en")
    assert window.counter_label.text() == "3 of 9"
    assert window.next_button.accessibleName() == "Next slide"


def test_no_language_button_for_one_language(qtbot: QtBot, window: MainWindow) -> None:
    assert window.languages.button.isVisible()
    from kiosk.content import load_content as load
    from kiosk.resources import bundled_content_path

    window.set_content(load(bundled_content_path()))
    assert not window.languages.button.isVisible()


def test_unknown_language_is_refused(window: MainWindow) -> None:
    with pytest.raises(ValueError, match="xx"):
        window.show_state.set_language("xx")
