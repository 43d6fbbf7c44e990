"""The kiosk's timings: content.yaml's ``kiosk:`` seconds, the command line's overrides,
and the milliseconds the controller's timers run on."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.content import KioskSettings

EXPORT_MINUTES = 15.0
"""How often a kiosk with an outbox exports its usage database (and at quit)."""
MAX_OPTION_SECONDS = 3600.0
"""The most ``--idle-timeout`` and ``--countdown`` take (an hour; content.yaml caps lower)."""


@dataclass(frozen=True)
class KioskTimings:
    """Kiosk timings in milliseconds."""

    idle_timeout: int = 90_000
    countdown: int = 20_000
    slide_duration: int = 12_000
    cursor_hide: int = 3_000
    staff_taps: int = 5
    staff_tap_window: int = 4_000
    use_slide_durations: bool = True
    """False: every slide gets ``slide_duration``, ignoring content durations (tests)."""

    @classmethod
    def from_settings(cls, settings: KioskSettings) -> KioskTimings:
        """The timings of content.yaml's ``kiosk:`` section (seconds there, ms here)."""
        return cls(
            idle_timeout=round(settings.idle_timeout * 1000),
            countdown=round(settings.countdown * 1000),
            slide_duration=round(settings.slide_duration * 1000),
        )

    def slide_ms(self, slide_duration: float | None) -> int:
        """How long the attract loop shows a slide whose own ``duration`` (seconds, or
        None) is given: that duration, else ``slide_duration``."""
        if slide_duration and self.use_slide_durations:
            return round(slide_duration * 1000)
        return self.slide_duration


def parse_seconds(text: str) -> float:
    """A command-line number of seconds, more than 0 and at most ``MAX_OPTION_SECONDS``.

    Raises ValueError with the words to show (not a number, or out of range; NaN and
    infinity are out of range).
    """
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"expected a number of seconds, not {text!r}") from None
    if not 0 < value <= MAX_OPTION_SECONDS:
        raise ValueError(f"must be more than 0 and at most {MAX_OPTION_SECONDS:g} seconds")
    return value


def with_overrides(
    base: KioskSettings,
    *,
    idle_timeout: float | None = None,
    countdown: float | None = None,
    attract_video: str | None = None,
) -> KioskSettings:
    """``base`` (content.yaml) with the command line's values (seconds) where given;
    ``attract_video`` other than ``muted`` or ``skip`` keeps the content's choice."""
    return replace(
        base,
        idle_timeout=idle_timeout or base.idle_timeout,
        countdown=countdown or base.countdown,
        attract_video="skip"
        if attract_video == "skip"
        else ("muted" if attract_video == "muted" else base.attract_video),
    )
