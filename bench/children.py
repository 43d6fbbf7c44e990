"""The bench's measured child processes: their environment (xcb on the bench's X screen, the
repository importable, byte-code kept out of the working tree) and a runner that reads their
stdout line by line with timeouts, timing each line as it arrives (``perf_counter``).

The in-process measurements run in ``python -m bench.budgets --worker NAME`` children, so
that every child gets its own QApplication, Qt platform and video rendering path
(``QT_XCB_GL_INTEGRATION``) before Qt starts.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parent.parent

# Timeouts (seconds) for every wait.
FIRST_PAINT_TIMEOUT = 20.0
WORKER_TIMEOUT = 120.0


class ChildError(RuntimeError):
    pass


class Child:
    """A child process whose stdout is read line by line with timeouts.

    stderr goes to a temporary file, shown in errors and searchable with :meth:`stderr`.
    """

    def __init__(self, name: str, argv: Sequence[str], env: dict[str, str]) -> None:
        self.name = name
        # Lives as long as the child; closed in stop().
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(argv),
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            start_new_session=True,
        )
        self._buffer = b""

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def _fail(self, message: str) -> ChildError:
        tail = "\n".join(self.stderr().splitlines()[-15:])
        return ChildError(f"{self.name}: {message}\n--- stderr (last lines) ---\n{tail}")

    def read_line(self, prefix: str, timeout: float) -> tuple[str, float]:
        """Wait for a stdout line starting with ``prefix``; return it and its perf_counter."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.perf_counter() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while True:
                while b"\n" in self._buffer:
                    raw, self._buffer = self._buffer.split(b"\n", 1)
                    line = raw.decode(errors="replace").strip()
                    if line.startswith(prefix):
                        return line, time.perf_counter()
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise self._fail(f"no {prefix!r} line within {timeout:.0f} s")
                if not selector.select(remaining):
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    code = self.proc.wait(timeout=5)
                    raise self._fail(f"exited with {code} before printing {prefix!r}")
                self._buffer += chunk

    def stop(self) -> None:
        """Terminate (then kill) the child; safe to call twice."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    self.proc.kill()
                self.proc.wait(timeout=5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._stderr.close()


@contextlib.contextmanager
def child(name: str, argv: Sequence[str], env: dict[str, str]) -> Iterator[Child]:
    process = Child(name, argv, env)
    try:
        yield process
    finally:
        process.stop()


PYCACHE_DIR: str | None = None
"""Where children keep byte-code (set for the run): an installed app has its .pyc files,
so children compile once (in the warm-up) instead of on every launch, without writing
__pycache__ folders into the working tree."""


def use_pycache(folder: str | None) -> None:
    """Children started from now on keep their byte-code in ``folder`` (see PYCACHE_DIR)."""
    global PYCACHE_DIR
    PYCACHE_DIR = folder


def child_env(display: str, *, video_path: str | None = None, **extra: str) -> dict[str, str]:
    """Environment of a measured child: xcb on our display, the repo importable.

    ``video_path``: ``"cpu"`` sets ``QT_XCB_GL_INTEGRATION=none`` (what ``--video-path cpu``
    does), ``"default"`` removes it (Qt's default RHI/OpenGL path), None leaves the app to
    decide (``auto``).
    """
    env = dict(os.environ)
    for name in (
        "QT_XCB_GL_INTEGRATION",
        "KIOSK_BENCH_STARTUP",
        "WAYLAND_DISPLAY",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    if PYCACHE_DIR:
        env["PYTHONPYCACHEPREFIX"] = PYCACHE_DIR
    env.update(
        QT_QPA_PLATFORM="xcb",
        DISPLAY=display,
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",
    )
    if video_path == "cpu":
        env["QT_XCB_GL_INTEGRATION"] = "none"
    env.update(extra)
    return env


def run_worker(
    name: str,
    worker: str,
    env: dict[str, str],
    *extra: str,
    timeout: float = WORKER_TIMEOUT,
) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench.budgets", "--worker", worker, *extra]
    with child(name, argv, env) as process:
        line, _ = process.read_line("result ", timeout)
        result: dict[str, Any] = json.loads(line.split(" ", 1)[1])
        result["stderr"] = process.stderr()
        return result
