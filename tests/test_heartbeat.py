"""The heartbeat: a file touched from the GUI event loop, and systemd notifications."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.kiosk.heartbeat import Heartbeat, sd_notify

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs unix sockets")


@pytest.fixture(autouse=True)
def no_systemd(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def notify_socket() -> Iterator[tuple[socket.socket, str]]:
    """A datagram socket standing in for systemd's, in a short folder (paths max ~100 bytes)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-") as folder:
        path = os.path.join(folder, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        sock.settimeout(5)
        try:
            yield sock, path
        finally:
            sock.close()


def drain(sock: socket.socket) -> list[str]:
    messages = []
    sock.setblocking(False)
    try:
        while True:
            messages.append(sock.recv(4096).decode())
    except BlockingIOError:
        pass
    finally:
        sock.settimeout(5)
    return messages


def test_beats_advance_the_file(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "run" / "heartbeat"
    heartbeat = Heartbeat(path, interval_ms=20)
    heartbeat.start()
    try:
        assert heartbeat.is_active()
        first = path.stat().st_mtime_ns
        first_text = path.read_text(encoding="ascii")
        assert float(first_text) > 1e9  # seconds since the epoch
        beats = 0

        def count() -> None:
            nonlocal beats
            beats += 1

        heartbeat.beat.connect(count)
        qtbot.waitUntil(lambda: beats >= 3 and path.read_text(encoding="ascii") != first_text)
        assert path.stat().st_mtime_ns >= first
        assert float(path.read_text(encoding="ascii")) > float(first_text)
    finally:
        heartbeat.stop()
    assert not heartbeat.is_active()


def test_no_path_and_no_systemd_still_beats(qtbot: QtBot) -> None:
    heartbeat = Heartbeat(interval_ms=10)
    assert heartbeat.path is None
    assert heartbeat.ready() is False
    with qtbot.waitSignal(heartbeat.beat, timeout=2000):
        heartbeat.start()
    heartbeat.stop()


def test_unwritable_file_warns_once(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="ascii")
    heartbeat = Heartbeat(blocker / "heartbeat", interval_ms=10)
    heartbeat.start()
    beats = 0

    def count() -> None:
        nonlocal beats
        beats += 1

    heartbeat.beat.connect(count)
    qtbot.waitUntil(lambda: beats >= 3)
    heartbeat.stop()
    assert caplog.text.count("cannot write the heartbeat file") == 1


def test_ready_and_watchdog_reach_systemd(
    qtbot: QtBot, notify_socket: tuple[socket.socket, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sock, path = notify_socket
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    heartbeat = Heartbeat(interval_ms=20)
    assert heartbeat.ready() is True
    assert sock.recv(4096) == b"READY=1"
    with qtbot.waitSignal(heartbeat.beat, timeout=2000):
        heartbeat.start()
    with qtbot.waitSignal(heartbeat.beat, timeout=2000):
        pass
    heartbeat.stop()
    messages = drain(sock)
    assert len(messages) >= 2
    assert set(messages) == {"WATCHDOG=1"}
    assert heartbeat.stopping() is True
    assert sock.recv(4096) == b"STOPPING=1"


def test_watchdog_is_not_sent_for_another_process(
    qtbot: QtBot, notify_socket: tuple[socket.socket, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sock, path = notify_socket
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid() + 1))
    heartbeat = Heartbeat(interval_ms=10)
    with qtbot.waitSignal(heartbeat.beat, timeout=2000):
        heartbeat.start()
    heartbeat.stop()
    assert drain(sock) == []


def test_interval_follows_the_watchdog_timeout(
    monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    monkeypatch.setenv("NOTIFY_SOCKET", "/nonexistent/notify")
    monkeypatch.setenv("WATCHDOG_USEC", "1000000")  # 1 s
    assert Heartbeat(interval_ms=1000).interval_ms == 500
    assert Heartbeat(interval_ms=100).interval_ms == 100
    monkeypatch.delenv("WATCHDOG_USEC")
    assert Heartbeat().interval_ms == 1000


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract sockets are Linux-only")
def test_abstract_namespace_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    name = f"rho-kiosk-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert sd_notify("READY=1") is True
        assert sock.recv(4096) == b"READY=1"


def test_sd_notify_without_systemd_or_with_a_dead_socket(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert sd_notify("READY=1") is False
    assert caplog.text == ""
    assert sd_notify("READY=1", socket_path=str(tmp_path / "nobody")) is False
    assert "could not notify systemd" in caplog.text
    assert sd_notify("READY=1", socket_path="vsock:2:1234") is False
