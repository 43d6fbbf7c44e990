"""The kiosk's visit state machine (kiosk.logic.visit), without Qt: every transition, the
blocked keys, the countdown's edges and the attract loop's order."""

from __future__ import annotations

import pytest

from kiosk.logic.visit import (
    AFTER_FAILED_VIDEO_MS,
    ATTRACT,
    COUNTDOWN,
    STAFF,
    VISIT,
    Countdown,
    Do,
    Event,
    KioskState,
    Step,
    after_video_ms,
    blocks_key,
    next_attract_index,
    skips_slide,
    step,
)
from tests.support.clock import FakeMsClock

INPUT = (Event.TOUCH, Event.KEY)


def test_the_states_and_their_names() -> None:
    assert [str(state) for state in KioskState] == ["attract", "visit", "countdown", "staff"]
    assert tuple(KioskState) == (ATTRACT, VISIT, COUNTDOWN, STAFF)


@pytest.mark.parametrize("event", INPUT)
def test_input_on_the_attract_loop_starts_a_visit(event: Event) -> None:
    assert step(ATTRACT, event) == Step(VISIT, Do.START_VISIT)


def test_a_touch_on_the_playing_attract_video_watches_it() -> None:
    assert step(ATTRACT, Event.TOUCH, video_playing=True) == Step(VISIT, Do.WATCH_VIDEO)


def test_a_key_while_the_attract_video_plays_starts_the_visit_at_the_start() -> None:
    assert step(ATTRACT, Event.KEY, video_playing=True) == Step(VISIT, Do.START_VISIT)


@pytest.mark.parametrize("playing", [False, True])
@pytest.mark.parametrize("event", INPUT)
def test_input_during_the_countdown_keeps_the_visit(event: Event, playing: bool) -> None:
    assert step(COUNTDOWN, event, video_playing=playing) == Step(VISIT, Do.KEEP_VISIT)


@pytest.mark.parametrize("state", [VISIT, STAFF])
@pytest.mark.parametrize("event", INPUT)
def test_input_during_a_visit_or_staff_restarts_the_idle_timeout(
    state: KioskState, event: Event
) -> None:
    assert step(state, event) == Step(state, Do.RESTART_IDLE)
    assert step(state, event, video_playing=True) == Step(state, Do.RESTART_IDLE)


@pytest.mark.parametrize("state", [VISIT, STAFF])
def test_idle_starts_the_countdown(state: KioskState) -> None:
    assert step(state, Event.IDLE) == Step(COUNTDOWN, Do.START_COUNTDOWN)


@pytest.mark.parametrize("state", [VISIT, STAFF])
def test_a_playing_video_counts_as_activity(state: KioskState) -> None:
    assert step(state, Event.IDLE, video_playing=True) == Step(state, Do.RESTART_IDLE)


@pytest.mark.parametrize("state", [ATTRACT, COUNTDOWN])
@pytest.mark.parametrize("playing", [False, True])
def test_idle_outside_a_visit_does_nothing(state: KioskState, playing: bool) -> None:
    assert step(state, Event.IDLE, video_playing=playing) == Step(state, Do.NOTHING)


def test_the_countdown_running_out_resets() -> None:
    assert step(COUNTDOWN, Event.TIME_UP) == Step(ATTRACT, Do.RESET)


@pytest.mark.parametrize("state", [ATTRACT, VISIT, STAFF])
def test_time_up_outside_the_countdown_does_nothing(state: KioskState) -> None:
    assert step(state, Event.TIME_UP) == Step(state, Do.NOTHING)


@pytest.mark.parametrize("state", list(KioskState))
def test_the_staff_gesture_opens_staff_from_anywhere(state: KioskState) -> None:
    assert step(state, Event.STAFF) == Step(STAFF, Do.OPEN_STAFF)
    assert step(state, Event.STAFF, video_playing=True) == Step(STAFF, Do.OPEN_STAFF)


@pytest.mark.parametrize("state", list(KioskState))
def test_leaving_staff_goes_back_to_attract(state: KioskState) -> None:
    assert step(state, Event.STAFF_DONE) == Step(ATTRACT, Do.RESET)


@pytest.mark.parametrize("do", list(Do))
def test_only_a_restarted_idle_timeout_lets_the_input_through(do: Do) -> None:
    assert Step(VISIT, do).consumed is (do is not Do.RESTART_IDLE)


def test_a_whole_visit() -> None:
    state = ATTRACT
    trail = []
    for event in (Event.TOUCH, Event.KEY, Event.IDLE, Event.TOUCH, Event.IDLE, Event.TIME_UP):
        now = step(state, event)
        trail.append(now.do)
        state = now.state
    assert trail == [
        Do.START_VISIT,
        Do.RESTART_IDLE,
        Do.START_COUNTDOWN,
        Do.KEEP_VISIT,
        Do.START_COUNTDOWN,
        Do.RESET,
    ]
    assert state is ATTRACT


# --- blocked keys ----------------------------------------------------------------------


@pytest.mark.parametrize("state", list(KioskState))
@pytest.mark.parametrize("panel", [False, True])
@pytest.mark.parametrize("visitor", [False, True])
def test_escape_keys_are_always_blocked(state: KioskState, panel: bool, visitor: bool) -> None:
    assert blocks_key(state, escape=True, staff_panel_open=panel, visitor_key=visitor)


@pytest.mark.parametrize("visitor", [False, True])
def test_no_key_reaches_the_show_behind_the_pin_pad(visitor: bool) -> None:
    assert blocks_key(STAFF, escape=False, staff_panel_open=False, visitor_key=visitor)


@pytest.mark.parametrize("visitor", [False, True])
def test_staff_may_type_on_the_staff_panel(visitor: bool) -> None:
    assert not blocks_key(STAFF, escape=False, staff_panel_open=True, visitor_key=visitor)


@pytest.mark.parametrize("state", [ATTRACT, COUNTDOWN])
@pytest.mark.parametrize("panel", [False, True])
def test_any_key_wakes_the_loop_or_keeps_the_visit(state: KioskState, panel: bool) -> None:
    assert not blocks_key(state, escape=False, staff_panel_open=panel, visitor_key=False)
    assert not blocks_key(state, escape=False, staff_panel_open=panel, visitor_key=True)


@pytest.mark.parametrize("panel", [False, True])
def test_visitors_get_the_navigation_keys_only(panel: bool) -> None:
    assert not blocks_key(VISIT, escape=False, staff_panel_open=panel, visitor_key=True)
    assert blocks_key(VISIT, escape=False, staff_panel_open=panel, visitor_key=False)


# --- the countdown ---------------------------------------------------------------------


def test_the_countdown_shows_whole_seconds_rounded_up_to_its_end() -> None:
    clock = FakeMsClock()
    countdown = Countdown(10_000, clock)
    assert (countdown.left_ms(), countdown.seconds_shown(), countdown.over()) == (10_000, 10, False)
    clock.now += 1
    assert (countdown.left_ms(), countdown.seconds_shown()) == (9_999, 10)
    clock.now += 999
    assert (countdown.left_ms(), countdown.seconds_shown()) == (9_000, 9)
    clock.now += 7_999
    assert (countdown.left_ms(), countdown.seconds_shown()) == (1_001, 2)
    clock.now += 1_000
    assert (countdown.left_ms(), countdown.seconds_shown(), countdown.over()) == (1, 1, False)
    clock.now += 1
    assert (countdown.left_ms(), countdown.seconds_shown(), countdown.over()) == (0, 0, True)
    clock.now += 5_000
    assert (countdown.left_ms(), countdown.over()) == (0, True)  # never below 0


def test_the_countdown_counts_from_when_it_was_made() -> None:
    clock = FakeMsClock(now=123_456)
    countdown = Countdown(300, clock)
    clock.now += 299
    assert not countdown.over()
    assert countdown.length_ms == 300


@pytest.mark.parametrize(
    ("length", "tick"),
    [(10_000, 1000), (20_000, 1000), (9_990, 999), (300, 30), (10, 1), (9, 1), (1, 1), (0, 1)],
)
def test_the_countdown_ticks_every_second_or_a_tenth_of_it(length: int, tick: int) -> None:
    assert Countdown(length, FakeMsClock()).tick_ms == tick


# --- the attract loop ------------------------------------------------------------------


def test_after_the_video_the_loop_moves_on_at_once_or_after_a_failure_pause() -> None:
    assert after_video_ms(ended=True) == 0
    assert after_video_ms(ended=False) == AFTER_FAILED_VIDEO_MS == 2000


def test_only_a_video_slide_is_skipped_and_only_when_asked() -> None:
    assert skips_slide(True, "skip")
    assert not skips_slide(True, "muted")
    assert not skips_slide(False, "skip")
    assert not skips_slide(False, "muted")


def test_the_loop_goes_round_skipping_what_it_skips() -> None:
    never = frozenset[int]()
    assert [next_attract_index(i, 4, never.__contains__) for i in range(4)] == [1, 2, 3, 0]
    video = {2}.__contains__
    assert [next_attract_index(i, 4, video) for i in range(4)] == [1, 3, 3, 0]
    assert next_attract_index(3, 4, {0, 1}.__contains__) == 2
    assert next_attract_index(0, 1, never.__contains__) == 0


def test_with_every_other_slide_skipped_the_loop_stays() -> None:
    assert next_attract_index(1, 3, {0, 2}.__contains__) == 1
    assert next_attract_index(0, 3, {0, 1, 2}.__contains__) == 1  # all skipped: gives up
