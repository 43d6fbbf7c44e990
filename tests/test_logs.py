"""Logging set-up: stderr always, a rotating file on request, never a crash over logs."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from kiosk.system.logs import configure_logging, default_log_dir, reset_logging

ISO_LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d (DEBUG|INFO|WARNING|ERROR) [\w.]+: "
)


@pytest.fixture(autouse=True)
def clean_root_logger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Leave the root logger as it was, and keep the real log folder out of reach."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    root = logging.getLogger()
    level = root.level
    yield
    reset_logging()
    root.setLevel(level)


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_rho_kiosk_handler", False)]


def test_stderr_only_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert configure_logging("INFO") is None
    logging.getLogger("kiosk.test").info("hello from a test")
    err = capsys.readouterr().err
    assert ISO_LINE.match(err), err
    assert err.rstrip().endswith("INFO kiosk.test: hello from a test")
    assert [type(h) for h in ours()] == [logging.StreamHandler]


def test_file_goes_to_the_user_log_folder_by_default(tmp_path: Path) -> None:
    path = configure_logging(to_file=True)
    assert path == default_log_dir() / "kiosk.log"
    assert path.is_relative_to(tmp_path / "state")
    logging.getLogger("kiosk.test").warning("written to the file")
    for handler in ours():
        handler.flush()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert ISO_LINE.match(lines[0])
    assert lines[0].endswith("WARNING kiosk.test: written to the file")


def test_level_is_applied(tmp_path: Path) -> None:
    path = configure_logging("ERROR", log_dir=tmp_path / "logs", to_file=True)
    assert path is not None
    logging.getLogger("kiosk.test").warning("not this")
    logging.getLogger("kiosk.test").error("but this")
    assert "not this" not in path.read_text(encoding="utf-8")
    assert "but this" in path.read_text(encoding="utf-8")


def test_rotation_at_the_size_limit(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "logs"
    path = configure_logging("INFO", log_dir=folder, to_file=True, max_bytes=1000, backup_count=2)
    assert path == folder / "kiosk.log"
    log = logging.getLogger("kiosk.test")
    for number in range(100):
        log.info("line %03d %s", number, "x" * 40)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["kiosk.log", "kiosk.log.1", "kiosk.log.2"]
    for name in names:
        assert (folder / name).stat().st_size <= 1000
    assert "line 099" in path.read_text(encoding="utf-8")
    assert "line 000" not in "".join((folder / n).read_text(encoding="utf-8") for n in names)


def test_default_limits_are_1_mib_times_5(tmp_path: Path) -> None:
    configure_logging(log_dir=tmp_path, to_file=True)
    (handler,) = [h for h in ours() if isinstance(h, RotatingFileHandler)]
    assert handler.maxBytes == 1024 * 1024
    assert handler.backupCount == 5


def test_unwritable_folder_falls_back_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert configure_logging(log_dir=blocker / "logs", to_file=True) is None
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "logging to stderr only" in warnings[0].getMessage()
    assert "logging to stderr only" in capsys.readouterr().err
    assert [type(h) for h in ours()] == [logging.StreamHandler]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder_falls_back_to_stderr(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert configure_logging(log_dir=folder, to_file=True) is None
    finally:
        folder.chmod(0o700)


def test_calling_twice_does_not_duplicate_handlers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", log_dir=tmp_path, to_file=True)
    path = configure_logging("INFO", log_dir=tmp_path, to_file=True)
    assert path is not None
    assert len(ours()) == 2
    logging.getLogger("kiosk.test").info("once")
    assert capsys.readouterr().err.count("once") == 1
    assert path.read_text(encoding="utf-8").count("once") == 1
    configure_logging("INFO")
    assert [type(h) for h in ours()] == [logging.StreamHandler]


def test_other_handlers_are_left_alone() -> None:
    other = logging.NullHandler()
    root = logging.getLogger()
    root.addHandler(other)
    try:
        configure_logging()
        configure_logging()
        assert other in root.handlers
    finally:
        root.removeHandler(other)
