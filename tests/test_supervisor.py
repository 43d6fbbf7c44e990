"""The supervisor: crashed or hung children come back within seconds; a staff exit ends it."""

from __future__ import annotations

import itertools
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.supervisor import default_heartbeat_path, kiosk_command, supervise
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


# --- on a clock the test drives: exact times, no real child, no waiting ----------------------
#
# All times below are binary fractions (1/16 s steps), so the fake clock adds them up exactly
# and a deadline missed by one poll is told apart from one met.

FAKE_START = 1000.0
POLL = 0.0625
EXACT = {"heartbeat_timeout_s": 0.5, "restart_delay_s": 0.25, "startup_grace_s": 1.0}


class FakeKiosk:
    """A stand-in child on the fake clock: beats every ``beat_s`` from ``first_beat``
    seconds after its start (``beat_s`` 0: never) until ``hang_after`` seconds, then stays
    alive and silent; or exits with ``exit_code`` after ``exit_after`` seconds."""

    def __init__(
        self,
        world: FakeWorld,
        *,
        beat_s: float = 0.25,
        first_beat: float = 0.0,
        hang_after: float | None = None,
        exit_after: float | None = None,
        exit_code: int = 0,
        killed_code: int = -9,
        unkillable: bool = False,
    ) -> None:
        self.world = world
        self.pid = 40_000 + len(world.started)
        self.started = world.now
        self.beat_s = beat_s
        self.first_beat = first_beat
        self.hang_after = hang_after
        self.exit_after = exit_after
        self.exit_code = exit_code
        self.killed_code = killed_code
        self.unkillable = unkillable
        self.returncode: int | None = None
        self.beats: list[float] = []
        self.killed_at: float | None = None
        self.terminated_at: float | None = None

    def advance(self) -> None:
        if self.returncode is not None:
            return
        age = self.world.now - self.started
        if self.exit_after is not None and age >= self.exit_after:
            self.returncode = self.exit_code
            return
        silent = self.hang_after is not None and age > self.hang_after
        due = self.started + self.first_beat + self.beat_s * len(self.beats)
        if self.beat_s > 0 and not silent and self.world.now >= due:
            self.beats.append(self.world.now)
            self.world.heartbeat.write_text(f"{len(self.beats)} {self.world.now}\n")

    def poll(self) -> int | None:
        return self.returncode

    def kill(self) -> None:
        self.killed_at = self.world.now
        if not self.unkillable:
            self.returncode = self.killed_code

    def terminate(self) -> None:
        self.terminated_at = self.world.now
        self.returncode = -15

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            assert self.unkillable, "waited for a child that was never ended"
            assert timeout is not None, "waited for ever for an unkillable child"
            raise subprocess.TimeoutExpired("kiosk", timeout)
        return self.returncode


class FakeWorld:
    """The clock, the waits and the children of one supervise() run."""

    def __init__(self, heartbeat: Path, plans: list[dict[str, Any]]) -> None:
        self.now = FAKE_START
        self.heartbeat = heartbeat
        self.plans = plans
        self.started: list[FakeKiosk] = []
        self.start_failures = 0
        """Starts that fail with OSError (the program is missing) before the first works."""
        self.on_sleep: Callable[[FakeWorld], None] = lambda world: None
        """Called after each wait, e.g. to set the stop event or send a signal."""

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.now += seconds
        for child in self.started:
            child.advance()
        self.on_sleep(self)
        assert self.now < FAKE_START + 600, "the supervisor never stopped"

    def start(self, argv: list[str]) -> FakeKiosk:
        assert argv == ["kiosk"]
        if self.start_failures > 0:
            self.start_failures -= 1
            raise FileNotFoundError(2, "No such file or directory")
        plan = self.plans[min(len(self.started), len(self.plans) - 1)]
        child = FakeKiosk(self, **plan)
        self.started.append(child)
        child.advance()  # a first beat at once, if it beats at all
        return child

    def supervise(self, **options: Any) -> int:
        settings = {**EXACT, "poll_s": POLL, **options}
        return supervise(
            ["kiosk"],
            self.heartbeat,
            clock=self.clock,
            sleep=self.sleep,
            start=self.start,
            **settings,
        )


@pytest.fixture
def world(tmp_path: Path) -> Callable[..., FakeWorld]:
    def make(*plans: dict[str, Any]) -> FakeWorld:
        return FakeWorld(tmp_path / "run" / "rho-kiosk" / "heartbeat", list(plans))

    return make


def test_a_hang_is_caught_one_poll_after_the_heartbeat_timeout(world, caplog):  # type: ignore[no-untyped-def]
    run = world({"hang_after": 2.0}, {"exit_after": 1.0})
    assert run.supervise() == 0
    hung, second = run.started
    last_beat = hung.beats[-1]
    assert last_beat == FAKE_START + 2.0
    # Killed at the first poll more than heartbeat_timeout_s after the last beat seen...
    assert hung.killed_at == last_beat + EXACT["heartbeat_timeout_s"] + POLL
    # ...and started again restart_delay_s later.
    assert second.started == hung.killed_at + EXACT["restart_delay_s"]
    assert "no heartbeat for 0.6 s (event loop hung); killing the kiosk" in caplog.text


def test_the_default_heartbeat_timeout_is_3_seconds(world):  # type: ignore[no-untyped-def]
    run = world({"hang_after": 1.0}, {"exit_after": 1.0})
    assert (
        supervise(["kiosk"], run.heartbeat, clock=run.clock, sleep=run.sleep, start=run.start) == 0
    )
    hung = run.started[0]
    silence = hung.killed_at - hung.beats[-1]
    assert 3.0 < silence <= 3.0 + 0.2 + 1e-9  # the default poll is 0.2 s


def test_beats_keep_the_child_alive_however_long(world):  # type: ignore[no-untyped-def]
    # Beats 0.375 s apart, under the 0.5 s timeout: never killed, however long it runs.
    run = world({"beat_s": 0.375, "exit_after": 60.0})
    assert run.supervise() == 0
    (child,) = run.started
    assert child.killed_at is None
    assert len(child.beats) == 160  # 0 s to 59.625 s


def test_no_first_beat_is_caught_one_poll_after_the_grace_period(world, caplog):  # type: ignore[no-untyped-def]
    run = world({"beat_s": 0}, {"exit_after": 0.5})
    assert run.supervise() == 0
    silent, second = run.started
    assert silent.beats == []
    assert silent.killed_at == silent.started + EXACT["startup_grace_s"] + POLL
    assert second.started == silent.killed_at + EXACT["restart_delay_s"]
    assert "no heartbeat within 1.0 s of start" in caplog.text


def test_a_slow_first_beat_within_the_grace_period_is_fine(world):  # type: ignore[no-untyped-def]
    # The first beat comes 0.9375 s after the start: later than the heartbeat timeout, yet
    # within the grace period; the beats after it keep the child alive.
    run = world({"first_beat": 0.9375, "exit_after": 5.0})
    assert run.supervise() == 0
    (child,) = run.started
    assert child.killed_at is None
    assert child.beats[0] == child.started + 0.9375


def test_a_crash_is_restarted_after_exactly_the_restart_delay(world, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="kiosk.supervisor")
    run = world({"exit_after": 1.5, "exit_code": 3}, {"exit_after": 1.0})
    assert run.supervise() == 0
    crashed, second = run.started
    assert crashed.killed_at is None  # it ended by itself
    assert second.started == crashed.started + 1.5 + EXACT["restart_delay_s"]
    assert "the kiosk exited with code 3; restarting in 0.2 s (restart 1)" in caplog.text
    assert "the kiosk exited normally (staff exit); supervisor stopping" in caplog.text


def test_crashes_back_off_beyond_the_crash_limit(world, caplog):  # type: ignore[no-untyped-def]
    run = world({"exit_after": 0.25, "exit_code": 4})
    options = {"crash_limit": 2, "crash_window_s": 4.0, "backoff_s": 2.0, "max_restarts": 5}
    assert run.supervise(**options) == 4
    starts = [child.started for child in run.started]
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    # 0.25 s of life, then the restart delay; the third restart within 4 s waits 2 s; the
    # window forgets the first restarts as they age, and the limit is crossed again.
    life = 0.25
    assert gaps == [life + 0.25, life + 0.25, life + 2.0, life + 2.0, life + 0.25]
    assert "3 restarts within 4 s; waiting 2.0 s before the next" in caplog.text
    assert "giving up after 5 restarts" in caplog.text


def test_max_restarts_counts_restarts_not_starts(world):  # type: ignore[no-untyped-def]
    run = world({"exit_after": 0.25, "exit_code": 7})
    assert run.supervise(max_restarts=0) == 7
    assert len(run.started) == 1
    run = world({"hang_after": 0.0})
    assert run.supervise(max_restarts=2) == 1  # killed each time: no exit code of its own
    assert len(run.started) == 3
    assert all(child.killed_at is not None for child in run.started)


def test_the_defaults_are_those_the_readme_promises(world, caplog):  # type: ignore[no-untyped-def]
    # README: back within about 1 s after a crash (restart delay 0.5 s), 4 s after a hang
    # (3 s without a beat); a start has 10 s for its first beat; more than 5 restarts
    # within 30 s wait 5 s each.
    run = world({"beat_s": 0, "exit_after": 1.0, "exit_code": 3})
    code = supervise(
        ["kiosk"],
        run.heartbeat,
        clock=run.clock,
        sleep=run.sleep,
        start=run.start,
        max_restarts=7,
    )
    assert code == 3
    starts = [child.started for child in run.started]
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    # Each lives 1 s (seen within a 0.2 s poll), then waits 0.5 s; the sixth restart
    # within 30 s and the seventh wait 5 s.
    assert gaps == pytest.approx([1.0 + 0.5] * 5 + [1.0 + 5.0] * 2, abs=0.2 + 1e-9)
    assert "6 restarts within 30 s; waiting 5.0 s before the next" in caplog.text
    run = world({"beat_s": 0}, {"exit_after": 1.0})
    assert (
        supervise(["kiosk"], run.heartbeat, clock=run.clock, sleep=run.sleep, start=run.start) == 0
    )
    silent = run.started[0]
    assert 10.0 < silent.killed_at - silent.started <= 10.0 + 0.2 + 1e-9


def test_a_child_ended_by_a_signal_is_restarted(world, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="kiosk.supervisor")
    run = world(
        {"exit_after": 0.5, "exit_code": -signal.SIGSEGV},
        {"exit_after": 0.5, "exit_code": -200},  # no such signal
        {"exit_after": 0.5},
    )
    assert run.supervise() == 0
    assert len(run.started) == 3
    assert "the kiosk was ended by SIGSEGV; restarting in 0.2 s (restart 1)" in caplog.text
    assert "the kiosk was ended by signal 200; restarting in 0.2 s (restart 2)" in caplog.text
    assert f"started the kiosk (pid {run.started[2].pid})" in caplog.text


def test_a_killed_child_never_counts_as_a_staff_exit(world, caplog):  # type: ignore[no-untyped-def]
    # Killed while hung, a child might still report 0; only a child's own exit 0 ends it all.
    run = world({"hang_after": 0.5, "killed_code": 0}, {"exit_after": 0.5})
    assert run.supervise() == 0
    assert len(run.started) == 2
    run = world({"hang_after": 0.5, "killed_code": 0})
    assert run.supervise(max_restarts=1) == 1
    assert "the kiosk was killed: no heartbeat for 0.6 s (event loop hung); giving up" in (
        caplog.text
    )


def test_an_unkillable_child_is_left_and_another_started(world, caplog):  # type: ignore[no-untyped-def]
    run = world({"hang_after": 0.0, "unkillable": True}, {"exit_after": 0.5})
    assert run.supervise() == 0
    assert len(run.started) == 2
    assert f"the kiosk (pid {run.started[0].pid}) did not die" in caplog.text


def test_a_program_that_cannot_start_is_retried(world, caplog):  # type: ignore[no-untyped-def]
    run = world({"exit_after": 0.5})
    run.start_failures = 2
    assert run.supervise() == 0
    assert len(run.started) == 1
    assert run.started[0].started == FAKE_START + 2 * EXACT["restart_delay_s"]
    assert caplog.text.count("cannot start kiosk: [Errno 2] No such file or directory") == 2
    assert "the kiosk could not be started; restarting in 0.2 s (restart 2)" in caplog.text
    run = world({"exit_after": 0.5})
    run.start_failures = 5
    assert run.supervise(max_restarts=1) == 1


@pytest.mark.parametrize("when", ["running", "restarting"])
def test_the_stop_event_ends_the_child_and_the_supervisor(world, when: str):  # type: ignore[no-untyped-def]
    stop = threading.Event()
    run = world({"exit_after": 2.0, "exit_code": 3} if when == "restarting" else {})
    stop_at = FAKE_START + (2.125 if when == "restarting" else 5.0)

    def stop_in_time(world: FakeWorld) -> None:
        if world.now >= stop_at:
            stop.set()

    run.on_sleep = stop_in_time
    assert run.supervise(stop=stop) == 0
    (child,) = run.started
    if when == "running":
        assert child.terminated_at == stop_at  # asked to end, in order
        assert child.killed_at is None
    else:
        assert child.terminated_at is None  # it had ended already; none started since


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("signum", "expected"), [(signal.SIGTERM, 0), (signal.SIGINT, 130)])
def test_a_signal_ends_the_child_and_the_supervisor(world, signum: int, expected: int):  # type: ignore[no-untyped-def]
    run = world({})
    sent = []

    def signal_once(world: FakeWorld) -> None:
        if world.now >= FAKE_START + 1.0 and not sent:
            sent.append(world.now)
            signal.raise_signal(signum)  # to this process: supervise() handles it

    run.on_sleep = signal_once
    previous = signal.getsignal(signum)
    assert run.supervise() == expected
    assert signal.getsignal(signum) is previous  # its handlers are put back
    (child,) = run.started
    assert child.terminated_at == sent[0]


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
