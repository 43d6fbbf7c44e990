"""The kiosk's staff gesture, without Qt: ``taps`` taps in the top-left corner within a
time window (milliseconds)."""

from __future__ import annotations

from collections.abc import Callable


def in_corner(x: float, y: float, corner: float) -> bool:
    """Whether a tap at (``x``, ``y``) (pixels from the window's top left) lies in the
    ``corner`` pixels square, its edge included."""
    return x <= corner and y <= corner


class TapCounter:
    """Counts corner taps: ``taps`` of them within ``window_ms`` complete the gesture.

    ``clock`` returns monotonic milliseconds. A tap elsewhere (:meth:`miss`) starts the
    count again. Qt reports every second fast tap as a double-click: the caller counts it
    as a tap.
    """

    def __init__(self, taps: int, window_ms: int, clock: Callable[[], int]) -> None:
        self.taps, self.window_ms = taps, window_ms
        self._clock = clock
        self._times: list[int] = []

    @property
    def count(self) -> int:
        """Taps counted so far (some may have aged out by the next tap)."""
        return len(self._times)

    def tap(self) -> bool:
        """A tap in the corner; True when it completes the gesture (the count then
        starts again)."""
        now = self._clock()
        self._times = [t for t in self._times if now - t < self.window_ms]
        self._times.append(now)
        if len(self._times) < self.taps:
            return False
        self._times.clear()
        return True

    def miss(self) -> None:
        """A tap outside the corner: the gesture starts again."""
        self._times.clear()
