"""The talk timer's logic (kiosk.logic.talk_timer) on a fake clock: start, pause, resume,
reset, when a slide change starts it, the button's word."""

from __future__ import annotations

import pytest

from kiosk.logic.talk_timer import Stopwatch, button_label, starts_on_slide_change
from tests.support.clock import FakeMsClock


def test_a_new_stopwatch_is_stopped_at_zero() -> None:
    clock = FakeMsClock()
    watch = Stopwatch(clock)
    clock.now += 5_000
    assert (watch.running, watch.elapsed_ms(), watch.ever_started) == (False, 0, False)


def test_start_pause_resume() -> None:
    clock = FakeMsClock()
    watch = Stopwatch(clock)
    assert watch.start() is True
    assert (watch.running, watch.ever_started) == (True, True)
    clock.now += 30_000
    assert watch.elapsed_ms() == 30_000
    assert watch.pause() is True
    assert watch.running is False
    clock.now += 60_000  # paused: the time stands still
    assert watch.elapsed_ms() == 30_000
    assert watch.start() is True
    clock.now += 1_500
    assert watch.elapsed_ms() == 31_500
    assert watch.pause() is True
    assert watch.elapsed_ms() == 31_500


def test_start_while_running_and_pause_while_paused_change_nothing() -> None:
    clock = FakeMsClock()
    watch = Stopwatch(clock)
    assert watch.pause() is False
    assert watch.elapsed_ms() == 0
    watch.start()
    clock.now += 1_000
    assert watch.start() is False  # does not restart the count
    clock.now += 1_000
    assert watch.elapsed_ms() == 2_000
    watch.pause()
    assert watch.pause() is False
    assert watch.elapsed_ms() == 2_000


def test_toggle() -> None:
    clock = FakeMsClock()
    watch = Stopwatch(clock)
    assert watch.toggle() is True
    assert watch.running
    clock.now += 700
    assert watch.toggle() is True
    assert not watch.running
    assert watch.elapsed_ms() == 700


def test_reset_goes_back_to_zero_stopped_but_remembers_it_ran() -> None:
    clock = FakeMsClock()
    watch = Stopwatch(clock)
    watch.start()
    clock.now += 9_000
    watch.pause()
    watch.start()
    clock.now += 1_000
    watch.reset()
    assert (watch.running, watch.elapsed_ms(), watch.ever_started) == (False, 0, True)
    clock.now += 1_000
    assert watch.elapsed_ms() == 0
    watch.start()
    clock.now += 250
    assert watch.elapsed_ms() == 250


@pytest.mark.parametrize(
    ("ever", "index", "starts"),
    [(False, 0, False), (False, 1, True), (False, 5, True), (True, 0, False), (True, 1, False)],
)
def test_only_the_first_move_on_starts_it(ever: bool, index: int, starts: bool) -> None:
    assert starts_on_slide_change(ever, index) is starts


def test_a_paused_timer_does_not_restart_on_a_slide_change() -> None:
    clock = FakeMsClock()
    watch = Stopwatch(clock)
    if starts_on_slide_change(watch.ever_started, 1):
        watch.start()
    watch.pause()
    assert not starts_on_slide_change(watch.ever_started, 2)


def test_the_button_word() -> None:
    assert button_label(False, 0) == "Start"
    assert button_label(True, 0) == "Pause"
    assert button_label(True, 5) == "Pause"
    assert button_label(False, 1) == "Resume"
