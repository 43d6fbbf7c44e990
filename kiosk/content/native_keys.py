"""Keys Qt has no name for, bound by what the platform reports: ``keysym:`` and ``keycode:``.

A clicker's "start" and "blank" buttons may arrive as keys without a ``Qt.Key`` (a Logitech
R400 on Linux with systemd sends KEY_PRESENTATION and KEY_DISPLAYTOGGLE: keysyms
XF86Presentation and XF86DisplayToggle), and a clicker sends the *position* of a key, which
types another character on another layout (US ``.`` is ``:`` on French AZERTY). So content.yaml
may also name a key as

- ``keysym:XF86Presentation`` or ``keysym:0x100811a9``: the key's symbol, as X11 and Wayland
  report it (Qt's ``QKeyEvent.nativeVirtualKey()``; a virtual-key code on Windows);
- ``keycode:60``: the key's position, whatever the layout (``QKeyEvent.nativeScanCode()``; the
  X keycode that ``xev`` prints, 60 for US ``.``).

``kiosk keys`` prints these names for every key pressed. Plain Python, no Qt.
"""

from __future__ import annotations

import re

KEYSYMS = {
    "XF86Presentation": 0x100811A9,
    "XF86DisplayToggle": 0x100811AF,
}
"""Keysym names written out in full (the rest by number); values from libX11 (XStringToKeysym)."""
_KEYSYM_NAMES = {value: name for name, value in KEYSYMS.items()}
_LOWER_KEYSYMS = {name.lower(): value for name, value in KEYSYMS.items()}
KINDS = ("keysym", "keycode")
_NUMBER = re.compile(r"^(0x[0-9a-f]+|[0-9]+)$")
PERIOD_POSITION = 60
"""The X keycode (evdev + 8) of the key where US ``.`` sits."""


def parse_native_key(text: str) -> tuple[str, int] | None:
    """``("keysym", 0x100811a9)`` for ``keysym:XF86Presentation``; None if ``text`` names no
    native key; ``ValueError`` (with the reason) for a malformed one."""
    kind, colon, rest = text.strip().partition(":")
    kind = kind.strip().lower()
    if not colon or kind not in KINDS:
        return None
    rest = rest.strip()
    if kind == "keysym" and rest.lower() in _LOWER_KEYSYMS:
        return kind, _LOWER_KEYSYMS[rest.lower()]
    if not _NUMBER.match(rest.lower()):
        raise ValueError(
            f"{text!r}: write {kind}: then a number (such as keysym:0x100811a9 or keycode:60); "
            "`kiosk keys` shows the names of the keys you press"
        )
    value = int(rest, 0)
    if not 0 < value < 2**32:
        raise ValueError(f"{text!r}: {value} is not a {kind} (1 to 4294967295)")
    return kind, value


def native_key_name(kind: str, value: int) -> str:
    """The canonical name: ``keysym:XF86Presentation``, ``keysym:0x1008ff59``, ``keycode:60``."""
    if kind == "keysym":
        return f"keysym:{_KEYSYM_NAMES.get(value, hex(value))}"
    return f"keycode:{value}"
