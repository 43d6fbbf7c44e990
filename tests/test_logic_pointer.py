"""The pointer's mapping from the console's letterboxed "Now" picture to the audience slide,
and the zoom's region (kiosk.logic.pointer)."""

from __future__ import annotations

import pytest

from kiosk.logic.pointer import ZOOM, drag_centre, picture_fraction, to_window, zoom_region


def test_a_point_of_the_letterboxed_picture_is_a_fraction_of_the_slide() -> None:
    picture = (100.0, 0.0, 800.0, 450.0)  # a 16:9 picture centred in a 1000-wide pane
    assert picture_fraction(100, 0, picture) == (0.0, 0.0)
    assert picture_fraction(900, 450, picture) == (1.0, 1.0)
    assert picture_fraction(500, 225, picture) == (0.5, 0.5)
    assert picture_fraction(300, 90, (100.0, 10.0, 800.0, 400.0)) == (0.25, 0.2)
    for outside in ((99, 10), (901, 10), (500, 451), (500, -1)):
        assert picture_fraction(*outside, picture) is None
    assert picture_fraction(5, 5, (0.0, 0.0, 0.0, 10.0)) is None
    assert picture_fraction(5, 5, (0.0, 0.0, 10.0, 0.0)) is None
    assert picture_fraction(0.5, 0.25, (0.0, 0.0, 1.0, 1.0)) == (0.5, 0.25)  # a tiny picture


def test_to_window_scales_to_any_screen() -> None:
    assert to_window((0.25, 0.5), 1920, 1080) == (480, 540)
    assert to_window((1.0, 0.1), 1024, 768) == pytest.approx((1024, 76.8))


@pytest.mark.parametrize(
    ("centre", "region"),
    [
        ((0.5, 0.5), (0.25, 0.25, 0.5, 0.5)),
        ((0.1, 0.9), (0.0, 0.5, 0.5, 0.5)),
        ((0.9, 0.1), (0.5, 0.0, 0.5, 0.5)),
        ((0.3, 0.7), (0.05, 0.45, 0.5, 0.5)),
    ],
)
def test_zoom_region_stays_on_the_slide(
    centre: tuple[float, float], region: tuple[float, float, float, float]
) -> None:
    assert zoom_region(centre) == pytest.approx(region)


def test_zoom_is_two_times_and_a_drag_zooms_into_its_middle() -> None:
    assert ZOOM == 2.0
    assert zoom_region((0.5, 0.5), 4) == pytest.approx((0.375, 0.375, 0.25, 0.25))
    assert drag_centre((0.2, 0.4), (0.6, 0.8)) == pytest.approx((0.4, 0.6))
