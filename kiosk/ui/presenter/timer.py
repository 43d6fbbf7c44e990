"""The talk timer: elapsed talk time that starts, pauses and resumes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, Signal


class TalkTimer(QObject):
    """Elapsed talk time: start, pause, resume; ``reset`` is for a deliberate action only.

    ``clock`` returns milliseconds from any fixed point (tests pass their own).
    """

    changed = Signal()

    def __init__(self, clock: Callable[[], int] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        if clock is None:
            elapsed = QElapsedTimer()
            elapsed.start()
            clock = elapsed.elapsed
        self._clock = clock
        self._started_at: int | None = None
        self._banked = 0
        self.ever_started = False

    @property
    def running(self) -> bool:
        return self._started_at is not None

    def elapsed_ms(self) -> int:
        running = 0 if self._started_at is None else self._clock() - self._started_at
        return self._banked + running

    def start(self) -> None:
        if self._started_at is None:
            self._started_at = self._clock()
            self.ever_started = True
            self.changed.emit()

    def pause(self) -> None:
        if self._started_at is not None:
            self._banked += self._clock() - self._started_at
            self._started_at = None
            self.changed.emit()

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def reset(self) -> None:
        """Back to 0:00, stopped."""
        self._banked = 0
        self._started_at = None
        self.changed.emit()
