"""What the probe scripts (presenter_probe.py, window_probe.py) share: commands arrive one per
line on stdin, and answers go out as one JSON line each on stdout."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QRect, QSocketNotifier
from PySide6.QtWidgets import QApplication, QWidget


def rect(rect: QRect) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


def window_state(widget: QWidget) -> dict[str, object]:
    """Where ``widget`` is: its screen's name, its geometry, fullscreen, visible."""
    return {
        "screen": widget.screen().name(),
        "geometry": rect(widget.geometry()),
        "fullscreen": widget.isFullScreen(),
        "visible": widget.isVisible(),
    }


def answer(value: object) -> None:
    """One JSON line on stdout."""
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


def serve(app: QApplication, command: Callable[[str], None]) -> int:
    """Run ``app``, calling ``command`` with each line read from stdin; quit at its end.
    Returns the event loop's exit code."""
    pending = [b""]

    def read_commands() -> None:
        # Unbuffered: several commands may arrive in one read, and the notifier fires once.
        data = os.read(sys.stdin.fileno(), 65536)
        if not data:
            app.quit()
            return
        pending[0] += data
        while b"\n" in pending[0]:
            line, pending[0] = pending[0].split(b"\n", 1)
            command(line.decode().strip())

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(read_commands)
    app.setQuitOnLastWindowClosed(False)
    code = app.exec()
    notifier.setEnabled(False)
    return code
