"""The presenter's pointer, spotlight and zoom with real X input on two RandR monitors of
different sizes and shapes (a 1280x720 laptop with the console, a 1920x1080 projector with
the audience window): xdotool moves and clicks the mouse over the console's "Now" picture."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content.actions import Action
from kiosk.ui.presenter.console import PresenterConsole
from kiosk.ui.show.keys import read_key
from kiosk.ui.show.window import MainWindow
from tests.support.child import PRESENTER_PROBE, Child
from tests.support.randr import RandR
from tests.support.xvfb import require, xcb_env

pytestmark = pytest.mark.slow
VIDEO = 7


def _placed(state: dict[str, Any]) -> bool:
    audience, console = state["audience"], state["console"]
    return (
        audience["screen"] == "projector"
        and audience["fullscreen"]
        and console["screen"] == "laptop"
        and state["now_picture"] is not None
    )


@pytest.fixture
def probe(x_display: str) -> Iterator[tuple[Child, str]]:
    require("xdotool", why="Debian's xdotool: real mouse input")
    randr = RandR(x_display)
    randr.set_monitor("laptop", 0, 0, 1280, 720, first=True)
    randr.set_monitor("projector", 1280, 0, 1920, 1080)
    child = Child(PRESENTER_PROBE, env=xcb_env(x_display))
    try:
        child.wait_for(_placed)
        yield child, x_display
    finally:
        child.close()
        randr.close()


def _xdotool(display: str, *args: str) -> None:
    (xdotool,) = require("xdotool", why="Debian's xdotool: real mouse input")
    subprocess.run([xdotool, *args], env={"DISPLAY": display}, check=True, timeout=20)


def _on_now(state: dict[str, Any], fx: float, fy: float) -> tuple[int, int]:
    left, top, width, height = state["now_picture"]
    return round(left + fx * width), round(top + fy * height)


def _grab(child: Child, which: str, path: Path) -> QImage:
    child.send(f"grab {which} {path}")
    assert json.loads(child.lines.get(timeout=20)) == {"grab": str(path)}
    image = QImage(str(path))
    assert not image.isNull()
    return image


def _brightness(image: QImage, x: int, y: int) -> int:
    return QColor(image.pixel(x, y)).lightness()


def test_the_pointer_dot_lands_where_the_mouse_is_on_now(probe: tuple[Child, str]) -> None:
    child, display = probe
    child.send("key D")
    state = child.wait_for(lambda s: s["pointer"]["dot"])
    assert "Pointer on" in state["now_label"]
    audience = state["audience"]["geometry"]
    for fx, fy in ((0.3, 0.6), (0.9, 0.1), (0.05, 0.95)):
        x, y = _on_now(state, fx, fy)
        _xdotool(display, "mousemove", str(x), str(y))
        expected = (audience[0] + fx * audience[2], audience[1] + fy * audience[3])

        def there(s: dict[str, Any], expected: tuple[float, float] = expected) -> bool:
            centre = s["pointer"]["centre"]
            return centre is not None and abs(centre[0] - expected[0]) < 0.01 * audience[2]

        moved = child.wait_for(there)
        centre = moved["pointer"]["centre"]
        assert moved["pointer"]["visible"]
        assert abs(centre[0] - expected[0]) <= 0.01 * audience[2], (fx, fy)
        assert abs(centre[1] - expected[1]) <= 0.01 * audience[3], (fx, fy)
    child.send("next")  # a new slide: the pointer goes
    off = child.wait_for(lambda s: not s["pointer"]["dot"] and s["index"] == 1)
    assert not off["pointer"]["visible"]


def test_spotlight_and_zoom_change_the_audience_screen_only(
    probe: tuple[Child, str], tmp_path: Path
) -> None:
    child, display = probe
    state = child.state()
    audience = state["audience"]["geometry"]
    before = _grab(child, "audience", tmp_path / "a0.png")
    console_before = _grab(child, "console", tmp_path / "c0.png")
    x, y = _on_now(state, 0.5, 0.5)
    _xdotool(display, "mousemove", str(x), str(y))
    child.send("key H")
    child.wait_for(lambda s: s["pointer"]["visible"] and s["pointer"]["centre"] is not None)
    lit = _grab(child, "audience", tmp_path / "a1.png")
    width, height = audience[2], audience[3]
    corner = (width // 20, height - height // 20)
    assert _brightness(lit, *corner) < _brightness(before, *corner) - 40, "dimmed outside"
    middle = (width // 2, height // 2)
    assert lit.pixel(*middle) == before.pixel(*middle), "clear in the circle"
    console_lit = _grab(child, "console", tmp_path / "c1.png")
    assert console_lit.pixel(30, 30) == console_before.pixel(30, 30)
    left, top, w, h = state["now_picture"]
    inside = (left + w // 10, top + h - h // 10)
    assert console_lit.pixel(*inside) == console_before.pixel(*inside), "Now is not dimmed"
    child.send("key H")
    child.wait_for(lambda s: not s["pointer"]["visible"])

    child.send("key Z")
    child.wait_for(lambda s: s["zoom"]["armed"])
    x, y = _on_now(state, 0.25, 0.25)
    _xdotool(display, "mousemove", str(x), str(y), "click", "1")
    zoomed_state = child.wait_for(lambda s: s["zoom"]["shown"])
    assert "Zoomed 2x" in zoomed_state["now_label"]
    zoomed = _grab(child, "audience", tmp_path / "a2.png")
    # The top-left quarter of the slide now fills the screen: its pixel at (w/4, h/4) is
    # what was at (w/8, h/8).
    differing = sum(
        zoomed.pixel(px, py) != before.pixel(px, py)
        for px in range(0, width, 40)
        for py in range(0, height, 40)
    )
    assert differing > 50, "the audience sees the magnified part"
    assert zoomed_state["index"] == state["index"]
    console_zoomed = _grab(child, "console", tmp_path / "c2.png")
    assert console_zoomed.pixel(*inside) == console_before.pixel(*inside), "Now stays whole"
    child.send("key Esc")
    back = child.wait_for(lambda s: not s["zoom"]["shown"])
    assert back["audience"]["fullscreen"], "Esc returned from the zoom, not from fullscreen"
    again = _grab(child, "audience", tmp_path / "a3.png")
    assert again.pixel(*corner) == before.pixel(*corner)


def test_tools_do_nothing_outside_presenter_mode(qtbot: QtBot, window: MainWindow) -> None:
    for action in (Action.POINTER, Action.SPOTLIGHT, Action.ZOOM):
        assert window.show_state.actions.handler(action) is None


def test_blanking_turns_the_tools_off(qtbot: QtBot, window: MainWindow) -> None:
    panel = PresenterConsole(window)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    tools = panel.tools
    window.show_state.perform(Action.POINTER)
    assert tools.dot
    tools.layer.set_point((0.5, 0.5))
    assert tools.layer.isVisible()
    window.show_state.set_blank(window.show_state.blank.BLACK)
    assert not tools.dot
    assert not tools.layer.isVisible()
    panel.close()


def test_pointer_and_spotlight_over_a_playing_video(
    probe: tuple[Child, str], tmp_path: Path
) -> None:
    child, display = probe
    child.send("key End")
    child.send("key Left")  # the video slide
    state = child.wait_for(lambda s: s["console_index"] == VIDEO and s["media"] is not None)
    child.send("key K")
    child.wait_for(lambda s: s["media"] == "PLAYING", timeout=30)
    audience = state["audience"]["geometry"]
    child.send("key D")
    x, y = _on_now(state, 0.5, 0.45)  # on the film
    _xdotool(display, "mousemove", str(x), str(y))
    moved = child.wait_for(lambda s: s["pointer"]["visible"] and s["pointer"]["centre"])
    cx, cy = moved["pointer"]["centre"]
    shot = _grab(child, "audience", tmp_path / "v1.png")
    dot = QColor(shot.pixel(round(cx - audience[0]), round(cy - audience[1])))
    red = dot.red() > 180 and dot.green() < 80 and dot.blue() < 80
    assert red, f"the red dot over the playing film, not under it: {dot.name()}"
    child.send("key H")
    child.wait_for(lambda s: s["pointer"]["spotlight"])
    lit = _grab(child, "audience", tmp_path / "v2.png")
    corner = (audience[2] // 20, audience[3] // 20)
    assert _brightness(lit, *corner) < _brightness(shot, *corner) or _brightness(lit, *corner) < 40
    assert child.state()["media"] == "PLAYING"
    child.send("key H")
    # Past the film's opening fade, whatever the machine's load: a picture with detail.
    child.wait_for(lambda s: (s["position"] or 0) > 3000, timeout=30)
    child.send("key Z")
    child.wait_for(lambda s: s["zoom"]["armed"] and not s["pointer"]["spotlight"])
    _xdotool(display, "click", "1")  # zoom into the film
    child.wait_for(lambda s: s["zoom"]["shown"])
    zoomed = _grab(child, "audience", tmp_path / "v3.png")
    film = {
        zoomed.pixel(x, y)
        for x in range(audience[2] // 4, audience[2] * 3 // 4, 24)
        for y in range(audience[3] // 4, audience[3] * 3 // 4, 24)
    }
    assert len(film) > 20, "the zoom shows the film's frame, not a black hole"


def test_one_screen_zoom_by_a_click_on_the_audience_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = PresenterConsole(window)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    tools = panel.tools
    leave = window.show_state.actions.handler(Action.LEAVE_FULLSCREEN)
    window.show_state.perform(Action.ZOOM)
    assert tools.zoom_armed
    assert "Zoom: click or drag on Now" in panel.now_label.text()
    qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(100, 600))
    assert tools.zoom.isVisible()
    assert tools.zoom.region == (0.0, 0.5, 0.5, 0.5)  # kept on the slide, bottom left
    assert window.current_index == 0, "the click zoomed; it did not move the slides"
    assert "Zoomed 2x" in panel.now_label.text()
    window.show_state.perform(Action.LEAVE_FULLSCREEN)  # Esc returns from the zoom
    assert not tools.zoom.isVisible()
    assert window.show_state.actions.handler(Action.LEAVE_FULLSCREEN) == leave
    window.show_state.perform(Action.ZOOM)
    window.show_state.perform(Action.ZOOM)  # the same key again: back, nothing zoomed
    assert not tools.zoom_armed
    assert panel.now_label.text() == "Now"
    panel.close()


def test_a_drag_on_now_zooms_into_its_middle(qtbot: QtBot, window: MainWindow) -> None:
    panel = PresenterConsole(window)
    qtbot.addWidget(panel)
    panel.resize(1280, 720)
    panel.show()
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: panel.current_pane.picture is not None)
    pane, tools = panel.current_pane, panel.tools
    picture = pane.picture
    assert picture is not None
    size = picture.deviceIndependentSize().toSize()
    left = (pane.width() - size.width()) // 2

    def at(fx: float, fy: float) -> QPoint:
        return QPoint(left + round(fx * size.width()), round(fy * size.height()))

    assert tools.pane_fraction(QPointF(at(0.5, 0.5))) == pytest.approx((0.5, 0.5), abs=0.01)
    assert tools.pane_fraction(QPointF(left - 5, 10)) is None  # beside the picture
    _press(panel, "Z")
    qtbot.mousePress(pane, Qt.MouseButton.LeftButton, pos=at(0.6, 0.5))
    qtbot.mouseRelease(pane, Qt.MouseButton.LeftButton, pos=at(0.8, 0.7))
    assert tools.zoom.isVisible()
    assert tools.zoom.region == pytest.approx((0.45, 0.35, 0.5, 0.5), abs=0.01)
    assert window.current_index == 0
    _press(panel, "Z")
    assert not tools.zoom.isVisible()
    panel.close()


def _press(widget: QWidget, name: str) -> None:
    combination = read_key(name)
    assert combination is not None, name
    event = QKeyEvent(QKeyEvent.Type.KeyPress, combination.key(), combination.keyboardModifiers())
    QApplication.sendEvent(widget, event)


def test_a_left_click_on_the_audience_slide_goes_forward(probe: tuple[Child, str]) -> None:
    """A Spotlight-style remote without its vendor's software sends a left click: as in
    PowerPoint, it moves on. A drag (a swipe) is not a click."""
    child, display = probe
    state = child.wait_for(lambda s: s["index"] == 0)
    left, top, width, height = state["audience"]["geometry"]
    x, y = left + width // 2, top + height // 2
    _xdotool(display, "mousemove", str(x), str(y), "click", "1")
    assert child.wait_for(lambda s: s["index"] == 1)["index"] == 1
    _xdotool(display, "mousemove", str(x), str(y), "click", "1")
    assert child.wait_for(lambda s: s["index"] == 2)["index"] == 2
    # Press, move 40 px, release: a drag, not a click (and too short for a swipe).
    _xdotool(display, "mousedown", "1", "mousemove", str(x + 40), str(y), "mouseup", "1")
    child.send("next")  # something to wait for that proves the drag was handled first
    assert child.wait_for(lambda s: s["index"] == 3)["index"] == 3
    assert child.state()["index"] == 3


def test_a_click_on_the_window_moves_nothing_outside_presenter_mode(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.mouseClick(window.stack, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    assert window.current_index == 0
