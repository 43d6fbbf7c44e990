"""Usage recording in a running kiosk: visits driven by clicks and keys (offscreen), then
``kiosk report``'s figures match what was done, and nothing typed reaches the database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.content import Content
from kiosk.report import write_report
from kiosk.system.pin import PinStore
from kiosk.ui.kiosk.controller import ATTRACT, VISIT, KioskController, KioskTimings
from kiosk.ui.kiosk.run import KioskOptions, record_usage_after_paint
from kiosk.ui.kiosk.usage import UsageTracker, watch_kiosk
from kiosk.ui.show.window import MainWindow
from kiosk.usage.figures import read_figures
from kiosk.usage.store import UsageStore
from tests.support.clock import FakeClock

FAST = KioskTimings(
    idle_timeout=150, countdown=300, slide_duration=40, cursor_hide=50, use_slide_durations=False
)


@pytest.fixture
def recorded(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> Iterator[tuple[KioskController, UsageTracker]]:
    pins = PinStore(tmp_path / "pin.json", clock=FakeClock())
    pins.set_pin("2468")
    controller = KioskController(window, timings=FAST, pins=pins, quit_app=lambda _code: None)
    tracker = UsageTracker(window, UsageStore(tmp_path / "usage.sqlite", kiosk="stand-1"))
    watch_kiosk(tracker, controller)
    controller.attract_video = "skip"
    controller.start()
    yield controller, tracker
    controller.stop()
    tracker.close()


def _visit(qtbot: QtBot, kiosk: KioskController, steps: int) -> None:
    window = kiosk.window
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)  # wakes: a visit
    assert kiosk.state == VISIT
    for _ in range(steps):
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(kiosk.visitor_reset, timeout=5000):
        pass  # idle, countdown, reset
    assert kiosk.state == ATTRACT


def test_visits_are_recorded_and_the_report_matches(
    qtbot: QtBot, recorded: tuple[KioskController, UsageTracker], tmp_path: Path
) -> None:
    kiosk, tracker = recorded
    _visit(qtbot, kiosk, 2)
    kiosk.window.show_state.set_language(kiosk.window.show_state.languages[-1])
    _visit(qtbot, kiosk, 0)
    _visit(qtbot, kiosk, 3)
    tracker.flush()
    files = write_report([tmp_path / "usage.sqlite"], tmp_path / "report")
    assert {path.name for path in files} >= {"report.pdf", "report.html", "slides.csv"}
    assert (tmp_path / "report" / "report.pdf").read_bytes().startswith(b"%PDF")
    figures = read_figures([tmp_path / "usage.sqlite"])
    assert figures.kiosks == {"stand-1": 3}
    slides = kiosk.window.content.slides
    assert figures.slide_views[slides[0].id] == 3
    assert figures.slide_views[slides[1].id] == 2
    assert figures.slide_views[slides[3].id] == 1
    assert sum(figures.slide_views.values()) == 3 + 2 + 1 + 1 + 1
    assert sum(figures.languages.values()) == 3
    assert (
        tracker.today_line()
        == "Today: 3 visits, 8 slides seen, " + tracker.today_line().split(", ")[2]
    )
    assert tracker.store.today_figures()[:2] == (3, 8)


def test_nothing_typed_reaches_the_database(
    qtbot: QtBot, recorded: tuple[KioskController, UsageTracker], tmp_path: Path
) -> None:
    kiosk, tracker = recorded
    qtbot.keyClick(kiosk.window, Qt.Key.Key_Right)
    qtbot.keyClicks(kiosk.window, "zebra9137")
    kiosk.open_staff()
    qtbot.keyClicks(kiosk.pin_pad, "97531")
    kiosk.enter_attract()
    tracker.flush()
    tracker.close()
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("usage.sqlite*"))
    assert stored
    for typed in (b"zebra", b"9137", b"97531", b"2468"):
        assert typed not in stored


def test_recording_off_writes_no_visit(
    qtbot: QtBot, recorded: tuple[KioskController, UsageTracker], tmp_path: Path
) -> None:
    kiosk, tracker = recorded
    tracker.set_recording(False)
    _visit(qtbot, kiosk, 1)
    tracker.flush()
    assert tracker.today_line() == "Usage recording is off."
    assert read_figures([tmp_path / "usage.sqlite"]).visits == 0


def test_the_kiosk_opens_its_usage_database_once_the_first_slide_is_painted(
    qtbot: QtBot, content: Content, app_fonts: None, tmp_path: Path
) -> None:
    """``kiosk --kiosk`` leaves SQLite and the writer thread for after the first paint; the
    first visit after it is recorded all the same."""
    window = MainWindow(replace(content, kiosk=replace(content.kiosk, record=True)))
    qtbot.addWidget(window)
    pins = PinStore(tmp_path / "pin.json", clock=FakeClock())
    controller = KioskController(window, timings=FAST, pins=pins, quit_app=lambda _code: None)
    controller.attract_video = "skip"
    database = tmp_path / "usage.sqlite"
    options = KioskOptions(usage_db=database, kiosk_name="stand-1")
    usage = record_usage_after_paint(window, controller, options)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
        controller.start(watch_after_paint=True)
        assert usage == []
        assert not database.exists()
    try:
        assert len(usage) == 1
        assert database.exists()
        qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)  # wakes: a visit
        assert controller.state == VISIT
        assert usage[0].recorder.in_visit
    finally:
        controller.stop()
        for tracker in usage:
            tracker.close()
        window.close()


def test_record_in_a_window_opens_its_database_once_the_first_slide_is_painted(
    qtbot: QtBot, content: Content, app_fonts: None, tmp_path: Path
) -> None:
    """``kiosk --record`` (window and presenter modes): the run is one visit from the first
    slide painted; SQLite opens then, off the start-up path, and the visit is saved at quit."""
    from PySide6.QtWidgets import QApplication

    from kiosk.cli import _record

    window = MainWindow(content)
    qtbot.addWidget(window)
    database = tmp_path / "usage.sqlite"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    _record(app, window, database)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
        assert not database.exists()
        assert window.findChild(UsageTracker) is None
    tracker = window.findChild(UsageTracker)
    assert tracker is not None
    assert tracker.recorder.in_visit
    window.go_to(1)
    try:
        tracker.close()  # what quitting does (aboutToQuit)
        figures = read_figures([database])
        assert figures.visits == 1
    finally:
        app.aboutToQuit.disconnect(tracker.close)
        window.close()
