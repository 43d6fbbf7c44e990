"""The talk's length and pace (kiosk.logic.pace): time left, its colours at their
thresholds, overtime, the plan from the slides' durations, ahead / on time / behind."""

from __future__ import annotations

import pytest

from kiosk.logic.pace import (
    AMBER_MS,
    PACE_MARGIN_MS,
    RED_MS,
    TimeLeft,
    clock_text,
    pace_ms,
    pace_words,
    plan_starts,
    remaining_ms,
    remaining_text,
    time_left,
)
from kiosk.logic.talk_timer import Stopwatch
from tests.support.clock import FakeMsClock


def test_thresholds_are_five_and_two_minutes() -> None:
    assert (AMBER_MS, RED_MS, PACE_MARGIN_MS) == (300_000, 120_000, 30_000)


@pytest.mark.parametrize(
    ("remaining", "state"),
    [
        (20 * 60_000, TimeLeft.PLENTY),
        (AMBER_MS + 1, TimeLeft.PLENTY),
        (AMBER_MS, TimeLeft.AMBER),
        (RED_MS + 1, TimeLeft.AMBER),
        (RED_MS, TimeLeft.RED),
        (1, TimeLeft.RED),
        (0, TimeLeft.RED),
        (-1, TimeLeft.OVER),
        (-90_000, TimeLeft.OVER),
    ],
)
def test_time_left_colours(remaining: int, state: TimeLeft) -> None:
    assert time_left(remaining) is state


def test_remaining_on_a_stopwatch_crosses_the_thresholds() -> None:
    clock = FakeMsClock()
    watch = Stopwatch(clock)
    watch.start()
    talk = 10 * 60_000
    seen = []
    for _minute in range(12):
        seen.append(time_left(remaining_ms(talk, watch.elapsed_ms())).value)
        clock.now += 60_000
    assert seen == ["plenty"] * 5 + ["amber"] * 3 + ["red"] * 3 + ["over"]
    assert remaining_ms(talk, 4_000) == talk - 4_000


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (0, "0:00"),
        (1, "0:01"),
        (999, "0:01"),
        (1000, "0:01"),
        (1001, "0:02"),
        (59_000, "0:59"),
        (60_000, "1:00"),
        (754_000, "12:34"),
        (3_600_000, "1:00:00"),
        (3_661_000, "1:01:01"),
    ],
)
def test_clock_text(ms: int, text: str) -> None:
    assert clock_text(ms) == text


@pytest.mark.parametrize(
    ("remaining", "text"),
    [
        (300_000, "5:00"),
        (500, "0:01"),
        (0, "0:00"),
        (-1, "+0:00"),
        (-999, "+0:00"),
        (-1000, "+0:01"),
        (-83_000, "+1:23"),
        (-83_999, "+1:23"),
    ],
)
def test_remaining_text_counts_overtime_up(remaining: int, text: str) -> None:
    assert remaining_text(remaining) == text


def test_plan_shares_the_talk_by_duration() -> None:
    assert plan_starts([10, 20, 30], 60_000, 12) == [0, 10_000, 30_000, 60_000]
    # A slide without a duration weighs the default.
    assert plan_starts([None, 10.0, None], 90_000, 10) == [0, 30_000, 60_000, 90_000]
    assert plan_starts([1, 2], 1000, 0) == [0, 333, 1000]
    assert plan_starts([], 1000, 12) == [0]
    assert plan_starts([0, 0], 1000, 12) == [0, 1000, 1000]
    assert plan_starts([None], 1000, 0) == [0, 1000]
    assert plan_starts([0.25, 0.75], 1000, 12) == [0, 250, 1000]  # weights under 1 second


def test_pace_ahead_on_time_behind() -> None:
    starts = [0, 60_000, 180_000, 300_000]
    assert pace_ms(starts, 1, 40_000) == 20_000  # on slide 2 twenty seconds early
    assert pace_ms(starts, 1, 60_000) == 0
    assert pace_ms(starts, 1, 120_000) == 0
    assert pace_ms(starts, 1, 180_000) == 0
    assert pace_ms(starts, 1, 200_000) == -20_000  # should have left it 20 s ago
    assert pace_ms(starts, 0, 0) == 0
    assert pace_ms(starts, 2, 0) == 180_000


@pytest.mark.parametrize(
    ("pace", "words"),
    [
        (80_000, ("pace_ahead", "1:20")),
        (PACE_MARGIN_MS, ("pace_ahead", "0:30")),
        (PACE_MARGIN_MS - 1, ("pace_on_time", "")),
        (0, ("pace_on_time", "")),
        (1 - PACE_MARGIN_MS, ("pace_on_time", "")),
        (-PACE_MARGIN_MS, ("pace_behind", "0:30")),
        (-45_000, ("pace_behind", "0:45")),
    ],
)
def test_pace_words(pace: int, words: tuple[str, str]) -> None:
    assert pace_words(pace) == words
