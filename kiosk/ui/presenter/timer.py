"""The talk timer: elapsed talk time that starts, pauses and resumes.

The decisions live in :class:`kiosk.logic.talk_timer.Stopwatch`; this adds Qt's clock and
the ``changed`` signal.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, Signal

from kiosk.logic.talk_timer import Stopwatch


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
        self._watch = Stopwatch(clock)

    @property
    def running(self) -> bool:
        return self._watch.running

    @property
    def ever_started(self) -> bool:
        return self._watch.ever_started

    def elapsed_ms(self) -> int:
        return self._watch.elapsed_ms()

    def start(self) -> None:
        if self._watch.start():
            self.changed.emit()

    def pause(self) -> None:
        if self._watch.pause():
            self.changed.emit()

    def toggle(self) -> None:
        if self._watch.toggle():
            self.changed.emit()

    def reset(self) -> None:
        """Back to 0:00, stopped."""
        self._watch.reset()
        self.changed.emit()
