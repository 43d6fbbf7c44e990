"""``kiosk keys``: a window that names every key pressed in it, as content.yaml's ``keys``
section writes it (Qt's name, and the ``keysym:``/``keycode:`` names), and what it does now.

For a clicker's buttons: press each one in the window and copy the name into content.yaml.
"""

from __future__ import annotations

import sys
from typing import TextIO

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.content.native_keys import native_key_name
from kiosk.ui.show.keys import KeyMap

_MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta}


def key_names(event: QKeyEvent) -> list[str]:
    """Every name content.yaml can use for ``event``'s key: Qt's (when it has one), then the
    keysym and the keycode (when the platform reports them)."""
    names = []
    key = Qt.Key(event.key()) if event.key() else Qt.Key.Key_unknown
    if key not in (Qt.Key.Key_unknown, *_MODIFIER_KEYS):
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        sequence = QKeySequence(QKeyCombination(modifiers, key))
        names.append(sequence.toString(QKeySequence.SequenceFormat.PortableText))
    if event.nativeVirtualKey():
        names.append(native_key_name("keysym", event.nativeVirtualKey()))
    if event.nativeScanCode():
        names.append(native_key_name("keycode", event.nativeScanCode()))
    return names


def describe(event: QKeyEvent, keymap: KeyMap) -> str:
    """One line: the key's names, and the action it does with the default keys."""
    action = keymap.action_for(event)
    does = f"does {action.value}" if action is not None else "does nothing yet"
    return f"{'  '.join(key_names(event)) or '(no name)'}  -> {does}"


class KeyNames(QLabel):
    """Press keys here: each one's names are shown and written to ``out``. Closing the window
    ends it."""

    def __init__(self, out: TextIO = sys.stdout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.out = out
        self.keymap = KeyMap()
        self.setWindowTitle("kiosk keys")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet("font-size: 22px; padding: 24px;")
        self.setText("Press a key or a clicker button to see its name for content.yaml's keys.")
        self.resize(900, 300)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if Qt.Key(event.key()) in _MODIFIER_KEYS or event.isAutoRepeat():
            return
        line = describe(event, self.keymap)
        self.setText(line)
        self.out.write(line + "\n")
        self.out.flush()
