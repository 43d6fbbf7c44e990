"""Kiosk mode with timers in milliseconds: attract loop, visits, idle reset, lock-down,
the staff gesture and PIN, live content updates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import Content, load_content
from kiosk.system.pin import PinStore
from kiosk.ui.kiosk.controller import (
    ATTRACT,
    COUNTDOWN,
    STAFF,
    VISIT,
    KioskController,
    KioskTimings,
)
from kiosk.ui.kiosk.run import KioskOptions, start_after_paint
from kiosk.ui.show.watch import ContentWatcher
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState
from kiosk.ui.slides.video import VideoSlideView
from tests.support.clock import FakeClock

ESCAPE_KEYS = [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
]
"""Keys that would end or shrink a kiosk on an ordinary desktop."""

FAST = KioskTimings(
    idle_timeout=150, countdown=300, slide_duration=40, cursor_hide=50, use_slide_durations=False
)


@pytest.fixture
def pins(tmp_path: Path) -> PinStore:
    store = PinStore(tmp_path / "staff-pin.json", clock=FakeClock())
    store.set_pin("2468")
    return store


@pytest.fixture
def kiosk(qtbot: QtBot, window: MainWindow, pins: PinStore) -> Iterator[KioskController]:
    exits: list[int] = []
    controller = KioskController(window, timings=FAST, pins=pins, quit_app=exits.append)
    controller.exits = exits  # type: ignore[attr-defined]
    controller.start()
    yield controller
    controller.stop()


def _tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_attract_loop_cycles_and_wraps(qtbot: QtBot, kiosk: KioskController) -> None:
    window = kiosk.window
    assert kiosk.state == ATTRACT
    assert kiosk.banner.isVisible()
    assert kiosk.banner.label.text() == "Touch to explore"
    seen: list[int] = []
    window.slide_changed.connect(seen.append)
    # Nine slides with 40 ms each (the video plays muted to its end: skip it here).
    kiosk.attract_video = "skip"
    qtbot.waitUntil(lambda: len(seen) >= 10, timeout=10_000)
    video = window.content.index_of("explainer-video")
    assert video not in seen
    assert seen[:7] == [1, 2, 3, 4, 5, 6, 8]
    assert 0 in seen  # wrapped around


def test_attract_plays_the_video_muted_with_captions(qtbot: QtBot, kiosk: KioskController) -> None:
    window = kiosk.window
    kiosk.attract_timer.stop()
    window.go_to(window.content.index_of("explainer-video"))
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=15_000)
    assert view.player.muted
    assert view.captions_on


def test_a_touch_ends_the_loop_at_the_opening_slide_without_pressing(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    window = kiosk.window
    kiosk.attract_timer.stop()
    window.go_to(3)
    with qtbot.waitSignal(kiosk.state_changed) as blocker:
        _tap(qtbot, window.next_button)
    assert blocker.args == [VISIT]
    assert window.current_index == 0  # opening slide; the tap did not also press "next"
    assert not kiosk.banner.isVisible()
    assert window.home_button.isVisible()
    _tap(qtbot, window.next_button)
    assert window.current_index == 1


def test_a_key_or_a_real_touch_also_wakes_it(qtbot: QtBot, kiosk: KioskController) -> None:
    qtbot.keyClick(kiosk.window, Qt.Key.Key_Right)
    assert kiosk.state == VISIT
    kiosk.enter_attract()
    device = QTest.createTouchDevice()
    point = kiosk.window.rect().center()
    QTest.touchEvent(kiosk.window, device).press(0, point, kiosk.window)
    QTest.touchEvent(kiosk.window, device).release(0, point, kiosk.window)
    qtbot.waitUntil(lambda: kiosk.state == VISIT)


def test_idle_countdown_then_reset_forgets_the_visitor(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    window = kiosk.window
    _tap(qtbot, window.next_button)  # wake
    video = window.views[window.content.index_of("explainer-video")]
    assert isinstance(video, VideoSlideView)
    video.set_captions(False)
    video.player.set_muted(True)
    _tap(qtbot, window.dots[4])
    assert window.current_index == 4
    with qtbot.waitSignal(kiosk.state_changed, timeout=2000) as blocker:
        pass
    assert blocker.args == [COUNTDOWN]
    assert kiosk.countdown.isVisible()
    assert kiosk.countdown.title.text() == "Still there?"
    with qtbot.waitSignal(kiosk.visitor_reset, timeout=2000):
        pass
    assert kiosk.state == ATTRACT
    assert not kiosk.countdown.isVisible()
    assert window.current_index == 0
    assert video.captions_on
    assert not video.player.muted


def _touch(qtbot: QtBot, kiosk: KioskController, how: str) -> None:
    """Some input from a visitor on the slide: a click, a finger, or a navigation key."""
    window = kiosk.window
    if how == "click":
        _tap(qtbot, window.current_view.title_label)
    elif how == "finger":
        device = QTest.createTouchDevice()
        point = window.rect().center()
        QTest.touchEvent(window, device).press(0, point, window)
        QTest.touchEvent(window, device).release(0, point, window)
    else:
        qtbot.keyClick(window, Qt.Key.Key_End)  # a visitor's key: to the last slide


@pytest.mark.parametrize("how", ["click", "finger", "key"])
def test_input_during_a_visit_restarts_the_idle_timer(
    qtbot: QtBot, kiosk: KioskController, how: str
) -> None:
    kiosk.timings = replace(FAST, idle_timeout=60_000)
    _tap(qtbot, kiosk.window.next_button)  # wake: a visit
    assert kiosk.state == VISIT
    kiosk.idle_timer.start(300)  # the visitor has stood still for all but the last 0.3 s
    _touch(qtbot, kiosk, how)
    assert kiosk.idle_timer.isActive()
    assert kiosk.idle_timer.remainingTime() > 50_000  # a full idle timeout again
    with qtbot.assertNotEmitted(kiosk.state_changed, wait=600):
        pass  # the old deadline passes without "Still there?"
    assert kiosk.state == VISIT


@pytest.mark.parametrize("how", ["click", "finger", "key"])
def test_a_touch_during_the_countdown_keeps_the_visit(
    qtbot: QtBot, kiosk: KioskController, how: str
) -> None:
    window = kiosk.window
    _tap(qtbot, window.next_button)
    _tap(qtbot, window.next_button)
    assert window.current_index == 1
    qtbot.waitUntil(lambda: kiosk.state == COUNTDOWN, timeout=2000)
    # The visit goes on from here: no second idle timeout within this test.
    kiosk.timings = replace(FAST, idle_timeout=60_000)
    _touch(qtbot, kiosk, how)
    assert kiosk.state == VISIT
    assert window.current_index == 1  # the input that kept the visit did nothing else
    assert not kiosk.countdown.isVisible()
    assert not kiosk.countdown_timer.isActive()  # the countdown stopped, not just hidden
    with qtbot.assertNotEmitted(kiosk.visitor_reset, wait=FAST.countdown + 300):
        pass  # its end passes and the visitor is not forgotten
    assert kiosk.state == VISIT
    assert window.current_index == 1


def test_a_playing_video_counts_as_activity(qtbot: QtBot, kiosk: KioskController) -> None:
    window = kiosk.window
    _tap(qtbot, window.next_button)
    window.go_to(window.content.index_of("explainer-video"))
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    view.play()
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=15_000)
    with qtbot.assertNotEmitted(kiosk.state_changed, wait=600):
        pass  # four idle timeouts pass while the video plays
    assert kiosk.state == VISIT


@pytest.mark.parametrize(("key", "modifier"), ESCAPE_KEYS)
def test_escape_keys_do_nothing(
    qtbot: QtBot, kiosk: KioskController, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    window = kiosk.window
    _tap(qtbot, window.next_button)
    fullscreen_before = window.isFullScreen()
    with qtbot.assertNotEmitted(window.slide_changed):
        qtbot.keyClick(window, key, modifier)
    assert window.isVisible()
    assert window.isFullScreen() == fullscreen_before
    assert kiosk.exits == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(("key", "modifier"), ESCAPE_KEYS)
def test_escape_keys_do_nothing_on_the_staff_panel(
    qtbot: QtBot, kiosk: KioskController, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    # During a visit every key but plain navigation is refused anyway; on the staff panel
    # other keys pass, so only the escape-key guard keeps the kiosk fullscreen and running.
    window = kiosk.window
    window.show_fullscreen()
    qtbot.waitUntil(window.isFullScreen)
    kiosk.open_staff()
    for digit in "2468":
        kiosk.pin_pad.press(digit)
    kiosk.pin_pad.press("OK")
    assert kiosk.staff_panel.isVisible()
    for target in (window, kiosk.staff_panel):  # F11 twice would toggle back: check each
        qtbot.keyClick(target, key, modifier)
        assert window.isVisible()
        assert window.isFullScreen()
        assert kiosk.state == STAFF
        assert kiosk.staff_panel.isVisible()
        assert kiosk.exits == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "key",
    [
        Qt.Key.Key_B,
        Qt.Key.Key_Period,
        Qt.Key.Key_W,
        Qt.Key.Key_O,
        Qt.Key.Key_G,
        Qt.Key.Key_Question,
        Qt.Key.Key_5,
        Qt.Key.Key_F5,
        Qt.Key.Key_Tab,
    ],
)
def test_presenter_keys_are_not_for_visitors(
    qtbot: QtBot, kiosk: KioskController, key: Qt.Key
) -> None:
    window = kiosk.window
    _tap(qtbot, window.next_button)  # a visit at the opening slide
    qtbot.keyClick(window, key)
    assert window.show_state.blank == ""
    qtbot.keyClick(window, Qt.Key.Key_Right)  # plain navigation still works
    assert window.current_index == 1
    assert window.isVisible()


def test_reset_clears_a_blank_screen(qtbot: QtBot, kiosk: KioskController) -> None:
    kiosk.window.show_state.set_blank("black")
    kiosk.enter_attract()
    assert kiosk.window.show_state.blank == ""


def test_close_requests_and_context_menus_are_refused(qtbot: QtBot, kiosk: KioskController) -> None:
    window = kiosk.window
    assert not window.close()
    assert window.isVisible()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(10, 10), QPoint(10, 10))
    assert QApplication.sendEvent(window, event)  # swallowed by the kiosk


def test_staff_gesture_then_wrong_and_right_pin(qtbot: QtBot, kiosk: KioskController) -> None:
    window = kiosk.window
    for _ in range(5):
        qtbot.mouseClick(window.logo_label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert kiosk.state == STAFF
    assert kiosk.pin_pad.isVisible()
    for key in "1111":
        _tap(qtbot, kiosk.pin_pad.buttons[key])
    _tap(qtbot, kiosk.pin_pad.buttons["OK"])
    assert kiosk.pin_pad.message.text() == "Wrong PIN."
    assert not kiosk.staff_panel.isVisible()
    for key in "2468":
        _tap(qtbot, kiosk.pin_pad.buttons[key])
    assert kiosk.pin_pad.display.text() == "●●●●"
    _tap(qtbot, kiosk.pin_pad.buttons["OK"])
    assert kiosk.staff_panel.isVisible()
    _tap(qtbot, kiosk.staff_panel.exit_button)
    assert kiosk.exits == [0]  # type: ignore[attr-defined]


def test_wrong_pins_lock_the_pad(qtbot: QtBot, kiosk: KioskController) -> None:
    kiosk.open_staff()
    for _ in range(3):
        kiosk.pin_pad.press("9")
        kiosk.pin_pad.press("OK")
    assert "Too many wrong PINs" in kiosk.pin_pad.message.text()
    for key in "2468":
        kiosk.pin_pad.press(key)
    kiosk.pin_pad.press("OK")
    assert not kiosk.staff_panel.isVisible()  # locked even for the right PIN


def _corner_taps(qtbot: QtBot, kiosk: KioskController, count: int) -> None:
    for _ in range(count):
        qtbot.mouseClick(kiosk.window.logo_label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def test_four_corner_taps_do_not_open_the_pad_the_fifth_does(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    _corner_taps(qtbot, kiosk, 4)
    assert kiosk.state == VISIT  # the first tap woke the kiosk, as any touch does
    assert not kiosk.pin_pad.isVisible()
    assert not kiosk.staff_panel.isVisible()
    _corner_taps(qtbot, kiosk, 1)
    assert kiosk.state == STAFF
    assert kiosk.pin_pad.isVisible()


def test_a_tap_elsewhere_starts_the_corner_count_again(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    _corner_taps(qtbot, kiosk, 4)
    _tap(qtbot, kiosk.window.current_view.title_label)
    _corner_taps(qtbot, kiosk, 4)
    assert kiosk.state == VISIT
    assert not kiosk.pin_pad.isVisible()
    _corner_taps(qtbot, kiosk, 1)
    assert kiosk.state == STAFF


def _taps_at(qtbot: QtBot, kiosk: KioskController, point: QPoint, count: int) -> None:
    """Taps where a finger would land: on the widget under ``point`` (window coordinates)."""
    for _ in range(count):
        target = kiosk.window.childAt(point) or kiosk.window
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(kiosk.window, point))


@pytest.mark.parametrize("where", ["right-of", "below"])
def test_the_corner_ends_at_its_edge(qtbot: QtBot, kiosk: KioskController, where: str) -> None:
    corner = kiosk.window.style_.px(140)
    outside = QPoint(corner + 1, 2) if where == "right-of" else QPoint(2, corner + 1)
    _taps_at(qtbot, kiosk, outside, 5)
    assert kiosk.state != STAFF
    _taps_at(qtbot, kiosk, QPoint(corner, corner), 5)  # its far edge still counts
    assert kiosk.state == STAFF


def test_taps_elsewhere_do_not_open_the_pad(qtbot: QtBot, kiosk: KioskController) -> None:
    window = kiosk.window
    for _ in range(6):
        _tap(qtbot, window.current_view.title_label)
    assert kiosk.state != STAFF


def test_staff_panel_back_returns_to_attract(qtbot: QtBot, kiosk: KioskController) -> None:
    kiosk.open_staff()
    for key in "2468":
        kiosk.pin_pad.press(key)
    kiosk.pin_pad.press("OK")
    _tap(qtbot, kiosk.staff_panel.back_button)
    assert kiosk.state == ATTRACT
    assert not kiosk.staff_panel.isVisible()


# --- live content updates ----------------------------------------------------------------


@pytest.fixture
def content_copy(content_folder: Path) -> Path:
    return content_folder / "content.yaml"


def test_valid_change_waits_for_the_attract_loop(
    qtbot: QtBot, content_copy: Path, app_fonts: None, pins: PinStore
) -> None:
    content = load_content(content_copy)
    window = MainWindow(content)
    qtbot.addWidget(window)
    window.show()
    controller = KioskController(window, timings=FAST, pins=pins, quit_app=lambda c: None)
    controller.start()
    watcher = ContentWatcher(content, settle_ms=50)
    watcher.content_changed.connect(controller.offer_content)
    try:
        _tap(qtbot, window.next_button)  # a visitor is here
        assert controller.state == VISIT
        text = content_copy.read_text(encoding="utf-8")
        with qtbot.waitSignal(watcher.content_changed, timeout=5000):
            content_copy.write_text(
                text.replace(
                    "kind: title\n    title: Our Priorities\n",
                    "kind: title\n    title: Our New Priorities\n",
                ),
                encoding="utf-8",
            )
        assert window.views[0].title_label.text() == "Our Priorities"  # not under a finger
        qtbot.waitUntil(lambda: controller.state == ATTRACT, timeout=3000)
        assert window.views[0].title_label.text() == "Our New Priorities"
    finally:
        controller.stop()


def test_invalid_change_is_logged_and_the_last_good_content_stays(
    qtbot: QtBot, content_copy: Path, app_fonts: None, caplog: pytest.LogCaptureFixture
) -> None:
    content = load_content(content_copy)
    window = MainWindow(content)
    qtbot.addWidget(window)
    watcher = ContentWatcher(content, settle_ms=50)
    with qtbot.waitSignal(watcher.content_rejected, timeout=5000) as blocker:
        content_copy.write_text("slides: [\n  - this is: {broken", encoding="utf-8")
    assert blocker.args[0][0].line >= 1
    assert "content change rejected" in caplog.text
    assert window.content is content
    assert window.views[0].title_label.text() == "Our Priorities"


def test_timings_come_from_content(content: Content) -> None:
    timings = KioskTimings.from_settings(content.kiosk)
    assert timings.idle_timeout == 90_000
    assert timings.countdown == 20_000  # WCAG 2.2.1: at least 20 s
    assert timings.slide_duration == 12_000


def test_kiosk_layers_hide_the_video_picture_while_up(qtbot: QtBot, kiosk: KioskController) -> None:
    # Covered by a layer, the film is neither converted nor painted.
    window = kiosk.window
    _tap(qtbot, window.next_button)
    window.go_to(window.content.index_of("explainer-video"))
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    view.play()
    qtbot.waitUntil(view.video_widget.isVisible)
    kiosk.open_staff()
    assert not view.video_widget.isVisible()
    _tap(qtbot, kiosk.pin_pad.cancel_button)  # back to the attract loop...
    window.go_to(window.content.index_of("explainer-video"))  # ...which shows it playing
    assert view.stage.isVisible()
    assert view.stage.currentWidget() is view.video_widget
    assert not view.poster_page.isVisible()


def test_staff_panel_says_which_content_slide_and_screen(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    kiosk.window.go_to(2)
    kiosk.open_staff()
    for key in "2468":
        kiosk.pin_pad.press(key)
    kiosk.pin_pad.press("OK")
    info = kiosk.staff_panel.info.text()
    # the path isolated left to right (LRI ... PDI), so an Arabic line keeps its "/" in place
    assert f"Content: \u2066{kiosk.window.content.path}\u2069" in info
    assert "Slide 3 of 9 (empowering-vulnerable-communities)" in info
    assert "Screen 1 of 1" in info
    _tap(qtbot, kiosk.staff_panel.screen_button)  # one screen: says so, stays put
    assert "Only one screen." in kiosk.staff_panel.info.text()
    assert kiosk.staff_panel.isVisible()


class _Inhibitor:
    """A screen-saver inhibitor that remembers what it was asked."""

    def __init__(self) -> None:
        self.reasons: list[str] = []

    def inhibit(self, reason: str) -> None:
        self.reasons.append(reason)

    def release(self) -> None:
        self.reasons.append("released")


@pytest.fixture
def inhibitors(monkeypatch: pytest.MonkeyPatch) -> list[_Inhibitor]:
    import kiosk.inhibit

    made: list[_Inhibitor] = []

    def make() -> _Inhibitor:
        made.append(_Inhibitor())
        return made[-1]

    monkeypatch.setattr(kiosk.inhibit, "make_inhibitor", make)
    return made


def test_the_kiosk_keeps_the_screen_awake_and_watches_its_content_from_the_first_paint(
    qtbot: QtBot, content: Content, pins: PinStore, inhibitors: list[_Inhibitor], app_fonts: None
) -> None:
    window = MainWindow(content)
    qtbot.addWidget(window)
    controller = KioskController(window, timings=FAST, pins=pins, quit_app=lambda _code: None)
    held = start_after_paint(window, KioskOptions(), controller, latest_ms=60_000)
    assert not held, "nothing before the first paint"
    assert not controller.findChildren(ContentWatcher)
    with qtbot.waitSignal(window.first_painted):
        window.show()
    assert held == inhibitors, "the one made"
    assert inhibitors[0].reasons == ["Presentation kiosk on show"]
    assert len(controller.findChildren(ContentWatcher)) == 1
    window.first_painted.emit()  # once only
    assert len(inhibitors) == 1


def test_a_kiosk_that_is_never_painted_still_keeps_the_screen_awake(
    qtbot: QtBot, content: Content, pins: PinStore, inhibitors: list[_Inhibitor]
) -> None:
    window = MainWindow(content)  # never shown: no first paint
    qtbot.addWidget(window)
    controller = KioskController(window, timings=FAST, pins=pins, quit_app=lambda _code: None)
    held = start_after_paint(window, KioskOptions(), controller, latest_ms=50)
    qtbot.waitUntil(lambda: len(held) == 1, timeout=5_000)
    assert len(controller.findChildren(ContentWatcher)) == 1
