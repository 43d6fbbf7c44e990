"""A held key's repeats, told from new presses (kiosk/logic/keyrepeat.py)."""

from __future__ import annotations

from kiosk.logic.keyrepeat import REPEAT_GAP_MS, RepeatFilter

NEXT = (0x01000017, 117)  # Qt.Key_PageDown, its X keycode
OTHER = (0x01000016, 112)


def test_a_first_press_is_no_repeat() -> None:
    assert not RepeatFilter().is_repeat(NEXT, 1000, flagged=False)


def test_the_platforms_flag_is_believed() -> None:
    assert RepeatFilter().is_repeat(NEXT, 1000, flagged=True)


def test_a_press_at_its_release_time_is_a_repeat() -> None:
    repeats = RepeatFilter()
    repeats.released(NEXT, 5000)
    assert repeats.is_repeat(NEXT, 5000, flagged=False)


def test_only_a_press_stamped_with_the_release_time_repeats() -> None:
    assert REPEAT_GAP_MS == 0
    repeats = RepeatFilter()
    repeats.released(NEXT, 5000)
    assert repeats.is_repeat(NEXT, 5000, flagged=False)
    repeats.released(NEXT, 6000)
    assert not repeats.is_repeat(NEXT, 6001, flagged=False), "a program typing: a new press"


def test_a_press_before_the_release_is_no_repeat() -> None:
    repeats = RepeatFilter()
    repeats.released(NEXT, 5000)
    assert not repeats.is_repeat(NEXT, 4999, flagged=False)


def test_another_key_is_no_repeat() -> None:
    repeats = RepeatFilter()
    repeats.released(OTHER, 5000)
    assert not repeats.is_repeat(NEXT, 5000, flagged=False)
    assert not repeats.is_repeat((NEXT[0], 999), 5000, flagged=False), "same key, other place"


def test_a_release_counts_once() -> None:
    repeats = RepeatFilter()
    repeats.released(NEXT, 5000)
    assert repeats.is_repeat(NEXT, 5000, flagged=True)
    assert not repeats.is_repeat(NEXT, 5001, flagged=False), "used up by the press after it"


def test_untimed_events_are_judged_by_the_flag_alone() -> None:
    repeats = RepeatFilter()
    repeats.released(NEXT, 0)
    assert not repeats.is_repeat(NEXT, 0, flagged=False), "a program's key click, twice"
    repeats.released(NEXT, 5000)
    assert not repeats.is_repeat(NEXT, 0, flagged=False)
    repeats.released(NEXT, 0)
    assert not repeats.is_repeat(NEXT, 10, flagged=False)


def test_the_first_timed_moment_counts() -> None:
    repeats = RepeatFilter()
    repeats.released(NEXT, 1)
    assert repeats.is_repeat(NEXT, 1, flagged=False)
    repeats.released(NEXT, 1)
    assert not repeats.is_repeat(NEXT, 2, flagged=False)
