"""Start a private Xvfb for tests that need a real X screen (real windows, xdotool, RandR)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


def all_tools_expected() -> bool:
    """Whether a missing tool is an error: under CI, and under ``./dev test`` once it has
    installed the test group of packaging/debian-packages.txt (KIOSK_ALL_TOOLS)."""
    return any(
        os.environ.get(name, "").lower() in ("1", "true", "yes")
        for name in ("CI", "KIOSK_ALL_TOOLS")
    )


def missing_tool(why: str) -> None:
    """Skip the test for lack of ``why``, or fail where every tool is expected."""
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


@contextmanager
def xvfb(width: int, height: int) -> Iterator[str]:
    """A fresh X server with one ``width`` x ``height`` screen; yields its DISPLAY name."""
    (server_path,) = require("Xvfb", why="Debian's xvfb")
    # -displayfd: Xvfb picks a free display number and tells us which. -noreset: it would
    # otherwise reset (dropping RandR monitors) whenever its last client leaves.
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            server_path,
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-noreset",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
