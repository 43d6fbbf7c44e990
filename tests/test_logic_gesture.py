"""The staff gesture's counting (kiosk.logic.gesture), on a fake clock: N taps within the
window, its edge, a miss, the corner's edge."""

from __future__ import annotations

from kiosk.logic.gesture import TapCounter, in_corner
from tests.support.clock import FakeMsClock


def _taps(counter: TapCounter, clock: FakeMsClock, gaps: list[int]) -> list[bool]:
    done = []
    for gap in gaps:
        clock.now += gap
        done.append(counter.tap())
    return done


def test_the_fifth_tap_completes_the_gesture() -> None:
    clock = FakeMsClock()
    counter = TapCounter(5, 4_000, clock)
    assert _taps(counter, clock, [0, 100, 100, 100]) == [False] * 4
    assert counter.count == 4
    assert counter.tap()
    assert counter.count == 0  # and the count starts again
    assert _taps(counter, clock, [10] * 5) == [False] * 4 + [True]


def test_taps_older_than_the_window_do_not_count() -> None:
    clock = FakeMsClock()
    counter = TapCounter(5, 4_000, clock)
    # The first tap is exactly 4 s old at the fifth: out of the window.
    assert _taps(counter, clock, [0, 1_000, 1_000, 1_000, 1_000]) == [False] * 5
    assert counter.count == 4
    assert counter.tap()  # four within 4 s plus this one


def test_a_tap_just_inside_the_window_counts() -> None:
    clock = FakeMsClock()
    counter = TapCounter(5, 4_000, clock)
    assert _taps(counter, clock, [0, 1_000, 1_000, 1_000, 999]) == [False] * 4 + [True]


def test_same_instant_taps_count() -> None:
    clock = FakeMsClock()
    counter = TapCounter(3, 4_000, clock)
    assert _taps(counter, clock, [0, 0, 0]) == [False, False, True]


def test_a_miss_starts_the_count_again() -> None:
    clock = FakeMsClock()
    counter = TapCounter(5, 4_000, clock)
    _taps(counter, clock, [0, 10, 10, 10])
    counter.miss()
    assert counter.count == 0
    assert _taps(counter, clock, [10] * 4) == [False] * 4
    assert counter.tap()


def test_one_tap_gestures_and_the_settings_kept() -> None:
    counter = TapCounter(1, 500, FakeMsClock())
    assert (counter.taps, counter.window_ms) == (1, 500)
    assert counter.tap()
    assert counter.tap()


def test_the_corner_includes_its_edge() -> None:
    assert in_corner(0, 0, 140)
    assert in_corner(140, 140, 140)
    assert not in_corner(141, 0, 140)
    assert not in_corner(0, 141, 140)
    assert not in_corner(141, 141, 140)
    assert in_corner(140, 0, 140)
    assert in_corner(0, 140, 140)
