"""Which key does what: the key map from key presses to :class:`Action`.

The keys come from :class:`~kiosk.content.actions.Action` (its default keys), replaced per
action by content.yaml's ``keys`` section. Digits are not in the map: a slide number typed on
them, then Enter, goes to that slide (:meth:`~kiosk.ui.show.state.Show.type_digit`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from kiosk.content.actions import Action

log = logging.getLogger(__name__)

DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}").value: n for n in range(10)}
"""Qt key code -> digit, for the number keys (the keypad sends the same codes)."""

DEFAULT_KEYS: dict[Action, tuple[str, ...]] = {action: action.default_keys for action in Action}
"""Action -> key names (``QKeySequence`` text), from :class:`~kiosk.content.actions.Action`.

content.yaml's ``keys`` section replaces an action's keys. A slide number typed on the digit
keys, then Enter, jumps there.
Clickers send Right/Left or PgDown/PgUp, "start" as F5, Shift+F5 and Esc in turn, and
"blank" as B or ".".
"""


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
        self._actions: dict[tuple[int, int], Action] = {}
        self._names: dict[tuple[int, int], str] = {}
        overrides = overrides or {}
        for action, keys in (bindings or DEFAULT_KEYS).items():
            for key in () if action in overrides else keys:
                combination = read_key(key)
                if combination is None:
                    raise ValueError(f"cannot read key {key!r} for {action!r}")
                self._bind(combination, key, action)
        for name, keys in overrides.items():
            action = Action.named(name)
            for key in keys:
                combination = read_key(key)
                if combination is None:
                    log.warning("content.yaml keys.%s: cannot read key %r; ignored", action, key)
                    continue
                self._bind(combination, key, action)

    def _bind(self, combination: QKeyCombination, name: str, action: Action) -> None:
        key_id = _key_id(combination.key(), combination.keyboardModifiers())
        if self._actions.get(key_id, action) != action:
            log.info("key %s now does %r instead of %r", name, action, self._actions[key_id])
        self._actions[key_id] = action
        self._names[key_id] = name

    def action_for(self, event: QKeyEvent) -> Action | None:
        """The action bound to ``event``'s key and modifiers (keypad ignored), or None.

        A character typed with Shift also matches its binding without Shift, so ``?``
        works on keyboards where it needs Shift.
        """
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        action = self._actions.get(_key_id(key, modifiers))
        shift = Qt.KeyboardModifier.ShiftModifier
        if action is None and modifiers & shift and key.value < 0x01000000:  # a character
            action = self._actions.get(_key_id(key, modifiers & ~shift))
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


def _key_id(key: Qt.Key, modifiers: Qt.KeyboardModifier) -> tuple[int, int]:
    return key.value, modifiers.value
