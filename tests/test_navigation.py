"""Moving through the deck by keyboard, on-screen buttons, dots and touch swipes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.content.actions import Action
from kiosk.ui.show.keys import KeyMap
from kiosk.ui.show.navigation import Navigator, SwipeTracker
from kiosk.ui.show.window import MainWindow

LAST = 8


@pytest.mark.parametrize(
    ("key", "start", "expected"),
    [
        (Qt.Key.Key_Right, 0, 1),
        (Qt.Key.Key_PageDown, 0, 1),
        (Qt.Key.Key_Space, 0, 1),
        (Qt.Key.Key_Left, 3, 2),
        (Qt.Key.Key_PageUp, 3, 2),
        (Qt.Key.Key_Backspace, 3, 2),
        (Qt.Key.Key_Home, 5, 0),
        (Qt.Key.Key_End, 2, LAST),
    ],
)
def test_keys_move_the_deck(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, start: int, expected: int
) -> None:
    window.go_to(start)
    with qtbot.waitSignal(window.slide_changed) as blocker:
        qtbot.keyClick(window, key)
    assert blocker.args == [expected]
    assert window.stack.currentIndex() == expected
    assert window.current_view.slide.id == window.content.slides[expected].id


def test_deck_does_not_wrap(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.assertNotEmitted(window.slide_changed):
        qtbot.keyClick(window, Qt.Key.Key_Left)
    window.go_to(LAST)
    with qtbot.assertNotEmitted(window.slide_changed):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.current_index == LAST


def test_unbound_key_does_nothing(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.assertNotEmitted(window.slide_changed):
        qtbot.keyClick(window, Qt.Key.Key_Q)
        qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)


def test_buttons_move_and_disable_at_the_ends(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.previous_button.isEnabled()
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.current_index == 1
    assert window.previous_button.isEnabled()
    qtbot.mouseClick(window.previous_button, Qt.MouseButton.LeftButton)
    assert window.current_index == 0
    window.go_to(LAST)
    assert not window.next_button.isEnabled()


def test_progress_dots_jump_and_show_position(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.dots[6], Qt.MouseButton.LeftButton)
    assert window.current_index == 6
    assert [dot.isChecked() for dot in window.dots] == [i == 6 for i in range(9)]
    assert window.counter_label.text() == "7 of 9"
    assert window.dots[3].accessibleName() == "Go to slide 4"


def test_buttons_are_finger_sized(window: MainWindow) -> None:
    window.resize(1920, 1080)
    assert window.next_button.width() >= 64
    assert window.previous_button.height() >= 64
    assert all(dot.width() >= 64 for dot in window.dots)
    window.resize(3840, 2160)
    assert window.next_button.width() >= 128  # scales with the screen


def test_buttons_never_take_focus(window: MainWindow) -> None:
    # A clicker's Space must reach the window, never "click" a focused button.
    assert window.next_button.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert all(dot.focusPolicy() == Qt.FocusPolicy.NoFocus for dot in window.dots)


def _swipe(window: MainWindow, start: QPoint, end: QPoint) -> None:
    device = QTest.createTouchDevice()
    QTest.touchEvent(window, device).press(0, start, window)
    QTest.touchEvent(window, device).move(0, (start + end) / 2, window)
    QTest.touchEvent(window, device).move(0, end, window)
    QTest.touchEvent(window, device).release(0, end, window)


def test_touch_swipe_left_goes_forward_and_right_goes_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    middle = window.stack.geometry().center()
    with qtbot.waitSignal(window.slide_changed) as blocker:
        _swipe(window, middle + QPoint(300, 0), middle - QPoint(300, 0))
    assert blocker.args == [1]
    with qtbot.waitSignal(window.slide_changed) as blocker:
        _swipe(window, middle - QPoint(300, 0), middle + QPoint(300, 0))
    assert blocker.args == [0]


def test_short_or_vertical_touch_moves_nothing(qtbot: QtBot, window: MainWindow) -> None:
    middle = window.stack.geometry().center()
    with qtbot.assertNotEmitted(window.slide_changed):
        _swipe(window, middle, middle + QPoint(-20, 0))
        _swipe(window, middle, middle + QPoint(-150, 300))


def test_tap_on_next_button_by_touch(qtbot: QtBot, window: MainWindow) -> None:
    device = QTest.createTouchDevice()
    centre = window.next_button.mapTo(window, window.next_button.rect().center())
    with qtbot.waitSignal(window.slide_changed) as blocker:
        QTest.touchEvent(window, device).press(0, centre, window)
        QTest.touchEvent(window, device).release(0, centre, window)
    assert blocker.args == [1]


def test_f11_toggles_fullscreen(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.geometry() == window.screen().geometry()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())


class TestSwipeTracker:
    def test_horizontal_swipes(self) -> None:
        tracker = SwipeTracker()
        tracker.press(800, 500, 0)
        assert tracker.release(500, 520, 200, width=1920) == "next"
        tracker.press(500, 500, 0)
        assert tracker.release(800, 480, 200, width=1920) == "previous"

    def test_right_to_left_reverses(self) -> None:
        tracker = SwipeTracker()
        tracker.press(800, 500, 0)
        assert tracker.release(500, 500, 200, width=1920, right_to_left=True) == "previous"

    def test_too_slow_too_short_or_too_steep(self) -> None:
        tracker = SwipeTracker()
        tracker.press(800, 500, 0)
        assert tracker.release(500, 500, 5000, width=1920) is None
        tracker.press(800, 500, 0)
        assert tracker.release(760, 500, 100, width=1920) is None
        tracker.press(800, 500, 0)
        assert tracker.release(600, 800, 100, width=1920) is None
        assert tracker.release(600, 800, 100, width=1920) is None  # no press: nothing


class TestNavigator:
    def test_clamps_and_reports(self, qtbot: QtBot) -> None:
        navigator = Navigator(3)
        with qtbot.waitSignal(navigator.changed) as blocker:
            assert navigator.go(10)
        assert blocker.args == [0, 2]
        assert not navigator.next()
        assert navigator.first()
        assert navigator.index == 0


def test_keymap_rejects_unknown_key_names() -> None:
    with pytest.raises(ValueError, match="cannot read key"):
        KeyMap({Action.NEXT: ("NoSuchKey",)})
