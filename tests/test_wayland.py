"""The app under a Wayland kiosk compositor: cage, headless, as the unprivileged user cage
needs (it refuses root), screenshots taken with grim.

cage runs as ``nobody`` with a private runtime folder; the app (this test's Python, which
``nobody`` could not read) connects to cage's socket by its full path, as root may.
cage's output is turned 180 degrees (``-r -r``): an upright output would scan the kiosk's
frameless, output-sized window out directly, and cage 0.1.4's (wlroots 0.15) screen copy of a
scanned-out frame is black but for fresh damage, a screenshot artefact, not what the screen
shows. Turned, cage composes every frame, as it does on a real screen for a shm buffer."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.support import stop
from tests.support.xvfb import require

REPO_ROOT = Path(__file__).resolve().parent.parent
DRAW_TIMEOUT_S = 25.0
"""Seconds the app has to draw its slide (it starts in 2-5 s on this kind of machine)."""
PALE = QColor("#eef2f5")
"""The slide's background."""
BLUE = QColor("#005eb8")
"""NHS blue: the slide's title."""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Wayland is Linux's"),
]


def _unprivileged_user() -> pwd.struct_passwd:
    """``nobody``; cage refuses root, so only root can run this test (fails under CI)."""
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("CI must run the tests as root to start cage as the user nobody")
        pytest.skip("only root can start cage as another user (cage refuses root)")
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("needs the user nobody")


@contextmanager
def _cage() -> Iterator[Path]:
    """A headless cage as ``nobody``; yields the full path of its Wayland socket."""
    cage, setpriv = require("cage", "setpriv", why="a Wayland kiosk compositor as nobody")
    user = _unprivileged_user()
    runtime = Path(tempfile.mkdtemp(prefix="wl-cage-"))
    os.chown(runtime, user.pw_uid, user.pw_gid)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(runtime),
        "XDG_RUNTIME_DIR": str(runtime),
        "WLR_BACKENDS": "headless",
        "WLR_LIBINPUT_NO_DEVICES": "1",
        "WLR_RENDERER": "pixman",
    }
    command = [setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]
    # The primary client only keeps cage up; the app joins as a second client.
    command += ["--", cage, "-r", "-r", "--", "sleep", "600"]
    log = runtime / "cage.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(command, env=env, stdout=log_file, stderr=log_file)
    try:
        socket = runtime / "wayland-0"
        deadline = time.monotonic() + 10.0
        while not socket.is_socket():
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "cage opened no socket in 10 s"
            time.sleep(0.05)
        yield socket
    finally:
        stop(process, timeout=5)
        shutil.rmtree(runtime, ignore_errors=True)


def _near(color: QColor, target: QColor, tolerance: int = 24) -> bool:
    return (
        abs(color.red() - target.red()) <= tolerance
        and abs(color.green() - target.green()) <= tolerance
        and abs(color.blue() - target.blue()) <= tolerance
    )


def _shares(path: Path) -> tuple[float, float]:
    """Shares of pale and of blue pixels in the screenshot at ``path`` (every 4th pixel)."""
    image = QImage(str(path))
    if image.isNull():
        return 0.0, 0.0
    pale = blue = total = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            color = image.pixelColor(x, y)
            pale += _near(color, PALE)
            blue += _near(color, BLUE)
            total += 1
    return pale / total, blue / total


def _draws(socket: Path, folder: Path, *arguments: str) -> tuple[float, float]:
    """Run ``kiosk ARGUMENTS`` in cage until a screenshot shows its slide or the deadline;
    the last screenshot's shares of pale and blue pixels."""
    (grim,) = require("grim", why="Wayland screenshots")
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "wayland",
        "WAYLAND_DISPLAY": str(socket),
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_STATE_HOME": str(folder / "state"),
    }
    env.pop("DISPLAY", None)
    log = folder / "app.log"
    command = [sys.executable, "-m", "kiosk", *arguments]
    shot = folder / "shot.png"
    shares = (0.0, 0.0)
    with log.open("wb") as log_file:
        app = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=log_file, stderr=log_file)
    try:
        deadline = time.monotonic() + DRAW_TIMEOUT_S
        while time.monotonic() < deadline:
            assert app.poll() is None, log.read_text(errors="replace")
            subprocess.run([grim, str(shot)], env=env, check=False, capture_output=True)
            shares = _shares(shot)
            if shares[0] > 0.5 and shares[1] > 0.002:
                break
            time.sleep(0.3)
    finally:
        stop(app)
    return shares


@pytest.fixture(scope="module")
def cage_socket() -> Iterator[Path]:
    with _cage() as socket:
        yield socket


@pytest.mark.parametrize("arguments", [("--kiosk",), ()], ids=["kiosk", "window"])
def test_the_app_draws_its_slide_under_cage(
    cage_socket: Path, tmp_path: Path, arguments: tuple[str, ...]
) -> None:
    pale, blue = _draws(cage_socket, tmp_path, *arguments)
    assert pale > 0.5, f"the output is not the slide's pale background ({pale:.0%} pale)"
    assert blue > 0.002, f"no blue title on the output ({blue:.2%} blue)"
