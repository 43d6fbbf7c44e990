"""The one Xvfb starter of the tests and the bench, and what a test does when a tool it needs
is missing (skip, or fail under CI and ``./dev test``)."""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from tests.support import stop

START_TIMEOUT = 10.0
"""Seconds Xvfb has to report its display number (or to open its socket)."""


def all_tools_expected() -> bool:
    """Whether a missing tool is an error: under CI, and under ``./dev test`` once it has
    installed the test group of packaging/debian-packages.txt (KIOSK_ALL_TOOLS)."""
    return any(
        os.environ.get(name, "").lower() in ("1", "true", "yes")
        for name in ("CI", "KIOSK_ALL_TOOLS")
    )


def missing_tool(why: str) -> NoReturn:
    """Skip the test for lack of ``why``, or fail where every tool is expected."""
    import pytest  # here: the bench imports this module without a test environment

    if all_tools_expected():
        pytest.fail(f"needs {why}: add it to packaging/debian-packages.txt (test group)")
    pytest.skip(f"needs {why}")


def require(*commands: str, why: str) -> list[str]:
    """Paths of ``commands``; skip the test if one is missing (fail under CI and ./dev test,
    which install packaging/debian-packages.txt's test group)."""
    found = [shutil.which(command) for command in commands]
    if None in found:
        missing = [c for c, path in zip(commands, found, strict=True) if path is None]
        missing_tool(f"{', '.join(missing)} ({why})")
    return [path for path in found if path is not None]


class XvfbError(RuntimeError):
    """Xvfb did not start."""


class Xvfb:
    """An X server with one ``width`` x ``height`` x 24 screen: Xvfb started here on a free
    display number, or on ``display`` (``:N``), where an X server already running is used as
    it is and left running. ``-noreset``: Xvfb would otherwise reset (dropping RandR
    monitors) whenever its last client leaves; ``-nolisten tcp``: no network.

    ``with Xvfb(1280, 720) as server:`` gives ``server.display`` (``:N``) and ``server.pid``
    (None for a server that was already there)."""

    def __init__(
        self, width: int, height: int, *, display: str | None = None, executable: str = "Xvfb"
    ) -> None:
        self.arguments = [f"{width}x{height}x24", "-noreset", "-nolisten", "tcp"]
        self.requested = display
        self.executable = executable
        self.display = ""
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def _start(self, *extra: str, pass_fds: tuple[int, ...] = ()) -> None:
        self.process = subprocess.Popen(
            [self.executable, *extra, "-screen", "0", *self.arguments],
            pass_fds=pass_fds,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def __enter__(self) -> Xvfb:
        try:
            if self.requested:
                number = int(self.requested.lstrip(":").split(".")[0])
                self.display = f":{number}"
                if not _socket(number).exists():
                    self._start(self.display)
                    self._wait_for_socket(number)
            else:
                self._start_on_a_free_number()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _start_on_a_free_number(self) -> None:
        """Let Xvfb pick a free display number and report it on a pipe (``-displayfd``)."""
        read_end, write_end = os.pipe()
        try:
            self._start("-displayfd", str(write_end), pass_fds=(write_end,))
            os.close(write_end)
            write_end = -1
            deadline = time.monotonic() + START_TIMEOUT
            text = b""
            with selectors.DefaultSelector() as selector:
                selector.register(read_end, selectors.EVENT_READ)
                while b"\n" not in text:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self._ended():
                        raise XvfbError("Xvfb did not start")
                    if selector.select(remaining):
                        chunk = os.read(read_end, 64)
                        if not chunk:
                            raise XvfbError("Xvfb did not start")
                        text += chunk
            self.display = f":{int(text.strip())}"
        finally:
            os.close(read_end)
            if write_end >= 0:
                os.close(write_end)

    def _wait_for_socket(self, number: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while not _socket(number).exists():
            if time.monotonic() > deadline or self._ended():
                raise XvfbError(f"Xvfb did not start on :{number}")
            time.sleep(0.05)
        time.sleep(0.2)

    def _ended(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def stop(self) -> None:
        """End the Xvfb started here (terminate, then kill); safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            stop(self.process)
        self.process = None


def _socket(number: int) -> Path:
    return Path(f"/tmp/.X11-unix/X{number}")


@contextmanager
def xvfb(width: int, height: int) -> Iterator[str]:
    """For a test: a fresh X server with one ``width`` x ``height`` screen; yields its DISPLAY
    name. Skips the test without Xvfb (fails under CI and ./dev test)."""
    (server_path,) = require("Xvfb", why="Debian's xvfb")
    with Xvfb(width, height, executable=server_path) as server:
        yield server.display


def xcb_env(display: str) -> dict[str, str]:
    """What a child process needs in its environment to open its windows on ``display``."""
    return {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
