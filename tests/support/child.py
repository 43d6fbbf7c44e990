"""The app, or a probe of it, in a child process driven over its stdin: the one driver of the
tests whose windows need screens the test session cannot have (several offscreen screens,
an X server whose projector comes and goes).

The scripts it runs live beside it: ``presenter_probe.py`` (``kiosk --presenter``) and
``window_probe.py`` (the presentation window, or the kiosk), both answering ``state`` with
one JSON line; ``app_run.py`` is the real ``kiosk`` command for a few seconds, run with
``subprocess`` by the tests that need the whole app (no commands).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tests.support import REPO_ROOT

HERE = Path(__file__).resolve().parent
APP_RUN = HERE / "app_run.py"
PRESENTER_PROBE = HERE / "presenter_probe.py"
WINDOW_PROBE = HERE / "window_probe.py"


class Child:
    """``python script *args`` with the repository importable and ``env`` added to this
    process's environment. Commands go to its stdin (:meth:`send`); :meth:`state` and
    :meth:`wait_for` ask it for its state, one JSON line; stderr is kept for the report
    when it does not answer. :meth:`close` asks it to quit (kills it if it does not)."""

    def __init__(self, script: Path, *args: str, env: Mapping[str, str] | None = None) -> None:
        self.name = script.name
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(
            [sys.executable, str(script), *args],
            env=dict(os.environ, PYTHONPATH=str(REPO_ROOT), **(env or {})),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def state(self) -> dict[str, Any]:
        self.send("state")
        try:
            return json.loads(self.lines.get(timeout=20))
        except queue.Empty:
            self.errors.seek(0)
            raise AssertionError(f"{self.name} did not answer:\n{self.errors.read()}") from None

    def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 20
    ) -> dict[str, Any]:
        # Another process: nothing to wait on with qtbot, so ask it until it agrees.
        deadline = time.monotonic() + timeout
        while True:
            state = self.state()
            if predicate(state) or time.monotonic() > deadline:
                return state
            time.sleep(0.1)

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError):  # it may have gone already
                self.send("quit")
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=10)  # it ends at the end of the child's output
        for stream in (self.process.stdin, self.process.stdout, self.errors):
            if stream is not None:
                stream.close()


@functools.cache
def offline_prefix() -> tuple[str, ...]:
    """A command prefix that runs a program in a network namespace with no interfaces (no
    network at all), where the OS allows it; empty where it does not."""
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return ()
    for prefix in ((unshare, "-n"), (unshare, "-r", "-n")):
        probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return prefix
    return ()
