"""What the measuring children (``python -m bench.budgets --worker NAME``) share: the app's
main window on the bundled content, shown and painted, and waits that run a ``QEventLoop``
with timers, never a ``processEvents`` loop. Qt is imported inside the functions: only the
children start it."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any


def worker_window(video_path: str) -> tuple[Any, Any]:
    """Build the app and the MainWindow on the bundled content, shown and painted."""
    from kiosk.content import load_content
    from kiosk.resources import bundled_content_path
    from kiosk.ui.app import choose_video_path, create_application

    content = load_content(bundled_content_path())
    choose_video_path(video_path)
    app = create_application(sys.argv[:1], content.theme.font)
    from kiosk.ui.show.window import MainWindow

    window = MainWindow(content)
    painted: list[bool] = []
    window.first_painted.connect(lambda: painted.append(True))
    window.show()
    if not wait_for(lambda: bool(painted), 20.0):
        raise RuntimeError("the main window was not painted within 20 s")
    pause(0.5)  # let start-up work (layouts, fonts) settle
    return app, window


def wait_for(done: Callable[[], bool], timeout: float, loop: Any = None) -> bool:
    """Run a QEventLoop until ``done()`` or ``timeout`` seconds; never spins processEvents.

    A 5 ms timer re-checks ``done()``; code that makes ``done()`` true may also call
    ``loop.quit()`` on the loop passed in, to end the wait at once (precise timing).
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = loop if loop is not None else QEventLoop()
    deadline = time.perf_counter() + timeout

    def check() -> None:
        if done() or time.perf_counter() >= deadline:
            loop.quit()

    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(check)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    try:
        while not done():
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return False
            limit.start(max(1, int(remaining * 1000)))
            poll.start()
            if done():  # a quit() before exec() would be lost
                return True
            loop.exec()
        return True
    finally:
        poll.stop()
        limit.stop()


def pause(seconds: float) -> None:
    """Let the event loop run for ``seconds``."""
    wait_for(lambda: False, seconds)
