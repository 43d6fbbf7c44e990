"""Tab travel: every control reachable from a keyboard, with a ring shown only after a Tab,
and a clicker's keys untouched (kiosk/ui/widgets/focus.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import Content
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.kinds import CardTarget, ImageSlideView
from kiosk.ui.widgets.focus import FocusRing
from tests.support.show import show_window


def _tab_to(qtbot: QtBot, window: MainWindow, target: QWidget, limit: int = 60) -> None:
    for _ in range(limit):
        qtbot.keyClick(window, Qt.Key.Key_Tab)
        if window.focus_ring.focused() is target:
            return
    raise AssertionError(f"Tab never reached {target.accessibleName()!r}")


def test_no_ring_and_no_focus_until_tab(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.focus_ring.focused() is None, "a click gives no focus"
    assert not window.focus_ring.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Space)  # a clicker's keys go to the slides as before
    assert window.current_index == 2


def test_tab_visits_the_controls_in_reading_order_with_a_ring(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.go_to(3)
    order = window.focus_ring.controls()
    assert order.index(window.previous_button) < order.index(window.dots[0])
    assert order.index(window.dots[-1]) < order.index(window.next_button)
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    first = window.focus_ring.focused()
    assert first is order[0]
    assert window.focus_ring.isVisible()
    ring = window.focus_ring.geometry()
    assert ring.contains(
        first.geometry().translated(first.mapTo(window, QPoint(0, 0)) - first.pos())
    )
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    assert window.focus_ring.focused() is order[1]
    qtbot.keyClick(window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.focus_ring.focused() is order[0]
    qtbot.keyClick(window, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.focus_ring.focused() is order[-1], "Shift+Tab wraps round"
    assert window.current_index == 3, "Tab only moves focus"


def test_enter_presses_the_focused_control(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(3)
    _tab_to(qtbot, window, window.previous_button)
    with qtbot.waitSignal(window.slide_changed) as moved:
        qtbot.keyClick(window, Qt.Key.Key_Return)
    assert moved.args == [2], "Enter pressed Previous (Enter alone would go on to 5)"
    _tab_to(qtbot, window, window.dots[6])
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.current_index == 6


def test_a_clicker_key_or_a_click_ends_tab_travel(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(3)
    _tab_to(qtbot, window, window.dots[0])
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.current_index == 4, "the clicker's key went to the slides"
    assert window.focus_ring.focused() is None
    assert not window.focus_ring.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    assert window.focus_ring.isVisible()
    qtbot.mouseClick(window.stack, Qt.MouseButton.LeftButton)
    assert not window.focus_ring.isVisible()
    assert window.focus_ring.focused() is None


def test_the_summary_cards_can_be_reached_and_pressed(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(window.content.index_of("summary-visual"))
    view = window.current_view
    assert isinstance(view, ImageSlideView)
    cards = [card for card in view.findChildren(CardTarget) if card.isVisible()]
    assert len(cards) == 5
    assert all(card in window.focus_ring.controls() for card in cards)
    _tab_to(qtbot, window, cards[2])
    assert cards[2].accessibleName(), "a screen reader hears which card"
    with qtbot.waitSignal(window.slide_changed):
        qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.current_view.slide.id == "innovating-for-all"


def test_every_visible_control_is_on_the_tab_path(qtbot: QtBot, window: MainWindow) -> None:
    for index in range(len(window.content.slides)):
        window.go_to(index)
        path = window.focus_ring.controls()
        shown = [
            widget
            for widget in window.findChildren(QAbstractButton)
            if widget.isVisible() and widget.isEnabled()
        ]
        assert set(shown) <= set(path), f"slide {index}: a control Tab cannot reach"


def test_the_ring_watches_the_apps_events_only_during_tab_travel(
    qtbot: QtBot, content: Content, app_fonts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Python event filter on the whole app from the start cost about 30 ms before the
    first slide was painted (bench/RESULTS.md): the ring sees the app's events (for a click
    that ends Tab travel) only while Tab travel lasts."""
    seen: list[QEvent.Type] = []
    original = FocusRing.eventFilter

    def counting(self: FocusRing, watched: QObject, event: QEvent) -> bool:
        seen.append(event.type())
        return original(self, watched, event)

    monkeypatch.setattr(FocusRing, "eventFilter", counting)
    window = show_window(qtbot, content)
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.current_index == 1
    assert seen == [], "no Tab yet: the ring saw none of the app's events"
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    qtbot.mouseClick(window.stack, Qt.MouseButton.LeftButton)
    assert QEvent.Type.MouseButtonPress in seen
    assert not window.focus_ring.isVisible(), "the click ended Tab travel"
    seen.clear()
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.current_index == 2
    assert seen == [], "Tab travel over: the ring let go of the app's events"
