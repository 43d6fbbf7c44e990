"""Which screen is whose (kiosk.logic.screens), with plain strings for screens."""

from __future__ import annotations

import pytest

from kiosk.logic.screens import following_index, has_screen, plan_screens

LAPTOP, PROJECTOR, THIRD = "laptop", "projector", "third"


def test_one_screen_has_no_console_screen() -> None:
    assert plan_screens([LAPTOP], LAPTOP) == (LAPTOP, None)
    assert plan_screens([LAPTOP], LAPTOP, swapped=True) == (LAPTOP, None)
    assert plan_screens([LAPTOP], LAPTOP, screen_index=0) == (LAPTOP, None)


def test_no_screens_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"^no screens$"):
        plan_screens([], LAPTOP)


def test_the_audience_gets_the_screen_that_is_not_primary() -> None:
    assert plan_screens([LAPTOP, PROJECTOR], LAPTOP) == (PROJECTOR, LAPTOP)
    assert plan_screens([PROJECTOR, LAPTOP], LAPTOP) == (PROJECTOR, LAPTOP)
    assert plan_screens([LAPTOP, PROJECTOR, THIRD], LAPTOP) == (PROJECTOR, LAPTOP)


def test_swapped() -> None:
    assert plan_screens([LAPTOP, PROJECTOR], LAPTOP, swapped=True) == (LAPTOP, PROJECTOR)


def test_a_chosen_screen() -> None:
    assert plan_screens([LAPTOP, PROJECTOR], LAPTOP, screen_index=0) == (LAPTOP, PROJECTOR)
    assert plan_screens([LAPTOP, PROJECTOR], LAPTOP, screen_index=1) == (PROJECTOR, LAPTOP)
    assert plan_screens([LAPTOP, PROJECTOR, THIRD], LAPTOP, 2) == (THIRD, LAPTOP)
    assert plan_screens([LAPTOP, PROJECTOR, THIRD], THIRD, 2) == (THIRD, LAPTOP)
    assert plan_screens([LAPTOP, PROJECTOR, THIRD], THIRD, 2, swapped=True) == (LAPTOP, THIRD)
    # The console keeps the primary screen, wherever it is in the list.
    assert plan_screens([LAPTOP, PROJECTOR, THIRD], THIRD, 0) == (LAPTOP, THIRD)
    assert plan_screens([LAPTOP, PROJECTOR, THIRD], THIRD) == (LAPTOP, THIRD)


@pytest.mark.parametrize("index", [2, 5, -1])
def test_a_screen_that_is_not_there_gets_the_usual_choice(index: int) -> None:
    assert plan_screens([LAPTOP, PROJECTOR], LAPTOP, screen_index=index) == (PROJECTOR, LAPTOP)


def test_a_primary_screen_that_is_gone() -> None:
    # The primary screen is not among those listed (a moment during a hot-plug).
    assert plan_screens([LAPTOP, PROJECTOR], "gone") == (LAPTOP, PROJECTOR)
    assert plan_screens([LAPTOP, PROJECTOR], "gone", screen_index=1) == (PROJECTOR, LAPTOP)


def test_screens_are_compared_by_identity() -> None:
    one, other = ["screen"], ["screen"]  # equal, not the same
    assert plan_screens([one, other], one) == (other, one)
    assert plan_screens([one, other], other) == (one, other)


def test_has_screen() -> None:
    assert not has_screen(None, 3)
    assert has_screen(0, 3)
    assert has_screen(2, 3)
    assert not has_screen(3, 3)
    assert not has_screen(-1, 3)
    assert not has_screen(0, 0)


def test_following_index() -> None:
    assert following_index(0, 1) is None
    assert following_index(None, 0) is None
    assert following_index(0, 2) == 1
    assert following_index(1, 2) == 0
    assert following_index(1, 3) == 2
    assert following_index(None, 3) == 0
