"""Keeping the screen awake: D-Bus against a real private bus, Windows and macOS by stand-ins."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk import inhibit
from kiosk.inhibit import (
    ES_CONTINUOUS,
    ES_DISPLAY_REQUIRED,
    ES_SYSTEM_REQUIRED,
    CaffeinateInhibitor,
    DBusScreenSaverInhibitor,
    NullInhibitor,
    ScreenInhibitor,
    WindowsInhibitor,
    make_inhibitor,
)
from tests.support.xvfb import require

SERVICE = "org.freedesktop.ScreenSaver"

# A stand-in for the desktop's screensaver service, in its own process as on a real
# desktop. It writes every call to the journal file given as argv[2].
FAKE_SCREENSAVER = r"""
import sys
from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection

address, journal = sys.argv[1], sys.argv[2]


def note(line):
    with open(journal, "a", encoding="utf-8") as file:
        file.write(line + "\n")


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    cookie = 4_000_000_000  # above 2**31: the cookie is a uint32

    @Slot(str, str, result="uint")
    def Inhibit(self, app_name, reason):
        ScreenSaver.cookie += 1
        note(f"Inhibit {app_name}|{reason} -> {ScreenSaver.cookie}")
        return ScreenSaver.cookie

    @Slot("uint")
    def UnInhibit(self, cookie):
        note(f"UnInhibit {cookie}")


app = QCoreApplication(sys.argv)
bus = QDBusConnection.connectToBus(address, "fake-screensaver")
saver = ScreenSaver()
bus.registerObject("/org/freedesktop/ScreenSaver", saver, QDBusConnection.ExportAllSlots)
bus.registerService("org.freedesktop.ScreenSaver")
note("ready")
app.exec()
"""


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[str]:
    """The address of a private D-Bus session bus, gone after the test."""
    (daemon,) = require("dbus-daemon", why="Debian's dbus-daemon")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        if not address:
            pytest.skip("dbus-daemon did not start")
        yield address
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture
def connection(qapp: QApplication, private_bus: str) -> Iterator[Any]:
    from PySide6.QtDBus import QDBusConnection

    bus = QDBusConnection.connectToBus(private_bus, "kiosk-test-inhibit")
    assert bus.isConnected()
    yield bus
    QDBusConnection.disconnectFromBus("kiosk-test-inhibit")


@pytest.fixture
def fake_screensaver(
    qtbot: QtBot, tmp_path: Path, private_bus: str, connection: Any
) -> Iterator[Path]:
    """Run the stand-in service; yield its journal."""
    script = tmp_path / "fake_screensaver.py"
    script.write_text(FAKE_SCREENSAVER, encoding="utf-8")
    journal = tmp_path / "journal.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    service = subprocess.Popen([sys.executable, str(script), private_bus, str(journal)], env=env)
    try:
        qtbot.waitUntil(
            lambda: connection.interface().isServiceRegistered(SERVICE).value() is True,
            timeout=15000,
        )
        yield journal
    finally:
        service.terminate()
        service.wait(timeout=10)


def test_make_inhibitor_here_never_raises(qapp: QApplication) -> None:
    inhibitor = make_inhibitor()
    assert isinstance(inhibitor, ScreenInhibitor)
    assert inhibitor.inhibit("test") in (True, False)
    inhibitor.release()
    inhibitor.release()


def test_dbus_inhibit_and_release(qtbot: QtBot, connection: Any, fake_screensaver: Path) -> None:
    inhibitor = DBusScreenSaverInhibitor(connection, app_name="rho-kiosk")
    assert inhibitor.is_connected()
    assert inhibitor.inhibit("showing the presentation") is True
    assert inhibitor.inhibit("again") is True  # no second inhibition
    inhibitor.release()
    inhibitor.release()  # harmless
    lines = fake_screensaver.read_text(encoding="utf-8").splitlines()
    assert lines == [
        "ready",
        "Inhibit rho-kiosk|showing the presentation -> 4000000001",
        "UnInhibit 4000000001",
    ]


def test_dbus_without_the_service_fails_cleanly(
    qapp: QApplication, connection: Any, caplog: pytest.LogCaptureFixture
) -> None:
    inhibitor = DBusScreenSaverInhibitor(connection)
    assert inhibitor.is_connected()
    assert inhibitor.inhibit("test") is False
    assert "ServiceUnknown" in caplog.text
    inhibitor.release()


def test_dbus_with_no_bus_fails_cleanly(qapp: QApplication, tmp_path: Path) -> None:
    from PySide6.QtDBus import QDBusConnection

    bus = QDBusConnection.connectToBus(f"unix:path={tmp_path}/no-bus", "kiosk-test-no-bus")
    try:
        inhibitor = DBusScreenSaverInhibitor(bus)
        assert not inhibitor.is_connected()
        assert inhibitor.inhibit("test") is False
        inhibitor.release()
    finally:
        QDBusConnection.disconnectFromBus("kiosk-test-no-bus")


def test_make_inhibitor_without_a_session_bus_is_null(
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from PySide6.QtDBus import QDBusConnection

    caplog.set_level("INFO", logger="kiosk.inhibit")
    bus = QDBusConnection.connectToBus(f"unix:path={tmp_path}/no-bus", "kiosk-test-no-bus")
    monkeypatch.setattr(inhibit, "_session_bus", lambda: bus)
    try:
        inhibitor = make_inhibitor("linux")
        assert isinstance(inhibitor, NullInhibitor)
        assert "no D-Bus session bus" in caplog.text
    finally:
        QDBusConnection.disconnectFromBus("kiosk-test-no-bus")


def test_null_inhibitor_says_so_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="kiosk.inhibit")
    inhibitor = NullInhibitor()
    assert inhibitor.inhibit("a") is False
    assert inhibitor.inhibit("b") is False
    inhibitor.release()
    assert caplog.text.count("screen-sleep inhibition not supported here") == 1


class FakeKernel32:
    def __init__(self, result: int = 1) -> None:
        self.calls: list[int] = []
        self.result = result

    def SetThreadExecutionState(self, flags: int) -> int:
        self.calls.append(flags)
        return self.result


def test_windows_inhibitor() -> None:
    kernel32 = FakeKernel32()
    inhibitor = WindowsInhibitor(kernel32)
    assert isinstance(inhibitor, ScreenInhibitor)
    assert inhibitor.inhibit("test") is True
    assert inhibitor.inhibit("test") is True
    inhibitor.release()
    inhibitor.release()
    flags = ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED
    assert kernel32.calls == [flags, ES_CONTINUOUS]
    assert flags == 0x80000003


def test_windows_inhibitor_failure() -> None:
    inhibitor = WindowsInhibitor(FakeKernel32(result=0))
    assert inhibitor.inhibit("test") is False
    inhibitor.release()


@pytest.mark.skipif(sys.platform == "win32", reason="not Windows")
def test_make_inhibitor_for_windows_without_kernel32_is_null() -> None:
    assert isinstance(make_inhibitor("win32"), NullInhibitor)


class FakeProcess:
    def __init__(self, command: list[str], **options: Any) -> None:
        self.command = command
        self.returncode: int | None = None
        self.terminated = False

    def poll(self) -> int | None:
        return self.returncode

    def terminate(self) -> None:
        self.terminated = True
        self.returncode = -15

    def wait(self, timeout: float | None = None) -> int:
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        self.returncode = -9


def test_caffeinate_inhibitor() -> None:
    started: list[FakeProcess] = []

    def popen(command: list[str], **options: Any) -> FakeProcess:
        started.append(FakeProcess(command, **options))
        return started[-1]

    inhibitor = CaffeinateInhibitor(popen=popen)  # type: ignore[arg-type]
    assert inhibitor.inhibit("test") is True
    assert inhibitor.inhibit("test") is True
    assert len(started) == 1
    assert started[0].command == ["caffeinate", "-d", "-i", "-w", str(os.getpid())]
    inhibitor.release()
    assert started[0].terminated
    inhibitor.release()


def test_caffeinate_missing() -> None:
    def popen(command: list[str], **options: Any) -> FakeProcess:
        raise FileNotFoundError("caffeinate")

    inhibitor = CaffeinateInhibitor(popen=popen)  # type: ignore[arg-type]
    assert inhibitor.inhibit("test") is False
    inhibitor.release()


def test_make_inhibitor_for_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert isinstance(make_inhibitor("darwin"), NullInhibitor)
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/caffeinate")
    assert isinstance(make_inhibitor("darwin"), CaffeinateInhibitor)
