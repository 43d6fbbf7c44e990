"""What the AT-SPI scripts (atspi_listen.py, atspi_tree.py) share: the accessibility bus,
their JSON lines, and ending the app and the bus. They run under Debian's /usr/bin/python3
(pyatspi), so this module needs nothing but the standard library."""

from __future__ import annotations

import json
import subprocess
import sys
import time

LAUNCHER = "/usr/libexec/at-spi-bus-launcher"


def say(**fields: object) -> None:
    """One JSON line on stdout, for the test that reads it."""
    sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def start_bus() -> subprocess.Popen[bytes]:
    """The accessibility bus, started and given time to publish its address (the bus
    launcher says nothing when it has: pyatspi joins on import, so it must be there)."""
    launcher = subprocess.Popen([LAUNCHER, "--launch-immediately"])
    time.sleep(1.5)
    return launcher


def end(app: subprocess.Popen[bytes], launcher: subprocess.Popen[bytes]) -> None:
    """Stop the app (killed if it will not go within 10 s), then the bus."""
    app.terminate()
    try:
        app.wait(10)
    except subprocess.TimeoutExpired:
        app.kill()
    launcher.terminate()
