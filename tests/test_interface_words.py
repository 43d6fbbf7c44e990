"""Every word of the interface comes from the labels: with each label translated into a test
language as a marker, no screen (staff panel, PIN pad, ``?`` keys, ``G`` prompt, overview,
presenter console, kiosk countdown) shows an English word."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import Content, load_content
from kiosk.content.model import DEFAULT_LABELS, placeholders
from kiosk.system.pin import PinStore
from kiosk.ui.kiosk.controller import KioskController, KioskTimings
from kiosk.ui.presenter.console import PresenterConsole
from kiosk.ui.show.window import MainWindow
from tests.support.clock import FakeClock
from tests.support.show import SIZE, copy_content

MARK = "«"
NUMBERS = re.compile(r"[\d\s/:_●.,-]*")
"""Texts that are numbers (a timer, the clock, a typed slide number, the masked PIN)."""
FAST = KioskTimings(
    idle_timeout=5_000, countdown=300, slide_duration=40, cursor_hide=50, use_slide_durations=False
)


def marked_content(folder: Path) -> Content:
    """The bundled content in English and a test language ``xx`` whose every label is marked."""
    copy_content(folder)
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  languages:\n"), text.index("\ntheme:")
    text = text[:start] + "  languages:\n    - code: en\n    - {code: xx, name: Test}" + text[end:]
    lines = ["", "labels:"]
    for name, english in DEFAULT_LABELS.items():
        fields = " ".join(f"{{{field}}}" for field in sorted(placeholders(english)))
        word = {"en": english, "xx": f"{MARK}{name}» {fields}".strip()}
        lines.append(f"  {name}: {json.dumps(word, ensure_ascii=False)}")
    path.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    return load_content(path)


def english_words(root: QWidget) -> list[str]:
    """The visible texts of labels and buttons under ``root`` that are not marked or numbers."""
    texts = [label.text() for label in root.findChildren(QLabel) if label.isVisible()]
    texts += [b.text() for b in root.findChildren(QAbstractButton) if b.isVisible()]
    return [text for text in texts if MARK not in text and not NUMBERS.fullmatch(text)]


@pytest.fixture
def marked_window(qtbot: QtBot, tmp_path: Path, app_fonts: None) -> Iterator[MainWindow]:
    window = MainWindow(marked_content(tmp_path / "content"), language="xx")
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    QGuiApplication.setApplicationDisplayName(DEFAULT_LABELS["app_name"])


def test_every_label_has_a_marked_word_in_the_test_language(tmp_path: Path) -> None:
    content = marked_content(tmp_path)
    assert all(MARK in content.labels.get(name, "xx") for name in DEFAULT_LABELS)
    assert content.labels.get("pin_locked", "xx", seconds=30) == f"{MARK}pin_locked» 30"


def test_the_kiosk_screens_speak_the_visitors_language(
    qtbot: QtBot, marked_window: MainWindow, tmp_path: Path
) -> None:
    pins = PinStore(tmp_path / "staff-pin.json", clock=FakeClock())
    pins.set_pin("2468")
    kiosk = KioskController(marked_window, timings=FAST, pins=pins, quit_app=lambda _code: None)
    kiosk.attract_video = "skip"
    kiosk.start()
    try:
        assert MARK in kiosk.banner.label.text()
        kiosk.open_staff()
        pad = kiosk.pin_pad
        for key in ("1", "1", "1", "1", "OK"):
            qtbot.mouseClick(pad.buttons[key], Qt.MouseButton.LeftButton)
        assert pad.message.text().startswith(f"{MARK}wrong_pin")
        assert english_words(pad) == []
        kiosk.desk.show_panel()
        panel = kiosk.staff_panel
        assert panel.info.text().count(MARK) == 3  # content, slide, screen
        assert english_words(panel) == []
        panel.close_layer()
        kiosk.countdown.start(20)
        assert english_words(kiosk.countdown) == []
        assert MARK in QGuiApplication.applicationDisplayName()  # the window title's suffix
    finally:
        kiosk.stop()


def test_the_talks_layers_speak_the_shows_language(qtbot: QtBot, marked_window: MainWindow) -> None:
    layers = marked_window.talk_layers
    prompt = layers.prompt()
    prompt.open()
    assert english_words(prompt) == []
    prompt.close_layer()
    help_layer = layers.key_help()
    help_layer.open()
    assert english_words(help_layer) == []
    assert help_layer.rows
    assert all(MARK in meaning for _keys, meaning in help_layer.rows)
    help_layer.close_layer()
    overview = layers.overview()
    overview.open_at(1)
    assert MARK in overview.number_text(1)
    assert overview.number_text(0) == "1"
    overview.close_layer()


def test_the_presenter_console_speaks_the_shows_language(
    qtbot: QtBot, marked_window: MainWindow
) -> None:
    console = PresenterConsole(marked_window, clock=lambda: 0, wall_clock=lambda: QTime(9, 41))
    qtbot.addWidget(console)
    console.resize(1280, 720)
    console.show()
    qtbot.waitExposed(console)
    assert MARK in console.windowTitle()
    assert english_words(console) == []
    marked_window.perform("black")
    assert MARK in console.status_label.text()
    assert MARK in console.current_pane.covered_text
    assert english_words(console) == []
    marked_window.perform("black")
    console.ask_reset()
    assert english_words(console) == []
    marked_window.go_to(marked_window.show_state.count - 1)
    qtbot.waitUntil(lambda: console.shown_index == marked_window.show_state.count - 1)
    assert MARK in console.next_pane.empty_text
    assert "console_end»" in console.next_label.text()
    console.close()
