"""What a screen reader finds in the window: its languages and the overview's slides.

Run inside ``dbus-run-session`` with Debian's ``/usr/bin/python3`` (pyatspi)::

    dbus-run-session -- /usr/bin/python3 tests/support/atspi_tree.py \\
        --app-python .venv/bin/python --content CONTENT --language ar

It starts the accessibility bus, then ``kiosk --content CONTENT --language CODE`` on
``$DISPLAY`` with Qt's accessibility bridge on, waits for its window, and prints JSON lines:
``{"locales": [...]}`` (the locales of every element, as libatspi reports each one's
``get_object_locale()``), ``{"buttons": [...]}`` (the names of the push buttons shown),
then presses O (xdotool) and prints
``{"overview": [[name, role, [states]], ...]}`` (the overview's children), then
``{"done": true}`` (or ``{"done": false}`` at the time limit).
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
    parser.add_argument("--content", required=True)
    parser.add_argument("--language", required=True)
    parser.add_argument("--seconds", type=float, default=60.0)
    options = parser.parse_args()
    launcher = start_bus()
    import pyatspi  # type: ignore[import-not-found]  # here: it joins the bus on import

    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb")
    env["PYTHONPATH"] = str(REPO)
    command = [options.app_python, "-m", "kiosk", "--content", options.content]
    command += ["--language", options.language, "--video-path", "cpu"]
    app = subprocess.Popen(command, env=env, cwd=REPO)
    deadline = time.monotonic() + options.seconds
    try:
        window = wait_for_window(deadline)
        application = find_application(pyatspi, deadline)
        if window is None or application is None:
            say(done=False, app_exit=app.poll())
            return 1
        say(locales=sorted(element_locales(pyatspi, application)))
        say(buttons=button_names(pyatspi, application))
        subprocess.run(["xdotool", "key", "--window", window, "o"], check=False)
        say(overview=overview_children(pyatspi, application, deadline))
        say(done=True)
        return 0
    finally:
        end(app, launcher)


def wait_for_window(deadline: float) -> str | None:
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "."],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        if found:
            time.sleep(1.0)  # let the first slide settle
            return found[0]
        time.sleep(0.2)
    return None


def find_application(pyatspi: Any, deadline: float) -> Any:
    while time.monotonic() < deadline:
        for application in pyatspi.Registry.getDesktop(0):
            if application is not None and application.childCount:
                return application
        time.sleep(0.2)
    return None


def element_locales(pyatspi: Any, application: Any) -> set[str]:
    found: set[str] = set()
    for element in pyatspi.findAllDescendants(application, lambda a: True):
        try:
            found.add(str(element.get_object_locale() or ""))
        except Exception as error:
            found.add(f"error: {type(error).__name__}")
    return found


def button_names(pyatspi: Any, application: Any) -> list[str]:
    """The names of the push buttons a screen reader finds, in the tree's order."""
    found = pyatspi.findAllDescendants(application, lambda a: a.getRoleName() == "push button")
    return [str(element.name) for element in found]


def overview_children(pyatspi: Any, application: Any, deadline: float) -> list[list[object]]:
    """The overview's items (the first list with children, once shown): name, role, states."""
    while time.monotonic() < deadline:
        time.sleep(0.3)
        for element in pyatspi.findAllDescendants(
            application, lambda a: a.getRoleName() == "list" and a.childCount > 0
        ):
            children = [element.getChildAtIndex(i) for i in range(element.childCount)]
            return [
                [
                    str(child.name),
                    child.getRoleName(),
                    [pyatspi.stateToString(s) for s in child.getState().getStates()],
                ]
                for child in children
            ]
    return []


if __name__ == "__main__":
    sys.exit(main())
