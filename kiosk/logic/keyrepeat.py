"""Telling a held key's repeats from new presses, whatever the platform says.

While a key is held, X repeats it as release/press pairs with one timestamp. Qt's xcb
plugin flags the press as a repeat (``isAutoRepeat()``) only if the release's twin press is
already queued when it reads the release; a busy app reads sooner, and measured on Xvfb
the first several repeats of a held Page Down came unflagged, so holding Next moved seven
slides. A person cannot release a key and press it again within the same millisecond, so a
press stamped with its key's release time (:data:`REPEAT_GAP_MS` after it at most) is a
repeat too. Programs that type (Qt's tests) stamp each event a millisecond after the last,
and events without a time (0) are judged by the platform's flag alone.
"""

from __future__ import annotations

REPEAT_GAP_MS = 0
"""Longest time, in milliseconds, between a key's release and a press that repeats it: X
stamps a repeat's release and press alike."""


class RepeatFilter:
    """Remembers each key's last release (event timestamps, milliseconds)."""

    def __init__(self) -> None:
        self._released: dict[tuple[int, int], int] = {}

    def released(self, key: tuple[int, int], timestamp_ms: int) -> None:
        """``key`` (Qt key, native scan code) was released at ``timestamp_ms``."""
        self._released[key] = timestamp_ms

    def is_repeat(self, key: tuple[int, int], timestamp_ms: int, *, flagged: bool) -> bool:
        """Whether a press of ``key`` at ``timestamp_ms`` repeats a held key (``flagged``:
        the platform said so)."""
        released = self._released.pop(key, None)
        if flagged:
            return True
        if released is None or released <= 0:  # an untimed press comes before any release
            return False
        return 0 <= timestamp_ms - released <= REPEAT_GAP_MS
