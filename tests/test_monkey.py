"""A seeded storm of random input per mode (see tests/monkey.py): nothing raises, nothing
crashes, the kiosk never quits or leaves fullscreen, and the app still answers afterwards.

``MONKEY_SEED`` and ``MONKEY_EVENTS`` change the seed and the number of events (the
defaults are fixed, so CI runs the same storm every time); a failure names the seed and the
last events. ``python -m bench.monkey_long`` runs 100,000 events per mode.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from pytestqt.exceptions import _except_hook

from kiosk.content import Content
from tests.conftest import REPO_ROOT
from tests.monkey import Monkey, Waits, make_stage
from tests.test_presenter_console import x_display  # noqa: F401 (a fixture)

EVENTS = int(os.environ.get("MONKEY_EVENTS", "1500"))
SEED = int(os.environ.get("MONKEY_SEED", "20250611"))

CASES = [
    pytest.param("window", True, SEED, id=f"window-seed{SEED}"),
    pytest.param("kiosk", True, SEED + 1, id=f"kiosk-seed{SEED + 1}"),
    pytest.param("kiosk", False, SEED + 2, id=f"kiosk-windowed-seed{SEED + 2}"),
    pytest.param("presenter", True, SEED + 3, id=f"presenter-seed{SEED + 3}"),
]


@pytest.fixture(scope="module")
def touch_device(qapp: object) -> QPointingDevice:
    return QTest.createTouchDevice()


def _capturing_exceptions() -> bool:
    """Whether pytest-qt's hook is in place: an exception in a slot fails the test."""
    hook = sys.excepthook
    return isinstance(hook, functools.partial) and hook.func is _except_hook


@pytest.mark.parametrize(("mode", "fullscreen", "seed"), CASES)
def test_monkey(  # type: ignore[no-untyped-def]
    qtbot,
    request,
    content: Content,
    app_fonts: None,
    tmp_path: Path,
    touch_device: QPointingDevice,
    mode: str,
    fullscreen: bool,
    seed: int,
):
    assert request.node.get_closest_marker("qt_no_exception_capture") is None
    assert not request.config.getini("qt_no_exception_capture")
    assert _capturing_exceptions()
    stage = make_stage(
        mode, content, tmp_path / "staff-pin.json", qtbot.addWidget, fullscreen=fullscreen
    )
    try:
        for window in stage.windows:
            qtbot.waitExposed(window)
        waits = Waits(qtbot.wait, lambda predicate, ms: qtbot.waitUntil(predicate, timeout=ms))
        monkey = Monkey(stage, seed, waits, touch_device)
        monkey.run(EVENTS)
        monkey.check_answers()
        assert _capturing_exceptions()  # the monkey put pytest-qt's hook back
    finally:
        stage.close()


def test_monkey_reports_its_seed_and_an_exception_in_a_slot(
    qtbot, content: Content, app_fonts: None, tmp_path: Path, touch_device: QPointingDevice
):
    """The storm stops at an exception raised in a handler, naming the seed and the events."""
    stage = make_stage("window", content, tmp_path / "pin.json", qtbot.addWidget)
    window = stage.windows[0]
    qtbot.waitExposed(window)
    calls = [0]

    def broken(action: str) -> bool:
        calls[0] += 1
        raise RuntimeError("planted")

    window.perform = broken  # type: ignore[method-assign]
    waits = Waits(qtbot.wait, lambda predicate, ms: qtbot.waitUntil(predicate, timeout=ms))
    monkey = Monkey(stage, 4242, waits, touch_device)
    with pytest.raises(AssertionError) as failure:
        monkey.run(500)
    message = str(failure.value)
    assert "mode=window seed=4242" in message
    assert "RuntimeError" in message
    assert "planted" in message
    assert "MONKEY_SEED=4242" in message
    assert calls[0] >= 1


# --- real screens plugged in and out under the storm -------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "args"),
    [("kiosk", ["--screen", "1"]), ("presenter", [])],
    ids=["kiosk-on-the-projector", "presenter"],
)
def test_monkey_while_a_projector_is_plugged_in_and_out(x_display: str, mode: str, args: list):  # type: ignore[no-untyped-def,type-arg]  # noqa: F811
    """On a real (virtual) X server: the storm's screen events plug a RandR projector in
    and out (tests/monkey.py's ``--randr``); the kiosk starts on the projector."""
    events, seed = 600, SEED + 10
    command = [sys.executable, "-m", "tests.monkey", "--mode", mode, "--randr", *args]
    command += ["--events", str(events), "--seed", str(seed)]
    result = subprocess.run(
        command,
        env=dict(os.environ, PYTHONPATH=str(REPO_ROOT), DISPLAY=x_display, QT_QPA_PLATFORM="xcb"),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    assert lines, f"the child crashed (exit {result.returncode}):\n{result.stderr[-6000:]}"
    summary = json.loads(lines[-1])
    assert result.returncode == 0, result.stderr[-6000:]
    assert summary["ok"]
    assert summary["events"] == events
    assert summary["projector_toggles"] >= 4
