"""The accessibility menu, with real clicks: larger text, high contrast, captions, easy read,
the transcript, reduced motion and more time, and the kiosk's idle reset undoing them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractAnimation, QCoreApplication, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import VideoSlide, WorkstreamSlide
from kiosk.content.contrast import TEXT_PAIRS, contrast_ratio, theme_pairs
from kiosk.content.vtt import parse_vtt
from kiosk.ui.kiosk.controller import ATTRACT, VISIT, KioskController
from kiosk.ui.show.accessmenu import AccessMenu
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.kinds import WorkstreamSlideView
from kiosk.ui.slides.video import VideoSlideView
from kiosk.ui.style import HIGH_CONTRAST, MIN_TOUCH, high_contrast
from tests.support.show import fast_timings, running_kiosk

FAST = fast_timings(idle_timeout=400)


@pytest.fixture
def kiosk(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Iterator[KioskController]:
    with running_kiosk(window, tmp_path / "staff-pin.json", FAST) as controller:
        yield controller


def _click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _menu(qtbot: QtBot, window: MainWindow) -> AccessMenu:
    menu = window.access.menu
    if not menu.isVisible():
        _click(qtbot, window.access.button)
        qtbot.waitUntil(menu.isVisible)
    return menu


def _choose(qtbot: QtBot, window: MainWindow, entry: str) -> None:
    _click(qtbot, _menu(qtbot, window).entries[entry])


def _index(window: MainWindow, kind: type) -> int:
    return next(i for i, slide in enumerate(window.content.slides) if isinstance(slide, kind))


def _clipped(window: MainWindow) -> list[str]:
    found = []
    for index in range(len(window.content.slides)):
        window.go_to(index)
        QCoreApplication.sendPostedEvents()
        for label in window.current_view.text_labels():
            if label.isVisible() and label.text() and not label.fits(label.pixel_size()):
                found.append(f"slide {index} {label.objectName() or label.text()[:30]!r}")
    return found


def test_the_button_opens_a_menu_of_named_finger_sized_controls(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(800, 480)
    assert window.access.button.accessibleName() == "Accessibility"
    assert window.access.button.height() >= MIN_TOUCH
    menu = _menu(qtbot, window)
    shown = [entry for entry in menu.entries.values() if entry.isVisible()]
    assert len(shown) == 8  # all but "More time", which is the kiosk's
    reachable = window.focus_ring.controls()
    for entry in shown:
        assert entry.accessibleName(), entry.objectName()
        assert min(entry.width(), entry.height()) >= MIN_TOUCH, entry.objectName()
        assert window.rect().contains(entry.geometry().translated(menu.card.pos())), entry
        assert entry in reachable, entry.objectName()
    _click(qtbot, menu.entries["close"])
    qtbot.waitUntil(lambda: not menu.isVisible())


def test_larger_text_makes_the_body_bigger_and_nothing_clips(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.go_to(_index(window, WorkstreamSlide))
    view = window.current_view
    assert isinstance(view, WorkstreamSlideView)
    normal = view.body_label.pixel_size()
    _choose(qtbot, window, "text_size")
    qtbot.waitUntil(lambda: window.show_state.access.text_step == 1)
    _choose(qtbot, window, "text_size")
    assert window.show_state.access.text_scale == 1.5
    _click(qtbot, window.access.menu.entries["close"])
    larger = window.current_view
    assert isinstance(larger, WorkstreamSlideView)
    assert larger is not view
    QCoreApplication.sendPostedEvents()
    assert larger.body_label.pixel_size() > normal
    assert window.style_.font_px("body") >= round(1.5 * 18)
    for size in ((1280, 720), (800, 480)):
        window.resize(*size)
        assert _clipped(window) == [], size


def test_high_contrast_changes_the_colours_to_seven_to_one(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = window.style_.colour("background").name()
    _choose(qtbot, window, "high_contrast")
    qtbot.waitUntil(lambda: window.show_state.access.high_contrast)
    style = window.style_
    assert style.colour("background").name() != before
    assert style.colour("background").name() == "#000000"
    assert "#000000" in window.styleSheet()
    assert window.access.menu.entries["high_contrast"].isChecked()
    for (fg, bg), ratio in theme_pairs(high_contrast(window.content.theme)).items():
        assert ratio >= 7, (fg, bg, ratio)
    for fg, bg in TEXT_PAIRS:  # as the window draws them
        ratio = contrast_ratio(style.colour(fg).name(), style.colour(bg).name())
        assert ratio >= 7, (fg, bg, ratio)
    assert set(HIGH_CONTRAST) == {fg for fg, _ in TEXT_PAIRS} | {bg for _, bg in TEXT_PAIRS}


def test_easy_read_shows_the_slides_easy_read_text(qtbot: QtBot, window: MainWindow) -> None:
    index = _index(window, WorkstreamSlide)
    window.go_to(index)
    _choose(qtbot, window, "easy_read")
    qtbot.waitUntil(lambda: window.show_state.access.easy_read)
    slide = window.content.slides[index]
    assert slide.easy_read is not None
    view = window.current_view
    assert isinstance(view, WorkstreamSlideView)
    assert view.body_label.text() == slide.easy_read.get()
    assert not view.lead_label.isVisible()
    _choose(qtbot, window, "easy_read")
    qtbot.waitUntil(lambda: not window.show_state.access.easy_read)
    view = window.current_view
    assert isinstance(view, WorkstreamSlideView)
    assert view.body_label.text() == window.style_.text(view.slide.body)


def _cue_texts(window: MainWindow) -> list[str]:
    slide = window.content.slides[_index(window, VideoSlide)]
    assert isinstance(slide, VideoSlide)
    assert slide.captions is not None
    return [cue.text for cue in parse_vtt(slide.captions.read_text(encoding="utf-8"))]


def test_the_transcript_shows_the_cues_from_the_menu_and_the_video_slide(
    qtbot: QtBot, window: MainWindow
) -> None:
    cues = _cue_texts(window)
    _choose(qtbot, window, "transcript")
    transcript = window.access.transcript
    qtbot.waitUntil(transcript.isVisible)
    text = transcript.text_label.text()
    assert " ".join(cues[0].split()) in text
    assert " ".join(cues[-1].split()) in text
    _click(qtbot, transcript.close_button)
    qtbot.waitUntil(lambda: not transcript.isVisible())
    window.go_to(_index(window, VideoSlide))
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    _click(qtbot, view.transcript_button)
    qtbot.waitUntil(transcript.isVisible)
    assert view.transcript_button.accessibleName() == "Transcript"


def test_captions_from_the_menu_and_the_cc_button_are_one_state(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.go_to(_index(window, VideoSlide))
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    assert view.captions_on
    _choose(qtbot, window, "captions")
    qtbot.waitUntil(lambda: not view.captions_on)
    assert not window.show_state.access.captions
    assert not window.access.menu.entries["captions"].isChecked()
    _click(qtbot, window.access.menu.entries["close"])
    _click(qtbot, view.captions_button)
    qtbot.waitUntil(lambda: window.show_state.access.captions)
    assert view.captions_on


def test_reduced_motion_stops_the_attract_pulse(qtbot: QtBot, kiosk: KioskController) -> None:
    pulse = kiosk.banner.pulse
    assert kiosk.state == ATTRACT
    qtbot.waitUntil(lambda: pulse.state() == QAbstractAnimation.State.Running)
    kiosk.show_state.access.set_reduced_motion(True)
    assert pulse.state() == QAbstractAnimation.State.Stopped
    kiosk.show_state.access.set_reduced_motion(False)
    assert pulse.state() == QAbstractAnimation.State.Running


def test_the_idle_reset_turns_everything_off_and_more_time_doubles_the_timeout(
    qtbot: QtBot, kiosk: KioskController
) -> None:
    window = kiosk.window
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)  # wake
    qtbot.waitUntil(lambda: kiosk.state == VISIT)
    for entry in ("text_size", "high_contrast", "easy_read", "reduced_motion", "captions"):
        _choose(qtbot, window, entry)
    access = kiosk.show_state.access
    assert (access.text_step, access.high_contrast, access.easy_read) == (1, True, True)
    assert (access.reduced_motion, access.captions) == (True, False)
    menu = _menu(qtbot, window)
    assert menu.entries["more_time"].isVisible()
    usual = kiosk.timings.idle_timeout
    _click(qtbot, menu.entries["more_time"])
    assert kiosk.timings.idle_timeout == 2 * usual
    assert not menu.isVisible()
    _menu(qtbot, window)
    qtbot.waitUntil(lambda: kiosk.state == ATTRACT, timeout=5000)
    assert (access.text_step, access.high_contrast, access.easy_read) == (0, False, False)
    assert (access.captions, access.reduced_motion) == (True, False)
    assert not menu.isVisible()
    assert window.style_.text_scale == 1.0
    assert not window.style_.high_contrast
    assert kiosk.timings.idle_timeout == usual
    assert kiosk.banner.pulse.state() == QAbstractAnimation.State.Running
