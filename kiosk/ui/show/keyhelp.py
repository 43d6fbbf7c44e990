"""The key map in words: the ``?`` layer, and the README's key table.

``python -m kiosk.ui.show.keyhelp`` prints the README table; tests/test_docs.py keeps them equal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPen
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
    "keysym:XF86Presentation": "Presentation",
    "keysym:XF86DisplayToggle": "Display Toggle",
    "keycode:60": "US . position",
}
"""How to find the name of a key to bind in content.yaml's ``keys`` (the ``kiosk keys`` command)."""
TYPED_NUMBER = "a slide number, then Enter"
"""The one binding outside the table: digits then Enter (always, whatever content.yaml says)."""


def display_key(name: str) -> str:
    """How a key name is written for people: ``PgDown`` -> ``Page Down``."""
    *modifiers, key = name.split("+") if name != "+" and not name.endswith("++") else [name]
    return "+".join([*modifiers, _SHOWN_AS.get(key, key)])


def key_actions(bindings: Mapping[Action, Sequence[str]]) -> list[tuple[list[str], Action | None]]:
    """(keys as people write them, their action) for every action with keys, in the order
    of :class:`Action`, and the typed slide number (action None) after "next"."""
    rows: list[tuple[list[str], Action | None]] = []
    for action in Action:
        keys = bindings.get(action)
        if keys:
            rows.append(([display_key(key) for key in keys], action))
        if action is Action.NEXT:
            rows.append(([TYPED_NUMBER], None))
    return rows


def key_rows(bindings: Mapping[Action, Sequence[str]]) -> list[tuple[list[str], str]]:
    """(keys as people write them, what they do, in English) for :func:`key_actions`."""
    return [
        (keys, action.meaning if action is not None else "Go to that slide.")
        for keys, action in key_actions(bindings)
    ]


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


def _mirrored(rect: QRectF, width: float) -> QRectF:
    """``rect`` reflected left to right within ``width``."""
    return QRectF(width - rect.right(), rect.top(), rect.width(), rect.height())


class KeyTable(QWidget):
    """The key map's rows: each key drawn as a keycap (a rounded box), then what it does.

    The caps wrap within the keys' column; the words wrap within the rest.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[list[str], str]] = []
        self.pixels = 20
        self.ink = QColor("#212B32")
        self.cap_fill = QColor("#F0F4F5")
        self.cap_edge = QColor("#768692")
        self.hint_width = 0
        """The width the table will have (the card's, less its margins)."""
        sizing = self.sizePolicy()
        sizing.setHeightForWidth(True)
        self.setSizePolicy(sizing)

    def text(self) -> str:
        """Every row as plain text (keys, then what they do)."""
        return "\n".join(f"{', '.join(keys)}: {meaning}" for keys, meaning in self.rows)

    def set_rows(self, rows: list[tuple[list[str], str]], pixels: int) -> None:
        self.rows, self.pixels = rows, pixels
        self.updateGeometry()
        self.update()

    def _fonts(self) -> tuple[QFont, QFont]:
        words = QFont(self.font())
        words.setPixelSize(self.pixels)
        caps = QFont(words)
        caps.setPixelSize(max(8, round(self.pixels * 0.85)))
        caps.setBold(True)
        return words, caps

    def _layout(self, width: int) -> tuple[list[tuple[list[QRectF], QRectF, float]], float]:
        """Where each row's caps and words go at ``width``: (caps, words, top), height."""
        words_font, caps_font = self._fonts()
        words, caps = QFontMetricsF(words_font), QFontMetricsF(caps_font)
        pad, gap = self.pixels * 0.45, self.pixels * 0.35
        cap_height = caps.height() + pad
        keys_width = width * 0.42
        words_left = keys_width + self.pixels
        placed, top = [], 0.0
        for keys, meaning in self.rows:
            x = y = 0.0
            boxes = []
            for key in keys:
                cap = caps.horizontalAdvance(key) + 2 * pad
                if x > 0 and x + cap > keys_width:
                    x, y = 0.0, y + cap_height + gap
                boxes.append(QRectF(x, top + y, cap, cap_height))
                x += cap + gap
            caps_bottom = y + cap_height
            area = QRectF(words_left, top, width - words_left, 10_000)
            flags = int(Qt.TextFlag.TextWordWrap)
            text_height = words.boundingRect(area, flags, meaning).height()
            text_top = top + max(0.0, (cap_height - words.height()) / 2)
            text = QRectF(words_left, text_top, width - words_left, text_height)
            if self.isRightToLeft():  # mirrored: the caps start at the right, the words after
                boxes = [_mirrored(box, width) for box in boxes]
                text = _mirrored(text, width)
            placed.append((boxes, text, top))
            top += max(caps_bottom, text_height + text_top - top) + self.pixels * 0.55
        return placed, top

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return math.ceil(self._layout(width)[1])

    def sizeHint(self) -> QSize:
        width = self.hint_width or self.pixels * 40
        return QSize(width, self.heightForWidth(width))

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        words_font, caps_font = self._fonts()
        placed, _height = self._layout(self.width())
        radius = self.pixels * 0.3
        flags = int(Qt.TextFlag.TextWordWrap)
        if self.isRightToLeft():  # the words' own direction, set at their right edge
            painter.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            flags |= int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        for (keys, meaning), (boxes, words, _top) in zip(self.rows, placed, strict=True):
            painter.setFont(caps_font)
            for key, box in zip(keys, boxes, strict=True):
                painter.setPen(QPen(self.cap_edge, max(1.0, self.pixels / 14)))
                painter.setBrush(self.cap_fill)
                painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
                painter.setPen(self.ink)
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), key)
            painter.setFont(words_font)
            painter.setPen(self.ink)
            painter.drawText(words, flags, meaning)
        painter.end()


class KeyHelp(Card):
    """The ``?`` layer: the keys of this mode, as keycaps, and what they do. Any key or a
    click closes it (it says so)."""

    modal = True

    def __init__(
        self, host: QWidget, style: Style, bindings: Mapping[Action, Sequence[str]]
    ) -> None:
        super().__init__(host, style)
        self.setObjectName("key-help")
        self.title_label = QLabel()
        self.table_label = KeyTable()
        self.close_label = QLabel()
        self.names_label = QLabel()
        self.names_label.setObjectName("key-names-hint")
        self.names_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.names_label.setWordWrap(True)
        self.close_label.setObjectName("close-hint")
        self.close_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_layout.addWidget(self.title_label)
        self.card_layout.addWidget(self.table_label)
        self.card_layout.addWidget(self.names_label)
        self.card_layout.addWidget(self.close_label)
        self.set_bindings(bindings)

    def set_bindings(self, bindings: Mapping[Action, Sequence[str]]) -> None:
        """Show the keys of ``bindings`` (give only the actions this mode can carry out), each
        action's words from the label ``key_<action>`` in the current language."""
        self.bindings = dict(bindings)
        self._set_rows()

    def _set_rows(self) -> None:
        label = self.style_.label
        self.rows = [
            (keys, label(f"key_{action.value}"))
            if action is not None
            else (["0-9", "Enter"], label("key_typed_number"))
            for keys, action in key_actions(self.bindings)
        ]

    def card_width(self) -> int:
        return min(round(self.width() * 0.94), self.px(1500))

    def apply_style(self) -> None:
        style = self.style_
        self.title_label.setText(style.label("keys_title"))
        self.close_label.setText(style.label("keys_close"))
        self.names_label.setText(style.label("keys_names_hint"))
        self._set_rows()  # in the current language
        inner = self.card_width() - 2 * self.px(self.card_margin)
        room = round(self.height() * 0.94) - 2 * self.px(self.card_margin)
        size = max(9, self.px(26))
        while size > 9 and not self._fits(size, inner, room, hint=True):
            size -= 1  # the largest type at which every row fits
        # On a small screen the rows come first: the key names hint goes.
        self.names_label.setVisible(self._fits(size, inner, room, hint=True))
        self.table_label.set_rows(self.rows, size)
        self.table_label.hint_width = inner
        self.table_label.ink = style.colour("text")
        self.table_label.cap_fill = style.colour("background")
        self.table_label.cap_edge = style.colour("muted_text")
        self.title_label.setStyleSheet(f"font-size: {round(size * 1.5)}px; font-weight: bold;")
        hint_look = f"font-size: {size}px; color: {style.colour('muted_text').name()};"
        self.close_label.setStyleSheet(hint_look)
        self.names_label.setStyleSheet(hint_look)
        super().apply_style()

    def _fits(self, size: int, inner: int, room: int, *, hint: bool) -> bool:
        chrome = round(size * 1.5 * 1.4) + round(size * 1.4) + 2 * self.px(16)
        if hint:
            chrome += self._hint_height(size, round(inner * 0.8)) + round(size * 0.5)
            chrome += self.px(16)
        self.table_label.set_rows(self.rows, size)
        return self.table_label.heightForWidth(inner) + chrome <= room

    def _hint_height(self, size: int, width: int) -> int:
        """The height of the key names hint at ``size`` pixels, wrapped at ``width``."""
        font = QFont(self.names_label.font())
        font.setPixelSize(size)
        area = QRectF(0, 0, width, 10_000)
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
        return math.ceil(
            QFontMetricsF(font).boundingRect(area, flags, self.names_label.text()).height()
        )

    def handle_key(self, event: QKeyEvent) -> bool:
        if event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt):
            self.close_layer()
        return True

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.close_layer()  # a touch anywhere, on the card too: it has nothing to press


if __name__ == "__main__":
    print(key_table_markdown(), end="")  # noqa: T201
