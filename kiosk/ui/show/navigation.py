"""Where we are in the deck, and how a swipe is recognised."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from kiosk.content.actions import Action


class Navigator(QObject):
    """The current slide index of a deck of ``count`` slides; does not wrap around."""

    changed = Signal(int, int)
    """(previous index, new index)."""

    def __init__(self, count: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = count
        self._index = 0

    @property
    def index(self) -> int:
        return self._index

    def reset(self, count: int) -> None:
        """Start over with a deck of ``count`` slides at the first one (no signal)."""
        self._count = count
        self._index = 0

    @property
    def count(self) -> int:
        return self._count

    def go(self, index: int) -> bool:
        """Show slide ``index`` (clamped to the deck); True if the slide changed."""
        index = max(0, min(self._count - 1, index))
        if index == self._index:
            return False
        previous, self._index = self._index, index
        self.changed.emit(previous, index)
        return True

    def next(self) -> bool:
        return self.go(self._index + 1)

    def previous(self) -> bool:
        return self.go(self._index - 1)

    def first(self) -> bool:
        return self.go(0)

    def last(self) -> bool:
        return self.go(self._count - 1)


@dataclass
class SwipeTracker:
    """Turns a press and a release into :attr:`Action.NEXT`, :attr:`Action.PREVIOUS` or nothing.

    A swipe is a mostly horizontal move of at least ``min_fraction`` of the width or
    ``min_pixels``, whichever is smaller, finished within ``max_milliseconds``.
    """

    min_fraction: float = 0.08
    min_pixels: float = 120.0
    max_milliseconds: int = 1000
    _start: tuple[float, float, int] | None = None

    def press(self, x: float, y: float, timestamp: int) -> None:
        """A finger or button went down at (x, y) pixels, ``timestamp`` in milliseconds."""
        self._start = (x, y, timestamp)

    def cancel(self) -> None:
        self._start = None

    def release(
        self, x: float, y: float, timestamp: int, width: float, right_to_left: bool = False
    ) -> Action | None:
        """The action for a release at (x, y) in a view ``width`` pixels wide."""
        if self._start is None:
            return None
        start_x, start_y, start_time = self._start
        self._start = None
        dx, dy = x - start_x, y - start_y
        if timestamp - start_time > self.max_milliseconds:
            return None
        if abs(dx) < min(self.min_pixels, self.min_fraction * width) or abs(dx) < 1.5 * abs(dy):
            return None
        forward = dx < 0  # finger moves left: the next slide comes in from the right
        if right_to_left:
            forward = not forward
        return Action.NEXT if forward else Action.PREVIOUS
