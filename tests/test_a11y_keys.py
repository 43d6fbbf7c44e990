"""Issue 12's keys and timing: M, C, J and L on the video slide; the "Still there?" countdown
of at least 20 s with its "More time" button; what a screen reader is told (the words sent;
tests/test_atspi.py receives them on the accessibility bus)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from kiosk.content import Content, KioskSettings
from kiosk.content.actions import VISITOR_ACTIONS, Action
from kiosk.content.model import COUNTDOWN_RANGE
from kiosk.ui.kiosk.controller import ATTRACT, COUNTDOWN, VISIT, KioskController, KioskTimings
from kiosk.ui.show.keyhelp import key_rows
from kiosk.ui.show.keys import DEFAULT_KEYS, KeyMap
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.video import VideoSlideView
from kiosk.ui.style import MIN_TOUCH
from kiosk.ui.widgets import announce
from tests.support.show import fast_timings, running_kiosk

FAST = fast_timings(idle_timeout=150)
NEW_KEYS = {Action.MUTE: "M", Action.CAPTIONS: "C", Action.SEEK_BACK: "J", Action.SEEK_FORWARD: "L"}
CLICKER_KEYS = ("Right", "Left", "PgDown", "PgUp", "F5", "Shift+F5", "Esc", "B", ".")


@pytest.fixture
def heard() -> Iterator[list[tuple[str, bool]]]:
    """Every announcement made during the test: (words, assertive)."""
    said: list[tuple[str, bool]] = []
    announce.listeners.append(lambda words, assertive: said.append((words, assertive)))
    yield said
    announce.listeners.clear()


def _video_view(window: MainWindow) -> VideoSlideView:
    window.go_to(window.content.index_of("explainer-video"))
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    return view


def _press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(window, key)


# --- keys -----------------------------------------------------------------------------------
def test_the_new_keys_are_visitor_keys_in_the_table_and_leave_clicker_keys_alone() -> None:
    keymap = KeyMap()
    for action, key in NEW_KEYS.items():
        assert action.default_keys == (key,)
        assert action in VISITOR_ACTIONS
        assert keymap.keys_for(action) == [key]
        assert ([key], action.meaning) in key_rows(DEFAULT_KEYS)
    clicker = {name for action in Action for name in action.default_keys if name in CLICKER_KEYS}
    assert clicker == set(CLICKER_KEYS)
    taken = {name for action in NEW_KEYS for name in action.default_keys}
    assert not taken & clicker
    others = [name for action in Action if action not in NEW_KEYS for name in action.default_keys]
    assert not taken & set(others), "a new key took an existing binding"


def test_m_mutes_and_c_toggles_captions_on_the_video_slide(
    qtbot: QtBot, window: MainWindow, heard: list[tuple[str, bool]]
) -> None:
    view = _video_view(window)
    assert not view.player.muted
    assert view.captions_on
    assert not view.captions_spoken
    _press(qtbot, window, Qt.Key.Key_M)
    assert view.player.muted
    _press(qtbot, window, Qt.Key.Key_M)
    assert not view.player.muted
    _press(qtbot, window, Qt.Key.Key_C)
    assert not view.captions_on
    _press(qtbot, window, Qt.Key.Key_C)
    assert view.captions_on
    assert view.captions_spoken, "asked for: captions are also spoken"
    assert view.cues is not None
    cue = view.cues.cues[1]
    heard.clear()
    view._on_position((cue.start + cue.end) // 2)  # as the player reports it
    assert heard == [(" ".join(cue.text.split()), False)]
    view.reset()
    assert view.captions_on
    assert not view.captions_spoken, "the next visitor starts quiet"


def test_l_and_j_seek_ten_seconds_and_the_seek_bar_speaks_seconds(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = _video_view(window)
    qtbot.waitUntil(lambda: view.player.duration > 20_000, timeout=10_000)
    _press(qtbot, window, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: 9_000 <= view.player.position <= 11_000, timeout=5_000)
    _press(qtbot, window, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: 19_000 <= view.player.position <= 21_000, timeout=5_000)
    length = view.player.duration // 1000
    description = view.seek_slider.accessibleDescription()
    assert description == f"0:{view.player.position // 1000:02} of {length // 60}:{length % 60:02}"
    _press(qtbot, window, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: 9_000 <= view.player.position <= 11_000, timeout=5_000)
    for _ in range(3):
        _press(qtbot, window, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: view.player.position == 0, timeout=5_000)


def test_the_video_keys_do_nothing_off_the_video_slide(
    qtbot: QtBot, window: MainWindow, heard: list[tuple[str, bool]]
) -> None:
    video = window.views[window.content.index_of("explainer-video")]
    assert isinstance(video, VideoSlideView)
    window.go_to(0)
    heard.clear()
    for key in (Qt.Key.Key_M, Qt.Key.Key_C, Qt.Key.Key_J, Qt.Key.Key_L):
        _press(qtbot, window, key)
    assert window.current_index == 0
    assert not video.player.muted
    assert video.captions_on
    assert video.player.position == 0
    assert heard == []


def test_a_slide_change_is_announced(
    qtbot: QtBot, window: MainWindow, heard: list[tuple[str, bool]]
) -> None:
    _press(qtbot, window, Qt.Key.Key_Right)
    title = window.show_state.text(window.content.slides[1].title)
    assert heard == [(f"Slide 2 of {window.show_state.count}: {title}", False)]


# --- the kiosk's countdown ------------------------------------------------------------------
def test_the_countdown_lasts_at_least_20_seconds(content: Content) -> None:
    assert COUNTDOWN_RANGE == (20.0, 120.0)
    assert KioskSettings().countdown >= 20
    assert KioskTimings().countdown >= 20_000
    assert KioskTimings.from_settings(content.kiosk).countdown >= 20_000


@pytest.fixture
def kiosk(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Iterator[KioskController]:
    with running_kiosk(window, tmp_path / "staff-pin.json", FAST) as controller:
        yield controller


def test_more_time_doubles_the_idle_timeout_for_this_visit(
    qtbot: QtBot, kiosk: KioskController, heard: list[tuple[str, bool]]
) -> None:
    window = kiosk.window
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)  # wake: a visit
    qtbot.waitUntil(lambda: kiosk.state == COUNTDOWN, timeout=2000)
    assert heard[-1] == ("Still there? Touch the screen to carry on. Starting again in 1", True)
    button = kiosk.countdown.more_time_button
    assert button.isVisible()
    assert button.accessibleName() == "More time"
    assert min(button.width(), button.height()) >= MIN_TOUCH >= 48
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert kiosk.state == VISIT
    assert not kiosk.countdown.isVisible()
    assert kiosk.timings.idle_timeout == 2 * FAST.idle_timeout
    assert kiosk.idle_timer.remainingTime() > FAST.idle_timeout
    # A second "More time" in the same visit does not double it again.
    qtbot.waitUntil(lambda: kiosk.state == COUNTDOWN, timeout=2000)
    kiosk.countdown.more_time.emit()  # as a screen reader's "press" would
    assert kiosk.state == VISIT
    assert kiosk.timings.idle_timeout == 2 * FAST.idle_timeout
    qtbot.waitUntil(lambda: kiosk.state == ATTRACT, timeout=3000)  # nobody: the idle reset
    assert kiosk.timings == FAST, "more time lasts one visit"


def test_a_touch_beside_more_time_keeps_the_usual_timeout(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    kiosk.timings = replace(FAST, countdown=2_000)
    qtbot.mouseClick(kiosk.window.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.state == COUNTDOWN, timeout=2000)
    qtbot.mouseClick(kiosk.countdown.title, Qt.MouseButton.LeftButton)
    assert kiosk.state == VISIT
    assert kiosk.timings.idle_timeout == FAST.idle_timeout


def test_slide_titles_have_the_heading_role(window: MainWindow) -> None:
    for view in window.views:
        interface = QAccessible.queryAccessibleInterface(view.title_label)
        assert interface is not None
        assert interface.role() == QAccessible.Role.Heading
        assert interface.text(QAccessible.Text.Name) == view.title_label.text()
    other = QAccessible.queryAccessibleInterface(window.counter_label)
    assert other is not None
    assert other.role() == QAccessible.Role.StaticText, "other labels keep Qt's own role"


def test_the_key_help_lists_the_video_keys(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    layer = window.talk_layers.key_help()
    assert layer.isVisible()
    for action, key in NEW_KEYS.items():
        assert ([key], action.meaning) in layer.rows
