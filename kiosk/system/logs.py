"""Logging set-up: always to stderr, and optionally to a rotating file in the user's log folder.

Privacy: the app logs state and problems (slide ids, file paths, errors), never what a
visitor or member of staff typed; PIN entries in particular are never logged.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

APP_NAME = "rho-kiosk"
LOG_FILE_NAME = "kiosk.log"
MAX_BYTES = 1024 * 1024
"""Size of one log file, in bytes, before it is rotated."""
BACKUP_COUNT = 5
"""Rotated files kept (kiosk.log.1 ... kiosk.log.5)."""
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_MARK = "_rho_kiosk_handler"


class IsoFormatter(logging.Formatter):
    """Formats the time as local ISO 8601 with milliseconds and UTC offset."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")


def default_log_dir() -> Path:
    """The user's log folder for the app (e.g. ``~/.local/state/rho-kiosk/log`` on Linux)."""
    import platformdirs  # only a kiosk logs to a file: others start sooner without it

    return Path(platformdirs.user_log_dir(APP_NAME))


def configure_logging(
    level: str = "WARNING",
    *,
    log_dir: Path | None = None,
    to_file: bool = False,
    file_name: str = LOG_FILE_NAME,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
) -> Path | None:
    """Set up the root logger; return the log file's path, or None when not logging to a file.

    Always logs to stderr (when there is one: a windowed frozen app has none). With
    ``to_file``, also to ``file_name`` in ``log_dir`` (default :func:`default_log_dir`),
    created if missing, rotated at ``max_bytes`` bytes keeping ``backup_count`` old files.
    If that folder cannot be written, logs one warning and carries on with stderr only;
    it never raises for that. Calling it again replaces the handlers it added before
    (other handlers are left alone). Two processes must not share one ``file_name``.
    """
    reset_logging()
    root = logging.getLogger()
    root.setLevel(level.upper())
    formatter = IsoFormatter(LOG_FORMAT)
    if sys.stderr is not None:
        _add(root, logging.StreamHandler(sys.stderr), formatter)
    if not to_file:
        return None
    folder = log_dir if log_dir is not None else default_log_dir()
    path = folder / file_name
    from logging.handlers import RotatingFileHandler  # with pickle and socket: only for a file

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
        )
    except OSError as error:
        log.warning("cannot write the log file in %s (%s); logging to stderr only", folder, error)
        return None
    _add(root, handler, formatter)
    return path


def reset_logging() -> None:
    """Remove and close the handlers :func:`configure_logging` added."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            # Closing flushes what is buffered; on a full disk that fails, and is lost anyway.
            with contextlib.suppress(OSError, ValueError):
                handler.close()


def _add(root: logging.Logger, handler: logging.Handler, formatter: logging.Formatter) -> None:
    setattr(handler, _MARK, True)
    handler.setFormatter(formatter)
    root.addHandler(handler)
