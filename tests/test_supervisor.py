"""The supervisor: crashed or hung children come back within seconds; a staff exit ends it."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.supervisor import default_heartbeat_path, kiosk_command, spawn, supervise
from tests.conftest import REPO_ROOT

# A stand-in for the kiosk. argv: heartbeat file, journal file, plan ("crash,exit0": what
# the first, second, ... run does; the last entry repeats). Every event goes to the journal
# as "<event> <pid> <time.time()>".
CHILD = r"""
import os, sys, time
from pathlib import Path

heartbeat, journal, plan = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(",")
previous = journal.read_text().split("\n") if journal.exists() else []
run = sum(1 for line in previous if line.startswith("start "))
mode = plan[min(run, len(plan) - 1)]


def note(event):
    with journal.open("a") as file:
        file.write(f"{event} {os.getpid()} {time.time()!r}\n")


def beat(times):
    for _ in range(times):
        heartbeat.write_text(repr(time.time()))
        time.sleep(0.05)


note("start")
if mode == "exit0":
    beat(2)
    note("exit0")
    sys.exit(0)
if mode == "crash":
    beat(3)
    note("crash")
    sys.exit(3)
if mode == "hang":
    beat(3)
    note("hang")
    time.sleep(120)
if mode == "silent":
    time.sleep(120)
while True:  # "beat": a healthy kiosk
    beat(1)
"""

FAST = {"heartbeat_timeout_s": 0.5, "restart_delay_s": 0.2, "startup_grace_s": 5.0, "poll_s": 0.05}


class Child:
    def __init__(self, folder: Path, plan: str) -> None:
        self.script = folder / "child.py"
        self.script.write_text(CHILD, encoding="utf-8")
        self.heartbeat = folder / "run" / "heartbeat"
        self.journal = folder / "journal.txt"
        self.argv = [sys.executable, str(self.script), str(self.heartbeat), str(self.journal), plan]

    def events(self) -> list[tuple[str, int, float]]:
        if not self.journal.exists():
            return []
        lines = self.journal.read_text(encoding="utf-8").splitlines()
        return [(event, int(pid), float(when)) for event, pid, when in map(str.split, lines)]

    def times(self, event: str) -> list[float]:
        return [when for name, _, when in self.events() if name == event]

    def pids(self) -> list[int]:
        return [pid for name, pid, _ in self.events() if name == "start"]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_crash_is_restarted_within_5_seconds(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="kiosk.supervisor")
    child = Child(tmp_path, "crash,exit0")
    assert supervise(child.argv, child.heartbeat, max_restarts=3, **FAST) == 0
    assert [event for event, _, _ in child.events()] == ["start", "crash", "start", "exit0"]
    (crashed,) = child.times("crash")
    back = child.times("start")[1]
    assert back - crashed < 5.0
    assert back - crashed < 2.0  # in practice: restart delay + one poll + interpreter start
    assert "exited with code 3; restarting in 0.2 s (restart 1)" in caplog.text


def test_a_hung_child_is_killed_and_restarted(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    child = Child(tmp_path, "hang,exit0")
    assert supervise(child.argv, child.heartbeat, max_restarts=3, **FAST) == 0
    assert [event for event, _, _ in child.events()] == ["start", "hang", "start", "exit0"]
    (hung,) = child.times("hang")
    back = child.times("start")[1]
    # 0.5 s without a beat, then 0.2 s restart delay: well within the 5 s goal.
    assert 0.5 <= back - hung < 3.0
    assert not alive(child.pids()[0])
    assert "no heartbeat for" in caplog.text
    assert "killing the kiosk" in caplog.text


def test_a_child_that_never_beats_is_killed_after_the_grace_period(tmp_path: Path):
    child = Child(tmp_path, "silent,exit0")
    options = {**FAST, "startup_grace_s": 1.0}
    assert supervise(child.argv, child.heartbeat, max_restarts=3, **options) == 0
    first, second = child.times("start")
    assert 1.0 <= second - first < 4.0
    assert not alive(child.pids()[0])


def test_a_stale_heartbeat_file_does_not_count(tmp_path: Path):
    child = Child(tmp_path, "silent,exit0")
    child.heartbeat.parent.mkdir()
    child.heartbeat.write_text("from an earlier run", encoding="ascii")
    options = {**FAST, "startup_grace_s": 0.8}
    assert supervise(child.argv, child.heartbeat, max_restarts=1, **options) == 0
    assert len(child.times("start")) == 2


def test_a_staff_exit_ends_the_supervisor(tmp_path: Path):
    child = Child(tmp_path, "exit0")
    assert supervise(child.argv, child.heartbeat, **FAST) == 0
    assert [event for event, _, _ in child.events()] == ["start", "exit0"]


def test_max_restarts_returns_the_last_exit_code(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    child = Child(tmp_path, "crash")
    assert supervise(child.argv, child.heartbeat, max_restarts=2, **FAST) == 3
    assert len(child.times("start")) == 3
    assert "giving up after 2 restarts" in caplog.text


def test_repeated_fast_crashes_back_off(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    child = Child(tmp_path, "crash")
    options = {**FAST, "restart_delay_s": 0.05}
    code = supervise(
        child.argv,
        child.heartbeat,
        max_restarts=3,
        crash_limit=2,
        crash_window_s=30.0,
        backoff_s=1.0,
        **options,
    )
    assert code == 3
    starts, crashes = child.times("start"), child.times("crash")
    gaps = [start - crash for crash, start in zip(crashes, starts[1:], strict=False)]
    assert len(gaps) == 3
    assert gaps[0] < 1.0
    assert gaps[1] < 1.0
    assert gaps[2] >= 1.0  # the third restart within 30 s waits backoff_s
    assert "3 restarts within 30 s" in caplog.text


def test_a_missing_program_is_retried_then_given_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    missing = [str(tmp_path / "no-such-kiosk")]
    assert supervise(missing, tmp_path / "heartbeat", max_restarts=1, **FAST) == 1
    assert caplog.text.count("cannot start") == 2


def test_stop_event_stops_the_child(tmp_path: Path):
    child = Child(tmp_path, "beat")
    stop = threading.Event()

    def stop_once_running() -> None:
        wait_for(lambda: child.heartbeat.exists())
        stop.set()

    helper = threading.Thread(target=stop_once_running)
    helper.start()
    try:
        assert supervise(child.argv, child.heartbeat, stop=stop, **FAST) == 0
    finally:
        stop.set()
        helper.join()
    (pid,) = child.pids()
    assert not alive(pid)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("signum", "expected"), [(signal.SIGTERM, 0), (signal.SIGINT, 130)])
def test_a_signal_stops_supervisor_and_child(tmp_path: Path, signum: int, expected: int):
    child = Child(tmp_path, "beat")
    code = (
        "import sys; from pathlib import Path; from kiosk.supervisor import supervise; "
        f"sys.exit(supervise({child.argv!r}, Path({str(child.heartbeat)!r}), poll_s=0.05))"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    supervisor = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        wait_for(lambda: child.heartbeat.exists())
        supervisor.send_signal(signum)
        assert supervisor.wait(timeout=10) == expected
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
    (pid,) = child.pids()
    assert not alive(pid)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")
def test_spawn_puts_the_child_in_its_own_process_group():
    # A Ctrl-C in the terminal then reaches the supervisor only, which ends the child in order.
    child = spawn([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert os.getpgid(child.pid) == child.pid
        assert os.getpgid(child.pid) != os.getpgid(0)
    finally:
        child.kill()
        child.wait(timeout=10)


def test_kiosk_command(monkeypatch: pytest.MonkeyPatch):
    assert kiosk_command(["--kiosk"]) == [sys.executable, "-m", "kiosk", "--kiosk"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert kiosk_command(["--kiosk"]) == [sys.executable, "--kiosk"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG runtime folder")
def test_default_heartbeat_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert default_heartbeat_path() == tmp_path / "rho-kiosk" / "heartbeat"


def test_linux_deploy_files_match_the_supervision_design():
    import configparser

    folder = REPO_ROOT / "deploy" / "linux"
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(folder / "rho-kiosk.service", encoding="utf-8")
    service = unit["Service"]
    assert service["Type"] == "notify"
    assert service["NotifyAccess"] == "main"
    assert service["ExecStart"] == "%h/rho-kiosk/kiosk --kiosk"
    assert service["Restart"] == "always"
    assert service["RestartSec"] == "1"
    assert service["RestartPreventExitStatus"] == "0"  # staff exit
    assert service["WatchdogSec"] == "5"
    assert service["Environment"] == "QT_QPA_PLATFORM=xcb"
    assert unit["Unit"]["After"] == "graphical-session.target"
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"
    assert unit["Install"]["WantedBy"] == "graphical-session.target"

    desktop = configparser.ConfigParser(interpolation=None, strict=True)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(folder / "rho-kiosk.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "kiosk --kiosk --supervise"
    assert (folder / "README.md").is_file()
