"""A real window on a real (virtual) X screen, driven by real input events from xdotool.

On a bare X session with no window manager, as many kiosks run, a fullscreen request alone
leaves a window at its natural size; these tests prove `--fullscreen` and F11 fill the
screen there. They need Debian's xvfb and xdotool (installed by .ci/run).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from tests.conftest import REPO_ROOT
from tests.support.xdo import wait_for, xdotool
from tests.support.xvfb import require, xvfb

pytestmark = pytest.mark.slow
SCREEN = (1920, 1080)


def _tools() -> tuple[str, str]:
    xvfb_path, xdotool = require("Xvfb", "xdotool", why="Debian's xvfb and xdotool")
    return xvfb_path, xdotool


@pytest.fixture
def display() -> Iterator[str]:
    _tools()
    with xvfb(*SCREEN) as name:
        yield name


def _geometry(display: str) -> tuple[str, tuple[int, int] | None]:
    windows = xdotool(display, "search", "--onlyvisible", "--name", "Our Priorities").split()
    if not windows:
        return "", None
    out = xdotool(display, "getwindowgeometry", windows[0])
    for line in out.splitlines():
        if "Geometry:" in line:
            width, height = line.split(":")[1].strip().split("x")
            return windows[0], (int(width), int(height))
    return windows[0], None


Launch = Callable[..., subprocess.Popen[bytes]]
"""``launch(*kiosk_args)``: start ``python -m kiosk`` on the test's X display."""


@pytest.fixture
def launch(display: str) -> Iterator[Launch]:
    processes: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> subprocess.Popen[bytes]:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(REPO_ROOT))
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def test_fullscreen_flag_fills_a_bare_x_screen(display: str, launch: Launch) -> None:
    process = launch("--fullscreen")
    assert wait_for(lambda: _geometry(display)[1] == SCREEN), _geometry(display)
    assert process.poll() is None


def test_f11_toggles_fullscreen_with_real_key_events(display: str, launch: Launch) -> None:
    process = launch()
    assert wait_for(lambda: _geometry(display)[1] == (1280, 720)), _geometry(display)
    window, _ = _geometry(display)
    xdotool(display, "key", "--window", window, "F11")
    assert wait_for(lambda: _geometry(display)[1] == SCREEN), _geometry(display)
    xdotool(display, "key", "--window", window, "F11")
    assert wait_for(lambda: _geometry(display)[1] == (1280, 720)), _geometry(display)
    xdotool(display, "key", "--window", window, "Next", "Next", "End", "Home")
    assert process.poll() is None, "the app died from real key presses"


def _pid_of_window(display: str) -> int | None:
    window, _ = _geometry(display)
    if not window:
        return None
    out = xdotool(display, "getwindowpid", window).strip()
    return int(out) if out.isdigit() else None


def test_kiosk_survives_escape_keys_and_stays_fullscreen(display: str, launch: Launch) -> None:
    process = launch("--kiosk")
    assert wait_for(lambda: _geometry(display)[1] == SCREEN), _geometry(display)
    window, _ = _geometry(display)
    for keys in (["Escape"], ["alt+F4"], ["ctrl+q"], ["ctrl+w"], ["F11"], ["Escape", "Escape"]):
        xdotool(display, "key", "--window", window, *keys)
    xdotool(display, "mousemove", "--window", window, "600", "400", "click", "3")  # right-click
    assert wait_for(lambda: _geometry(display)[1] == SCREEN)
    assert process.poll() is None, "the kiosk quit on an escape key"
    assert _geometry(display) == (window, SCREEN)


def test_supervisor_brings_a_killed_kiosk_back(display: str, launch: Launch) -> None:
    supervisor = launch("--kiosk", "--supervise")
    assert wait_for(lambda: _pid_of_window(display) is not None, timeout=20)
    first = _pid_of_window(display)
    assert first is not None
    os.kill(first, 9)  # a crash
    killed_at = time.monotonic()
    assert wait_for(lambda: _pid_of_window(display) not in (None, first), timeout=15)
    assert time.monotonic() - killed_at < 5.0, "not back on screen within 5 seconds"
    assert wait_for(lambda: _geometry(display)[1] == SCREEN)
    assert supervisor.poll() is None
