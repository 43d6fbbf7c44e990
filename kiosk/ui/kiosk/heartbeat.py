"""A heartbeat from the GUI event loop, for the supervisor and for systemd's watchdog.

A QTimer on the GUI thread touches a file and, under systemd, sends ``WATCHDOG=1``; if the
event loop hangs, the beats stop and whoever watches restarts the app.
"""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.system.supervisor import write_heartbeat

log = logging.getLogger(__name__)


def sd_notify(state: str, *, socket_path: str | None = None) -> bool:
    """Send ``state`` (e.g. ``"READY=1"``) to systemd's notification socket.

    The socket is ``socket_path`` or the ``NOTIFY_SOCKET`` environment variable; a leading
    ``@`` means Linux's abstract namespace. Returns False, quietly, when there is none;
    logs a warning and returns False when sending fails. Never raises.
    """
    address = socket_path if socket_path is not None else os.environ.get("NOTIFY_SOCKET", "")
    family = getattr(socket, "AF_UNIX", None)
    if not address or family is None:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    elif not address.startswith("/"):
        log.warning("unsupported NOTIFY_SOCKET address %r", address)
        return False
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(state.encode("utf-8"))
    except OSError as error:
        log.warning("could not notify systemd (%s): %s", state.split("=")[0], error)
        return False
    return True


def watchdog_enabled() -> bool:
    """True under systemd (``NOTIFY_SOCKET`` set), unless ``WATCHDOG_PID`` names another process."""
    if not os.environ.get("NOTIFY_SOCKET"):
        return False
    pid = os.environ.get("WATCHDOG_PID")
    return not pid or pid == str(os.getpid())


class Heartbeat(QObject):
    """Beats every ``interval_ms`` milliseconds while the GUI event loop runs.

    Each beat writes the current time (seconds since the epoch) to ``path``, if given,
    which also advances its modification time, and sends ``WATCHDOG=1`` under systemd
    (``NOTIFY_SOCKET`` set). When systemd states its watchdog timeout (``WATCHDOG_USEC``,
    microseconds) the interval is shortened to at most half of it.
    """

    beat = Signal()
    """Emitted after every beat."""

    def __init__(
        self, path: Path | None = None, interval_ms: int = 1000, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._path = path
        self._write_failed = False
        watchdog_usec = os.environ.get("WATCHDOG_USEC", "")
        if watchdog_enabled() and watchdog_usec.isdigit() and int(watchdog_usec) > 0:
            interval_ms = min(interval_ms, max(1, int(watchdog_usec) // 2000))
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, interval_ms))
        self._timer.timeout.connect(self.beat_now)

    @property
    def path(self) -> Path | None:
        """The heartbeat file, if any."""
        return self._path

    @property
    def interval_ms(self) -> int:
        """Time between beats, in milliseconds."""
        return self._timer.interval()

    def start(self) -> None:
        """Beat now, then every ``interval_ms`` milliseconds."""
        if self._path is not None:
            try:
                self._path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                log.warning("cannot create the heartbeat folder %s: %s", self._path.parent, error)
        self.beat_now()
        self._timer.start()

    def stop(self) -> None:
        """Stop beating."""
        self._timer.stop()

    def is_active(self) -> bool:
        """True while beating."""
        return self._timer.isActive()

    def ready(self) -> bool:
        """Tell systemd the app is up (``READY=1``); False when not under systemd."""
        return sd_notify("READY=1")

    def stopping(self) -> bool:
        """Tell systemd the app is shutting down on purpose (``STOPPING=1``)."""
        return sd_notify("STOPPING=1")

    def beat_now(self) -> None:
        """Touch the heartbeat file and pet systemd's watchdog once."""
        if self._path is not None:
            self._touch(self._path)
        if watchdog_enabled():
            sd_notify("WATCHDOG=1")
        self.beat.emit()

    def _touch(self, path: Path) -> None:
        try:
            write_heartbeat(path)
        except OSError as error:
            if not self._write_failed:  # once, not every second
                log.warning("cannot write the heartbeat file %s: %s", path, error)
            self._write_failed = True
            return
        if self._write_failed:
            log.info("heartbeat file %s is writable again", path)
            self._write_failed = False
