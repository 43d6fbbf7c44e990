"""The presenter's talk length and pace, without Qt: time remaining, its colour, and whether
the speaker is ahead of the slides' plan or behind it.

The talk's length comes from content.yaml's ``presenter: talk_minutes:`` or ``--talk``.
Remaining time turns amber at :data:`AMBER_MS` and red at :data:`RED_MS`; past the end it
counts the overtime up ("+1:23"). The plan shares the talk's length between the slides in
proportion to their ``duration`` (a slide without one weighs the kiosk's ``slide_duration``),
so the durations need only be right relative to each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

AMBER_MS = 5 * 60_000
"""Remaining time at or below this shows amber."""
RED_MS = 2 * 60_000
"""Remaining time at or below this (and overtime) shows red."""


class TimeLeft(StrEnum):
    """The colour state of the time remaining."""

    PLENTY = "plenty"
    AMBER = "amber"
    RED = "red"
    OVER = "over"


def remaining_ms(talk_ms: int, elapsed_ms: int) -> int:
    """Time left of a ``talk_ms`` talk after ``elapsed_ms``; negative is overtime."""
    return talk_ms - elapsed_ms


def time_left(remaining: int) -> TimeLeft:
    """The colour state of ``remaining`` milliseconds (see :data:`AMBER_MS`, :data:`RED_MS`)."""
    if remaining < 0:
        return TimeLeft.OVER
    if remaining <= RED_MS:
        return TimeLeft.RED
    if remaining <= AMBER_MS:
        return TimeLeft.AMBER
    return TimeLeft.PLENTY


def clock_text(ms: int) -> str:
    """``ms`` as m:ss (h:mm:ss from an hour), whole seconds counted down for time left."""
    seconds = -(-ms // 1000)  # round up: 0:01 until the last millisecond has gone
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def remaining_text(remaining: int) -> str:
    """Time left as "12:34", overtime as "+1:23" (whole seconds past the end)."""
    if remaining < 0:
        return "+" + clock_text(-remaining - 999)  # +0:01 a second after the end
    return clock_text(remaining)


def plan_starts(
    durations: Sequence[float | None], talk_ms: int, default_seconds: float
) -> list[int]:
    """When each slide should begin, in ms from the talk's start, with one more entry for the
    end: ``talk_ms`` shared in proportion to ``durations`` (None weighs ``default_seconds``)."""
    weights = [default_seconds if d is None else d for d in durations]
    total = sum(weights)
    starts = [0]
    so_far = 0.0
    for weight in weights:
        so_far += weight
        starts.append(round(talk_ms * so_far / total) if total > 0 else talk_ms)
    return starts


def pace_ms(starts: Sequence[int], index: int, elapsed_ms: int) -> int:
    """How far ahead (positive) or behind (negative) of the plan the talk is on slide ``index``
    at ``elapsed_ms``: 0 while the slide's planned time lasts (on time)."""
    begin, end = starts[index], starts[index + 1]
    if elapsed_ms < begin:
        return begin - elapsed_ms
    if elapsed_ms > end:
        return end - elapsed_ms
    return 0


PACE_MARGIN_MS = 30_000
"""Ahead or behind by less than this counts as on time."""


def pace_words(pace: int) -> tuple[str, str]:
    """The pace hint's label name and its amount ("ahead", "1:20"): on time within
    :data:`PACE_MARGIN_MS` either way."""
    if pace >= PACE_MARGIN_MS:
        return "pace_ahead", clock_text(pace)
    if pace <= -PACE_MARGIN_MS:
        return "pace_behind", clock_text(-pace)
    return "pace_on_time", ""
