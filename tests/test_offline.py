"""The app never touches the network: a whole run opens no internet socket.

Two ways, since Python's guard cannot see Qt's own C++:

- In this process, Python's socket functions are replaced by ones that record the call and
  raise; then a full walk runs: every slide shown and rendered, the video played for a
  second, the QR slide, the overview, kiosk mode, the presenter console, ``render``,
  ``export-pdf`` and the self-test. Not one call may reach them.
- In child processes, the real ``kiosk`` command (render, export-pdf, self-test, and a few
  seconds of the window, the kiosk and the presenter console with the video playing) runs
  under ``strace -f``, which sees every socket the process and its threads make, from Python
  or from Qt, FFmpeg and the rest; and in a network namespace with no interfaces at all
  (``unshare -n``, or ``-rn`` without root) where the system allows one, so it must work
  with no network. An ``AF_INET``/``AF_INET6``/``AF_PACKET`` socket fails the test; local
  ``AF_UNIX`` sockets are fine (PulseAudio for sound, D-Bus for the screen-saver inhibition,
  X11 on a desktop), and so is ``AF_NETLINK`` (the kernel's own messages, e.g. GLib asking
  whether a network is up), which reaches no other machine.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content import Content, LinkSlide, VideoSlide
from tests.conftest import REPO_ROOT
from tests.support.child import APP_RUN, offline_prefix
from tests.support.monkey import key_click, render_check, touch_tap
from tests.support.show import show_window
from tests.support.xvfb import require

NETWORK_FUNCTIONS = (
    "socket",
    "create_connection",
    "create_server",
    "getaddrinfo",
    "gethostbyname",
    "gethostbyname_ex",
    "gethostbyaddr",
    "getnameinfo",
)
INTERNET = re.compile(r".*\b(?:AF_INET6?|AF_PACKET|PF_INET6?)\b.*")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Python's socket functions record the call and raise; yields the calls made."""
    calls: list[str] = []

    def refuse(name: str) -> Callable[..., object]:
        def refused(*args: object, **kwargs: object) -> object:
            calls.append(f"socket.{name}{args[:2]!r}")
            raise OSError(f"test_offline: socket.{name} called")

        return refused

    class RefusedSocket(socket.socket):  # still a class: ssl subclasses it on import
        def __init__(self, *args: object, **kwargs: object) -> None:
            refuse("socket")(*args)

    for name in NETWORK_FUNCTIONS:
        monkeypatch.setattr(socket, name, RefusedSocket if name == "socket" else refuse(name))
    return calls


def test_the_guard_catches_a_socket(no_network: list[str]) -> None:
    with pytest.raises(OSError, match=r"socket\.create_connection called"):
        socket.create_connection(("example.org", 80))
    with pytest.raises(OSError, match=r"socket\.socket called"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(no_network) == 2


def test_a_full_walk_opens_no_socket(
    qtbot: QtBot, no_network: list[str], content: Content, app_fonts: None, tmp_path: Path
) -> None:
    from kiosk.export_pdf import export_pdf
    from kiosk.pin import PinStore
    from kiosk.selftest import run_self_test
    from kiosk.ui.kiosk.controller import ATTRACT, VISIT, KioskController, KioskTimings
    from kiosk.ui.presenter.console import PresenterConsole
    from kiosk.ui.presenter.screens import PresenterSession
    from kiosk.ui.render.png import render_slides
    from kiosk.ui.slides.player import PlayState
    from kiosk.ui.slides.video import VideoSlideView

    window = show_window(qtbot, content)

    # Every slide, by key, rendered; the video played for a second; the QR code drawn.
    for index, slide in enumerate(content.slides):
        assert window.current_index == index
        view = window.current_view
        if isinstance(slide, VideoSlide):
            assert isinstance(view, VideoSlideView)
            player = view.player
            key_click(window, Qt.Key.Key_K)
            qtbot.waitUntil(lambda: player.state is PlayState.PLAYING, timeout=15_000)  # noqa: B023
            qtbot.waitUntil(lambda: player.position >= 1000, timeout=15_000)  # noqa: B023
        if isinstance(slide, LinkSlide):
            qr = view.qr  # type: ignore[attr-defined]
            assert render_check(qr) is None
        assert render_check(window) is None
        if index + 1 < len(content.slides):
            with qtbot.waitSignal(window.slide_changed):
                key_click(window, Qt.Key.Key_Right)

    # The overview and the ? key map.
    for key in (Qt.Key.Key_O, Qt.Key.Key_Escape, Qt.Key.Key_Question, Qt.Key.Key_Escape):
        key_click(window, key)
    assert render_check(window) is None

    # Kiosk mode: the attract loop runs, a touch starts a visit.
    pins = PinStore(tmp_path / "staff-pin.json")
    timings = KioskTimings(
        idle_timeout=200, countdown=200, slide_duration=30, use_slide_durations=False
    )
    kiosk = KioskController(window, timings=timings, pins=pins, quit_app=lambda code: None)
    kiosk.attract_video = "skip"
    kiosk.start()
    try:
        seen: list[int] = []
        window.slide_changed.connect(seen.append)
        qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5000)
        assert kiosk.state == ATTRACT
        touch_tap(window, QTest.createTouchDevice(), window.rect().center())
        qtbot.waitUntil(lambda: kiosk.state == VISIT)
    finally:
        kiosk.stop()

    # The presenter console.
    console = PresenterConsole(window)
    qtbot.addWidget(console)
    session = PresenterSession(window, console, settle_ms=10)
    session.place()
    qtbot.waitExposed(console)
    with qtbot.waitSignal(console.updated, timeout=5000):
        key_click(console, Qt.Key.Key_End)
    assert render_check(console) is None
    console.close()

    # No window: PNGs, the PDF handout, the self-test (which decodes the video).
    assert len(render_slides(content, tmp_path / "png", 640, 360)) == len(content.slides)
    assert export_pdf(content, tmp_path / "slides.pdf") == len(content.slides)
    assert export_pdf(content, tmp_path / "notes.pdf", notes=True) >= len(content.slides)
    lines: list[str] = []
    assert run_self_test(report=lines.append) == 0, "\n".join(lines)

    assert no_network == [], f"the app called Python's network functions: {no_network}"


# --- out of process: strace sees Qt's sockets too -------------------------------------------
@pytest.fixture(scope="module")
def strace() -> str:
    if not sys.platform.startswith("linux"):
        pytest.skip("strace is Linux only")
    (found,) = require("strace", why="Debian's strace")
    return found


def _traced(strace: str, tmp_path: Path, *args: str) -> tuple[str, str]:
    """Run ``python *args`` with no network under strace; (its output, the socket calls)."""
    log = tmp_path / "strace.log"
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = dict(
        os.environ,
        PYTHONPATH=str(REPO_ROOT),
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
    )
    trace = (strace, "-f", "-qq", "-e", "trace=socket,connect,bind,sendto,sendmsg", "-o", str(log))
    result = subprocess.run(
        [*offline_prefix(), *trace, sys.executable, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stderr[-4000:]}"
    return result.stdout, log.read_text(encoding="utf-8")


def test_strace_would_see_an_internet_socket(strace: str, tmp_path: Path) -> None:
    """The check below is not blind: a Python socket() shows up in the trace."""
    code = "import socket; socket.socket(socket.AF_INET6, socket.SOCK_STREAM).close()"
    _, calls = _traced(strace, tmp_path, "-c", code)
    assert INTERNET.findall(calls)


COMMANDS = {
    "render": ["-m", "kiosk", "render", "--out", "png", "--size", "640x360"],
    "export-pdf": ["-m", "kiosk", "export-pdf", "handout.pdf", "--notes"],
    "self-test": ["-m", "kiosk", "self-test"],
    "window": [str(APP_RUN), "--seconds", "2", "--video", "--"],
    "kiosk": [str(APP_RUN), "--seconds", "3", "--video", "--", "--kiosk", "--pin-file", "pin"],
    "presenter": [str(APP_RUN), "--seconds", "2", "--", "--presenter"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_app_opens_no_internet_socket(strace: str, tmp_path: Path, name: str) -> None:
    output, calls = _traced(strace, tmp_path, *COMMANDS[name])
    internet = INTERNET.findall(calls)
    assert internet == [], f"kiosk {name} opened an internet socket: {internet[:5]}"
    if name in ("window", "kiosk"):
        assert "playing" in output.splitlines()  # the video really played meanwhile
    if name == "self-test":
        assert "self-test passed" in output
