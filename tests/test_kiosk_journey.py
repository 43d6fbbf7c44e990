"""A visitor's and a staff member's journey through the kiosk at a small panel's size:
the staff gesture's fast taps, "Start again", touch targets, the attract screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.pin import PinStore
from kiosk.ui.kiosk.controller import STAFF, KioskController, KioskTimings
from kiosk.ui.show.window import MainWindow

FAST = KioskTimings(
    idle_timeout=5_000, countdown=300, slide_duration=40, cursor_hide=50, use_slide_durations=False
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def kiosk(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Iterator[KioskController]:
    pins = PinStore(tmp_path / "staff-pin.json", clock=FakeClock())
    pins.set_pin("2468")
    controller = KioskController(window, timings=FAST, pins=pins, quit_app=lambda _code: None)
    controller.attract_video = "skip"
    controller.start()
    yield controller
    controller.stop()


def _send(widget: QWidget, kind: QMouseEvent.Type, at: QPoint) -> None:
    event = QMouseEvent(
        kind,
        QPointF(at),
        QPointF(widget.mapToGlobal(at)),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton
        if kind != QMouseEvent.Type.MouseButtonRelease
        else Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def _fast_taps(qtbot: QtBot, window: MainWindow, count: int) -> None:
    """``count`` taps 0.2 s apart in the top-left corner, as Qt delivers them: every
    second one a double-click."""
    corner = QPoint(10, 10)
    target = window.childAt(corner) or window
    at = target.mapFrom(window, corner)
    for number in range(count):
        kind = (
            QMouseEvent.Type.MouseButtonDblClick
            if number % 2
            else QMouseEvent.Type.MouseButtonPress
        )
        _send(target, kind, at)
        _send(target, QMouseEvent.Type.MouseButtonRelease, at)
        qtbot.wait(200)


@pytest.mark.parametrize("size", [(800, 480), (1280, 720)])
def test_five_fast_taps_open_the_pin_pad(
    qtbot: QtBot, kiosk: KioskController, size: tuple[int, int]
) -> None:
    kiosk.window.resize(*size)
    _fast_taps(qtbot, kiosk.window, 4)
    assert kiosk.state != STAFF
    _fast_taps(qtbot, kiosk.window, 1)
    assert kiosk.state == STAFF
    assert kiosk.pin_pad.isVisible()
