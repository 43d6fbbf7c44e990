"""Clicker buttons as real X key events (Xvfb + xdotool): XF86Presentation starts the show,
XF86DisplayToggle blanks, a held Next (the X server's auto-repeat) moves one slide, and the
US "." position blanks under a French layout. Offscreen tests of the mapping:
tests/test_clickers.py."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest

from tests.support.child import HERE, Child
from tests.support.xvfb import require, xcb_env, xvfb

pytestmark = pytest.mark.slow


@pytest.fixture
def app() -> Iterator[tuple[Child, str]]:
    require(
        "xdotool", "xmodmap", "xset", "setxkbmap", why="xdotool, x11-xserver-utils, x11-xkb-utils"
    )
    with xvfb(1280, 720) as display:
        child = Child(HERE / "clicker_probe.py", env=xcb_env(display))
        try:
            assert child.wait_for(lambda s: s["visible"])["visible"]
            yield child, display
        finally:
            child.close()


def _x(display: str, *command: str) -> None:
    subprocess.run(command, check=True, timeout=20, env=dict(os.environ, DISPLAY=display))


def _keys(display: str, *args: str) -> None:
    window = subprocess.run(
        ["xdotool", "search", "--name", "clicker-probe"],
        capture_output=True,
        text=True,
        check=True,
        timeout=20,
        env=dict(os.environ, DISPLAY=display),
    ).stdout.split()[0]
    _x(display, "xdotool", "windowfocus", "--sync", window)
    _x(display, "xdotool", *args)


def test_presentation_key_starts_the_show(app: tuple[Child, str]) -> None:
    child, display = app
    # X keycodes stop at 255, so KEY_PRESENTATION (433) needs a keycode of its own here.
    _x(
        display,
        "xmodmap",
        "-e",
        "keycode 200 = XF86Presentation",
        "-e",
        "keycode 201 = XF86DisplayToggle",
    )
    _keys(display, "key", "XF86Presentation")
    assert child.wait_for(lambda s: s["fullscreen"])["fullscreen"]
    _keys(display, "key", "XF86DisplayToggle")
    assert child.wait_for(lambda s: s["blank"] == "black")["blank"] == "black"


def test_a_held_next_key_moves_one_slide(app: tuple[Child, str]) -> None:
    child, display = app
    _x(display, "xset", "r", "on")
    _x(display, "xset", "r", "rate", "200", "30")
    _keys(display, "keydown", "Next")
    _x(display, "xdotool", "sleep", "1")  # about 24 repeats at 30 a second after 200 ms
    _keys(display, "keyup", "Next")
    assert child.wait_for(lambda s: s["index"] == 1)["index"] == 1
    assert child.state()["index"] == 1


def test_period_position_blanks_on_a_french_layout(app: tuple[Child, str]) -> None:
    child, display = app
    _x(display, "setxkbmap", "fr")
    _keys(display, "key", "colon")  # the key of US "." types ":" on AZERTY
    assert child.wait_for(lambda s: s["blank"] == "black")["blank"] == "black"
