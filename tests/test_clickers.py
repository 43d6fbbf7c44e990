"""Clicker buttons offscreen: keys Qt has no name for (keysym:), a key's position on any layout
(keycode:), held keys (auto-repeat), and content.yaml's names for them. The same with real X key
events: tests/test_clickers_x11.py."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.content import ContentError, load_content
from kiosk.content.actions import Action
from kiosk.content.fields import normalise_key_name
from kiosk.content.model import DEFAULT_LABELS
from kiosk.ui.show.keyhelp import KeyHelp
from kiosk.ui.show.keynames import KeyNames
from kiosk.ui.show.keys import KeyMap
from kiosk.ui.show.window import MainWindow
from tests.conftest import REPO_ROOT

PRESENTATION = 0x100811A9  # libX11's XStringToKeysym("XF86Presentation")
DISPLAY_TOGGLE = 0x100811AF
PERIOD_KEYCODE = 60
NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _native(
    keysym: int = 0,
    keycode: int = 0,
    key: int = 0,
    modifiers: Qt.KeyboardModifier = NONE,
    repeat: bool = False,
) -> QKeyEvent:
    """A key press as X delivers it: Qt's key (0 when Qt has no name), the X keycode, the
    keysym."""
    text = chr(key) if 0x20 < key < 0x7F else ""
    return QKeyEvent(QKeyEvent.Type.KeyPress, key, modifiers, keycode, keysym, 0, text, repeat)


def test_presentation_and_display_toggle_keysyms_start_and_blank() -> None:
    keymap = KeyMap()
    assert keymap.action_for(_native(PRESENTATION, 8)) is Action.START
    assert keymap.action_for(_native(DISPLAY_TOGGLE, 8)) is Action.BLACK
    assert keymap.action_for(_native(0x1008FF59, 8)) is None  # XF86Display: not bound


def test_the_period_position_blanks_on_azerty_and_qwertz() -> None:
    keymap = KeyMap()
    colon = _native(ord(":"), PERIOD_KEYCODE, Qt.Key.Key_Colon.value)  # French AZERTY
    assert keymap.action_for(colon) is Action.BLACK
    period = _native(ord("."), PERIOD_KEYCODE, Qt.Key.Key_Period.value)  # US, German
    assert keymap.action_for(period) is Action.BLACK
    # "." elsewhere (Shift+; on AZERTY, keycode 59) still blanks, by its name.
    shifted = _native(ord("."), 59, Qt.Key.Key_Period.value, Qt.KeyboardModifier.ShiftModifier)
    assert keymap.action_for(shifted) is Action.BLACK
    # With Ctrl the position is not the clicker's key.
    ctrl = _native(
        ord(":"), PERIOD_KEYCODE, Qt.Key.Key_Colon.value, Qt.KeyboardModifier.ControlModifier
    )
    assert keymap.action_for(ctrl) is None


def test_a_named_binding_wins_over_a_position() -> None:
    # On Dvorak keycode 60 types V: bound to "next" by name, V moves on.
    keymap = KeyMap(overrides={Action.NEXT: ("V",)})
    assert keymap.action_for(_native(ord("v"), PERIOD_KEYCODE, Qt.Key.Key_V.value)) is Action.NEXT


def test_content_binds_native_keys() -> None:
    keymap = KeyMap(overrides={Action.OVERVIEW: ("keysym:0x1008ff59", "keycode:191")})
    assert keymap.action_for(_native(0x1008FF59, 8)) is Action.OVERVIEW
    assert keymap.action_for(_native(0, 191)) is Action.OVERVIEW
    assert keymap.keys_for(Action.OVERVIEW) == ["keysym:0x1008ff59", "keycode:191"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("keysym:XF86Presentation", "keysym:XF86Presentation"),
        ("KeySym: xf86displaytoggle", "keysym:XF86DisplayToggle"),
        ("keysym:0x100811A9", "keysym:XF86Presentation"),
        ("keysym:0x1008FF59", "keysym:0x1008ff59"),
        ("keysym:269025113", "keysym:0x1008ff59"),
        ("keycode:60", "keycode:60"),
        ("keycode: 0x3c", "keycode:60"),
    ],
)
def test_native_key_names_are_normalised(text: str, name: str) -> None:
    assert normalise_key_name(text) == name


@pytest.mark.parametrize(
    "text", ["keysym:", "keysym:XF86Nothing", "keycode:-1", "keycode:0", "keysym:0x1" + "0" * 8]
)
def test_bad_native_key_names_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"keysym|keycode"):
        normalise_key_name(text)


def test_content_yaml_refuses_a_bad_native_key_with_its_line(tmp_path: Path) -> None:
    text = (REPO_ROOT / "content.yaml").read_text(encoding="utf-8")
    text += "\nkeys:\n  black: [keycode:sixty]\n"
    path = tmp_path / "content.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=r"keys\.black\[0\].*kiosk keys"):
        load_content(path, check_files=False)


def test_a_held_next_key_moves_one_slide(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(0)
    press = QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_PageDown, NONE)
    QApplication.sendEvent(window, press)
    for _ in range(8):  # the presses X repeats while the key is held
        repeated = _native(0xFF56, 117, Qt.Key.Key_PageDown.value, repeat=True)
        QApplication.sendEvent(window, repeated)
    assert window.current_index == 1


def test_a_held_blank_key_does_not_flicker(qtbot: QtBot, window: MainWindow) -> None:
    QApplication.sendEvent(window, _native(ord("b"), 56, Qt.Key.Key_B.value))
    for _ in range(5):
        QApplication.sendEvent(window, _native(ord("b"), 56, Qt.Key.Key_B.value, repeat=True))
    assert window.show_state.blank == "black"


def test_the_key_help_says_how_to_find_a_keys_name(qtbot: QtBot, window: MainWindow) -> None:
    layer = KeyHelp(window, window.style_, window.show_state.keymap.bindings())
    layer.open()
    assert layer.names_label.text() == DEFAULT_LABELS["keys_names_hint"]
    assert "kiosk keys" in layer.names_label.text()
    assert ["Presentation"] in [[k for k in keys if k == "Presentation"] for keys, _ in layer.rows]


def test_kiosk_keys_names_each_key_pressed(qtbot: QtBot) -> None:
    out = io.StringIO()
    window = KeyNames(out)
    qtbot.addWidget(window)
    QApplication.sendEvent(window, _native(PRESENTATION, 8))
    QApplication.sendEvent(window, _native(ord(":"), PERIOD_KEYCODE, Qt.Key.Key_Colon.value))
    QApplication.sendEvent(window, QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_F5, SHIFT))
    QApplication.sendEvent(window, _native(0x78, 53, Qt.Key.Key_X.value, repeat=True))
    assert out.getvalue().splitlines() == [
        "keysym:XF86Presentation  keycode:8  -> does start",
        ":  keysym:0x3a  keycode:60  -> does black",
        "Shift+F5  -> does start",
    ]
    assert window.text() == "Shift+F5  -> does start"
    for line in out.getvalue().splitlines():  # every name printed is one content.yaml reads
        for name in line.split("  -> ")[0].split("  "):
            assert normalise_key_name(name)
