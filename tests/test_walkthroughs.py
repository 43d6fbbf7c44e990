"""Walk-throughs of every function with one kind of input each: a keyboard alone, touch
alone, a clicker alone (issue 12). Each walk asserts the state it reached: the slide, the
video's state, the language, the blank screen.

The content is the bundled one in English, Arabic and Polish (tests/support/languages.py),
so the language chooser is there. Touch reaches the overview ("All slides") and the key help
(the accessibility menu) too. What one kind of input cannot reach is listed in the README
("Screen readers and keyboard"): the clicker's keys reach the slides, blanking and
fullscreen only, by design.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import load_content
from kiosk.ui.show.state import Blank
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.kinds import CardTarget, ImageSlideView
from kiosk.ui.slides.player import PlayState
from kiosk.ui.slides.video import VideoSlideView
from kiosk.ui.style import MIN_TOUCH
from tests.support.languages import multilingual_content
from tests.support.show import show_window

VIDEO_ID = "explainer-video"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, app_fonts: None) -> MainWindow:
    return show_window(qtbot, load_content(multilingual_content(tmp_path / "content")))


def _tab_to(qtbot: QtBot, window: MainWindow, target: QWidget, limit: int = 80) -> None:
    """Tab (only) until ``target`` has the focus."""
    for _ in range(limit):
        qtbot.keyClick(window, Qt.Key.Key_Tab)
        if window.focus_ring.focused() is target:
            return
    raise AssertionError(f"Tab never reached {target.objectName() or target.accessibleName()}")


def _press_with_keys(qtbot: QtBot, window: MainWindow, target: QWidget) -> None:
    """Tab to ``target``, then press it with Enter."""
    _tab_to(qtbot, window, target)
    qtbot.keyClick(window, Qt.Key.Key_Return)


def _touch(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _video(window: MainWindow) -> VideoSlideView:
    view = window.current_view
    assert isinstance(view, VideoSlideView), "on the video slide"
    return view


# --- keyboard only ------------------------------------------------------------------------
def test_keyboard_reaches_every_slide_by_arrows_and_by_tab(
    qtbot: QtBot, window: MainWindow
) -> None:
    count = len(window.content.slides)
    for index in range(1, count):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        assert window.current_index == index
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.current_index == count - 2
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert window.current_index == 0
    for index in range(count):
        _tab_to(qtbot, window, window.dots[index])
        qtbot.keyClick(window, Qt.Key.Key_Space)
        assert window.current_index == index
    _press_with_keys(qtbot, window, window.previous_button)
    assert window.current_index == count - 2
    _press_with_keys(qtbot, window, window.next_button)
    assert window.current_index == count - 1


def test_keyboard_reaches_a_summary_card(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(window.content.index_of("summary-visual"))
    view = window.current_view
    assert isinstance(view, ImageSlideView)
    cards = [card for card in view.findChildren(CardTarget) if card.isVisible()]
    _press_with_keys(qtbot, window, cards[3])
    assert window.current_index != window.content.index_of("summary-visual")


def test_keyboard_plays_mutes_captions_and_seeks_the_video(
    qtbot: QtBot, window: MainWindow
) -> None:
    _tab_to(qtbot, window, window.dots[window.content.index_of(VIDEO_ID)])
    qtbot.keyClick(window, Qt.Key.Key_Return)
    view = _video(window)
    _press_with_keys(qtbot, window, view.play_button)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=10_000)
    _press_with_keys(qtbot, window, view.play_button)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PAUSED, timeout=5_000)
    _press_with_keys(qtbot, window, view.mute_button)
    assert view.player.muted
    _press_with_keys(qtbot, window, view.captions_button)
    assert not view.captions_on
    assert view.seek_slider in window.focus_ring.controls(), "the seek bar is on the Tab path"
    qtbot.waitUntil(lambda: view.player.duration > 20_000, timeout=10_000)
    start = view.player.position
    qtbot.keyClick(window, Qt.Key.Key_L)  # the seek bar itself takes no keys: J and L seek
    qtbot.waitUntil(lambda: view.player.position >= start + 9_000, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert not view.player.muted
    qtbot.keyClick(window, Qt.Key.Key_C)
    assert view.captions_on


def test_keyboard_chooses_a_language(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(2)
    _press_with_keys(qtbot, window, window.languages.button)
    chooser = window.languages.chooser
    assert chooser.isVisible()
    with qtbot.waitSignal(window.show_state.language_changed):
        _press_with_keys(qtbot, window, chooser.entries["ar"])
    assert window.show_state.language == "ar"
    assert window.current_index == 2, "the same slide, in Arabic"
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    _press_with_keys(qtbot, window, window.languages.button)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not chooser.isVisible()
    assert window.show_state.language == "ar"


def test_keyboard_opens_the_overview_and_the_help(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_O)
    overview = window.talk_layers.overview()
    assert overview.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Down)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert not overview.isVisible()
    assert window.current_index == overview.columns() + 1
    qtbot.keyClick(window, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    help_layer = window.talk_layers.key_help()
    assert help_layer.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not help_layer.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_G)  # go to a slide by number
    qtbot.keyClicks(window, "3")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.current_index == 2


# --- touch only -----------------------------------------------------------------------------
def test_touch_reaches_every_slide_and_a_summary_card(qtbot: QtBot, window: MainWindow) -> None:
    count = len(window.content.slides)
    for index in range(1, count):
        _touch(qtbot, window.next_button)
        assert window.current_index == index
    _touch(qtbot, window.previous_button)
    assert window.current_index == count - 2
    for index in reversed(range(count)):
        _touch(qtbot, window.dots[index])
        assert window.current_index == index
    window.go_to(window.content.index_of("summary-visual"))
    view = window.current_view
    assert isinstance(view, ImageSlideView)
    card = next(card for card in view.findChildren(CardTarget) if card.isVisible())
    _touch(qtbot, card)
    assert window.current_index != window.content.index_of("summary-visual")


def test_touch_swipes_between_slides(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(1)
    middle = window.stack.mapTo(window, window.stack.rect().center())
    start, end = middle + QPoint(300, 0), middle - QPoint(300, 0)
    qtbot.mousePress(window, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(window, end)
    qtbot.mouseRelease(window, Qt.MouseButton.LeftButton, pos=end)
    assert window.current_index == 2, "a swipe to the left goes on"


def test_touch_plays_mutes_captions_and_seeks_the_video(qtbot: QtBot, window: MainWindow) -> None:
    _touch(qtbot, window.dots[window.content.index_of(VIDEO_ID)])
    view = _video(window)
    _touch(qtbot, view.play_button)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=10_000)
    _touch(qtbot, view.mute_button)
    assert view.player.muted
    _touch(qtbot, view.captions_button)
    assert not view.captions_on
    qtbot.waitUntil(lambda: view.player.duration > 20_000, timeout=10_000)
    slider = view.seek_slider
    half = QPoint(slider.width() // 2, slider.height() // 2)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=half)
    middle = view.player.duration // 2
    qtbot.waitUntil(lambda: abs(view.player.position - middle) < 8_000, timeout=5_000)
    _touch(qtbot, view.play_button)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PAUSED, timeout=5_000)


def test_touch_chooses_a_language(qtbot: QtBot, window: MainWindow) -> None:
    _touch(qtbot, window.languages.button)
    chooser = window.languages.chooser
    qtbot.waitUntil(chooser.isVisible)
    entry = chooser.entries["pl"]
    qtbot.waitUntil(entry.isVisible)
    with qtbot.waitSignal(window.show_state.language_changed):
        _touch(qtbot, entry)
    assert window.show_state.language == "pl"
    assert not chooser.isVisible()


def test_touch_opens_all_slides_jumps_and_closes(qtbot: QtBot, window: MainWindow) -> None:
    button = window.all_slides.button
    assert button.isVisible()
    assert min(button.width(), button.height()) >= MIN_TOUCH
    assert button.accessibleName() == "All slides"
    _touch(qtbot, button)
    overview = window.talk_layers.overview()
    qtbot.waitUntil(overview.isVisible)
    target = 4
    qtbot.mouseClick(overview, Qt.MouseButton.LeftButton, pos=overview.cell_rect(target).center())
    assert window.current_index == target
    assert not overview.isVisible()
    _touch(qtbot, button)
    qtbot.waitUntil(overview.isVisible)
    close = overview.close_button
    assert close.isVisible()
    assert window.childAt(close.geometry().center()) is close, "over the thumbnails' layer"
    assert close.accessibleName() == "Close"
    assert min(close.width(), close.height()) >= MIN_TOUCH
    _touch(qtbot, close)
    assert not overview.isVisible()
    assert window.current_index == target, "Close leaves the slide as it was"


def test_touch_opens_the_key_help_from_the_accessibility_menu(
    qtbot: QtBot, window: MainWindow
) -> None:
    _touch(qtbot, window.access.button)
    menu = window.access.menu
    qtbot.waitUntil(menu.isVisible)
    entry = menu.entries["keys"]
    assert entry.accessibleName() == "Keys for keyboards and clickers"
    _touch(qtbot, entry)
    help_layer = window.talk_layers.key_help()
    qtbot.waitUntil(help_layer.isVisible)
    assert not menu.isVisible()
    assert help_layer.rows, "the keys, listed"
    _touch(qtbot, help_layer.card)  # a touch anywhere closes it: it has nothing to press
    assert not help_layer.isVisible()


def test_all_slides_is_a_tab_away_and_at_the_bars_start_in_either_direction(
    qtbot: QtBot, window: MainWindow
) -> None:
    _press_with_keys(qtbot, window, window.all_slides.button)
    overview = window.talk_layers.overview()
    assert overview.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not overview.isVisible()
    button, previous = window.all_slides.button, window.previous_button
    assert button.x() < previous.x() < window.access.button.x()
    window.show_state.set_language("ar")  # right to left: the bar mirrors
    qtbot.waitUntil(lambda: window.all_slides.button.accessibleName() != "")
    button = window.all_slides.button
    assert button.x() > window.previous_button.x() > window.access.button.x()


# --- clicker only ---------------------------------------------------------------------------
CLICKER_NEXT, CLICKER_PREVIOUS = Qt.Key.Key_PageDown, Qt.Key.Key_PageUp


def test_a_clicker_drives_the_show_forward_and_back_to_every_slide(
    qtbot: QtBot, window: MainWindow
) -> None:
    count = len(window.content.slides)
    for index in range(1, count):
        qtbot.keyClick(window, CLICKER_NEXT)
        assert window.current_index == index
    qtbot.keyClick(window, CLICKER_NEXT)
    assert window.current_index == count - 1, "the last slide stays"
    for index in reversed(range(count - 1)):
        qtbot.keyClick(window, CLICKER_PREVIOUS)
        assert window.current_index == index


def test_a_clicker_blanks_starts_and_leaves_the_show(qtbot: QtBot, window: MainWindow) -> None:
    show = window.show_state
    qtbot.keyClick(window, CLICKER_NEXT)
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert show.blank == Blank.BLACK
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert show.blank == Blank.NONE
    qtbot.keyClick(window, Qt.Key.Key_Period)  # the blank button of many remotes
    assert show.blank == Blank.BLACK
    qtbot.keyClick(window, Qt.Key.Key_F5)  # the start button: the show, fullscreen
    assert show.blank == Blank.NONE
    qtbot.waitUntil(window.isFullScreen)
    assert window.current_index == 1, "F5 resumes on the same slide"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    qtbot.keyClick(window, Qt.Key.Key_Period)
    qtbot.keyClick(window, CLICKER_NEXT)  # moving on brings the slide back, first
    assert show.blank == Blank.NONE
    assert window.current_index == 1
    qtbot.keyClick(window, CLICKER_NEXT)
    assert window.current_index == 2
