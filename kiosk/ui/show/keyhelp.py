"""The key map in words: the ``?`` layer, and the README's key table.

``python -m kiosk.ui.show.keyhelp`` prints the README table; tests/test_docs.py keeps them equal.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.content.actions import Action
from kiosk.ui.show.keys import DEFAULT_KEYS
from kiosk.ui.style import Style
from kiosk.ui.widgets.layer import Card

_SHOWN_AS = {
    "PgDown": "Page Down",
    "PgUp": "Page Up",
    "Return": "Enter",
    "Enter": "keypad Enter",
    "Toggle Media Play/Pause": "media Play/Pause",
    "Media Play": "media Play",
    "Media Pause": "media Pause",
}
TYPED_NUMBER = "a slide number, then Enter"
"""The one binding outside the table: digits then Enter (always, whatever content.yaml says)."""


def display_key(name: str) -> str:
    """How a key name is written for people: ``PgDown`` -> ``Page Down``."""
    *modifiers, key = name.split("+") if name != "+" and not name.endswith("++") else [name]
    return "+".join([*modifiers, _SHOWN_AS.get(key, key)])


def key_rows(bindings: Mapping[Action, Sequence[str]]) -> list[tuple[list[str], str]]:
    """(keys as people write them, what they do) for every action with keys, in the order
    of :class:`Action`, and the typed slide number after "next"."""
    rows = []
    for action in Action:
        keys = bindings.get(action)
        if keys:
            rows.append(([display_key(key) for key in keys], action.meaning))
        if action is Action.NEXT:
            rows.append(([TYPED_NUMBER], "Go to that slide."))
    return rows


def key_table_markdown(bindings: Mapping[Action, Sequence[str]] | None = None) -> str:
    """The README's key table (default keys unless ``bindings`` is given)."""
    lines = ["| keys | what they do |", "|---|---|"]
    for keys, meaning in key_rows(bindings or DEFAULT_KEYS):
        if keys == [TYPED_NUMBER]:
            cell = "a slide number, then `Enter`"
        else:
            cell = ", ".join(f"`{key}`".replace("|", "\\|") for key in keys)
        lines.append(f"| {cell} | {meaning} |")
    return "\n".join(lines) + "\n"


class KeyHelp(Card):
    """The ``?`` layer: every key and what it does. Any key or a click closes it."""

    modal = True

    def __init__(
        self, host: QWidget, style: Style, bindings: Mapping[Action, Sequence[str]]
    ) -> None:
        super().__init__(host, style)
        self.setObjectName("key-help")
        self.title_label = QLabel("Keys")
        self.table_label = QLabel()
        self.table_label.setTextFormat(Qt.TextFormat.RichText)
        self.card_layout.addWidget(self.title_label)
        self.card_layout.addWidget(self.table_label)
        self.set_bindings(bindings)

    def set_bindings(self, bindings: Mapping[Action, Sequence[str]]) -> None:
        self.rows = key_rows(bindings)

    def apply_style(self) -> None:
        # Fit every row: shrink the type on a small window.
        size = max(9, min(self.px(26), self.height() // (len(self.rows) + 6)))
        accent = self.style_.colour("accent").name()
        self.title_label.setStyleSheet(f"font-size: {round(size * 1.5)}px; font-weight: bold;")
        cells = "".join(
            f"<tr><td style='padding-right:{size}px; color:{accent}; white-space:nowrap'>"
            f"<b>{html.escape(', '.join(keys))}</b></td><td>{html.escape(meaning)}</td></tr>"
            for keys, meaning in self.rows
        )
        self.table_label.setText(f"<table cellspacing='{size // 4}'>{cells}</table>")
        self.table_label.setStyleSheet(f"font-size: {size}px;")
        self.card.setMaximumWidth(round(self.width() * 0.94))
        super().apply_style()

    def handle_key(self, event: QKeyEvent) -> bool:
        if event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt):
            self.close_layer()
        return True


if __name__ == "__main__":
    print(key_table_markdown(), end="")  # noqa: T201
