"""Keep the screen awake while the kiosk runs: one interface, one implementation per platform.

- Linux and other freedesktop systems: ``org.freedesktop.ScreenSaver`` on the D-Bus
  session bus (GNOME, KDE, Xfce and others provide it), through PySide6.QtDBus.
- Windows: ``SetThreadExecutionState`` (call from the GUI thread, which lives as long as
  the app).
- macOS: a ``caffeinate -d -i -w PID`` child that ends with the app.

Create inhibitors after the QApplication exists (QtDBus needs it).
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection, QDBusInterface

log = logging.getLogger(__name__)

APP_NAME = "rho-kiosk"

SCREENSAVER_SERVICE = "org.freedesktop.ScreenSaver"
SCREENSAVER_INTERFACE = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")
DBUS_TIMEOUT_MS = 2000
"""How long a D-Bus call may take, in milliseconds."""

ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002


@runtime_checkable
class ScreenInhibitor(Protocol):
    """Stops the screen blanking or the machine sleeping while inhibited."""

    def inhibit(self, reason: str) -> bool:
        """Start inhibiting; True when it worked (calling it again is harmless)."""
        ...

    def release(self) -> None:
        """Stop inhibiting; harmless when not inhibiting."""
        ...


class NullInhibitor:
    """Does nothing, and says so once in the log."""

    def __init__(self, why: str = "") -> None:
        self.why = why
        self._told = False

    def inhibit(self, reason: str) -> bool:
        if not self._told:
            suffix = f" ({self.why})" if self.why else ""
            log.info("screen-sleep inhibition not supported here%s", suffix)
            self._told = True
        return False

    def release(self) -> None:
        pass


class DBusScreenSaverInhibitor:
    """``org.freedesktop.ScreenSaver.Inhibit`` / ``UnInhibit`` on the session bus.

    The inhibition also ends when this process leaves the bus, so a crash never leaves the
    screen awake for good.
    """

    def __init__(self, connection: QDBusConnection | None = None, app_name: str = APP_NAME) -> None:
        from PySide6.QtDBus import QDBusConnection

        self._bus = connection if connection is not None else QDBusConnection.sessionBus()
        self._app_name = app_name
        self._cookie: int | None = None
        self._path = SCREENSAVER_PATHS[0]
        self._interface: QDBusInterface | None = None

    def is_connected(self) -> bool:
        """True when the bus is reachable."""
        return self._bus.isConnected()

    def inhibit(self, reason: str) -> bool:
        from PySide6.QtDBus import QDBus, QDBusMessage

        if self._cookie is not None:
            return True
        if not self._bus.isConnected():
            log.warning("cannot keep the screen awake: no D-Bus session bus")
            return False
        error = ""
        for path in SCREENSAVER_PATHS:
            message = QDBusMessage.createMethodCall(
                SCREENSAVER_SERVICE, path, SCREENSAVER_INTERFACE, "Inhibit"
            )
            message.setArguments([self._app_name, reason])
            reply = self._bus.call(message, QDBus.CallMode.Block, DBUS_TIMEOUT_MS)
            arguments = reply.arguments()
            if reply.type() == QDBusMessage.MessageType.ReplyMessage and arguments:
                self._cookie, self._path = int(arguments[0]), path
                log.info("keeping the screen awake (%s)", SCREENSAVER_SERVICE)
                return True
            error = f"{reply.errorName()}: {reply.errorMessage()}"
            if reply.errorName() not in (
                "org.freedesktop.DBus.Error.UnknownObject",
                "org.freedesktop.DBus.Error.UnknownMethod",
            ):
                break  # no such service, or it failed: another path will not help
        log.warning("cannot keep the screen awake via %s: %s", SCREENSAVER_SERVICE, error)
        return False

    def release(self) -> None:
        from PySide6.QtCore import Q_ARG, QMetaObject, Qt
        from PySide6.QtDBus import QDBusInterface

        if self._cookie is None:
            return
        cookie, self._cookie = self._cookie, None
        # UnInhibit takes a uint32, which PySide cannot put in a plain message (a Python
        # int becomes int32 or int64), so call it through an introspected interface.
        interface = QDBusInterface(
            SCREENSAVER_SERVICE, self._path, SCREENSAVER_INTERFACE, self._bus
        )
        interface.setTimeout(DBUS_TIMEOUT_MS)
        called = interface.isValid() and QMetaObject.invokeMethod(
            interface, "UnInhibit", Qt.ConnectionType.DirectConnection, Q_ARG("uint", cookie)
        )
        if called and not interface.lastError().isValid():
            log.info("screen may sleep again")
            return
        log.warning(
            "could not end the screen-sleep inhibition (%s); it ends when the app exits",
            interface.lastError().message() or "UnInhibit not found",
        )


class WindowsInhibitor:
    """``SetThreadExecutionState``: display and system stay on until released."""

    FLAGS = ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED

    def __init__(self, kernel32: Any | None = None) -> None:
        self._kernel32 = kernel32 if kernel32 is not None else _load_kernel32()
        self._active = False

    def inhibit(self, reason: str) -> bool:
        if self._active:
            return True
        if not self._kernel32.SetThreadExecutionState(self.FLAGS):
            log.warning("cannot keep the screen awake: SetThreadExecutionState failed")
            return False
        self._active = True
        log.info("keeping the screen awake (SetThreadExecutionState)")
        return True

    def release(self) -> None:
        if self._active:
            self._kernel32.SetThreadExecutionState(ES_CONTINUOUS)
            self._active = False


class CaffeinateInhibitor:
    """macOS: ``caffeinate -d -i -w PID`` keeps display and system awake while PID lives."""

    def __init__(self, popen: Callable[..., subprocess.Popen[bytes]] = subprocess.Popen) -> None:
        self._popen = popen
        self._process: subprocess.Popen[bytes] | None = None

    def inhibit(self, reason: str) -> bool:
        if self._process is not None and self._process.poll() is None:
            return True
        command = ["caffeinate", "-d", "-i", "-w", str(os.getpid())]
        try:
            self._process = self._popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL
            )
        except OSError as error:
            log.warning("cannot keep the screen awake: caffeinate: %s", error)
            self._process = None
            return False
        log.info("keeping the screen awake (caffeinate)")
        return True

    def release(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_inhibitor(platform: str | None = None) -> ScreenInhibitor:
    """The best inhibitor for this machine; a NullInhibitor when there is none."""
    platform = platform if platform is not None else sys.platform
    if platform == "win32":
        try:
            return WindowsInhibitor()
        except (OSError, AttributeError) as error:
            return _null(f"kernel32 unavailable: {error}")
    if platform == "darwin":
        if shutil.which("caffeinate") is None:
            return _null("caffeinate not found")
        return CaffeinateInhibitor()
    try:
        inhibitor = DBusScreenSaverInhibitor(_session_bus())
    except ImportError as error:
        return _null(f"QtDBus unavailable: {error}")
    if not inhibitor.is_connected():
        return _null("no D-Bus session bus")
    return inhibitor


def _session_bus() -> QDBusConnection:
    from PySide6.QtDBus import QDBusConnection

    return QDBusConnection.sessionBus()


def _null(why: str) -> NullInhibitor:
    log.info("screen-sleep inhibition: %s", why)
    return NullInhibitor(why)


def _load_kernel32() -> Any:
    if sys.platform == "win32":
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.SetThreadExecutionState.argtypes = [ctypes.c_uint32]
        kernel32.SetThreadExecutionState.restype = ctypes.c_uint32
        return kernel32
    raise OSError("SetThreadExecutionState exists only on Windows")
