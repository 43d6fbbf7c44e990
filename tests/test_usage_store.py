"""Usage figures without Qt: the recorder on a fake clock, the store's transactions, schema,
migrations and bound, the figures, CSV files and HTML report, and a ``kill -9`` mid-visit."""

from __future__ import annotations

import csv
import signal
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.usage.charts import bar_chart, report_html
from kiosk.usage.figures import VISIT_MEANING, read_figures, write_csvs
from kiosk.usage.recorder import Visit, VisitRecorder, minute
from kiosk.usage.store import (
    BOUND_SLIDES,
    MAX_BYTES,
    MAX_VISITS,
    MIGRATIONS,
    SCHEMA_VERSION,
    UsageStore,
    default_path,
    migrate,
)
from tests.support.clock import FakeClock

MORNING = datetime(2026, 6, 30, 10, 17, 42)


class Wall:
    def __init__(self) -> None:
        self.at = MORNING

    def __call__(self) -> datetime:
        return self.at


def _recorder() -> tuple[VisitRecorder, FakeClock, Wall]:
    clock, wall = FakeClock(), Wall()
    return VisitRecorder(clock, wall), clock, wall


def test_a_visit_counts_seconds_per_slide_video_progress_and_choices() -> None:
    recorder, clock, _ = _recorder()
    assert recorder.end() is None
    recorder.slide("ignored", "title")  # no visit: nothing noted
    recorder.video_started("ignored")
    recorder.choice("language", "ar")
    recorder.begin("en")
    recorder.slide("opening", "title")
    clock.now += 4.4
    recorder.begin("cy")  # a visit under way goes on
    recorder.slide("film", "video")
    recorder.video_progress("film", 0.5)  # before a play: nothing
    recorder.video_started("film")
    recorder.video_progress("film", 0.25)
    recorder.video_progress("film", 0.75)
    recorder.video_progress("film", 0.5)  # the furthest point counts
    recorder.video_progress("other", 0.9)  # not the latest play
    recorder.choice("language", "ur")
    recorder.choice("accessibility", "captions")
    clock.now += 10.6
    recorder.slide("scan-me", "link")
    recorder.video_started("film")
    recorder.video_progress("film", 1.7)
    recorder.video_progress("film", -1)
    clock.now += 3
    visit = recorder.end()
    assert visit == Visit(
        started="2026-06-30T10:17",
        seconds=18,
        language="ur",
        slides=(("opening", 4), ("film", 11), ("scan-me", 3)),
        videos=(("film", 0.75), ("film", 1.0)),
        choices=(("language", "ur"), ("accessibility", "captions")),
        qr_shown=1,
    )
    assert not recorder.in_visit
    assert recorder.end() is None


def test_times_are_rounded_down_to_the_minute() -> None:
    assert minute(datetime(2026, 1, 2, 3, 4, 59, 999)) == "2026-01-02T03:04"


def _visit(day: int = 30, hour: int = 10, **changes: object) -> Visit:
    base = Visit(
        started=f"2026-06-{day:02d}T{hour:02d}:05",
        seconds=60,
        language="en",
        slides=(("opening", 20), ("film", 40)),
        videos=(("film", 0.95),),
        choices=(("accessibility", "captions"),),
        qr_shown=0,
    )
    return Visit(**{**base.__dict__, **changes})


def test_store_writes_visits_and_the_figures_read_them_back(tmp_path: Path) -> None:
    one = UsageStore(tmp_path / "a.sqlite", kiosk="stand-1", today=lambda: date(2026, 6, 30))
    two = UsageStore(tmp_path / "b.sqlite", kiosk="stand-2")
    one.save(_visit())
    one.save(_visit(hour=11, language="ar", qr_shown=2, videos=(("film", 0.4),)))
    two.save(_visit(day=29, hour=9, slides=(("opening", 7),), videos=(), choices=()))
    one.count_staff("exit")
    one.count_staff("exit")
    assert one.today_figures() == (2, 4, 60)
    for store in (one, two):
        store.close()
    figures = read_figures([tmp_path / "a.sqlite", tmp_path / "b.sqlite"])
    assert figures.kiosks == {"stand-1": 2, "stand-2": 1}
    assert figures.visits == 3
    assert (figures.first, figures.last) == ("2026-06-29T09:05", "2026-06-30T11:05")
    assert figures.visit_seconds == 180
    assert [figures.visits_per_hour[h] for h in (8, 9, 10, 11, 12)] == [0, 1, 1, 1, 0]
    assert figures.slide_views == {"opening": 3, "film": 2}
    assert figures.mean_seconds("opening") == pytest.approx(47 / 3)
    assert figures.mean_seconds("missing") == 0.0
    assert figures.video_plays == {"film": 2}
    assert figures.video_progress["film"] == pytest.approx(0.675)
    assert figures.video_complete == {"film": 1}
    assert figures.languages == {"en": 2, "ar": 1}
    assert figures.accessibility == {"captions": 2}
    assert figures.qr_shown == 1
    assert figures.staff == {"exit": 2}
    only = read_figures([tmp_path / "a.sqlite", tmp_path / "b.sqlite"], date(2026, 6, 30))
    assert only.kiosks == {"stand-1": 2}
    until = read_figures([tmp_path / "b.sqlite", tmp_path / "a.sqlite"], until=date(2026, 6, 29))
    assert until.kiosks == {"stand-2": 1}
    assert until.staff == {}


def test_csv_files_and_the_html_report(tmp_path: Path) -> None:
    store = UsageStore(tmp_path / "u.sqlite", kiosk="stand-1")
    store.save(_visit())
    store.close()
    figures = read_figures([tmp_path / "u.sqlite"])
    names = [path.name for path in write_csvs(figures, tmp_path / "out")]
    assert "visits_per_hour.csv" in names
    assert "video.csv" in names
    rows = list(csv.reader((tmp_path / "out" / "slides.csv").read_text().splitlines()))
    assert rows == [
        ["slide", "views", "seconds", "mean_seconds"],
        ["opening", "1", "20", "20.0"],
        ["film", "1", "40", "40.0"],
    ]
    video = list(csv.reader((tmp_path / "out" / "video.csv").read_text().splitlines()))
    assert video[1] == ["film", "1", "0.95", "1"]
    page = report_html(figures, "2026-06-30 to 2026-06-30")
    assert "Period: 2026-06-30 to 2026-06-30" in page
    assert "stand-1 (1)" in page
    assert VISIT_MEANING in page
    assert page.count("<svg") == 5
    assert "10:00" in page


def test_a_bar_chart_scales_to_its_largest_value() -> None:
    svg = bar_chart([("a", 2, "2"), ("b<", 4, "4")], width=260)
    rects = svg.split("<rect")
    assert 'width="25.0"' in rects[1]
    assert 'width="50.0"' in rects[2]
    assert "b&lt;" in svg
    assert "No data" in bar_chart([])


def test_schema_has_no_column_that_could_hold_a_person(tmp_path: Path) -> None:
    store = UsageStore(tmp_path / "u.sqlite")
    tables = {
        name: {(col[1], col[2]) for col in store.db.execute(f"PRAGMA table_info({name})")}
        for (name,) in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert tables == {
        "visits": {
            ("id", "INTEGER"),
            ("kiosk", "TEXT"),
            ("started", "TEXT"),
            ("seconds", "INTEGER"),
            ("language", "TEXT"),
            ("qr_shown", "INTEGER"),
        },
        "slides_seen": {
            ("visit", "INTEGER"),
            ("position", "INTEGER"),
            ("slide", "TEXT"),
            ("seconds", "INTEGER"),
        },
        "video_plays": {("visit", "INTEGER"), ("slide", "TEXT"), ("progress", "REAL")},
        "choices": {("visit", "INTEGER"), ("kind", "TEXT"), ("value", "TEXT")},
        "staff_actions": {
            ("kiosk", "TEXT"),
            ("day", "TEXT"),
            ("action", "TEXT"),
            ("count", "INTEGER"),
        },
        "daily": {
            ("kiosk", "TEXT"),
            ("day", "TEXT"),
            ("visits", "INTEGER"),
            ("seconds", "INTEGER"),
        },
    }
    assert not any(kind == "BLOB" for columns in tables.values() for _, kind in columns)


def test_migrations_bring_an_old_database_up_and_refuse_a_newer_one(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    db.close()
    store = UsageStore(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = store.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    assert ("choices_visit",) in indexes
    assert migrate(store.db) == SCHEMA_VERSION  # nothing left to do
    store.db.execute("PRAGMA user_version = 9")
    with pytest.raises(ValueError, match="version 9 is newer"):
        migrate(store.db)


def test_a_failed_write_leaves_nothing_half_written() -> None:
    store = UsageStore(":memory:")
    bad = _visit(slides=(("opening", 1), ("film", None)))  # NOT NULL fails mid-visit
    with pytest.raises(sqlite3.IntegrityError):
        store.save(bad)
    assert store.db.execute("SELECT count(*) FROM visits").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM slides_seen").fetchone()[0] == 0
    assert store.save(_visit()) == 1


def test_the_bound_holds_over_a_simulated_month(tmp_path: Path) -> None:
    path = tmp_path / "month.sqlite"
    day = date(2026, 6, 1)
    store = UsageStore(path, kiosk="stand-1", max_visits=300, today=lambda: day)
    recorder, clock, wall = _recorder()
    wall.at = datetime(2026, 6, 1, 9, 0)
    sizes = []
    for _ in range(30):  # 30 days of 40 visits, 9:00 to 17:00
        for visit in range(40):
            wall.at += timedelta(minutes=12)
            recorder.begin("en")
            for slide in range(6):
                recorder.slide(f"slide-{slide}", "title")
                clock.now += 9
            recorder.choice("accessibility", "captions")
            store.save(recorder.end())  # type: ignore[arg-type]
            assert visit >= 0
        sizes.append(path.stat().st_size + Path(f"{path}-wal").stat().st_size)
        wall.at = datetime.combine(wall.at.date() + timedelta(days=1), datetime.min.time())
        wall.at += timedelta(hours=9)
    assert store.db.execute("SELECT count(*) FROM visits").fetchone()[0] == 300
    assert store.db.execute("SELECT count(*) FROM slides_seen").fetchone()[0] == 1800
    summarised = store.db.execute("SELECT sum(visits), sum(seconds) FROM daily").fetchone()
    assert summarised == (900, 900 * 54)
    store.close()
    figures = read_figures([path])
    assert figures.visits == 1200
    assert figures.summarised == 900
    assert max(sizes[10:]) <= sizes[9] * 1.5  # stops growing once the bound is reached


def test_the_database_stays_within_max_bytes_at_max_visits(tmp_path: Path) -> None:
    """A busy month and more at the real bound: MAX_VISITS visits of BOUND_SLIDES slides with
    40-character ids, a film and three choices each; then the bound summarises and drops."""
    path = tmp_path / "busy.sqlite"
    store = UsageStore(path, kiosk="stand-with-a-long-name-1")
    store.db.execute("PRAGMA synchronous = OFF")  # the size is the question here, not fsync
    slides = tuple((f"creating-equitable-environments-{i:08d}", 30) for i in range(BOUND_SLIDES))
    choices = (("language", "ur"), ("accessibility", "captions"), ("accessibility", "large-text"))

    def size() -> int:
        wal = Path(f"{path}-wal")
        return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)

    sizes = []
    for i in range(MAX_VISITS + 3000):
        started = f"2026-06-{1 + i // 800:02d}T{10 + i % 7:02d}:{i % 60:02d}"
        store.save(Visit(started, 300, "ur", slides, (("explainer-video", 0.5),), choices, 1))
        if i % 1000 == 999:
            sizes.append(size())
    assert store.db.execute("SELECT count(*) FROM visits").fetchone()[0] == MAX_VISITS
    store.close()
    assert max(sizes) <= MAX_BYTES
    at_bound = sizes[MAX_VISITS // 1000 - 1]
    assert max(sizes) <= at_bound + 2 * 1024 * 1024  # no growth beyond the bound but the WAL's
    assert read_figures([path]).visits == MAX_VISITS + 3000


CHILD = """
import sys, time
from kiosk.usage.recorder import VisitRecorder
from kiosk.usage.store import UsageStore
store = UsageStore(sys.argv[1], kiosk="stand-1")
recorder = VisitRecorder()
recorder.begin("en"); recorder.slide("opening", "title"); store.save(recorder.end())
recorder.begin("ar"); recorder.slide("film", "video"); recorder.video_started("film")
print("mid-visit", flush=True)
sys.stdin.read()
"""


def test_kill_9_mid_visit_loses_only_that_visit(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == "mid-visit\n"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    figures = read_figures([path])
    assert figures.visits == 1
    assert figures.languages == {"en": 1}
    assert figures.slide_views == {"opening": 1}
    assert figures.video_plays == {}


def test_export_is_a_consistent_self_contained_copy(tmp_path: Path) -> None:
    store = UsageStore(tmp_path / "u.sqlite", kiosk="stand-9")
    store.save(_visit())
    copy = store.export(tmp_path / "outbox" / "usage-stand-9.sqlite")
    store.save(_visit())  # after the export: not in it
    assert not list((tmp_path / "outbox").glob(".*partial"))
    assert read_figures([copy]).kiosks == {"stand-9": 1}
    db = sqlite3.connect(copy)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    db.close()


def test_the_default_database_is_in_the_user_data_folder() -> None:
    assert default_path().name == "usage.sqlite"
    assert "rho-kiosk" in str(default_path())
