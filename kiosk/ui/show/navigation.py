"""Where we are in the deck, which keys move it, and how a swipe is recognised."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

from kiosk.content.actions import Action

log = logging.getLogger(__name__)

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


class Navigator(QObject):
    """The current slide index of a deck of ``count`` slides; does not wrap around."""

    changed = Signal(int, int)
    """(previous index, new index)."""

    def __init__(self, count: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = count
        self._index = 0

    @property
    def index(self) -> int:
        return self._index

    def reset(self, count: int) -> None:
        """Start over with a deck of ``count`` slides at the first one (no signal)."""
        self._count = count
        self._index = 0

    @property
    def count(self) -> int:
        return self._count

    def go(self, index: int) -> bool:
        """Show slide ``index`` (clamped to the deck); True if the slide changed."""
        index = max(0, min(self._count - 1, index))
        if index == self._index:
            return False
        previous, self._index = self._index, index
        self.changed.emit(previous, index)
        return True

    def next(self) -> bool:
        return self.go(self._index + 1)

    def previous(self) -> bool:
        return self.go(self._index - 1)

    def first(self) -> bool:
        return self.go(0)

    def last(self) -> bool:
        return self.go(self._count - 1)


@dataclass
class SwipeTracker:
    """Turns a press and a release into :attr:`Action.NEXT`, :attr:`Action.PREVIOUS` or nothing.

    A swipe is a mostly horizontal move of at least ``min_fraction`` of the width or
    ``min_pixels``, whichever is smaller, finished within ``max_milliseconds``.
    """

    min_fraction: float = 0.08
    min_pixels: float = 120.0
    max_milliseconds: int = 1000
    _start: tuple[float, float, int] | None = None

    def press(self, x: float, y: float, timestamp: int) -> None:
        """A finger or button went down at (x, y) pixels, ``timestamp`` in milliseconds."""
        self._start = (x, y, timestamp)

    def cancel(self) -> None:
        self._start = None

    def release(
        self, x: float, y: float, timestamp: int, width: float, right_to_left: bool = False
    ) -> Action | None:
        """The action for a release at (x, y) in a view ``width`` pixels wide."""
        if self._start is None:
            return None
        start_x, start_y, start_time = self._start
        self._start = None
        dx, dy = x - start_x, y - start_y
        if timestamp - start_time > self.max_milliseconds:
            return None
        if abs(dx) < min(self.min_pixels, self.min_fraction * width) or abs(dx) < 1.5 * abs(dy):
            return None
        forward = dx < 0  # finger moves left: the next slide comes in from the right
        if right_to_left:
            forward = not forward
        return Action.NEXT if forward else Action.PREVIOUS
