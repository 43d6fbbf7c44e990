"""A seeded storm of random input per mode (see tests/support/monkey.py): nothing raises, nothing
crashes, the kiosk never quits or leaves fullscreen, and the app still answers afterwards.

``MONKEY_SEED`` and ``MONKEY_EVENTS`` set the seed and the number of events of every storm
(by default each storm has its own fixed seed, so CI runs the same storms every time); a
failure names the seed and the last events, and a hang ends the run with that report.
``python -m bench.monkey_long`` runs 100,000 events per mode.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from pytestqt.exceptions import _except_hook
from pytestqt.qtbot import QtBot

from kiosk.content import Content
from kiosk.ui.show.window import MainWindow
from tests.conftest import REPO_ROOT
from tests.support.monkey import Monkey, MonkeyError, Waits, make_stage, stall_exit

if TYPE_CHECKING:
    from _pytest.mark import ParameterSet

EVENTS = os.environ.get("MONKEY_EVENTS")
SEED = os.environ.get("MONKEY_SEED")
"""Set, every storm here uses this seed; unset, each has its own fixed seed."""
DEFAULT_SEED = 20250611


def _case(
    name: str, mode: str, fullscreen: bool, offset: int, events: int, *marks: pytest.MarkDecorator
) -> ParameterSet:
    seed = int(SEED) if SEED else DEFAULT_SEED + offset
    count = int(EVENTS) if EVENTS else events
    return pytest.param(mode, fullscreen, seed, count, id=f"{name}-seed{seed}", marks=marks)


# About 4 to 10 ms per event on 2 cores; the kiosk gets two runs: fullscreen as it is shown,
# and in a window, where the storm's resizes (portrait, tiny) reach its layers.
CASES = [
    _case("window", "window", True, 0, 2500, pytest.mark.slow),
    _case("kiosk", "kiosk", True, 1, 2500, pytest.mark.slow),
    _case("kiosk-windowed", "kiosk", False, 2, 1000),
    _case("presenter", "presenter", True, 3, 1500, pytest.mark.slow),
]


REACHED = {
    "window": {"video playing", "blank black", "slide 9"},
    "kiosk": {"kiosk visit", "kiosk countdown", "kiosk attract", "kiosk staff", "video playing"},
    "presenter": {"placed", "video playing", "blank white", "slide 9"},
}
"""What a storm of 1,000 events or more must have got the app to do (else it tests little)."""

STORM = pytest.mark.qt_log_ignore(
    # QTest's warnings at what the storm sends on purpose: clicks just outside a window,
    # and keys that type no text (media keys, Key_unknown).
    "occurs outside target window",
    "keyToAscii Unhandled key code",
    # A context menu the storm opens (on the presenter's notes) grabs the keyboard, which
    # the offscreen platform cannot do.
    "This plugin does not support grabbing the keyboard",
    # A touch gesture whose widget went away mid-gesture (the storm closes layers and
    # changes slides while fingers are down): Qt drops the gesture and says so.
    "QGestureManager::deliverEvents: could not find the target for gesture",
)


@pytest.fixture(scope="module")
def touch_device(qapp: object) -> QPointingDevice:
    return QTest.createTouchDevice()


@pytest.fixture
def on_stall(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """On a hang, print the monkey's report past pytest's capture, then end the run (a hung
    event loop never gives the test back; better a failed run than a stuck CI job)."""
    capture = request.config.pluginmanager.getplugin("capturemanager")

    def stalled(report: str) -> None:
        if capture is not None:
            capture.suspend_global_capture(in_=True)
        stall_exit(f"{request.node.nodeid}:\n{report}")

    return stalled


def _capturing_exceptions() -> bool:
    """Whether pytest-qt's hook is in place: an exception in a slot fails the test."""
    hook = sys.excepthook
    return isinstance(hook, functools.partial) and hook.func is _except_hook


@STORM
@pytest.mark.parametrize(("mode", "fullscreen", "seed", "events"), CASES)
def test_monkey(
    qtbot: QtBot,
    request: pytest.FixtureRequest,
    content: Content,
    app_fonts: None,
    tmp_path: Path,
    touch_device: QPointingDevice,
    on_stall: Callable[[str], None],
    mode: str,
    fullscreen: bool,
    seed: int,
    events: int,
) -> None:
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
        monkey = Monkey(stage, seed, waits, touch_device, on_stall=on_stall)
        monkey.run(events)
        monkey.check_answers()
        assert _capturing_exceptions()  # the monkey put pytest-qt's hook back
        missing = REACHED[mode] - set(stage.seen) if events >= 1000 else set()
        assert not missing, f"seed {seed}: the storm never got to {missing}: {stage.seen}"
    finally:
        stage.close()


@STORM
def test_monkey_reports_its_seed_and_an_exception_in_a_slot(
    qtbot: QtBot, content: Content, app_fonts: None, tmp_path: Path, touch_device: QPointingDevice
) -> None:
    """The storm stops at an exception raised in a handler, naming the seed and the events."""
    stage = make_stage("window", content, tmp_path / "pin.json", qtbot.addWidget)
    window = stage.windows[0]
    qtbot.waitExposed(window)
    calls = [0]

    def broken(event: object) -> bool:
        calls[0] += 1
        raise RuntimeError("planted")

    assert isinstance(window, MainWindow)
    # In the key handler, which the monkey's key press calls: a button's slot (All slides,
    # the arrows) would hand the exception to pytest-qt's hook, failing this test first.
    window.show_state.handle_key = broken  # type: ignore[method-assign]
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


@STORM
@pytest.mark.qt_no_exception_capture  # the monkey's own hook is the one under test
def test_monkey_notices_an_exception_in_a_timer_slot(
    qtbot: QtBot, content: Content, app_fonts: None, tmp_path: Path, touch_device: QPointingDevice
) -> None:
    """An exception Qt hands to sys.excepthook (a slot the event loop runs) stops the storm."""
    stage = make_stage("window", content, tmp_path / "pin.json", qtbot.addWidget)
    qtbot.waitExposed(stage.windows[0])
    batches = [0]

    def planted() -> None:
        raise RuntimeError("planted in a timer's slot")

    def wait(milliseconds: int) -> None:
        batches[0] += 1
        if batches[0] == 3:  # fires in the event loop below, as in the app's own loop
            QTimer.singleShot(0, planted)
        qtbot.wait(max(milliseconds, 5))

    waits = Waits(wait, lambda predicate, ms: qtbot.waitUntil(predicate, timeout=ms))
    monkey = Monkey(stage, 4243, waits, touch_device)
    with pytest.raises(MonkeyError, match="uncaught exception") as failure:
        monkey.run(500)
    assert "RuntimeError: planted in a timer's slot" in str(failure.value)
    assert "seed=4243" in str(failure.value)
    assert monkey.done == 60  # stopped after the batch whose wait raised


# --- real screens plugged in and out under the storm -------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "args", "events"),
    [("kiosk", ["--screen", "1"], 600), ("presenter", [], 400)],
    ids=["kiosk-on-the-projector", "presenter"],
)
def test_monkey_while_a_projector_is_plugged_in_and_out(
    x_display: str, mode: str, args: list[str], events: int
) -> None:
    """On a real (virtual) X server: the storm's screen events plug a RandR projector in
    and out (tests/support/monkey.py's ``--randr``); the kiosk starts on the projector."""
    seed = int(SEED) if SEED else DEFAULT_SEED + 10
    command = [sys.executable, "-m", "tests.support.monkey", "--mode", mode, "--randr", *args]
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
    assert summary["projector_toggles"] >= 2


# --- what the monkey found ---------------------------------------------------------------------
def test_keys_do_not_reach_the_show_behind_the_pin_pad(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, touch_device: QPointingDevice
) -> None:
    """Anyone can open the PIN pad (five taps); until the PIN is right, no key may act on the
    show behind it (F5 made a windowed kiosk fullscreen, B blanked it, digits jumped)."""
    from kiosk.system.pin import PinStore
    from kiosk.ui.kiosk.controller import STAFF, KioskController
    from kiosk.ui.widgets.layer import modal_layer
    from tests.support.monkey import key_click

    pins = PinStore(tmp_path / "pin.json")
    pins.set_pin("2468")
    controller = KioskController(window, pins=pins, quit_app=lambda code: None)
    controller.start()
    try:
        window.go_to(2)
        controller.open_staff()
        assert controller.pin_pad.isVisible()
        fullscreen = window.isFullScreen()
        for key in (Qt.Key.Key_F5, Qt.Key.Key_B, Qt.Key.Key_O, Qt.Key.Key_G, Qt.Key.Key_Right):
            key_click(window, key)
        for key in (Qt.Key.Key_5, Qt.Key.Key_Return, Qt.Key.Key_Question, Qt.Key.Key_Tab):
            key_click(window, key)
        qtbot.wait(0)
        assert controller.state == STAFF
        assert window.current_index == 2
        assert window.isFullScreen() == fullscreen
        assert window.show_state.blank == ""
        assert window.show_state.typed == ""
        assert modal_layer(window) is None
    finally:
        controller.stop()


FROZE = """
import sys
from kiosk.content import load_content
from kiosk.resources import bundled_content_path
from kiosk.ui.app import create_application
from kiosk.ui.presenter.console import PresenterConsole
from kiosk.ui.presenter.screens import PresenterSession
from kiosk.ui.show.window import MainWindow
from tests.support.monkey import loop_wait

content = load_content(bundled_content_path())
app = create_application(sys.argv[:1], content.theme.font)
window = MainWindow(content)
console = PresenterConsole(window)
PresenterSession(window, console, settle_ms=10).place()
loop_wait(200)
# Found by the monkey: the notes' scroll bar flipped on and off forever at these sizes.
steps = [(192, 2000, 1.52, 1, 5, 0), (65, 300, 1.52, 1, 20, 5), (50, 1000, 0.57, 0, 20, 5)]
for width, height, scale, slide, before, after in steps:
    console.notes_scale = scale
    console._apply_style()
    console.windowHandle().resize(width, height)
    loop_wait(before)
    window.go_to(slide)
    loop_wait(after)
loop_wait(100)
print("still answering", flush=True)
"""


def test_a_narrow_console_does_not_freeze_on_its_notes(tmp_path: Path) -> None:
    """In a child process, since a regression would never return."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", FROZE],
            env=dict(os.environ, PYTHONPATH=str(REPO_ROOT), QT_QPA_PLATFORM="offscreen"),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the presenter console froze (the notes' scroll bar flipping on and off)")
    assert result.returncode == 0, result.stderr[-4000:]
    assert result.stdout.strip() == "still answering"
