"""The talk's time left and pace on the presenter console, on an injected clock: the
countdown's colours change at 5 and 2 minutes, overtime counts up, the pace hint follows
the slides' plan; ``--talk`` and content.yaml's ``presenter: talk_minutes:``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from kiosk.cli_args import build_parser
from kiosk.content import ContentError, load_content
from kiosk.content.model import Content
from kiosk.ui.presenter.console import PresenterConsole
from kiosk.ui.show.window import MainWindow
from tests.support.clock import FakeMsClock


def _console(
    qtbot: QtBot, window: MainWindow, clock: FakeMsClock, talk_minutes: float | None = None
) -> PresenterConsole:
    panel = PresenterConsole(
        window, clock=clock, wall_clock=lambda: QTime(9, 41), talk_minutes=talk_minutes
    )
    qtbot.addWidget(panel)
    panel.resize(1280, 720)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _colour(panel: PresenterConsole) -> str:
    return panel.left_label.palette().color(panel.left_label.foregroundRole()).name().upper()


def test_countdown_colours_change_at_their_thresholds(qtbot: QtBot, window: MainWindow) -> None:
    clock = FakeMsClock(0)
    panel = _console(qtbot, window, clock, talk_minutes=10)
    panel.timer.start()
    seen = []
    for elapsed in (0, 299_000, 300_000, 480_000, 599_500, 600_000, 683_000):
        clock.now = elapsed
        panel.refresh_time()
        seen.append((panel.left_label.text(), panel.left_label.property("state"), _colour(panel)))
    assert seen == [
        ("10:00 left", "plenty", "#FFFFFF"),
        ("5:01 left", "plenty", "#FFFFFF"),
        ("5:00 left", "amber", "#FFB81C"),
        ("2:00 left", "red", "#FF6B5E"),
        ("0:01 left", "red", "#FF6B5E"),
        ("0:00 left", "red", "#FF6B5E"),
        ("+1:23 over", "over", "#FF6B5E"),
    ]
    assert panel.left_label.isVisible()
    assert panel.timer_label.text() == "11:23"  # the elapsed time is still there
    panel.close()


def test_pace_hint_follows_the_slides_plan(qtbot: QtBot, window: MainWindow) -> None:
    clock = FakeMsClock(0)
    panel = _console(qtbot, window, clock, talk_minutes=9)
    # The bundled slides' durations (None weighs slide_duration, 12) add up to 142 s: the
    # 9 minutes are shared in proportion.
    slides = window.content.slides
    assert [s.duration or 12 for s in slides] == [20, 15, 15, 15, 15, 15, 15, 12, 20]
    panel.timer.start()
    panel.refresh_time()
    assert panel.pace_label.text() == "On time"
    window.go_to(3)  # slide 4 should begin at 9 min x 50/142 = 3:10.1
    qtbot.waitUntil(lambda: panel.shown_index == 3)
    clock.now = 60_000
    panel.refresh_time()
    assert panel.pace_label.text() == "2:11 ahead"
    clock.now = 200_000  # on time until 9 min x 65/142 = 4:07.2
    panel.refresh_time()
    assert panel.pace_label.text() == "On time"
    clock.now = 300_000
    panel.refresh_time()
    assert panel.pace_label.text() == "0:53 behind"
    panel.close()


def test_talk_length_from_content_and_from_the_command_line(
    qtbot: QtBot, window: MainWindow, content: Content
) -> None:
    assert content.presenter.talk_minutes == 20  # content.yaml: presenter: talk_minutes: 20
    panel = _console(qtbot, window, FakeMsClock(0))
    assert panel.left_label.text() == "20:00 left"
    panel.close()
    assert build_parser().parse_args(["--presenter", "--talk", "45"]).talk == 45
    assert build_parser().parse_args([]).talk is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("0", "must be more than 0 and at most 600 minutes"),
        ("601", "must be more than 0 and at most 600 minutes"),
        ("twenty", "expected a number of minutes"),
        ("true", "expected a number of minutes"),
        ("[20]", "expected a number of minutes"),
    ],
)
def test_talk_minutes_must_be_a_sensible_number(
    content_folder: Path, value: str, problem: str
) -> None:
    path = content_folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("talk_minutes: 20", f"talk_minutes: {value}"), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(path)
    assert f"presenter.talk_minutes: {problem}" in str(raised.value)


def test_talk_minutes_accepts_fractions(content_folder: Path) -> None:
    path = content_folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("talk_minutes: 20", "talk_minutes: 7.5"), encoding="utf-8")
    assert load_content(path).presenter.talk_minutes == 7.5
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--talk", "0"])
