"""The presenter's talk timer, without Qt: elapsed time that starts, pauses and resumes on
an injected monotonic clock (milliseconds)."""

from __future__ import annotations

from collections.abc import Callable


class Stopwatch:
    """Elapsed talk time in milliseconds on ``clock`` (monotonic ms from any fixed point).

    :meth:`start` and :meth:`pause` return whether they changed anything, so the caller
    signals only real changes. :meth:`reset` is for a deliberate action only.
    """

    def __init__(self, clock: Callable[[], int]) -> None:
        self._clock = clock
        self._started_at: int | None = None
        self._banked = 0
        self.ever_started = False
        """Whether it was ever started (a reset does not clear it)."""

    @property
    def running(self) -> bool:
        return self._started_at is not None

    def elapsed_ms(self) -> int:
        running = 0 if self._started_at is None else self._clock() - self._started_at
        return self._banked + running

    def start(self) -> bool:
        """Start or resume; False if it was running already."""
        if self._started_at is not None:
            return False
        self._started_at = self._clock()
        self.ever_started = True
        return True

    def pause(self) -> bool:
        """Pause, keeping the time so far; False if it was not running."""
        if self._started_at is None:
            return False
        self._banked += self._clock() - self._started_at
        self._started_at = None
        return True

    def toggle(self) -> bool:
        """Pause when running, otherwise start; always a change (True)."""
        return self.pause() if self.running else self.start()

    def reset(self) -> None:
        """Back to 0:00, stopped."""
        self._banked = 0
        self._started_at = None


def starts_on_slide_change(ever_started: bool, index: int) -> bool:
    """Whether moving to slide ``index`` (0 = the opening slide) starts the timer: the
    first move on from the opening slide does; after that only the presenter does, so a
    paused timer never restarts by itself."""
    return not ever_started and index > 0


def button_label(running: bool, elapsed_ms: int) -> str:
    """The timer button's word: Pause while running, Resume with time kept, else Start."""
    if running:
        return "Pause"
    return "Resume" if elapsed_ms else "Start"
