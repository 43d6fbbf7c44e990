"""A visitor's and a staff member's journey through the kiosk at a small panel's size:
the staff gesture's fast taps, "Start again", touch targets, the attract screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt, QVariantAnimation
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import Content
from kiosk.content.actions import VISITOR_ACTIONS
from kiosk.system.pin import PinStore
from kiosk.ui.kiosk.controller import STAFF, VISIT, KioskController
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState
from kiosk.ui.slides.video import VideoSlideView
from kiosk.ui.style import MIN_TOUCH, scale_for
from tests.support.clock import FakeClock
from tests.support.show import fast_timings, running_kiosk

FAST = fast_timings(idle_timeout=5_000)


@pytest.fixture
def kiosk(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Iterator[KioskController]:
    with running_kiosk(
        window, tmp_path / "staff-pin.json", FAST, attract_video="skip"
    ) as controller:
        yield controller


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


def _touch_targets(window: MainWindow) -> list[QWidget]:
    """Every visible widget a finger can press, in the window and its layers."""
    kinds = (QAbstractButton, QAbstractSlider)
    return [w for w in window.findChildren(QWidget) if isinstance(w, kinds) and w.isVisible()]


def _small_targets(qtbot: QtBot, window: MainWindow) -> list[str]:
    small = []
    for index in range(window.show_state.count):
        window.go_to(index)
        qtbot.wait(20)
        for widget in _touch_targets(window):
            if min(widget.width(), widget.height()) < MIN_TOUCH:
                name = widget.accessibleName() or type(widget).__name__
                small.append(f"slide {index + 1}: {name} {widget.width()}x{widget.height()}")
    return small


def test_every_touch_target_in_the_window_is_finger_sized(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(800, 480)
    qtbot.waitUntil(lambda: window.width() == 800)
    assert _touch_targets(window)
    assert _small_targets(qtbot, window) == []


def test_every_touch_target_in_the_kiosk_is_finger_sized(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    window = kiosk.window
    window.resize(800, 480)
    qtbot.waitUntil(lambda: window.width() == 800)
    kiosk.start_visit()
    assert all(dot.isVisible() for dot in window.dots)
    assert window.all_slides.button.isVisible(), "the margin gives way first"
    assert _small_targets(qtbot, window) == []
    kiosk.open_staff()
    qtbot.wait(20)
    pad = [w for w in _touch_targets(window) if kiosk.pin_pad.isAncestorOf(w)]
    assert pad
    assert [w.objectName() for w in pad if min(w.width(), w.height()) < MIN_TOUCH] == []
    kiosk.desk.show_panel()
    qtbot.wait(20)
    panel = [w for w in _touch_targets(window) if kiosk.staff_panel.isAncestorOf(w)]
    assert len(panel) >= 3
    assert [w.objectName() for w in panel if min(w.width(), w.height()) < MIN_TOUCH] == []


def test_the_last_kiosk_slide_offers_start_again(qtbot: QtBot, kiosk: KioskController) -> None:
    window = kiosk.window
    kiosk.start_visit()
    assert window.home_button.isVisible()
    window.go_to(window.show_state.count - 1)
    button = window.start_again_button
    assert button.isVisible()
    assert not window.next_button.isVisible()
    assert button.text_ == "Start again"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_index == 0
    assert not button.isVisible()
    assert window.next_button.isVisible()


def test_the_plain_window_has_no_start_again(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(window.show_state.count - 1)
    assert not window.start_again_button.isVisible()
    assert not window.home_button.isVisible()


def test_the_attract_screen_shows_no_navigation(qtbot: QtBot, kiosk: KioskController) -> None:
    window = kiosk.window
    chrome = [window.previous_button, window.next_button, window.home_button, *window.dots]
    chrome += [window.all_slides.button, window.access.button]
    assert not any(widget.isVisible() for widget in chrome)
    kiosk.start_visit()
    assert all(widget.isVisible() for widget in chrome[1:])


def test_a_visitor_touches_all_slides_and_the_key_help_in_the_kiosk(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    window = kiosk.window
    kiosk.start_visit()
    qtbot.mouseClick(window.all_slides.button, Qt.MouseButton.LeftButton)
    overview = window.talk_layers.overview()
    qtbot.waitUntil(overview.isVisible)
    qtbot.mouseClick(overview, Qt.MouseButton.LeftButton, pos=overview.cell_rect(3).center())
    assert window.current_index == 3
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.access.menu.entries["keys"], Qt.MouseButton.LeftButton)
    help_layer = window.talk_layers.key_help()
    qtbot.waitUntil(help_layer.isVisible)
    assert set(help_layer.bindings) <= VISITOR_ACTIONS, "a visitor's keys only"


def test_a_touch_on_the_attract_video_plays_it_with_sound_from_the_start(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    window = kiosk.window
    kiosk.attract_video = "muted"
    kiosk.attract_timer.stop()
    video = window.content.index_of("explainer-video")
    window.go_to(video)
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=15_000)
    qtbot.waitUntil(lambda: view.player.position > 300, timeout=15_000)
    middle = view.video_widget.mapTo(window, view.video_widget.rect().center())
    target = window.childAt(middle)
    assert target is not None
    assert target is view.video_widget or view.video_widget.isAncestorOf(target)
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(window, middle))
    assert kiosk.state == VISIT
    assert window.current_index == video
    assert not view.player.muted
    assert view.player.position < 300
    assert not kiosk.banner.isVisible()
    assert window.next_button.isVisible()


def test_a_key_in_the_attract_video_still_starts_at_the_opening_slide(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    window = kiosk.window
    kiosk.attract_video = "muted"
    kiosk.attract_timer.stop()
    window.go_to(window.content.index_of("explainer-video"))
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=15_000)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert kiosk.state == VISIT
    assert window.current_index == 0


@pytest.mark.parametrize("size", [(1280, 720), (800, 480), (1080, 1920)])
def test_the_attract_call_to_action_is_large_and_centred(
    qtbot: QtBot, kiosk: KioskController, size: tuple[int, int]
) -> None:
    window = kiosk.window
    window.resize(*size)
    qtbot.waitUntil(lambda: kiosk.banner.size() == window.size())
    cta = kiosk.banner.cta
    assert abs(cta.center().x() - window.width() // 2) <= 1
    assert abs(cta.center().y() - window.height() // 2) <= 1
    assert cta.height() >= max(64, min(size) // 7)
    assert QRect(kiosk.banner.rect()).contains(cta)
    assert cta.contains(kiosk.banner.label.geometry())
    assert kiosk.banner.label.text() == "Touch to explore"


def test_the_attract_call_to_action_pulses(qtbot: QtBot, kiosk: KioskController) -> None:
    banner = kiosk.banner
    assert banner.pulse.state() is QVariantAnimation.State.Running
    phases: set[float] = set()

    def moved() -> bool:
        phases.add(round(banner.phase, 2))
        return len(phases) > 3

    qtbot.waitUntil(moved, timeout=3000)
    kiosk.start_visit()
    assert banner.pulse.state() is QVariantAnimation.State.Stopped


def test_the_pin_pad_says_what_each_key_is(qtbot: QtBot, kiosk: KioskController) -> None:
    kiosk.open_staff()
    pad = kiosk.pin_pad
    assert pad.buttons["OK"].objectName() == "primary"
    assert pad.cancel_button.objectName() == "secondary"
    assert pad.buttons["Clear"].objectName() != pad.buttons["5"].objectName()
    assert not pad.error_icon.isVisible()
    for key in ("1", "1", "1", "1", "OK"):
        qtbot.mouseClick(pad.buttons[key], Qt.MouseButton.LeftButton)
    assert pad.message.text() == "Wrong PIN."
    assert pad.error_icon.isVisible()
    colour = pad.message.palette().color(pad.message.foregroundRole())
    assert colour.name().upper() == "#D5281B"
    assert pad.message.width() >= pad.message.sizeHint().width()  # on one line, not clipped
    qtbot.mouseClick(pad.buttons["2"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.buttons["Clear"], Qt.MouseButton.LeftButton)
    assert pad.display.text() == ""
    assert pad.display.font().letterSpacing() > 0  # the masked dots stand apart


def test_the_staff_panel_leads_with_the_way_back(qtbot: QtBot, kiosk: KioskController) -> None:
    kiosk.desk.show_panel()
    panel = kiosk.staff_panel
    buttons = [panel.back_button, panel.reload_button, panel.exit_button]
    lefts = [button.mapTo(panel.card, button.rect().topLeft()).x() for button in buttons]
    assert lefts == sorted(lefts)
    assert panel.back_button.objectName() == "primary"
    assert panel.exit_button.objectName() == "danger"
    assert not panel.screen_button.isVisible()  # one screen: nowhere to move to


def test_a_portrait_window_keeps_its_dots(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1080, 1920)
    qtbot.waitUntil(lambda: window.width() == 1080)
    assert all(dot.isVisible() for dot in window.dots)


@pytest.mark.parametrize("size", [(800, 480), (1024, 768), (1280, 720), (1080, 1920)])
def test_the_kiosk_footer_fits_without_overlap(
    qtbot: QtBot, kiosk: KioskController, size: tuple[int, int]
) -> None:
    window = kiosk.window
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    kiosk.start_visit()
    for index in (0, window.show_state.count - 1):
        window.go_to(index)
        qtbot.wait(20)
        shown = [w for w in window.footer.findChildren(QWidget) if w.isVisible()]
        boxes = [w.geometry() for w in shown if w.parentWidget() is window.footer]
        assert all(window.footer.rect().contains(box) for box in boxes), (size, index)
        for number, box in enumerate(boxes):
            assert not any(box.intersects(other) for other in boxes[number + 1 :]), (size, index)
    if size == (1080, 1920):
        assert all(dot.isVisible() for dot in window.dots)
    assert window.all_slides.button.isVisible(), "room for the dots and All slides"


def test_the_footer_margin_gives_way_before_the_dots() -> None:
    """At 800x480 the grid's margin leaves no room for nine finger-sized dots; a narrower
    margin does, so the dots stay and the margin gives way."""
    from kiosk.ui.show.footer import fit_footer

    fixed = 2 * MIN_TOUCH + 132 + 42  # two arrows, the kiosk's Home, the counter
    fit = fit_footer(800, fixed, (43, 18), 5, 9, 28)
    assert fit.dots_fit
    assert fit.margin == 18
    assert fit.dot_side == MIN_TOUCH
    assert fit_footer(1920, fixed, (96, 40), 12, 9, 64) == type(fit)(96, 64, True)
    assert not fit_footer(400, fixed, (43, 18), 5, 9, 28).dots_fit


def test_all_slides_gives_way_to_the_dots_after_the_counter() -> None:
    """A kiosk bar narrower than 800 px: the dots reach every slide, so they stay."""
    from kiosk.ui.show.footer import fit_footer

    fixed = 3 * MIN_TOUCH + 132  # arrows, accessibility, the kiosk's Home
    roomy = fit_footer(1280, fixed, (64, 40, 16), 8, 9, 43, counter=60, spare=MIN_TOUCH)
    assert (roomy.dots_fit, roomy.counter_fits, roomy.spare_fits) == (True, True, True)
    tight = fit_footer(800, fixed, (43, 18, 7), 5, 9, 28, counter=42, spare=MIN_TOUCH)
    assert (tight.dots_fit, tight.counter_fits, tight.spare_fits) == (True, False, True)
    assert tight.margin == 7
    narrow = fit_footer(760, fixed, (43, 18, 7), 5, 9, 28, counter=42, spare=MIN_TOUCH)
    assert (narrow.dots_fit, narrow.counter_fits, narrow.spare_fits) == (True, False, False)


def test_the_counter_gives_way_before_the_dots() -> None:
    """With the accessibility button too, nine dots and "n of N" do not fit at 800 px: the
    counter goes (the dots say as much), the dots stay."""
    from kiosk.ui.show.footer import fit_footer

    fixed = 3 * MIN_TOUCH + 132  # arrows, accessibility, the kiosk's Home
    fit = fit_footer(800, fixed, (43, 18), 5, 9, 28, counter=60)
    assert fit.dots_fit
    assert not fit.counter_fits
    assert fit.margin == 18
    roomy = fit_footer(1280, fixed, (64, 40), 8, 9, 43, counter=60)
    assert roomy.dots_fit
    assert roomy.counter_fits
    assert roomy.margin == 64
    hopeless = fit_footer(300, fixed, (43, 18), 5, 9, 28, counter=60)
    assert not hopeless.dots_fit
    assert hopeless.counter_fits, "with no dots, the counter is the one sign of progress"


def test_the_app_wide_input_filter_goes_on_at_the_first_paint(
    qtbot: QtBot, content: Content, app_fonts: None, tmp_path: Path
) -> None:
    """``kiosk --kiosk`` starts the controller before the window paints: a touch on a
    control is only seen by the app-wide filter once the first slide is painted (PySide
    would otherwise wrap every start-up event in Python), and from then on it is."""
    window = MainWindow(content)
    qtbot.addWidget(window)
    pins = PinStore(tmp_path / "staff-pin.json", clock=FakeClock())
    controller = KioskController(window, timings=FAST, pins=pins, quit_app=lambda _code: None)
    controller.attract_video = "skip"
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
        controller.start(watch_after_paint=True)
        assert not window.painted
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
        assert controller.state != VISIT  # not watched yet: nothing was on the screen
    try:
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
        assert controller.state == VISIT  # the first touch after the paint starts a visit
    finally:
        controller.stop()
        window.close()


def test_the_kiosk_start_restyles_the_window_once(
    qtbot: QtBot, content: Content, app_fonts: None, tmp_path: Path
) -> None:
    """Full screen, sealed, the attract screen: each would restyle the window and all its
    made views (a few ms each before the first paint); inside ``styled_once`` they are
    restyled once, on leaving, for the size the window ends at."""
    window = MainWindow(content)
    qtbot.addWidget(window)
    pins = PinStore(tmp_path / "staff-pin.json", clock=FakeClock())
    controller = KioskController(window, timings=FAST, pins=pins, quit_app=lambda _code: None)
    sizes: list[tuple[int, int]] = []
    resize = window.style_.resize

    def counted(width: int, height: int) -> None:
        sizes.append((width, height))
        resize(width, height)

    window.style_.resize = counted  # type: ignore[method-assign]
    try:
        with window.styled_once():
            window.show_fullscreen()
            controller.start()
            window.resize(1000, 600)
            assert sizes == []
        assert sizes == [(1000, 600)]
        assert window.style_.unit == pytest.approx(scale_for(1000, 600))
    finally:
        controller.stop()
        window.close()
