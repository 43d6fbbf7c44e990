"""The presenter console: it follows the audience window, drives it, keeps time, and puts
itself and the audience window on the right screens (one, two, and a projector unplugged
and plugged back in mid-talk)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTime
from PySide6.QtGui import QAccessible, QGuiApplication, QImage, QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.presenter.console import PresenterConsole
from kiosk.ui.presenter.screens import (
    PresenterSession,
    plan_screens,
    show_touch_controls,
    start_presenter,
)
from kiosk.ui.presenter.timer import TalkTimer
from kiosk.ui.show.keyhelp import KeyHelp
from kiosk.ui.show.keys import read_key
from kiosk.ui.show.layers import GoToPrompt
from kiosk.ui.show.overview import Overview
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState
from kiosk.ui.slides.video import VideoSlideView
from tests.support.child import PRESENTER_PROBE, Child
from tests.support.randr import RandR
from tests.support.xvfb import xcb_env

VIDEO = 7


class Clock:
    """A talk clock the test moves by hand, in milliseconds."""

    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def console(qtbot: QtBot, window: MainWindow, clock: Clock) -> Iterator[PresenterConsole]:
    panel = PresenterConsole(window, clock=clock, wall_clock=lambda: QTime(9, 41))
    qtbot.addWidget(panel)
    panel.resize(1280, 720)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: panel.current_pane.picture is not None)
    yield panel
    panel.close()


def _press(widget: QObject, name: str) -> None:
    combination = read_key(name)
    assert combination is not None, name
    event = QKeyEvent(QKeyEvent.Type.KeyPress, combination.key(), combination.keyboardModifiers())
    QApplication.sendEvent(widget, event)


# --- what it shows --------------------------------------------------------------------
def test_console_shows_slide_next_notes_and_time(console: PresenterConsole) -> None:
    window = console.audience
    assert console.counter_label.text() == "Slide 1 of 9"
    assert console.notes.toPlainText().startswith("Welcome. The Observatory's first three years")
    assert console.next_label.text() == "Next: Improving Health and Care"
    assert console.clock_label.text() == "09:41"
    assert console.timer_label.text() == "0:00"
    renderer = window.pictures
    for pane, index in ((console.current_pane, 0), (console.next_pane, 1)):
        assert pane.index == index
        assert pane.picture is not None
        expected = renderer.pixmap(index, pane.size(), console.devicePixelRatioF())
        assert pane.picture.toImage() == expected.toImage()
    assert not console.video_label.isVisible()


def test_console_follows_the_audience_after_it_painted(
    qtbot: QtBot, console: PresenterConsole
) -> None:
    window = console.audience
    order: list[str] = []

    class PaintSpy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not order:
                order.append("audience painted")
            return False

    spy = PaintSpy()
    window.views[1].installEventFilter(spy)
    console.updated.connect(lambda index: order.append(f"console {index}"))
    with qtbot.waitSignal(console.updated, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        # The key press has been handled: the audience shows slide 2, the console not yet.
        assert window.current_index == 1
        assert console.shown_index == 0
    assert order == ["audience painted", "console 1"]
    assert console.counter_label.text() == "Slide 2 of 9"
    assert console.notes.toPlainText() == window.content.slides[1].notes.get()  # type: ignore[union-attr]
    assert console.next_label.text() == "Next: Empowering Vulnerable Communities"
    assert console.current_pane.index == 1
    assert console.next_pane.index == 2


def test_next_pictures_are_drawn_ahead(qtbot: QtBot, console: PresenterConsole) -> None:
    renderer = console.audience.pictures
    ratio = console.devicePixelRatioF()
    qtbot.waitUntil(lambda: renderer.is_cached(2, console.next_pane.size(), ratio))
    assert renderer.is_cached(1, console.current_pane.size(), ratio)
    # Drawing ahead goes on a picture at a time while the presenter talks: let it finish,
    # or the last of it lands inside the key press below (seen on a loaded CI machine).
    qtbot.waitUntil(lambda: not console._prewarm_queue)
    before = renderer.renders
    with qtbot.waitSignal(console.updated):
        qtbot.keyClick(console.audience, Qt.Key.Key_Right)
    assert renderer.renders == before  # both pictures came from the cache


def test_last_slide_has_no_next(qtbot: QtBot, console: PresenterConsole) -> None:
    with qtbot.waitSignal(console.updated):
        console.audience.go_to(8)
    assert console.next_pane.picture is None
    assert console.next_pane.index is None
    assert console.next_label.text() == "Next: end of the presentation"
    assert console.counter_label.text() == "Slide 9 of 9"


def test_clicking_the_next_picture_moves_on(qtbot: QtBot, console: PresenterConsole) -> None:
    with qtbot.waitSignal(console.audience.slide_changed) as blocker:
        qtbot.mouseClick(console.next_pane, Qt.MouseButton.LeftButton)
    assert blocker.args == [1]


# --- keys in the console --------------------------------------------------------------
def test_keys_pressed_in_the_console_drive_the_show(
    qtbot: QtBot, console: PresenterConsole
) -> None:
    window = console.audience
    with qtbot.waitSignal(window.slide_changed) as blocker:
        _press(console, "PgDown")
    assert blocker.args == [1]
    _press(console, "B")
    assert window.show_state.blank == "black"
    assert console.status_label.isVisible()
    assert "BLACK SCREEN" in console.status_label.text()
    assert console.current_pane.covered == "black"
    _press(console, ".")
    assert window.show_state.blank == ""
    assert not console.status_label.isVisible()
    for digit in (Qt.Key.Key_5,):
        QApplication.sendEvent(
            console, QKeyEvent(QKeyEvent.Type.KeyPress, digit, Qt.KeyboardModifier.NoModifier)
        )
    assert console.status_label.text() == "Go to slide 5 — Enter"
    with qtbot.waitSignal(window.slide_changed) as blocker:
        _press(console, "Return")
    assert blocker.args == [4]
    with qtbot.waitSignal(console.swap_requested):
        _press(console, "S")


@pytest.mark.parametrize(("name", "kind"), [("G", GoToPrompt), ("?", KeyHelp), ("O", Overview)])
def test_prompts_and_overview_open_on_the_console(
    qtbot: QtBot, console: PresenterConsole, name: str, kind: type[QWidget]
) -> None:
    window = console.audience
    for pressed_in in (console, window):  # wherever the clicker's keys land
        _press(pressed_in, name)
        layers = [c for c in console.children() if isinstance(c, kind) and c.isVisible()]
        assert len(layers) == 1
        assert not [c for c in window.children() if isinstance(c, kind) and c.isVisible()]
        _press(console, "Esc")
        assert not layers[0].isVisible()
    assert not window.isFullScreen()


def test_a_closed_console_gives_the_prompts_back(qtbot: QtBot, console: PresenterConsole) -> None:
    window = console.audience
    _press(console, "G")
    prompt = window.talk_layers.prompt()
    assert prompt.host is console
    console.close()
    assert not prompt.isVisible()
    _press(window, "G")
    assert window.talk_layers.prompt().host is window
    assert window.talk_layers.prompt().isVisible()
    _press(window, "Esc")
    console.show()
    _press(window, "O")
    assert window.talk_layers.overview().host is console


def test_overview_on_the_console_jumps_the_audience(
    qtbot: QtBot, console: PresenterConsole
) -> None:
    _press(console, "O")
    overview = console.audience.talk_layers.overview()
    assert overview.host is console
    _press(console, "Right")
    _press(console, "Right")
    assert console.audience.current_index == 0  # the audience keeps its slide meanwhile
    with qtbot.waitSignal(console.audience.slide_changed) as blocker:
        _press(console, "Return")
    assert blocker.args == [2]


# --- the talk timer -------------------------------------------------------------------
def test_timer_starts_on_the_first_move_and_pauses(
    qtbot: QtBot, console: PresenterConsole, clock: Clock
) -> None:
    timer = console.timer
    clock.now = 50_000  # the presenter waits at the opening slide: not counted
    console.refresh_time()
    assert console.timer_label.text() == "0:00"
    assert console.timer_button.text() == "Start"
    qtbot.keyClick(console.audience, Qt.Key.Key_Right)
    assert timer.running
    clock.now += 65_000
    console.refresh_time()
    assert console.timer_label.text() == "1:05"
    assert console.timer_button.text() == "Pause"
    _press(console, "T")
    assert not timer.running
    clock.now += 600_000
    console.refresh_time()
    assert console.timer_label.text() == "1:05"
    assert console.timer_button.text() == "Resume"
    qtbot.mouseClick(console.timer_button, Qt.MouseButton.LeftButton)
    clock.now += 5_000
    qtbot.waitUntil(lambda: console.timer_label.text() == "1:10")  # the console's own tick


def test_a_paused_timer_stays_paused_as_the_slides_move(
    qtbot: QtBot, console: PresenterConsole, clock: Clock
) -> None:
    timer = console.timer
    qtbot.keyClick(console.audience, Qt.Key.Key_Right)  # the talk begins: the clock runs
    clock.now += 30_000
    _press(console, "T")  # a question from the floor: paused
    assert not timer.running
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_End):
        with qtbot.waitSignal(console.audience.slide_changed):
            qtbot.keyClick(console.audience, key)
        clock.now += 60_000
        assert not timer.running, key
    assert timer.elapsed_ms() == 30_000
    console.refresh_time()
    assert console.timer_label.text() == "0:30"
    assert console.timer_button.text() == "Resume"
    _press(console, "T")  # resumed by hand only
    clock.now += 5_000
    assert timer.elapsed_ms() == 35_000


def test_reset_needs_a_deliberate_confirmation(
    qtbot: QtBot, console: PresenterConsole, clock: Clock
) -> None:
    timer = console.timer
    timer.start()
    clock.now = 125_000
    # No key resets the timer, however it is pressed.
    for name in ("R", "Esc", "Del", "Backspace", "Ctrl+R", "Shift+R", "Home", "F5", "Esc"):
        _press(console, name)
    assert timer.elapsed_ms() >= 125_000
    assert not console.confirm_box.isVisible()
    # One click only asks; "Keep" keeps.
    qtbot.mouseClick(console.reset_button, Qt.MouseButton.LeftButton)
    assert console.confirm_box.isVisible()
    assert not console.reset_button.isVisible()
    assert timer.elapsed_ms() >= 125_000
    qtbot.mouseClick(console.keep_button, Qt.MouseButton.LeftButton)
    assert not console.confirm_box.isVisible()
    assert timer.elapsed_ms() >= 125_000
    # Asking, then confirming, resets.
    qtbot.mouseClick(console.reset_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(console.confirm_reset_button, Qt.MouseButton.LeftButton)
    assert timer.elapsed_ms() == 0
    assert not timer.running
    console.refresh_time()
    assert console.timer_label.text() == "0:00"


def test_an_unanswered_reset_question_goes_away(
    qtbot: QtBot, console: PresenterConsole, clock: Clock
) -> None:
    console.timer.start()
    clock.now = 30_000
    console.reset_timeout.setInterval(20)
    qtbot.mouseClick(console.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not console.confirm_box.isVisible())
    assert console.reset_button.isVisible()
    assert console.timer.elapsed_ms() == 30_000


def test_talk_timer_alone() -> None:
    now = [0]
    timer = TalkTimer(lambda: now[0])
    timer.toggle()
    now[0] = 1000
    timer.toggle()
    now[0] = 9000
    assert timer.elapsed_ms() == 1000
    timer.start()
    now[0] = 9500
    assert timer.elapsed_ms() == 1500
    timer.reset()
    assert timer.elapsed_ms() == 0
    assert not timer.running


def test_the_clock_shows_the_time_of_day(qtbot: QtBot, window: MainWindow) -> None:
    panel = PresenterConsole(window)
    qtbot.addWidget(panel)
    before = QTime.currentTime().toString("HH:mm")
    text = panel.clock_label.text()
    after = QTime.currentTime().toString("HH:mm")
    assert text in (before, after)
    panel.close()


# --- the video slide ------------------------------------------------------------------
@pytest.mark.slow
def test_console_shows_the_video_position_and_its_keys(
    qtbot: QtBot, console: PresenterConsole
) -> None:
    window = console.audience
    with qtbot.waitSignal(console.updated):
        window.go_to(VIDEO)
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    assert console.video_label.isVisible()
    qtbot.waitUntil(lambda: "/ 1:10" in console.video_label.text(), timeout=10_000)
    assert "K / media Play/Pause: play/pause" in console.video_label.text()
    assert "R: restart" in console.video_label.text()
    _press(console, "K")
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=10_000)
    qtbot.waitUntil(
        lambda: "Video 0:01 / 1:10 · playing" in console.video_label.text(), timeout=10_000
    )
    _press(console, "K")
    qtbot.waitUntil(lambda: "· paused" in console.video_label.text(), timeout=5_000)
    with qtbot.waitSignal(console.updated):
        _press(console, "Right")
    assert not console.video_label.isVisible()


def test_now_mirrors_the_playing_film_a_few_times_a_second(
    qtbot: QtBot, console: PresenterConsole
) -> None:
    window = console.audience
    show_touch_controls(window, False)  # as start_presenter does
    with qtbot.waitSignal(console.updated):
        window.go_to(VIDEO)
    pane = console.current_pane
    assert pane.live is None, "the poster, as the audience sees it"
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    updates: list[int] = []
    original = pane.set_live

    def counting(image: QImage | None, area: QRectF | None = None, caption: str = "") -> None:
        if image is not None:
            updates.append(view.player.position)
        original(image, area, caption)

    pane.set_live = counting  # type: ignore[method-assign]
    conversions: list[int] = []
    convert = view.player.current_frame

    def converting() -> QImage | None:
        conversions.append(view.player.position)
        return convert()

    view.player.current_frame = converting  # type: ignore[method-assign]
    _press(console, "K")
    qtbot.waitUntil(lambda: pane.live is not None, timeout=10_000)
    qtbot.waitUntil(lambda: view.player.position > 1500, timeout=10_000)
    assert pane.live is not None
    picture = view.film_picture()
    assert picture is not None, "the audience window drew the film"
    late = [p for p in conversions if p > 500]
    assert not late, "the console mirrors the audience's picture, not a frame of its own"
    # Drawn over the video's place in the slide picture, where the audience sees it.
    live = pane.live_rect()
    assert live is not None
    area = console.pictures.video_area(VIDEO)
    assert area is not None
    assert 0.5 < area.width() < 1
    assert abs(pane.live.width() - live.width() * console.devicePixelRatioF()) <= 2
    frame = pane.live
    colours = {
        frame.pixel(x, y) for x in range(0, frame.width(), 16) for y in range(0, frame.height(), 16)
    }
    assert len(colours) > 2, "a real frame of the film"
    assert view.cues is not None
    assert pane.caption in {cue.text for cue in view.cues.cues}, "and its caption"
    qtbot.wait(1000)
    recent = [p for p in updates if p > view.player.position - 1000]
    assert 2 <= len(recent) <= 6, f"{len(recent)} frames a second: a few, to keep the CPU"
    with qtbot.waitSignal(console.updated):
        _press(console, "Right")
    assert pane.live is None


def _pressables(window: QWidget) -> list[str]:
    """What the audience could press: visible buttons and sliders, by the widget tree and
    by the accessibility tree (what a screen reader is told is there)."""
    found = [
        f"{type(w).__name__} {w.accessibleName()!r}"
        for w in window.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QAbstractSlider) and w.isVisible()
    ]
    roles = {
        QAccessible.Role.Button,
        QAccessible.Role.CheckBox,
        QAccessible.Role.RadioButton,
        QAccessible.Role.Slider,
        QAccessible.Role.ScrollBar,
    }
    pending = [QAccessible.queryAccessibleInterface(window)]
    while pending:
        node = pending.pop()
        if node is None or not node.isValid():
            continue
        if node.role() in roles and not node.state().invisible:
            found.append(f"accessible {node.role().name} {node.text(QAccessible.Text.Name)!r}")
        pending.extend(node.child(i) for i in range(node.childCount()))
    return found


def test_the_audience_sees_the_slide_only_in_presenter_mode(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.go_to(VIDEO)
    qtbot.waitUntil(lambda: bool(_pressables(window)))  # window mode: buttons, dots, the bar
    assert window.counter_label.isVisible()
    console, _session = start_presenter(window)
    qtbot.addWidget(console)
    qtbot.waitExposed(window)
    for index in range(window.show_state.count):
        window.go_to(index)
        qtbot.wait(10)
        assert _pressables(window) == [], f"slide {index + 1}"
        assert not window.counter_label.isVisible()
    view = window.views[VIDEO]
    assert isinstance(view, VideoSlideView)
    assert not view.controls.isVisibleTo(view)
    assert view.poster_page.glyph.isVisibleTo(view), "the poster still says 'a film'"
    console.close()


# --- screens --------------------------------------------------------------------------
def test_plan_screens() -> None:
    laptop, projector, third = "laptop", "projector", "third"
    assert plan_screens([laptop], laptop) == (laptop, None)
    assert plan_screens([laptop, projector], laptop) == (projector, laptop)
    assert plan_screens([projector, laptop], laptop) == (projector, laptop)
    assert plan_screens([laptop, projector], laptop, swapped=True) == (laptop, projector)
    assert plan_screens([laptop, projector], laptop, screen_index=0) == (laptop, projector)
    assert plan_screens([laptop, projector], laptop, screen_index=5) == (projector, laptop)
    assert plan_screens([laptop, projector, third], laptop, 2) == (third, laptop)
    assert plan_screens([laptop, projector, third], third, 2) == (third, laptop)
    assert plan_screens([laptop], laptop, swapped=True) == (laptop, None)


def test_one_screen_console_is_a_movable_window(qtbot: QtBot, console: PresenterConsole) -> None:
    window = console.audience
    assert len(QGuiApplication.screens()) == 1  # the test session's offscreen platform
    session = PresenterSession(window, console, settle_ms=10)
    session.place()
    screen = QGuiApplication.screens()[0]
    qtbot.waitUntil(window.isFullScreen)
    assert window.geometry() == screen.geometry()
    assert console.isVisible()
    assert not console.isFullScreen()
    assert screen.availableGeometry().contains(console.geometry())
    assert console.width() < screen.geometry().width()
    console.move(console.x() + 10, console.y() + 5)  # the presenter moves it aside
    moved = console.geometry()
    _press(console, "S")  # nothing to swap with one screen
    assert not session.swapped
    _press(console, "Esc")
    qtbot.waitUntil(lambda: not window.isFullScreen())
    _press(console, "F5")  # back to the show, fullscreen, the console where it was
    qtbot.waitUntil(window.isFullScreen)
    assert console.geometry() == moved
    window.go_to(3)
    with qtbot.waitSignal(session.placed):
        QGuiApplication.instance().screenAdded.emit(screen)  # type: ignore[union-attr]
    assert window.current_index == 3


def _screen(state: dict[str, Any], name: str) -> list[int]:
    return next(s["geometry"] for s in state["screens"] if s["name"] == name)


def _fills(state: dict[str, Any], window: str, screen: str) -> bool:
    placed = state[window]
    return (
        placed["screen"] == screen
        and placed["fullscreen"]
        and placed["geometry"] == _screen(state, screen)
    )


@pytest.fixture
def two_offscreen_screens(tmp_path: Path) -> dict[str, str]:
    config = {
        "screens": [
            {"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 720},
            {"name": "projector", "x": 1280, "y": 0, "width": 1920, "height": 1080},
        ]
    }
    path = tmp_path / "screens.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return {"QT_QPA_PLATFORM": f"offscreen:configfile={path}"}


def test_two_screens_audience_on_the_projector_and_s_swaps(
    two_offscreen_screens: dict[str, str],
) -> None:
    probe = Child(PRESENTER_PROBE, env=two_offscreen_screens)
    try:
        state = probe.wait_for(lambda s: _fills(s, "audience", "projector"))
        assert state["primary"] == "laptop"
        assert _fills(state, "audience", "projector")
        assert _fills(state, "console", "laptop")
        probe.send("next")
        probe.send("next")
        probe.send("key S")
        state = probe.wait_for(lambda s: s["swapped"] and s["console_index"] == 2)
        assert _fills(state, "audience", "laptop")
        assert _fills(state, "console", "projector")
        assert state["index"] == state["console_index"] == 2
        probe.send("key S")
        state = probe.wait_for(lambda s: not s["swapped"])
        assert _fills(state, "audience", "projector")
        probe.send("key Esc")  # out of fullscreen, but still on the projector
        state = probe.wait_for(lambda s: not s["audience"]["fullscreen"])
        assert state["audience"]["screen"] == "projector"
        assert _fills(state, "console", "laptop")
        probe.send("key F5")
        state = probe.wait_for(lambda s: s["audience"]["fullscreen"])
        assert _fills(state, "audience", "projector")
        assert state["index"] == 2
    finally:
        probe.close()


def test_screen_option_picks_the_audience_screen(two_offscreen_screens: dict[str, str]) -> None:
    probe = Child(PRESENTER_PROBE, "0", env=two_offscreen_screens)
    try:
        state = probe.wait_for(lambda s: _fills(s, "audience", "laptop"))
        assert _fills(state, "audience", "laptop")
        assert _fills(state, "console", "projector")
    finally:
        probe.close()


# --- a projector unplugged and plugged in, on a real (virtual) X server ----------------
@pytest.mark.slow
def test_projector_unplugged_and_plugged_in_mid_talk(x_display: str) -> None:
    randr = RandR(x_display)
    randr.set_monitor("laptop", 0, 0, 1280, 720, first=True)
    randr.set_monitor("projector", 1280, 0, 1920, 1080)
    probe = Child(PRESENTER_PROBE, env=xcb_env(x_display))
    try:
        two = probe.wait_for(
            lambda s: _fills(s, "audience", "projector") and _fills(s, "console", "laptop")
        )
        assert [s["name"] for s in two["screens"]] == ["laptop", "projector"]
        assert _fills(two, "audience", "projector")
        assert _fills(two, "console", "laptop")
        for _ in range(3):
            probe.send("next")

        randr.delete_monitor("projector")
        one = probe.wait_for(
            lambda s: len(s["screens"]) == 1 and s["placements"] >= 1 and s["console_index"] == 3
        )
        assert _fills(one, "audience", "laptop")
        console = one["console"]
        assert console["visible"]
        assert not console["fullscreen"]  # a window the presenter can move, over the show
        assert console["screen"] == "laptop"
        assert console["geometry"][2] < 1280
        assert one["index"] == 3  # the place in the talk is kept

        randr.set_monitor("projector", 1280, 0, 1920, 1080)
        back = probe.wait_for(
            lambda s: _fills(s, "audience", "projector") and _fills(s, "console", "laptop")
        )
        assert _fills(back, "audience", "projector")
        assert _fills(back, "console", "laptop")
        assert back["index"] == back["console_index"] == 3
    finally:
        probe.close()
        randr.close()
