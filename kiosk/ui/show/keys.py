"""Which key does what: the key map from key presses to :class:`Action`.

The keys come from :class:`~kiosk.content.actions.Action` (its default keys), replaced per
action by content.yaml's ``keys`` section. Digits are not in the map: a slide number typed on
them, then Enter, goes to that slide (:meth:`~kiosk.ui.show.state.Show.type_digit`).

Keys Qt has no name for, and key positions, are bound as ``keysym:...`` and ``keycode:...``
(:mod:`kiosk.content.native_keys`): they match the event's ``nativeVirtualKey()`` and
``nativeScanCode()`` on X11 and Wayland, when no Qt-named binding matched.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence

from kiosk.content.actions import Action
from kiosk.content.native_keys import parse_native_key

log = logging.getLogger(__name__)

DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}").value: n for n in range(10)}
"""Qt key code -> digit, for the number keys (the keypad sends the same codes)."""

DEFAULT_KEYS: dict[Action, tuple[str, ...]] = {action: action.default_keys for action in Action}
"""Action -> key names (``QKeySequence`` text), from :class:`~kiosk.content.actions.Action`.

content.yaml's ``keys`` section replaces an action's keys. A slide number typed on the digit
keys, then Enter, jumps there.
Clickers send Right/Left or PgDown/PgUp, "start" as F5, Shift+F5 and Esc in turn (or, with
systemd's key remapping, XF86Presentation), and "blank" as B or "." (or XF86DisplayToggle); "."
is also bound by its position (keycode 60), for the layouts where that key types ":".
"""
NATIVE_PLATFORMS_NOT = frozenset({"windows", "cocoa"})
"""Platforms whose native codes are not X11/Wayland keysyms and keycodes (Windows' scan code
60 is F2): ``keysym:`` and ``keycode:`` bindings are not matched there."""
_CONTROL_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)

KeyId = tuple[str, int, int]
"""("qt", key, modifiers), or ("keysym" | "keycode", native value, 0)."""


def read_key(name: str) -> QKeyCombination | None:
    """The key and modifiers Qt reads from ``name`` (e.g. ``Shift+F5``), or None."""
    sequence = QKeySequence(name)
    combination = sequence[0] if sequence.count() == 1 else None  # type: ignore[index]
    if combination is None or combination.key() == Qt.Key.Key_unknown:
        return None
    return combination


class KeyMap:
    """Looks up the action bound to a key press.

    ``overrides`` (content.yaml's ``keys``) replace the keys of the actions they name; a
    key they use is taken from any other action. Names Qt cannot read are an error in
    ``bindings`` (the code's table) and a logged warning in ``overrides``.
    """

    def __init__(
        self,
        bindings: Mapping[Action, tuple[str, ...]] | None = None,
        overrides: Mapping[Action, tuple[str, ...]] | None = None,
    ) -> None:
        self._actions: dict[KeyId, Action] = {}
        self._names: dict[KeyId, str] = {}
        overrides = overrides or {}
        for action, keys in (bindings or DEFAULT_KEYS).items():
            for key in () if action in overrides else keys:
                key_id = read_key_id(key)
                if key_id is None:
                    raise ValueError(f"cannot read key {key!r} for {action!r}")
                self._bind(key_id, key, action)
        for name, keys in overrides.items():
            action = Action.named(name)
            for key in keys:
                key_id = read_key_id(key)
                if key_id is None:
                    log.warning("content.yaml keys.%s: cannot read key %r; ignored", action, key)
                    continue
                self._bind(key_id, key, action)

    def _bind(self, key_id: KeyId, name: str, action: Action) -> None:
        if self._actions.get(key_id, action) != action:
            log.info("key %s now does %r instead of %r", name, action, self._actions[key_id])
        self._actions[key_id] = action
        self._names[key_id] = name

    def action_for(self, event: QKeyEvent) -> Action | None:
        """The action bound to ``event``'s key and modifiers (keypad ignored), or None.

        A character typed with Shift also matches its binding without Shift, so ``?``
        works on keyboards where it needs Shift. Then, without Ctrl, Alt or Meta, the
        event's keysym and keycode (``keysym:``, ``keycode:`` bindings).
        """
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        action = self._actions.get(_key_id(key, modifiers))
        shift = Qt.KeyboardModifier.ShiftModifier
        if action is None and modifiers & shift and key.value < 0x01000000:  # a character
            action = self._actions.get(_key_id(key, modifiers & ~shift))
        native = QGuiApplication.platformName() not in NATIVE_PLATFORMS_NOT
        if action is None and native and not modifiers & _CONTROL_MODIFIERS:
            action = self._actions.get(("keysym", event.nativeVirtualKey(), 0))
            if action is None:
                action = self._actions.get(("keycode", event.nativeScanCode(), 0))
        return action

    def keys_for(self, action: Action) -> list[str]:
        """The names of the keys bound to ``action``, in table order."""
        return [self._names[k] for k, bound in self._actions.items() if bound == action]

    def bindings(self) -> dict[Action, list[str]]:
        """Action -> key names, for every action with at least one key."""
        result: dict[Action, list[str]] = {}
        for key_id, action in self._actions.items():
            result.setdefault(action, []).append(self._names[key_id])
        return result


def read_key_id(name: str) -> KeyId | None:
    """What a key press must carry to match ``name`` (a key name, ``keysym:`` or
    ``keycode:``), or None if it names no key."""
    try:
        native = parse_native_key(name)
    except ValueError:
        return None
    if native is not None:
        return native[0], native[1], 0
    combination = read_key(name)
    if combination is None:
        return None
    return _key_id(combination.key(), combination.keyboardModifiers())


def _key_id(key: Qt.Key, modifiers: Qt.KeyboardModifier) -> KeyId:
    return "qt", key.value, modifiers.value
