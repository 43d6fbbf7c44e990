"""Work that waits for the audience window's first slide on screen (start-up:
bench/RESULTS.md): the cycle collector, the file check, usage recording, the kiosk's
screen-saver inhibitor and content watch."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from kiosk.ui.show.window import MainWindow


def after_first_paint(
    window: MainWindow, action: Callable[[], object], *, latest_ms: int | None = None
) -> None:
    """Run ``action`` once, when ``window``'s first slide is painted, or after ``latest_ms``
    milliseconds if no paint came sooner (a window that is never exposed). Call it before
    the window shows."""
    done: list[bool] = []

    def run() -> None:
        if not done:
            done.append(True)
            action()

    window.first_painted.connect(run)
    if latest_ms is not None:
        QTimer.singleShot(latest_ms, window, run)
