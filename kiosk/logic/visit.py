"""The kiosk's visit state machine, without Qt.

States: ``attract`` (slides cycle by themselves) -> input starts a ``visit`` -> after the
idle timeout the ``countdown`` ("Still there?") runs -> input returns to the visit, the
countdown running out goes back to ``attract``. ``staff`` covers the PIN pad and the staff
panel. :func:`step` says, for the current state and an :class:`Event`, the next state and
what the controller (``kiosk.ui.kiosk.controller``) must do. Times are in milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class KioskState(StrEnum):
    """Where the kiosk is in its cycle (see the module docstring)."""

    ATTRACT = "attract"
    VISIT = "visit"
    COUNTDOWN = "countdown"
    STAFF = "staff"


ATTRACT, VISIT, COUNTDOWN, STAFF = KioskState


class Event(StrEnum):
    """What happened."""

    TOUCH = "touch"
    """A press, touch, wheel or pen (not the staff gesture)."""
    KEY = "key"
    """A key press, including one the kiosk blocks: someone is there all the same."""
    IDLE = "idle"
    """The idle timeout passed without input."""
    TIME_UP = "time up"
    """The countdown ran out."""
    STAFF = "staff"
    """The staff gesture is complete."""
    STAFF_DONE = "staff done"
    """Staff cancelled the PIN pad or closed the staff panel."""


class Do(StrEnum):
    """What the controller does for a :class:`Step`."""

    NOTHING = "nothing"
    START_VISIT = "start visit"
    """Stop the loop, show the opening slide, start the idle timer."""
    WATCH_VIDEO = "watch video"
    """A touch on the loop's playing video: play it from its start with sound."""
    KEEP_VISIT = "keep visit"
    """Stop the countdown and carry on where the visitor was."""
    RESTART_IDLE = "restart idle"
    """The idle timeout starts again (input, or a playing video)."""
    START_COUNTDOWN = "start countdown"
    OPEN_STAFF = "open staff"
    RESET = "reset"
    """Forget the visitor and go back to the attract loop."""


@dataclass(frozen=True)
class Step:
    """The next state and what to do to get there."""

    state: KioskState
    do: Do

    @property
    def consumed(self) -> bool:
        """Whether the input that caused it stops here: a waking or keeping touch must not
        also press what it landed on; during a visit input goes on to the show."""
        return self.do is not Do.RESTART_IDLE


def step(state: KioskState, event: Event, *, video_playing: bool = False) -> Step:
    """The :class:`Step` for ``event`` in ``state``; ``video_playing``: a video plays on the
    current slide (the loop's muted one in ``attract``, the visitor's otherwise)."""
    if event is Event.STAFF:
        return Step(STAFF, Do.OPEN_STAFF)
    if event is Event.STAFF_DONE:
        return Step(ATTRACT, Do.RESET)
    if event is Event.TIME_UP:
        return Step(ATTRACT, Do.RESET) if state is COUNTDOWN else Step(state, Do.NOTHING)
    if event is Event.IDLE:
        if state not in (VISIT, STAFF):
            return Step(state, Do.NOTHING)
        if video_playing:
            return Step(state, Do.RESTART_IDLE)  # watching counts as activity
        return Step(COUNTDOWN, Do.START_COUNTDOWN)
    # Input (a touch or a key).
    if state is ATTRACT:
        watch = event is Event.TOUCH and video_playing
        return Step(VISIT, Do.WATCH_VIDEO if watch else Do.START_VISIT)
    if state is COUNTDOWN:
        return Step(VISIT, Do.KEEP_VISIT)
    return Step(state, Do.RESTART_IDLE)


def blocks_key(
    state: KioskState, *, escape: bool, staff_panel_open: bool, visitor_key: bool
) -> bool:
    """Whether the kiosk swallows a key press.

    ``escape``: a key that would leave, close or shrink the app (always blocked);
    ``staff_panel_open``: the staff panel (not the PIN pad) is up; ``visitor_key``: the
    key maps to an action visitors may use (plain navigation).
    """
    if escape:
        return True
    if state is STAFF and not staff_panel_open:
        return True  # the PIN pad is touch only: no key may reach the show behind it
    if state in (ATTRACT, COUNTDOWN, STAFF):
        return False  # waking, keeping the visit, or staff typing: handled by step()
    return not visitor_key


class Countdown:
    """The "Still there?" countdown: ``length_ms`` on ``clock`` (monotonic milliseconds)."""

    def __init__(self, length_ms: int, clock: Callable[[], int]) -> None:
        self.length_ms = length_ms
        self._clock = clock
        self._started = clock()

    @property
    def tick_ms(self) -> int:
        """How often to update the seconds shown: every second, or a tenth of a shorter
        countdown (tests run it in milliseconds), at least every millisecond."""
        return min(1000, max(1, self.length_ms // 10))

    def left_ms(self) -> int:
        """Milliseconds left, never below 0."""
        return max(0, self.length_ms - (self._clock() - self._started))

    def over(self) -> bool:
        return self.left_ms() <= 0

    def seconds_shown(self) -> int:
        """Whole seconds to show, rounded up: "1" until the very end."""
        return math.ceil(self.left_ms() / 1000)


AFTER_FAILED_VIDEO_MS = 2000
"""The attract loop's pause on a video that cannot play before moving on."""


def after_video_ms(ended: bool) -> int:
    """Delay before the attract loop moves on from its video: at once when it ended,
    ``AFTER_FAILED_VIDEO_MS`` when it failed."""
    return 0 if ended else AFTER_FAILED_VIDEO_MS


def skips_slide(is_video: bool, attract_video: str) -> bool:
    """Whether the attract loop leaves a slide out (``attract_video: skip`` on its video)."""
    return is_video and attract_video == "skip"


def next_attract_index(index: int, count: int, skipped: Callable[[int], bool]) -> int:
    """The slide after ``index`` (of ``count``, round to the first) that is not
    ``skipped``; ``index`` itself when every other slide is."""
    following = (index + 1) % count
    for _ in range(count):
        if not skipped(following):
            break
        following = (following + 1) % count
    return following
