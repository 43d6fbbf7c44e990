"""The kiosk's timings (kiosk.logic.timings): content.yaml's seconds, the command line's
overrides and their range, the milliseconds the timers use."""

from __future__ import annotations

import math

import pytest

from kiosk.content import KioskSettings
from kiosk.logic.timings import MAX_OPTION_SECONDS, KioskTimings, parse_seconds, with_overrides


def test_the_defaults() -> None:
    timings = KioskTimings()
    assert (timings.idle_timeout, timings.countdown, timings.slide_duration) == (
        90_000,
        20_000,
        12_000,
    )
    assert (timings.cursor_hide, timings.staff_taps, timings.staff_tap_window) == (3_000, 5, 4_000)
    assert timings.use_slide_durations is True
    assert KioskTimings.from_settings(KioskSettings()) == timings


def test_seconds_become_rounded_milliseconds() -> None:
    settings = KioskSettings(idle_timeout=20.0004, countdown=0.5006, slide_duration=1.5)
    timings = KioskTimings.from_settings(settings)
    assert (timings.idle_timeout, timings.countdown, timings.slide_duration) == (20_000, 501, 1500)
    assert timings.cursor_hide == 3_000  # not a content setting


def test_a_slide_shows_for_its_own_duration_or_the_default() -> None:
    timings = KioskTimings(slide_duration=12_000)
    assert timings.slide_ms(None) == 12_000
    assert timings.slide_ms(0) == 12_000
    assert timings.slide_ms(2.5) == 2_500
    assert timings.slide_ms(0.0015) == 2
    assert KioskTimings(slide_duration=40, use_slide_durations=False).slide_ms(2.5) == 40


@pytest.mark.parametrize(
    ("text", "value"), [("20", 20.0), ("0.5", 0.5), ("3600", 3600.0), ("1e-3", 0.001)]
)
def test_command_line_seconds(text: str, value: float) -> None:
    assert parse_seconds(text) == value


@pytest.mark.parametrize("text", ["0", "-5", "3600.001", "3601", "inf", "-inf", "nan"])
def test_command_line_seconds_out_of_range(text: str) -> None:
    with pytest.raises(ValueError, match=r"^must be more than 0 and at most 3600 seconds$"):
        parse_seconds(text)


@pytest.mark.parametrize("text", ["soon", "", "1s"])
def test_command_line_seconds_that_are_not_numbers(text: str) -> None:
    with pytest.raises(ValueError, match=r"^expected a number of seconds, not ") as error:
        parse_seconds(text)
    assert str(error.value) == f"expected a number of seconds, not {text!r}"
    assert error.value.__suppress_context__


def test_the_cap_is_an_hour() -> None:
    assert MAX_OPTION_SECONDS == 3600
    assert not math.isnan(parse_seconds(str(MAX_OPTION_SECONDS)))


def test_the_command_line_overrides_the_content() -> None:
    base = KioskSettings(idle_timeout=60, countdown=8, slide_duration=7, attract_video="skip")
    assert with_overrides(base) == base
    changed = with_overrides(base, idle_timeout=20, countdown=5, attract_video="muted")
    assert changed == KioskSettings(
        idle_timeout=20, countdown=5, slide_duration=7, attract_video="muted"
    )
    assert with_overrides(base, countdown=0.5).idle_timeout == 60
    assert with_overrides(base, idle_timeout=3600).countdown == 8


def test_attract_video_from_the_command_line() -> None:
    muted = KioskSettings()
    assert with_overrides(muted, attract_video="skip").attract_video == "skip"
    assert with_overrides(muted, attract_video="muted").attract_video == "muted"
    assert with_overrides(muted, attract_video="loud").attract_video == "muted"
    skip = KioskSettings(attract_video="skip")
    assert with_overrides(skip, attract_video="muted").attract_video == "muted"
    assert with_overrides(skip, attract_video=None).attract_video == "skip"
    assert with_overrides(skip, attract_video="loud").attract_video == "skip"
