"""Visits to the real kiosk (``python -m kiosk --kiosk``) under Xvfb with real input from
xdotool, each ended by the idle reset; then ``kiosk report``'s CSV files say what was done:
the visits, the slides seen, how far the video played, the language chosen.

Where to click comes from a twin of the kiosk's window, laid out offscreen at the X screen's
size on the same content. Needs Debian's xvfb and xdotool (installed by .ci/run); takes about
80 s, most of it the "Still there?" countdowns (20 s at least, as for a real stand).
"""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import load_content
from kiosk.ui.show.window import MainWindow
from tests.support import REPO_ROOT
from tests.support.languages import multilingual_content
from tests.support.xdo import kiosk_process, wait_for, window_on, xdotool
from tests.support.xvfb import require, xvfb

pytestmark = pytest.mark.slow
SCREEN = (1920, 1080)
IDLE = 4
"""The kiosk's idle timeout, in seconds: longer than a loaded machine takes between the
inputs of one visit (each visit's inputs go in one xdotool command)."""
COUNTDOWN = 20
"""The shortest "Still there?" countdown the kiosk allows, in seconds."""
RESET = IDLE + COUNTDOWN + 60
"""Seconds a visit may take to end by itself on a loaded machine."""


@dataclass(frozen=True)
class Places:
    """Where things are on the kiosk's screen (window coordinates, pixels)."""

    middle: tuple[int, int]
    language: tuple[int, int]
    polish: tuple[int, int]
    next: tuple[int, int]


def _places(qtbot: QtBot, content_file: Path) -> Places:
    """The places on a twin of the kiosk's window: the same content at the same size."""
    twin = MainWindow(load_content(content_file))
    qtbot.addWidget(twin)
    twin.resize(*SCREEN)
    twin.show()
    qtbot.waitExposed(twin)

    def centre(widget: QWidget) -> tuple[int, int]:
        point = widget.mapTo(twin, widget.rect().center())
        return point.x(), point.y()

    language, following = centre(twin.languages.button), centre(twin.next_button)
    twin.languages.button.click()
    polish = centre(twin.languages.chooser.entries["pl"])
    return Places((SCREEN[0] // 2, SCREEN[1] // 2), language, polish, following)


@dataclass
class Stand:
    display: str
    window: str
    log: Path
    database: Path

    def log_count(self, text: str) -> int:
        return self.log.read_text(encoding="utf-8", errors="replace").count(text)

    def query(self, sql: str) -> list[tuple[object, ...]]:
        """Rows of ``sql`` on the kiosk's database, read only; none before it exists."""
        if not self.database.exists():
            return []
        db = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        try:
            return db.execute(sql).fetchall()
        except sqlite3.OperationalError:
            return []  # not made yet
        finally:
            db.close()

    def saved_visits(self) -> int:
        return len(self.query("SELECT id FROM visits"))

    def do(self, *args: str) -> None:
        """One xdotool command: a visit's inputs, sent together."""
        xdotool(self.display, *args)

    def click(self, place: tuple[int, int]) -> list[str]:
        x, y = place
        return ["mousemove", "--window", self.window, str(x), str(y), "click", "1"]

    def wait_for_reset(self, visits: int) -> None:
        """Nobody touches it: the idle timeout, the countdown, the reset; the visit saved."""
        reset = wait_for(lambda: self.log_count("countdown -> attract") >= visits, RESET)
        assert reset, self.log.read_text(encoding="utf-8", errors="replace")
        assert wait_for(lambda: self.saved_visits() >= visits), "the visit was not saved"
        assert self.saved_visits() == visits


@pytest.fixture
def stand(tmp_path: Path) -> Iterator[Stand]:
    require("Xvfb", "xdotool", why="Debian's xvfb and xdotool")
    content = multilingual_content(tmp_path / "content")
    database, log = tmp_path / "usage.sqlite", tmp_path / "kiosk.err"
    private = {name: str(tmp_path / name) for name in ("XDG_DATA_HOME", "XDG_STATE_HOME")}
    with (
        xvfb(*SCREEN) as display,
        kiosk_process(
            display,
            *("--kiosk", "--content", str(content), "--usage-db", str(database)),
            *("--kiosk-name", "stand-x11", "--idle-timeout", str(IDLE)),
            *("--countdown", str(COUNTDOWN), "--attract-video", "skip"),
            *("--pin-file", str(tmp_path / "pin.json"), "--log-level", "INFO"),
            log=log,
            env={**private, "XDG_CONFIG_HOME": str(tmp_path / "config")},
        ) as process,
    ):
        # Ready: the window is up, has the keyboard, and the recorder has its database.
        up = wait_for(
            lambda: (
                (window := window_on(display))
                and xdotool(display, "getwindowfocus").strip() == window
                and "usage: recording to" in log.read_text(encoding="utf-8", errors="replace")
            ),
            timeout=60,
        )
        assert up, log.read_text(encoding="utf-8", errors="replace")
        yield Stand(display, window_on(display), log, database)
        assert process.poll() is None, "the kiosk quit during the visits"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _report(database: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "kiosk", "report", str(database), "--out", str(out)],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO_ROOT)),
        stdout=subprocess.DEVNULL,  # the files written
        check=True,
        timeout=120,
    )


def test_visits_with_real_input_are_what_the_report_says(
    qtbot: QtBot, app_fonts: None, stand: Stand, tmp_path: Path
) -> None:
    places = _places(qtbot, tmp_path / "content" / "content.yaml")
    slides = [slide.id for slide in load_content(tmp_path / "content" / "content.yaml").slides]
    video, link = slides.index("explainer-video"), slides.index("find-out-more")

    # 1: a key wakes the kiosk (the opening slide); two more move on.
    stand.do("key", "Right", "Right", "Right")
    stand.wait_for_reset(1)
    # 2: a touch wakes it; the language chooser: Polish; the next-slide button.
    stand.do(
        *stand.click(places.middle),
        *stand.click(places.language),
        *stand.click(places.polish),
        *stand.click(places.next),
    )
    stand.wait_for_reset(2)
    # 3: the last slide (the QR code), back to the video, K plays it.
    stand.do("key", "Right", "End", "Left", "k")
    # A playing video keeps the visit going past the idle timeout: no countdown meanwhile.
    countdown = wait_for(lambda: stand.log_count("visit -> countdown") > 2, 2 * IDLE + 1)
    assert not countdown, "the countdown came while the video should be playing"
    stand.do("key", "k")  # paused: nobody is watching now
    stand.wait_for_reset(3)

    _report(stand.database, tmp_path / "report")
    out = tmp_path / "report"
    (summary,) = _csv(out / "summary.csv")
    assert summary["visits"] == "3"
    assert summary["qr_shown"] == "1"
    # Each visit lasted until its reset (whole seconds, rounded: a second each to spare).
    assert int(summary["seconds"]) >= 3 * (IDLE + COUNTDOWN - 1) + 2 * IDLE
    assert _csv(out / "kiosks.csv") == [{"kiosk": "stand-x11", "visits": "3"}]
    visits = [slides[:3], slides[:2], [slides[0], slides[link], slides[video]]]
    views = {row["slide"]: int(row["views"]) for row in _csv(out / "slides.csv")}
    assert views == Counter(slide for seen in visits for slide in seen)
    per_visit = stand.query(
        "SELECT group_concat(slide, ' ') FROM"
        " (SELECT visit, slide FROM slides_seen ORDER BY visit, position) GROUP BY visit"
    )
    assert [str(row[0]).split() for row in per_visit] == visits
    (played,) = _csv(out / "video.csv")
    assert played["slide"] == "explainer-video"
    assert played["plays"] == "1"
    assert 0 < float(played["mean_progress"]) < 0.9, played
    languages = {row["language"]: int(row["visits"]) for row in _csv(out / "languages.csv")}
    assert languages == {"en": 2, "pl": 1}
