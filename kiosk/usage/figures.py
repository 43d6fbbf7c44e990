"""The report's figures, from one or many kiosks' usage databases, and their CSV files.

A *visit* is counted from the touch that woke the kiosk to its idle reset. Databases are only
read (``mode=ro``); each names its kiosk, so a fleet's exports merge into one report.
"""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.usage.recorder import COMPLETE

VISIT_MEANING = (
    "A visit runs from the touch that wakes the kiosk to its reset after nobody touched it "
    "for the idle timeout and the countdown; times are whole seconds, start times whole minutes."
)


@dataclass
class Figures:
    """What the report shows; every mapping is ordered as it is to be shown."""

    kiosks: dict[str, int] = field(default_factory=dict)
    """Kiosk name -> visits (including summarised ones)."""
    first: str = ""
    last: str = ""
    """The first and last visit's minute in the period ("" if none)."""
    visit_seconds: int = 0
    visits_per_hour: dict[int, int] = field(default_factory=dict)
    slide_views: dict[str, int] = field(default_factory=dict)
    slide_seconds: dict[str, int] = field(default_factory=dict)
    video_plays: dict[str, int] = field(default_factory=dict)
    video_progress: dict[str, float] = field(default_factory=dict)
    """Slide id -> mean fraction of the video played."""
    video_complete: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    """Language -> visits that ended in it."""
    accessibility: dict[str, int] = field(default_factory=dict)
    qr_shown: int = 0
    """Visits that showed the QR (``link``) slide."""
    staff: dict[str, int] = field(default_factory=dict)
    summarised: int = 0
    """Visits older than the database's bound: counted, without their details."""

    @property
    def visits(self) -> int:
        return sum(self.kiosks.values())

    def mean_seconds(self, slide: str) -> float:
        views = self.slide_views.get(slide, 0)
        return self.slide_seconds.get(slide, 0) / views if views else 0.0


def _in_period(since: date | None, until: date | None, column: str) -> tuple[str, list[str]]:
    where, args = [], []
    if since is not None:
        where.append(f"substr({column}, 1, 10) >= ?")
        args.append(since.isoformat())
    if until is not None:
        where.append(f"substr({column}, 1, 10) <= ?")
        args.append(until.isoformat())
    return (" WHERE " + " AND ".join(where) if where else ""), args


def _read(db: sqlite3.Connection, totals: _Totals, since: date | None, until: date | None) -> None:
    where, args = _in_period(since, until, "started")
    visits = f"SELECT * FROM visits{where}"
    for kiosk, started, seconds, language, qr_shown in db.execute(
        f"SELECT kiosk, started, seconds, language, qr_shown FROM ({visits})", args
    ):
        totals.kiosks[kiosk] += 1
        totals.starts.append(started)
        totals.seconds += seconds
        totals.hours[int(started[11:13])] += 1
        totals.languages[language] += 1
        totals.qr += 1 if qr_shown else 0
    joined = f" JOIN ({visits}) AS v ON v.id = visit"
    seen = f"SELECT slide, slides_seen.seconds FROM slides_seen{joined}"
    for slide, seconds in db.execute(seen, args):
        totals.views[slide] += 1
        totals.slide_seconds[slide] += seconds
    for slide, got in db.execute(f"SELECT slide, progress FROM video_plays{joined}", args):
        totals.plays[slide] += 1
        totals.progress[slide] += got
        totals.complete[slide] += 1 if got >= COMPLETE else 0
    for (value,) in db.execute(
        f"SELECT DISTINCT visit || ' ' || value FROM choices{joined} WHERE kind = 'accessibility'",
        args,
    ):
        totals.accessibility[value.split(" ", 1)[1]] += 1
    where, args = _in_period(since, until, "day")
    for kiosk, visits_ in db.execute(f"SELECT kiosk, visits FROM daily{where}", args):
        totals.kiosks[kiosk] += visits_
        totals.summarised += visits_
    for action, count in db.execute(f"SELECT action, count FROM staff_actions{where}", args):
        totals.staff[action] += count


@dataclass
class _Totals:
    kiosks: Counter[str] = field(default_factory=Counter)
    starts: list[str] = field(default_factory=list)
    seconds: int = 0
    hours: Counter[int] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    qr: int = 0
    views: Counter[str] = field(default_factory=Counter)
    slide_seconds: Counter[str] = field(default_factory=Counter)
    plays: Counter[str] = field(default_factory=Counter)
    progress: Counter[str] = field(default_factory=Counter)
    complete: Counter[str] = field(default_factory=Counter)
    accessibility: Counter[str] = field(default_factory=Counter)
    staff: Counter[str] = field(default_factory=Counter)
    summarised: int = 0


def read_figures(
    paths: Iterable[Path], since: date | None = None, until: date | None = None
) -> Figures:
    """The figures of every database in ``paths`` for the days ``since`` to ``until``."""
    totals = _Totals()
    for path in paths:
        db = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            _read(db, totals, since, until)
        finally:
            db.close()
    hours = totals.hours
    return Figures(
        kiosks=dict(sorted(totals.kiosks.items())),
        first=min(totals.starts, default=""),
        last=max(totals.starts, default=""),
        visit_seconds=totals.seconds,
        visits_per_hour={hour: hours[hour] for hour in range(24)},
        slide_views=dict(totals.views.most_common()),
        slide_seconds=dict(totals.slide_seconds),
        video_plays=dict(totals.plays.most_common()),
        video_progress={s: totals.progress[s] / n for s, n in totals.plays.items()},
        video_complete=dict(totals.complete),
        languages=dict(totals.languages.most_common()),
        accessibility=dict(totals.accessibility.most_common()),
        qr_shown=totals.qr,
        staff=dict(sorted(totals.staff.items())),
        summarised=totals.summarised,
    )


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_csvs(figures: Figures, out: Path) -> list[Path]:
    """One CSV file per figure in ``out``; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    f = figures
    return [
        _write(out / "kiosks.csv", ("kiosk", "visits"), f.kiosks.items()),
        _write(out / "visits_per_hour.csv", ("hour", "visits"), f.visits_per_hour.items()),
        _write(
            out / "slides.csv",
            ("slide", "views", "seconds", "mean_seconds"),
            [
                (s, n, f.slide_seconds[s], round(f.mean_seconds(s), 1))
                for s, n in f.slide_views.items()
            ],
        ),
        _write(
            out / "video.csv",
            ("slide", "plays", "mean_progress", "watched_to_end"),
            [
                (s, n, round(f.video_progress[s], 3), f.video_complete.get(s, 0))
                for s, n in f.video_plays.items()
            ],
        ),
        _write(out / "languages.csv", ("language", "visits"), f.languages.items()),
        _write(out / "accessibility.csv", ("option", "visits"), f.accessibility.items()),
        _write(out / "staff.csv", ("action", "count"), f.staff.items()),
        _write(
            out / "summary.csv",
            ("first", "last", "visits", "seconds", "qr_shown", "summarised"),
            [(f.first, f.last, f.visits, f.visit_seconds, f.qr_shown, f.summarised)],
        ),
    ]
