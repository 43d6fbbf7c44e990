"""The usage database: SQLite (WAL), a schema version with migrations, a bound.

Each finished :class:`~kiosk.usage.recorder.Visit` is written in one transaction, so a crash
or a power cut (``synchronous=FULL``) loses at most the visit under way. The database keeps at
most :data:`MAX_VISITS` visits in detail; older ones are first summarised (visits and seconds
per kiosk and day, in ``daily``) and then dropped, so its size stays near
:data:`MAX_BYTES`. Nothing in it identifies a person: slide ids, language codes and option
names from the content, whole seconds, minutes, and the kiosk's configured name.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import platformdirs

from kiosk.usage.recorder import Visit

APP_NAME = "rho-kiosk"
DB_NAME = "usage.sqlite"
MAX_VISITS = 20_000
"""Visits kept in detail; about a month of a busy stand."""
MAX_BYTES = 24 * 1024 * 1024
"""The size the database (with its WAL) stays within at :data:`MAX_VISITS`, for visits of up
to :data:`BOUND_SLIDES` slides with ids of up to 40 characters (a test checks it)."""
BOUND_SLIDES = 10
WAL_BYTES = 1024 * 1024
"""The write-ahead log is checkpointed at about this size and cut back to it afterwards."""

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the first schema.
    """
    CREATE TABLE visits (
        id INTEGER PRIMARY KEY, kiosk TEXT NOT NULL, started TEXT NOT NULL,
        seconds INTEGER NOT NULL, language TEXT NOT NULL, qr_shown INTEGER NOT NULL);
    CREATE TABLE slides_seen (
        visit INTEGER NOT NULL, position INTEGER NOT NULL, slide TEXT NOT NULL,
        seconds INTEGER NOT NULL);
    CREATE TABLE video_plays (visit INTEGER NOT NULL, slide TEXT NOT NULL, progress REAL NOT NULL);
    CREATE TABLE choices (visit INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);
    CREATE TABLE staff_actions (
        kiosk TEXT NOT NULL, day TEXT NOT NULL, action TEXT NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (kiosk, day, action));
    CREATE TABLE daily (
        kiosk TEXT NOT NULL, day TEXT NOT NULL, visits INTEGER NOT NULL,
        seconds INTEGER NOT NULL, PRIMARY KEY (kiosk, day));
    """,
    # 1 -> 2: indexes for the bound and the report.
    """
    CREATE INDEX slides_seen_visit ON slides_seen (visit);
    CREATE INDEX video_plays_visit ON video_plays (visit);
    CREATE INDEX choices_visit ON choices (visit);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
DETAIL_TABLES = ("slides_seen", "video_plays", "choices")


def default_path() -> Path:
    """``usage.sqlite`` in the user's data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME)) / DB_NAME


def migrate(db: sqlite3.Connection) -> int:
    """Bring ``db`` to :data:`SCHEMA_VERSION`, one migration per transaction; the old version."""
    old = int(db.execute("PRAGMA user_version").fetchone()[0])
    if old > SCHEMA_VERSION:
        raise ValueError(f"usage database version {old} is newer than this app ({SCHEMA_VERSION})")
    for version in range(old, SCHEMA_VERSION):
        db.executescript(
            f"BEGIN; {MIGRATIONS[version]} PRAGMA user_version = {version + 1}; COMMIT;"
        )
    return old


class UsageStore:
    """One kiosk's usage database at ``path`` (default :func:`default_path`)."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        kiosk: str = "kiosk",
        max_visits: int = MAX_VISITS,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.kiosk = kiosk
        self.max_visits = max_visits
        self.today = today
        self._lock = threading.Lock()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute(f"PRAGMA journal_size_limit = {WAL_BYTES}")
        self.db.execute(f"PRAGMA wal_autocheckpoint = {WAL_BYTES // 4096}")
        migrate(self.db)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __del__(self) -> None:
        # A store dropped without close() still closes its database (Python 3.13 warns of
        # an open sqlite3 connection when it is collected). Closing twice is harmless.
        db = getattr(self, "db", None)
        if db is not None:
            db.close()

    def save(self, visit: Visit) -> int:
        """Write ``visit`` in one transaction, then keep the bound; its row id."""
        with self._lock:
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                cursor = db.execute(
                    "INSERT INTO visits (kiosk, started, seconds, language, qr_shown)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (self.kiosk, visit.started, visit.seconds, visit.language, visit.qr_shown),
                )
                row = int(cursor.lastrowid or 0)
                db.executemany(
                    "INSERT INTO slides_seen VALUES (?, ?, ?, ?)",
                    [(row, i, slide, sec) for i, (slide, sec) in enumerate(visit.slides)],
                )
                db.executemany(
                    "INSERT INTO video_plays VALUES (?, ?, ?)",
                    [(row, slide, got) for slide, got in visit.videos],
                )
                db.executemany(
                    "INSERT INTO choices VALUES (?, ?, ?)",
                    [(row, kind, value) for kind, value in visit.choices],
                )
                self._keep_bound()
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            return row

    def _keep_bound(self) -> None:
        """Summarise, then drop, the oldest visits beyond :attr:`max_visits`."""
        db = self.db
        (count,) = db.execute("SELECT count(*) FROM visits").fetchone()
        extra = count - self.max_visits
        if extra <= 0:
            return
        (last,) = db.execute(
            "SELECT id FROM visits ORDER BY id LIMIT 1 OFFSET ?", (extra - 1,)
        ).fetchone()
        db.execute(
            "INSERT INTO daily (kiosk, day, visits, seconds)"
            " SELECT kiosk, substr(started, 1, 10), count(*), sum(seconds) FROM visits"
            " WHERE id <= ? GROUP BY kiosk, substr(started, 1, 10)"
            " ON CONFLICT (kiosk, day) DO UPDATE SET visits = visits + excluded.visits,"
            " seconds = seconds + excluded.seconds",
            (last,),
        )
        for table in DETAIL_TABLES:
            db.execute(f"DELETE FROM {table} WHERE visit <= ?", (last,))
        db.execute("DELETE FROM visits WHERE id <= ?", (last,))

    def count_staff(self, action: str) -> None:
        """One more staff ``action`` today (counts only)."""
        with self._lock:
            self.db.execute(
                "INSERT INTO staff_actions VALUES (?, ?, ?, 1) ON CONFLICT (kiosk, day, action)"
                " DO UPDATE SET count = count + 1",
                (self.kiosk, self.today().isoformat(), action),
            )

    def today_figures(self) -> tuple[int, int, int]:
        """Today's visits, slides seen and average seconds per visit (the staff panel)."""
        day = self.today().isoformat()
        with self._lock:
            visits, seconds = self.db.execute(
                "SELECT count(*), coalesce(sum(seconds), 0) FROM visits"
                " WHERE substr(started, 1, 10) = ?",
                (day,),
            ).fetchone()
            (slides,) = self.db.execute(
                "SELECT count(*) FROM slides_seen JOIN visits ON visits.id = visit"
                " WHERE substr(started, 1, 10) = ?",
                (day,),
            ).fetchone()
        average = round(seconds / visits) if visits else 0
        return visits, slides, average

    def export(self, destination: Path) -> Path:
        """A consistent copy (the ``sqlite3`` backup API) at ``destination``, written beside
        it first and then renamed, so a sync engine never sends half a file."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{destination.name}.partial")
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            with self._lock:
                self.db.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
        partial.replace(destination)
        return destination
