"""What a screen reader hears of the kiosk: run inside ``dbus-run-session`` with Debian's
``/usr/bin/python3`` (pyatspi, from python3-pyatspi, is not in the venv)::

    dbus-run-session -- /usr/bin/python3 tests/support/atspi_listen.py \\
        --app-python .venv/bin/python --pin-file PIN --seconds 60

It starts the accessibility bus (at-spi-bus-launcher), listens for ``object:announcement``
as Orca does, starts ``kiosk --kiosk`` on ``$DISPLAY`` with Qt's accessibility bridge on,
wakes it and moves to slide 2 with real key presses (xdotool), then lets it stand idle until
"Still there?". Every announcement is printed as one JSON line ``{"announcement": ...}``;
then ``{"headings": [names]}`` (elements with the heading role) and ``{"done": true}`` once
both were heard (or ``{"done": false}`` at the time limit).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))  # this script runs as a file, under Debian's Python

from tests.support.atspi_session import end, say, start_bus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--app-python", required=True)
    parser.add_argument("--pin-file", required=True)
    parser.add_argument("--seconds", type=float, default=60.0)
    options = parser.parse_args()
    launcher = start_bus()
    import pyatspi  # type: ignore[import-not-found]  # here: it joins the bus on import
    from gi.repository import GLib  # type: ignore[import-not-found]

    heard: list[str] = []

    def on_announcement(event: Any) -> None:
        words = str(event.any_data)
        heard.append(words)
        say(announcement=words, source=str(event.source_name or ""))

    pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")
    # As Orca does: Qt's bridge tells of elements made later (slide views made after the
    # first paint) only to a listener of children-changed, which keeps the tree current.
    pyatspi.Registry.registerEventListener(lambda event: None, "object:children-changed")
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb")
    env["PYTHONPATH"] = str(REPO)
    command = [options.app_python, "-m", "kiosk", "--kiosk", "--idle-timeout", "4"]
    command += ["--pin-file", options.pin_file, "--video-path", "cpu"]
    app = subprocess.Popen(
        command,
        env=env,
        cwd=REPO,
    )
    context = GLib.MainContext.default()
    deadline = time.monotonic() + options.seconds
    keys_sent = False
    try:
        while time.monotonic() < deadline and app.poll() is None:
            context.iteration(False)
            time.sleep(0.02)
            if not keys_sent:
                keys_sent = send_keys()
            slide = any(words.startswith("Slide 2 of") for words in heard)
            if keys_sent and slide and any("Still there?" in words for words in heard):
                say(headings=headings(pyatspi))
                say(done=True)
                return 0
        say(done=False, app_exit=app.poll())
        return 1
    finally:
        end(app, launcher)


def headings(pyatspi: Any) -> list[str]:
    """The names of every element with the heading role, in every application."""
    found: list[str] = []
    for application in pyatspi.Registry.getDesktop(0):
        if application is not None:
            for element in pyatspi.findAllDescendants(
                application, lambda a: a.getRoleName() == "heading"
            ):
                found.append(str(element.name))
    return found


def send_keys() -> bool:
    """Once the kiosk's window is up: a key to wake it, then Right to slide 2."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "."],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    if not found:
        return False
    time.sleep(1.0)  # let the kiosk reach its attract loop
    window = found[0]
    subprocess.run(["xdotool", "key", "--window", window, "Right"], check=False)
    time.sleep(0.5)
    subprocess.run(["xdotool", "key", "--window", window, "Right"], check=False)
    return True


if __name__ == "__main__":
    sys.exit(main())
