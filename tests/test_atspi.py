"""As a screen reader sees it: the kiosk on a real X screen with Qt's accessibility bridge on,
and a listener on the accessibility bus (AT-SPI, as Orca listens) that hears a slide change
and the "Still there?" countdown announced, and finds the slides' titles as headings.

Needs Debian's xvfb, xdotool, dbus (dbus-run-session), at-spi2-core (the bus launcher) and
python3-pyatspi (for /usr/bin/python3): packaging/debian-packages.txt's test group.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.support.xvfb import missing_tool, require, xcb_env, xvfb

pytestmark = pytest.mark.slow
LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
DEBIAN_PYTHON = Path("/usr/bin/python3")
LISTENER = REPO_ROOT / "tests" / "support" / "atspi_listen.py"


def _require_atspi() -> str:
    (session,) = require("dbus-run-session", why="Debian's dbus")
    require("Xvfb", "xdotool", why="Debian's xvfb and xdotool")
    if not LAUNCHER.exists():
        missing_tool(f"{LAUNCHER} (Debian's at-spi2-core)")
    probe = [str(DEBIAN_PYTHON), "-c", "import pyatspi"]
    if not DEBIAN_PYTHON.exists() or subprocess.run(probe, capture_output=True).returncode:
        missing_tool("pyatspi for /usr/bin/python3 (Debian's python3-pyatspi)")
    return session


def test_a_screen_reader_hears_a_slide_change_and_the_countdown(tmp_path: Path) -> None:
    session = _require_atspi()
    with xvfb(1280, 720) as display:
        listen = [str(DEBIAN_PYTHON), str(LISTENER), "--app-python", sys.executable]
        result = subprocess.run(
            [session, "--", *listen, "--pin-file", str(tmp_path / "pin.json")],
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **xcb_env(display)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    heard = [line["announcement"] for line in lines if "announcement" in line]
    assert {"done": True} in lines, f"heard {heard}; stderr:\n{result.stderr[-3000:]}"
    assert any(words.startswith("Slide 2 of ") for words in heard), heard
    countdown = next(words for words in heard if words.startswith("Still there?"))
    assert countdown.endswith("Starting again in 20"), "the countdown lasts 20 seconds"
    headings = next(line["headings"] for line in lines if "headings" in line)
    assert "Improving Health and Care" in headings, f"slide titles are headings: {headings}"


EXAMPLE = REPO_ROOT / "examples" / "multilingual" / "content.yaml"
TREE = REPO_ROOT / "tests" / "support" / "atspi_tree.py"


def test_a_screen_reader_finds_the_language_and_the_overviews_slides(tmp_path: Path) -> None:
    session = _require_atspi()
    with xvfb(1280, 720) as display:
        probe = [str(DEBIAN_PYTHON), str(TREE), "--app-python", sys.executable]
        result = subprocess.run(
            [session, "--", *probe, "--content", str(EXAMPLE), "--language", "ar"],
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **xcb_env(display)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {"done": True} in lines, f"stderr:\n{result.stderr[-3000:]}"
    locales = next(line["locales"] for line in lines if "locales" in line)
    assert locales == ["ar_EG"], "every element reports the shown language (Qt: per app)"
    buttons = next(line["buttons"] for line in lines if "buttons" in line)
    assert "كل الشرائح" in buttons, buttons  # "All slides", in the example's Arabic
    items = next(line["overview"] for line in lines if "overview" in line)
    assert len(items) == 8, items
    assert items[1][0] == "الشريحة 2 من 8: تحسين الصحة والرعاية"
    assert {role for _, role, _ in items} == {"list item"}
    marked = [index for index, (_, _, states) in enumerate(items) if "checked" in states]
    selected = [index for index, (_, _, states) in enumerate(items) if "selected" in states]
    assert marked == selected == [0], "the current slide, checked and selected"
