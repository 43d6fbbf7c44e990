"""A seeded monkey: a random storm of input through Qt at the app's windows, per mode.

``window`` is the presentation window, ``kiosk`` the same sealed by a
:class:`~kiosk.ui.kiosk.controller.KioskController` (fast timings, a long staff PIN nobody
guesses), ``presenter`` the audience window with the presenter console and its
:class:`~kiosk.ui.presenter.screens.PresenterSession`. The storm: every key that could close,
escape or act (Esc, Alt+F4, Ctrl+Q, F5, B, O, digits, media keys...), clicks and
double-clicks anywhere and on the buttons shown, drags, swipes, long presses, touches with
one to three fingers, wheel turns, context menus, key auto-repeat, window resizes (portrait
and tiny too), screens "plugged in and out" and close requests. Input goes through the
windows' ``QWindow`` (as the platform delivers it), so Qt finds the widget under the
point, synthesises mouse events from unhandled touches and filters through the kiosk's
application event filter, as for real input. The offscreen platform has one screen that
cannot change, so there a screen event emits ``screenAdded``/``screenRemoved``, re-places
the presenter's windows or moves the window between screens; with ``--randr`` on Xvfb a
RandR projector really comes and goes (tests/test_monkey.py and ``--xvfb`` in the bench).

Pass: no exception escapes an event handler or a slot, the checks of the mode hold after
every batch (the kiosk never quits, never leaves fullscreen, never hides), nothing hangs
(a watchdog thread reports a storm that stops for ``stall_seconds``), and afterwards the app
still answers (a key still moves the slides, a touch still wakes the kiosk, the windows
still render).

tests/test_monkey.py runs a few thousand events per mode under pytest-qt;
bench/monkey_long.py runs 100,000 per mode, each mode in a child process::

    python -m tests.support.monkey --mode kiosk --events 100000 --seed 7
    MONKEY_TRACE=1 python -m tests.support.monkey ...    # every event on stderr as it is sent

The child prints one JSON line (``{"ok": ..., "events": ..., "seed": ...}``) and exits 0
when the storm passed, 1 when it failed, 3 when the app hung (the reason and the last
events on stderr).
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import logging
import os
import random
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEventLoop, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QPointingDevice,
    QWheelEvent,
    QWindow,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QApplication, QWidget

from kiosk.content import Content
from kiosk.ui.show.window import MainWindow
from kiosk.ui.widgets.layer import modal_layer
from kiosk.ui.widgets.screens import move_to_screen
from tests.support.randr import Projector

MODES = ("window", "kiosk", "presenter")
TRACE = bool(os.environ.get("MONKEY_TRACE"))
"""Write every event to stderr as it is sent (to find the one a hang or crash follows)."""
STAFF_PIN = "739184625017"
"""The kiosk's staff PIN in the storm: twelve digits, so random taps never find it."""

K = Qt.Key
M = Qt.KeyboardModifier
NO = M.NoModifier

SHORTCUTS: list[tuple[Qt.Key, Qt.KeyboardModifier]] = [
    # Keys that could close or escape the app, or leave fullscreen.
    (K.Key_Escape, NO),
    (K.Key_F4, M.AltModifier),
    (K.Key_Q, M.ControlModifier),
    (K.Key_W, M.ControlModifier),
    (K.Key_F11, NO),
    (K.Key_F5, NO),
    (K.Key_F5, M.ShiftModifier),
    (K.Key_Tab, M.AltModifier),
    (K.Key_Q, M.ControlModifier | M.ShiftModifier),
    (K.Key_Delete, M.ControlModifier | M.AltModifier),
    (K.Key_F4, M.ControlModifier),
    (K.Key_Super_L, NO),
    (K.Key_Menu, NO),
    # The talk's keys.
    (K.Key_B, NO),
    (K.Key_Period, NO),
    (K.Key_W, NO),
    (K.Key_Comma, NO),
    (K.Key_O, NO),
    (K.Key_Tab, NO),
    (K.Key_Backtab, M.ShiftModifier),
    (K.Key_G, NO),
    (K.Key_Question, M.ShiftModifier),
    (K.Key_Question, NO),
    (K.Key_Return, NO),
    (K.Key_Enter, M.KeypadModifier),
    (K.Key_K, NO),
    (K.Key_R, NO),
    (K.Key_S, NO),
    (K.Key_T, NO),
    (K.Key_N, NO),
    (K.Key_P, NO),
    (K.Key_Space, NO),
    (K.Key_Backspace, NO),
    (K.Key_Left, NO),
    (K.Key_Right, NO),
    (K.Key_Up, NO),
    (K.Key_Down, NO),
    (K.Key_PageUp, NO),
    (K.Key_PageDown, NO),
    (K.Key_Home, NO),
    (K.Key_End, NO),
    (K.Key_MediaTogglePlayPause, NO),
    (K.Key_MediaPlay, NO),
    (K.Key_MediaPause, NO),
    (K.Key_MediaStop, NO),
    (K.Key_MediaNext, NO),
    (K.Key_MediaPrevious, NO),
    (K.Key_VolumeUp, NO),
    (K.Key_VolumeMute, NO),
    *((getattr(K, f"Key_{n}"), NO) for n in range(10)),
    *((getattr(K, f"Key_{n}"), M.KeypadModifier) for n in range(10)),
]
"""Every key with a meaning in the app or the desktop, most with the modifiers that matter."""

OTHER_KEYS: list[Qt.Key] = [
    *(getattr(K, f"Key_{chr(c)}") for c in range(ord("A"), ord("Z") + 1)),
    *(getattr(K, f"Key_F{n}") for n in range(1, 36)),
    K.Key_Insert,
    K.Key_Delete,
    K.Key_Print,
    K.Key_Pause,
    K.Key_CapsLock,
    K.Key_Shift,
    K.Key_Control,
    K.Key_Alt,
    K.Key_Meta,
    K.Key_Slash,
    K.Key_Minus,
    K.Key_Plus,
    K.Key_Equal,
    K.Key_Exclam,
    K.Key_unknown,
]
MODIFIER_SETS: list[Qt.KeyboardModifier] = [
    NO,
    M.ShiftModifier,
    M.ControlModifier,
    M.AltModifier,
    M.MetaModifier,
    M.KeypadModifier,
    M.ControlModifier | M.ShiftModifier,
    M.ControlModifier | M.AltModifier,
    M.AltModifier | M.ShiftModifier,
]
SIZES: list[tuple[int, int]] = [
    (1280, 720),
    (1920, 1080),
    (1080, 1920),
    (720, 1280),
    (2560, 1440),
    (1440, 2560),
    (1024, 768),
    (800, 600),
    (640, 360),
    (360, 640),
    (320, 240),
    (200, 120),
    (120, 200),
    (64, 48),
    (16, 16),
    (1, 1),
]
"""Window sizes the storm picks from (and random ones): landscape, portrait and tiny."""


class MonkeyError(AssertionError):
    """The storm broke something; the message has the mode, the seed and the last events."""


@dataclass
class Waits:
    """How the storm lets the event loop run: ``qtbot.wait``/``waitUntil`` under pytest,
    a ``QEventLoop`` with a timer in the child process (never a processEvents spin)."""

    wait: Callable[[int], None]
    wait_until: Callable[[Callable[[], bool], int], None]


def loop_wait(milliseconds: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def loop_wait_until(predicate: Callable[[], bool], timeout: int) -> None:
    deadline = time.monotonic() + timeout / 1000
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} ms")
        loop_wait(10)


LOOP_WAITS = Waits(loop_wait, loop_wait_until)


def stall_exit(report: str) -> None:
    """Print ``report`` and every thread's stack, then end the process (exit code 3)."""
    sys.stderr.write(report + "\n")
    sys.stderr.flush()
    faulthandler.dump_traceback(all_threads=True)
    os._exit(3)


def key_name(key: Qt.Key | int, modifiers: Qt.KeyboardModifier = NO) -> str:
    parts = [
        name
        for flag, name in (
            (M.ControlModifier, "Ctrl"),
            (M.AltModifier, "Alt"),
            (M.MetaModifier, "Meta"),
            (M.ShiftModifier, "Shift"),
            (M.KeypadModifier, "Keypad"),
        )
        if modifiers & flag
    ]
    name = key.name if isinstance(key, Qt.Key) else str(key)
    return "+".join([*parts, name.removeprefix("Key_")])


def _handle(widget: QWidget) -> QWindow:
    widget.winId()  # make sure the native window exists
    handle = widget.windowHandle()
    assert handle is not None
    return handle


def key_click(widget: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = NO) -> None:
    """Press and release ``key`` on ``widget``'s window, as the platform delivers it."""
    QTest.keyClick(_handle(widget), key, modifiers)


def tap(widget: QWidget, point: QPoint | None = None) -> None:
    """A left click on ``widget`` (its centre by default), through its top-level window."""
    top = widget.window()
    local = widget.rect().center() if point is None else point
    QTest.mouseClick(_handle(top), Qt.MouseButton.LeftButton, NO, widget.mapTo(top, local))


def touch_tap(widget: QWidget, device: QPointingDevice, point: QPoint) -> None:
    """One finger down and up at ``point`` of the top-level ``widget``."""
    handle = _handle(widget)
    QTest.touchEvent(handle, device).press(0, point, handle).commit()
    QTest.touchEvent(handle, device).release(0, point, handle).commit()


def render_check(widget: QWidget) -> str | None:
    """None if ``widget`` renders a picture of its size with something on it."""
    picture = widget.grab()
    if picture.isNull() or picture.size() != widget.size():
        return f"{widget.objectName()}: grab() gave {picture.size()} for {widget.size()}"
    image = picture.toImage()
    step_x, step_y = max(1, image.width() // 16), max(1, image.height() // 16)
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step_x)
        for y in range(0, image.height(), step_y)
    }
    if len(colours) < 2 and min(widget.width(), widget.height()) > 100:
        return f"{widget.objectName()}: renders a blank picture"
    return None


# --- the three modes ------------------------------------------------------------------------
class Stage:
    """The windows of one mode, what the storm may do to them, and what must hold."""

    mode = ""

    def __init__(self, windows: list[QWidget]) -> None:
        self.windows = windows
        self.projector: Projector | None = None
        """Set for a run on an X server whose projector the storm plugs in and out."""
        self.seen: Counter[str] = Counter()
        """What the storm got the app to do: slides shown, video states, kiosk states..."""

    def follow(self, window: MainWindow) -> None:
        """Count what ``window`` does in :attr:`seen`."""
        seen = self.seen
        window.slide_changed.connect(lambda index: seen.update([f"slide {index + 1}"]))
        window.show_state.blank_changed.connect(
            lambda colour: seen.update([f"blank {colour or 'off'}"])
        )
        # Through the show, not each view: a language or accessibility change rebuilds them.
        window.show_state.media_state_changed.connect(
            lambda state: seen.update([f"video {state.value}"])
        )

    def settle(self, waits: Waits) -> None:
        """Wait until Qt has seen the last screen change, and for the moves it causes."""
        projector = self.projector
        if projector is not None:
            waits.wait_until(lambda: len(QGuiApplication.screens()) == projector.screens(), 5000)
            waits.wait(500)  # the presenter session settles for 10 ms, Qt moves windows

    def screen_event(self, rng: random.Random) -> str:
        """A screen plugged in or out, or the window moved to a screen."""
        if self.projector is not None and rng.random() < 0.6:
            return self.projector.toggle()
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        screens = QGuiApplication.screens()
        screen = rng.choice(screens)
        signal = rng.choice(("screenAdded", "screenRemoved", "primaryScreenChanged"))
        getattr(app, signal).emit(screen)
        return f"{signal}({screen.name()})"

    def close_request(self, rng: random.Random) -> str:
        """What the window manager's close button or Alt+F4 would do (where it may)."""
        return "no close request in this mode"

    def problems(self) -> list[str]:
        """What is wrong now (checked after every batch)."""
        return [f"{w.objectName()} is hidden" for w in self.windows[:1] if not w.isVisible()]

    def check_answers(self, waits: Waits, device: QPointingDevice) -> None:
        """Raise AssertionError unless the app still answers input and renders."""
        raise NotImplementedError

    def close(self) -> None:
        """Tear down what the stage made (its windows are closed by their owner)."""


def _clear_layers(window: MainWindow, hosts: list[QWidget], waits: Waits) -> None:
    """Close an open prompt or overview with Esc, as a presenter would."""
    for host in hosts:
        for _ in range(5):
            if modal_layer(host) is None:
                break
            key_click(host, K.Key_Escape)
            waits.wait(0)
        assert modal_layer(host) is None, f"a layer on {host.objectName()} does not close on Esc"


def _moves_with_keys(window: MainWindow, keys_to: QWidget, waits: Waits) -> None:
    """Home then Right land on slides 1 and 2 (a blank screen goes away first)."""
    for _ in range(3):
        key_click(keys_to, K.Key_Home)
        waits.wait(0)
        if window.current_index == 0 and not window.show_state.blank:
            break
    assert window.current_index == 0, f"Home left the show at slide {window.current_index + 1}"
    assert not window.show_state.blank, "a move did not take the blank screen away"
    key_click(keys_to, K.Key_Right)
    waits.wait_until(lambda: window.current_index == 1, 2000)


class WindowStage(Stage):
    mode = "window"

    def __init__(self, window: MainWindow) -> None:
        super().__init__([window])
        self.window = window
        self.follow(window)

    def screen_event(self, rng: random.Random) -> str:
        window = self.window
        screens = QGuiApplication.screens()
        choice = rng.randrange(4)
        if choice == 0:
            screen = rng.choice(screens)
            window.show_fullscreen(screen)
            return f"fullscreen on {screen.name()}"
        if choice == 1:
            window.show_windowed()
            return "windowed"
        if choice == 2:
            number = rng.randrange(-1, len(screens) + 2)
            move_to_screen(window, number)
            return f"move to screen {number}"
        return super().screen_event(rng)

    def check_answers(self, waits: Waits, device: QPointingDevice) -> None:
        window = self.window
        assert window.isVisible(), "the window is hidden"
        _clear_layers(window, [window], waits)
        _moves_with_keys(window, window, waits)
        problem = render_check(window)
        assert problem is None, problem


class KioskStage(Stage):
    mode = "kiosk"

    def __init__(self, window: MainWindow, controller: object, exits: list[int]) -> None:
        from kiosk.ui.kiosk.controller import KioskController

        assert isinstance(controller, KioskController)
        super().__init__([window])
        self.window = window
        self.controller = controller
        self.exits = exits
        self.fullscreen = window.isFullScreen()
        self.follow(window)
        controller.state_changed.connect(lambda state: self.seen.update([f"kiosk {state}"]))

    def close_request(self, rng: random.Random) -> str:
        window = self.window
        if rng.random() < 0.5:
            refused = not window.close()
            return f"close() {'refused' if refused else 'ACCEPTED'}"
        event = QCloseEvent()
        QApplication.sendEvent(window, event)
        return f"close event {'ignored' if not event.isAccepted() else 'ACCEPTED'}"

    def problems(self) -> list[str]:
        window, found = self.window, []
        if self.exits:
            found.append(f"the kiosk asked to quit with {self.exits}")
        if not window.isVisible():
            found.append("the kiosk window is hidden")
        if window.isFullScreen() != self.fullscreen:
            found.append(f"fullscreen changed to {window.isFullScreen()}")
        if window.close_allowed:
            found.append("the kiosk window may be closed")
        return found

    def check_answers(self, waits: Waits, device: QPointingDevice) -> None:
        from kiosk.ui.kiosk.controller import ATTRACT, VISIT
        from kiosk.ui.slides.player import PlayState
        from kiosk.ui.slides.video import VideoSlideView

        controller, window = self.controller, self.window
        assert not self.problems(), self.problems()
        if self.fullscreen:  # on a screen that is there (after a projector left, say)
            waits.wait_until(lambda: window.geometry() == window.screen().geometry(), 3000)
            assert window.screen() in QGuiApplication.screens()
        if controller.pin_pad.isVisible():
            tap(controller.pin_pad.cancel_button)  # staff walk away: back to the loop
        assert not controller.staff_panel.isVisible(), "the staff panel opened without the PIN"
        view = window.current_view
        if isinstance(view, VideoSlideView) and view.player.state is PlayState.PLAYING:
            key_click(window, K.Key_K)  # a watched video keeps the visit going
        timings = controller.timings
        waits.wait_until(
            lambda: controller.state == ATTRACT, timings.idle_timeout + timings.countdown + 3000
        )
        touch_tap(window, device, window.rect().center())
        waits.wait_until(lambda: controller.state == VISIT, 2000)
        assert window.current_index == 0, "a visit must start at the opening slide"
        key_click(window, K.Key_Right)
        waits.wait_until(lambda: window.current_index == 1, 2000)
        problem = render_check(window)
        assert problem is None, problem
        assert not self.problems(), self.problems()

    def close(self) -> None:
        self.controller.stop()


class PresenterStage(Stage):
    mode = "presenter"

    def __init__(self, audience: MainWindow, console: QWidget, session: object) -> None:
        from kiosk.ui.presenter.console import PresenterConsole
        from kiosk.ui.presenter.screens import PresenterSession

        assert isinstance(console, PresenterConsole)
        assert isinstance(session, PresenterSession)
        super().__init__([audience, console])
        self.audience = audience
        self.console = console
        self.session = session
        self.follow(audience)
        session.placed.connect(lambda: self.seen.update(["placed"]))

    def screen_event(self, rng: random.Random) -> str:
        if rng.random() < 0.3:
            self.session.place()
            return "place"
        return super().screen_event(rng)

    def close_request(self, rng: random.Random) -> str:
        # Closing one window leaves the other; F5 brings both back. Never both: the app
        # would quit, as it should when the last window closes.
        audience, console = self.audience, self.console
        if rng.random() < 0.7 and audience.isVisible():
            console.close()
            return "close the console"
        if console.isVisible():
            audience.close()
            return "close the audience window"
        return "no close (one window left)"

    def problems(self) -> list[str]:
        if not (self.audience.isVisible() or self.console.isVisible()):
            return ["both windows are closed"]
        return []

    def check_answers(self, waits: Waits, device: QPointingDevice) -> None:
        audience, console = self.audience, self.console
        keys_to = console if console.isVisible() else audience
        key_click(keys_to, K.Key_Escape)  # closes a prompt, or leaves fullscreen
        waits.wait(0)
        _clear_layers(audience, [console, audience], waits)
        key_click(keys_to, K.Key_F5)  # back to the show: both windows placed again
        waits.wait_until(lambda: audience.isFullScreen() and console.isVisible(), 3000)
        waits.wait_until(lambda: audience.geometry() == audience.screen().geometry(), 3000)
        _clear_layers(audience, [console, audience], waits)
        _moves_with_keys(audience, console, waits)
        waits.wait_until(lambda: console.shown_index == 1, 3000)
        assert console.counter_label.text().startswith("Slide 2 of")
        for widget in (audience, console):
            problem = render_check(widget)
            assert problem is None, problem


# --- setting the modes up -------------------------------------------------------------------
def make_stage(
    mode: str,
    content: Content,
    pin_file: Path,
    track: Callable[[QWidget], None],
    *,
    fullscreen: bool = True,
    screen: int | None = None,
) -> Stage:
    """Build and show mode ``mode`` on ``content``; ``track`` gets every top-level window
    (pytest-qt's ``qtbot.addWidget``, or a list to close at the end).

    ``fullscreen=False`` runs the kiosk in a 1280x720 window instead of fullscreen as
    ``kiosk --kiosk`` does: the platform ignores resizes of a fullscreen window (so would a
    window manager), so only then do the storm's resizes reach the kiosk's layers.
    """
    window = MainWindow(content)
    track(window)
    if screen is not None:
        move_to_screen(window, screen)  # as ``kiosk --screen N`` does
    if mode == "window":
        window.resize(1280, 720)
        window.show()
        return WindowStage(window)
    if mode == "kiosk":
        from kiosk.system.pin import PinStore
        from kiosk.ui.kiosk.controller import KioskController, KioskTimings

        pins = PinStore(pin_file)
        pins.set_pin(STAFF_PIN)
        exits: list[int] = []
        timings = KioskTimings(
            idle_timeout=150,
            countdown=200,
            slide_duration=50,
            cursor_hide=50,
            use_slide_durations=False,
        )
        controller = KioskController(window, timings=timings, pins=pins, quit_app=exits.append)
        window.setWindowFlags(
            window.windowFlags()
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )
        if fullscreen:
            window.show_fullscreen()  # as run_kiosk does
        else:
            window.resize(1280, 720)
            window.show()
        controller.start()
        return KioskStage(window, controller, exits)
    if mode == "presenter":
        from kiosk.ui.presenter.console import PresenterConsole
        from kiosk.ui.presenter.screens import PresenterSession

        console = PresenterConsole(window)
        track(console)
        session = PresenterSession(window, console, screen_index=screen, settle_ms=10)
        session.place()
        return PresenterStage(window, console, session)
    raise ValueError(f"unknown mode {mode!r}")


# --- the storm ------------------------------------------------------------------------------
class Monkey:
    """Sends ``events`` random input events at ``stage``'s windows; see the module docstring."""

    def __init__(
        self,
        stage: Stage,
        seed: int,
        waits: Waits,
        device: QPointingDevice,
        *,
        batch: int = 20,
        stall_seconds: float = 90.0,
        on_stall: Callable[[str], None] | None = None,
    ) -> None:
        self.stage = stage
        self.seed = seed
        self.rng = random.Random(seed)
        self.waits = waits
        self.device = device
        self.batch = batch
        self.done = 0
        self.counts: Counter[str] = Counter()
        self.history: deque[str] = deque(maxlen=40)
        self.exceptions: list[str] = []
        self.current = ""
        """The event being sent (for a report on a hang)."""
        self.stall_seconds = stall_seconds
        self.on_stall = on_stall or stall_exit
        """Called (from a watchdog thread) with the report when no event went out for
        ``stall_seconds``: the app hangs. It must end the process; a hung event loop never
        returns to Python's main thread."""
        actions: dict[str, tuple[int, Callable[[QWidget], str]]] = {
            # kind: (weight, action)
            "key": (24, self.key),
            "key_repeat": (3, self.key_repeat),
            "click": (12, self.click),
            "double_click": (4, self.double_click),
            "button": (14, self.button),
            "drag": (4, self.drag),
            "swipe": (7, self.swipe),
            "long_press": (3, self.long_press),
            "touch": (11, self.touch),
            "wheel": (4, self.wheel),
            "context_menu": (3, self.context_menu),
            "resize": (4, self.resize),
            "screen": (3, self.screen),
            "close": (2, self.close),
            "pause": (2, self.pause),
            "corner_taps": (1, self.corner_taps),
        }
        self._drop = QTimer()
        self._drop.setSingleShot(True)
        self._drop.setInterval(1500)
        self._drop.timeout.connect(self._end_drag_and_drop)
        self._dragged_in: QWidget | None = None
        self._kinds = list(actions)
        self._weights = [weight for weight, _ in actions.values()]
        self._actions = {kind: action for kind, (_, action) in actions.items()}

    # --- running ----------------------------------------------------------------------------
    def report(self, problem: str) -> str:
        counts = ", ".join(f"{kind} {n}" for kind, n in sorted(self.counts.items()))
        last = "\n  ".join(self.history)
        finished = bool(self.history) and self.history[-1].startswith(f"{self.done}: ")
        if self.current and not finished:
            last += f"\n  {self.current} (not finished)"
        return (
            f"monkey mode={self.stage.mode} seed={self.seed}: {problem}\n"
            f"after {self.done} events ({counts}); the last ones, oldest first:\n  {last}\n"
            f"rerun: MONKEY_SEED={self.seed} pytest tests/test_monkey.py -k {self.stage.mode}"
            f" (or python -m tests.support.monkey --mode {self.stage.mode} --seed {self.seed}"
            f" --events {self.done})"
        )

    @contextmanager
    def _hooked(self) -> Iterator[None]:
        """Note exceptions raised in slots and timers (Qt hands them to sys.excepthook) and
        pass them on to the hook in place: pytest-qt's, which fails the test. Meanwhile a
        watchdog reports a hang (PySide lets other threads run while Qt works)."""
        previous = sys.excepthook
        done = threading.Event()

        def watch() -> None:
            seen, since = -1, time.monotonic()
            while not done.wait(1.0):
                if self.done != seen:
                    seen, since = self.done, time.monotonic()
                elif time.monotonic() - since > self.stall_seconds:
                    stalled = f"HANG: nothing happened for {self.stall_seconds:.0f} s"
                    self.on_stall(self.report(stalled))
                    return

        watchdog = threading.Thread(target=watch, name="monkey-watchdog", daemon=True)
        watchdog.start()

        def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
            text = "".join(traceback.format_exception(kind, value, tb))
            self.exceptions.append(f"{text}(while: {self.history[-1] if self.history else '-'})")
            previous(kind, value, tb)
            traceback.clear_frames(tb)

        sys.excepthook = hook
        try:
            yield
        finally:
            sys.excepthook = previous
            done.set()
            watchdog.join()

    def run(self, events: int) -> None:
        """Send events until ``events`` were sent in all; raise :class:`MonkeyError` at the
        first problem."""
        with self._hooked():
            while self.done < events:
                for _ in range(min(self.batch, events - self.done)):
                    self.one()
                self.waits.wait(self.rng.choice((0, 0, 0, 1, 2, 5, 15)))
                self._check()

    def one(self) -> None:
        kind = self.rng.choices(self._kinds, self._weights)[0]
        action = self._actions[kind]
        window = self._window()
        self.done += 1
        self.counts[kind] += 1
        self.current = f"{self.done}: {kind} on {window.objectName()}"
        self._dragged_in = window
        self._drop.start()
        try:
            what = action(window)
        except Exception as error:  # raised by an event handler the event was sent to
            text = traceback.format_exc()
            # As the app's hook does: a QPainter left in a frame stays active (and crashes).
            traceback.clear_frames(error.__traceback__)
            self.history.append(f"{self.done}: {kind} -> {type(error).__name__}")
            raise MonkeyError(self.report(f"an event handler raised:\n{text}")) from None
        finally:
            self._drop.stop()
        self.history.append(f"{self.done}: {kind} {what}")
        if TRACE:
            sys.stderr.write(f"{self.history[-1]}\n")
            sys.stderr.flush()

    def _end_drag_and_drop(self) -> None:
        """A move over selected text (the console's notes) starts a drag and drop, which runs
        its own event loop until the button goes up; the monkey, waiting for its move to
        return, would never send that. Only in that loop can this timer fire: let go."""
        window = self._dragged_in
        if window is None:
            return
        self.counts["drag_and_drop_ended"] += 1
        handle = _handle(window)
        QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, NO, window.rect().center())

    def _check(self) -> None:
        if self.exceptions:
            raise MonkeyError(self.report(f"uncaught exception:\n{self.exceptions[0]}"))
        problems = self.stage.problems()
        if problems:
            raise MonkeyError(self.report("; ".join(problems)))

    def check_answers(self) -> None:
        """After the storm: the app still answers (see :meth:`Stage.check_answers`)."""
        with self._hooked():
            self.waits.wait(0)
            self._check()
            try:
                self.stage.settle(self.waits)
                self.stage.check_answers(self.waits, self.device)
            except AssertionError as error:
                raise MonkeyError(self.report(f"no longer answers: {error}")) from error
            self._check()

    # --- where --------------------------------------------------------------------------
    def _window(self) -> QWidget:
        shown = [w for w in self.stage.windows if w.isVisible()]
        return self.rng.choice(shown or self.stage.windows)

    def _point(self, window: QWidget) -> QPoint:
        rng = self.rng
        width, height = max(1, window.width()), max(1, window.height())
        where = rng.random()
        if where < 0.15:  # the top-left corner: the kiosk's staff gesture
            return QPoint(rng.randrange(min(width, 160)), rng.randrange(min(height, 160)))
        if where < 0.3:  # the footer: buttons and dots
            return QPoint(rng.randrange(width), height - 1 - rng.randrange(max(1, height // 6)))
        if where < 0.32:  # outside the window
            return QPoint(rng.randrange(-50, width + 50), rng.randrange(-50, height + 50))
        return QPoint(rng.randrange(width), rng.randrange(height))

    def _visible_controls(self) -> list[QWidget]:
        controls: list[QWidget] = []
        for window in self.stage.windows:
            if window.isVisible():
                for kind in (QAbstractButton, QAbstractSlider):
                    controls += [c for c in window.findChildren(kind) if c.isVisible()]
        return controls

    # --- what ---------------------------------------------------------------------------
    def key(self, window: QWidget) -> str:
        rng = self.rng
        if rng.random() < 0.75:
            key, modifiers = rng.choice(SHORTCUTS)
        else:
            key, modifiers = rng.choice(OTHER_KEYS), rng.choice(MODIFIER_SETS)
        key_click(window, key, modifiers)
        return f"{key_name(key, modifiers)} in {window.objectName()}"

    def key_repeat(self, window: QWidget) -> str:
        """A key held down: auto-repeated presses, then one release."""
        rng = self.rng
        key, modifiers = rng.choice(SHORTCUTS)
        target = QApplication.focusWidget() or window
        if target.window() not in self.stage.windows:
            target = window
        count = rng.randint(2, 25)
        for number in range(count):
            press = QKeyEvent(QKeyEvent.Type.KeyPress, key, modifiers, "", number > 0)
            QApplication.sendEvent(target, press)
        QApplication.sendEvent(target, QKeyEvent(QKeyEvent.Type.KeyRelease, key, modifiers))
        return f"{key_name(key, modifiers)} held ({count}) in {target.objectName()}"

    def _button(self) -> Qt.MouseButton:
        pick = self.rng.random()
        if pick < 0.85:
            return Qt.MouseButton.LeftButton
        return Qt.MouseButton.RightButton if pick < 0.95 else Qt.MouseButton.MiddleButton

    def click(self, window: QWidget) -> str:
        point, button = self._point(window), self._button()
        QTest.mouseClick(_handle(window), button, NO, point)
        return f"{button.name} at {point.x()},{point.y()} of {window.objectName()}"

    def double_click(self, window: QWidget) -> str:
        point = self._point(window)
        QTest.mouseDClick(_handle(window), Qt.MouseButton.LeftButton, NO, point)
        return f"at {point.x()},{point.y()} of {window.objectName()}"

    def button(self, window: QWidget) -> str:
        controls = self._visible_controls()
        if not controls:
            return self.click(window)
        control = self.rng.choice(controls)
        rect = control.rect()
        if self.rng.random() < 0.7:
            local = rect.center()
        else:
            local = QPoint(
                self.rng.randrange(max(1, rect.width())), self.rng.randrange(max(1, rect.height()))
            )
        top = control.window()
        point = control.mapTo(top, local)
        # Named before the click: the click may land on a layer over it that rebuilds the
        # slides (larger text), and the control is gone after it.
        name = control.accessibleName() or control.objectName() or type(control).__name__
        text = control.text() if isinstance(control, QAbstractButton) else ""
        if self.rng.random() < 0.15:
            QTest.mouseDClick(_handle(top), Qt.MouseButton.LeftButton, NO, point)
        else:
            QTest.mouseClick(_handle(top), Qt.MouseButton.LeftButton, NO, point)
        return f"{name!r} {text!r} at {point.x()},{point.y()} of {top.objectName()}"

    def _stroke(self, window: QWidget, start: QPoint, end: QPoint, steps: int, delay: int) -> None:
        handle = _handle(window)
        QTest.mousePress(handle, Qt.MouseButton.LeftButton, NO, start)
        for step in range(1, steps + 1):
            point = start + (end - start) * (step / steps)
            QTest.mouseMove(handle, point, delay)
        QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, NO, end, delay)

    def drag(self, window: QWidget) -> str:
        start, end = self._point(window), self._point(window)
        self._stroke(window, start, end, self.rng.randint(1, 8), self.rng.randint(1, 200))
        return f"{start.x()},{start.y()} -> {end.x()},{end.y()} on {window.objectName()}"

    def swipe(self, window: QWidget) -> str:
        rng = self.rng
        start = self._point(window)
        distance = rng.choice((-1, 1)) * rng.randint(20, max(21, window.width()))
        end = QPoint(start.x() + distance, start.y() + rng.randint(-40, 40))
        self._stroke(window, start, end, rng.randint(2, 6), rng.randint(1, 40))
        return f"{start.x()},{start.y()} by {distance} on {window.objectName()}"

    def long_press(self, window: QWidget) -> str:
        point = self._point(window)
        self._stroke(window, point, point + QPoint(2, 1), 1, self.rng.randint(600, 2500))
        return f"at {point.x()},{point.y()} of {window.objectName()}"

    def touch(self, window: QWidget) -> str:
        """One to three fingers down, moving together, up (in any order)."""
        rng, handle, device = self.rng, _handle(window), self.device
        fingers = rng.choice((1, 1, 2, 2, 3))
        points = [self._point(window) for _ in range(fingers)]
        delta = QPoint(rng.randint(-300, 300), rng.randint(-120, 120))
        sequence = QTest.touchEvent(handle, device)
        for finger, point in enumerate(points):
            sequence.press(finger, point, handle)
        sequence.commit()
        steps = rng.randint(0, 4)
        for step in range(1, steps + 1):
            sequence = QTest.touchEvent(handle, device)
            for finger, point in enumerate(points):
                sequence.move(finger, point + delta * (step / steps), handle)
            sequence.commit()
        lifted = list(range(fingers))
        rng.shuffle(lifted)
        moved = delta if steps else QPoint()
        if rng.random() < 0.5:  # all at once
            sequence = QTest.touchEvent(handle, device)
            for finger in lifted:
                sequence.release(finger, points[finger] + moved, handle)
            sequence.commit()
        else:  # one after another; the others stay down meanwhile
            for number, finger in enumerate(lifted):
                sequence = QTest.touchEvent(handle, device)
                sequence.release(finger, points[finger] + moved, handle)
                for other in lifted[number + 1 :]:
                    sequence.stationary(other)
                sequence.commit()
        return f"{fingers} fingers, {steps} moves, on {window.objectName()}"

    def corner_taps(self, window: QWidget) -> str:
        """Five quick taps in the top-left corner: the kiosk's staff gesture (the PIN pad
        opens; random taps on it then try PINs, which lock it)."""
        handle = _handle(window)
        for _ in range(5):
            point = QPoint(self.rng.randrange(40), self.rng.randrange(40))
            if self.rng.random() < 0.5:
                QTest.mouseClick(handle, Qt.MouseButton.LeftButton, NO, point)
            else:
                touch_tap(window, self.device, point)
        return f"on {window.objectName()}"

    def wheel(self, window: QWidget) -> str:
        rng = self.rng
        point = self._point(window)
        target = window.childAt(point) or window
        local = target.mapFrom(window, point)
        angle = QPoint(rng.choice((0, 0, 15, -15)), rng.choice((120, -120, 240, -480, 8)))
        event = QWheelEvent(
            QPointF(local),
            QPointF(window.mapToGlobal(point)),
            QPoint(),
            angle,
            Qt.MouseButton.NoButton,
            rng.choice(MODIFIER_SETS),
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(target, event)
        return f"{angle.y()} at {point.x()},{point.y()} on {type(target).__name__}"

    def context_menu(self, window: QWidget) -> str:
        point = self._point(window)
        target = window.childAt(point) or window
        local = target.mapFrom(window, point)
        reason = self.rng.choice(list(QContextMenuEvent.Reason))
        event = QContextMenuEvent(reason, local, window.mapToGlobal(point))
        QApplication.sendEvent(target, event)
        return f"{reason.name} on {type(target).__name__}"

    def resize(self, window: QWidget) -> str:
        rng = self.rng
        if rng.random() < 0.7:
            width, height = rng.choice(SIZES)
        else:
            width, height = rng.randint(1, 3000), rng.randint(1, 3000)
        if isinstance(self.stage, KioskStage) and window.isFullScreen():
            # Only a window manager resizes a window (through its QWindow, as here); it
            # leaves a fullscreen one alone, and a bare X server has none.
            return f"{window.objectName()}: fullscreen, not resized"
        _handle(window).resize(width, height)
        return f"{window.objectName()} to {width}x{height}"

    def screen(self, window: QWidget) -> str:
        return self.stage.screen_event(self.rng)

    def close(self, window: QWidget) -> str:
        return self.stage.close_request(self.rng)

    def pause(self, window: QWidget) -> str:
        """Nobody touches it for a moment: timers run (attract loop, idle, the ticker)."""
        milliseconds = self.rng.choice((10, 30, 80, 250))
        self.waits.wait(milliseconds)
        return f"{milliseconds} ms"


# --- the child process (bench/monkey_long.py) ------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.monkey", description=__doc__)
    parser.add_argument("--mode", choices=MODES, required=True)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--content", type=Path, help="content.yaml (default: the bundled one)")
    parser.add_argument(
        "--progress", type=int, default=0, metavar="N", help="print a line every N events"
    )
    parser.add_argument(
        "--screen", type=int, metavar="N", help="start on screen N, as kiosk --screen N"
    )
    parser.add_argument(
        "--windowed", action="store_true", help="kiosk: in a window rather than fullscreen"
    )
    parser.add_argument(
        "--stall",
        type=float,
        default=90.0,
        metavar="S",
        help="report a hang (and exit 3) when no event went out for S seconds",
    )
    parser.add_argument(
        "--randr",
        action="store_true",
        help="on the X server in $DISPLAY (Xvfb 3200x1080, QT_QPA_PLATFORM=xcb): make a"
        " laptop and a projector monitor and plug the projector in and out in the storm",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    projector = Projector(os.environ["DISPLAY"]) if args.randr else None

    from kiosk.content import load_content
    from kiosk.resources import bundled_content_path
    from kiosk.system.logs import configure_logging
    from kiosk.ui.app import create_application

    configure_logging("WARNING")
    logging.getLogger("qt").setLevel(logging.ERROR)  # the offscreen platform's chatter
    content = load_content(args.content or bundled_content_path())
    app = create_application(sys.argv[:1], content.theme.font)
    app.setQuitOnLastWindowClosed(False)  # the kiosk must stay up on its own, not by this
    device = QTest.createTouchDevice()
    windows: list[QWidget] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        stage = make_stage(
            args.mode,
            content,
            Path(folder) / "staff-pin.json",
            windows.append,
            fullscreen=not args.windowed,
            screen=args.screen,
        )
        stage.projector = projector
        for window in windows:
            QTest.qWaitForWindowExposed(window)
        monkey = Monkey(stage, args.seed, LOOP_WAITS, device, stall_seconds=args.stall)
        error = ""
        try:
            step = args.progress or args.events
            while monkey.done < args.events:
                monkey.run(min(args.events, monkey.done + step))
                if args.progress:
                    seconds = time.monotonic() - started
                    sys.stderr.write(f"{args.mode}: {monkey.done} events, {seconds:.0f} s\n")
                    sys.stderr.flush()
            monkey.check_answers()
        except MonkeyError as failure:
            error = str(failure)
            sys.stderr.write(error + "\n")
            sys.stderr.flush()
        summary = {
            "mode": args.mode,
            "seed": args.seed,
            "events": monkey.done,
            "seconds": round(time.monotonic() - started, 1),
            "ok": not error,
            "counts": dict(monkey.counts),
            "projector_toggles": projector.toggles if projector else 0,
            "seen": dict(stage.seen),
        }
        sys.stdout.write(json.dumps(summary) + "\n")
        sys.stdout.flush()
        stage.close()
        for window in windows:
            window.close()
    if projector is not None:
        projector.close()
    return 0 if not error else 1


if __name__ == "__main__":
    sys.exit(main())
