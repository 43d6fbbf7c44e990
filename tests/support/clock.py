"""A clock for code that takes one (``clock=``): seconds that pass only when a test says so."""

from __future__ import annotations


class FakeClock:
    """A monotonic clock the test moves by hand (``clock.now += 5``), in seconds."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeMsClock:
    """A monotonic clock in whole milliseconds (``clock.now += 250``), for the Qt-free
    logic that runs on Qt's millisecond timers."""

    def __init__(self, now: int = 5_000) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now
