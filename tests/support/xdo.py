"""Real input on an X display (xdotool) to the real ``kiosk`` command in a child process, for
the tests that drive the whole app as a visitor would (tests/test_real_window.py,
tests/test_usage_x11.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tests.support import REPO_ROOT, stop
from tests.support.xvfb import require, xcb_env

WINDOW_NAME = "Our Priorities"
"""The presentation window's title on the bundled content (and its translated copies)."""


def xdotool(display: str, *args: str) -> str:
    """Run ``xdotool ARGS`` on ``display``; its standard output (a failed command gives "")."""
    (path,) = require("xdotool", why="Debian's xdotool: real input")
    result = subprocess.run(
        [path, *args],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
        env=dict(os.environ, DISPLAY=display),
    )
    return result.stdout


def wait_for(predicate: Callable[[], object], timeout: float = 15.0) -> bool:
    """Whether ``predicate`` came true within ``timeout`` seconds, asked every 0.1 s."""
    # A separate process: nothing of ours to wait on with qtbot, so poll it politely.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return bool(predicate())


def window_on(display: str, name: str = WINDOW_NAME) -> str:
    """The id of the visible window called ``name`` on ``display``, or "" if none."""
    windows = xdotool(display, "search", "--onlyvisible", "--name", name).split()
    return windows[0] if windows else ""


@contextmanager
def kiosk_process(
    display: str, *args: str, log: Path, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m kiosk ARGS`` on ``display``, its standard error into ``log``; terminated
    (then killed) on leaving."""
    environment = dict(os.environ, **xcb_env(display), PYTHONPATH=str(REPO_ROOT), **(env or {}))
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", *args],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        try:
            yield process
        finally:
            stop(process)
