"""The supervisor on a clock the test drives: exact times, no real child, no waiting.

tests/test_supervisor.py starts real children and sends real signals; here ``supervise()``
gets a fake clock, fake waits and stand-in children (its ``clock``, ``sleep`` and ``start``),
so every deadline is checked to the poll: a heartbeat timeout that doubled, a grace period
off by a second or a restart delay ignored would all fail. Fast enough for mutation testing
(tools/mutate.py).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.system.supervisor import supervise

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
        stubborn: bool = False,
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
        self.stubborn = stubborn
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
            with contextlib.suppress(OSError):  # as the real heartbeat: warn, carry on
                self.world.heartbeat.write_text(f"{len(self.beats)} {self.world.now}\n")

    def poll(self) -> int | None:
        return self.returncode

    def kill(self) -> None:
        self.killed_at = self.world.now
        if not self.unkillable:
            self.returncode = self.killed_code

    def terminate(self) -> None:
        self.terminated_at = self.world.now
        if not self.stubborn:
            self.returncode = -15

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            assert self.unkillable or self.stubborn, "waited for a child that was never ended"
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


def test_a_hang_is_caught_one_poll_after_the_heartbeat_timeout(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture
) -> None:
    run = world({"hang_after": 2.0}, {"exit_after": 1.0})
    assert run.supervise() == 0
    hung, second = run.started
    last_beat = hung.beats[-1]
    assert last_beat == FAKE_START + 2.0
    # Killed at the first poll more than heartbeat_timeout_s after the last beat seen...
    assert hung.killed_at == last_beat + EXACT["heartbeat_timeout_s"] + POLL
    # ...and started again restart_delay_s later.
    assert second.started == hung.killed_at + EXACT["restart_delay_s"]
    assert f"no heartbeat for 0.6 s (event loop hung); killing the kiosk (pid {hung.pid})" in (
        caplog.messages
    )


def test_the_default_heartbeat_timeout_is_3_seconds(world: Callable[..., FakeWorld]) -> None:
    run = world({"hang_after": 1.0}, {"exit_after": 1.0})
    assert (
        supervise(["kiosk"], run.heartbeat, clock=run.clock, sleep=run.sleep, start=run.start) == 0
    )
    hung = run.started[0]
    assert hung.killed_at is not None
    silence = hung.killed_at - hung.beats[-1]
    assert 3.0 < silence <= 3.0 + 0.2 + 1e-9  # the default poll is 0.2 s


def test_beats_keep_the_child_alive_however_long(world: Callable[..., FakeWorld]) -> None:
    # Beats 0.375 s apart, under the 0.5 s timeout: never killed, however long it runs.
    run = world({"beat_s": 0.375, "exit_after": 60.0})
    assert run.supervise() == 0
    (child,) = run.started
    assert child.killed_at is None
    assert len(child.beats) == 160  # 0 s to 59.625 s


def test_no_first_beat_is_caught_one_poll_after_the_grace_period(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture
) -> None:
    run = world({"beat_s": 0}, {"exit_after": 0.5})
    assert run.supervise() == 0
    silent, second = run.started
    assert silent.beats == []
    assert silent.killed_at == silent.started + EXACT["startup_grace_s"] + POLL
    assert second.started == silent.killed_at + EXACT["restart_delay_s"]
    assert f"no heartbeat within 1.0 s of start; killing the kiosk (pid {silent.pid})" in (
        caplog.messages
    )


def test_a_slow_first_beat_within_the_grace_period_is_fine(world: Callable[..., FakeWorld]) -> None:
    # The first beat comes 0.9375 s after the start: later than the heartbeat timeout, yet
    # within the grace period; the beats after it keep the child alive.
    run = world({"first_beat": 0.9375, "exit_after": 5.0})
    assert run.supervise() == 0
    (child,) = run.started
    assert child.killed_at is None
    assert child.beats[0] == child.started + 0.9375


def test_a_crash_is_restarted_after_exactly_the_restart_delay(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.system.supervisor")
    run = world({"exit_after": 1.5, "exit_code": 3}, {"exit_after": 1.0})
    assert run.supervise() == 0
    crashed, second = run.started
    assert crashed.killed_at is None  # it ended by itself
    assert second.started == crashed.started + 1.5 + EXACT["restart_delay_s"]
    assert "the kiosk exited with code 3; restarting in 0.2 s (restart 1)" in caplog.messages
    assert "the kiosk exited normally (staff exit); supervisor stopping" in caplog.messages


def test_crashes_back_off_beyond_the_crash_limit(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture
) -> None:
    run = world({"exit_after": 0.25, "exit_code": 4})
    options = {"crash_limit": 2, "crash_window_s": 4.0, "backoff_s": 2.0, "max_restarts": 5}
    assert run.supervise(**options) == 4
    starts = [child.started for child in run.started]
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    # 0.25 s of life, then the restart delay; the third restart within 4 s waits 2 s; the
    # window forgets the first restarts as they age, and the limit is crossed again.
    life = 0.25
    assert gaps == [life + 0.25, life + 0.25, life + 2.0, life + 2.0, life + 0.25]
    assert "3 restarts within 4 s; waiting 2.0 s before the next" in caplog.messages
    assert "the kiosk exited with code 4; giving up after 5 restarts" in caplog.messages


@pytest.mark.parametrize(("window", "backoff"), [(1.0, True), (0.9375, False)])
def test_the_crash_window_includes_a_restart_exactly_its_length_ago(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture, window: float, backoff: bool
) -> None:
    # Restarts every 0.5 s: the third comes exactly 1 s after the first.
    run = world({"exit_after": 0.25, "exit_code": 4})
    options = {"crash_limit": 2, "crash_window_s": window, "backoff_s": 2.0, "max_restarts": 3}
    assert run.supervise(**options) == 4
    third_gap = run.started[3].started - run.started[2].started
    assert third_gap == (0.25 + 2.0 if backoff else 0.25 + 0.25)


def test_an_empty_command_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^child_argv is empty$"):
        supervise([], tmp_path / "heartbeat")


def test_a_stale_beat_is_no_beat_even_when_it_cannot_be_removed(
    world: Callable[..., FakeWorld], monkeypatch: pytest.MonkeyPatch
) -> None:
    run = world({"beat_s": 0}, {"exit_after": 0.5})
    run.heartbeat.parent.mkdir(parents=True)
    run.heartbeat.write_text("from the last run\n")

    def cannot(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "unlink", cannot)
    assert run.supervise() == 0
    silent = run.started[0]
    # Not a beat: the child gets the grace period, not the heartbeat timeout.
    assert silent.killed_at == silent.started + EXACT["startup_grace_s"] + POLL


def test_a_heartbeat_folder_that_cannot_be_made_does_not_stop_the_supervisor(
    world: Callable[..., FakeWorld],
) -> None:
    run = world({"exit_after": 0.5, "exit_code": 3}, {"exit_after": 0.5})
    run.heartbeat.parent.parent.mkdir(parents=True)
    run.heartbeat.parent.write_text("a file where the folder should be\n")
    assert run.supervise() == 0
    assert len(run.started) == 2


def test_a_child_that_ignores_terminate_is_killed(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.system.supervisor")
    stop = threading.Event()
    run = world({"stubborn": True})
    run.on_sleep = lambda world: stop.set() if world.now >= FAKE_START + 1.0 else None
    assert run.supervise(stop=stop) == 0
    (child,) = run.started
    assert child.terminated_at == FAKE_START + 1.0
    assert child.killed_at == FAKE_START + 1.0
    assert f"stopping the kiosk (pid {child.pid})" in caplog.messages
    assert "the kiosk did not stop within 5 s; killing it" in caplog.messages


@pytest.mark.parametrize(
    ("plan", "code"),
    [
        ({"hang_after": 0.5, "killed_code": 3}, 3),  # its own code, when it has one
        ({"hang_after": 0.5}, 1),  # killed: 1
        ({"hang_after": 0.5, "unkillable": True}, 1),  # left behind: 1
    ],
)
def test_giving_up_on_a_hung_child_returns(
    world: Callable[..., FakeWorld], plan: dict[str, Any], code: int
) -> None:
    run = world(plan)
    assert run.supervise(max_restarts=0) == code


def test_max_restarts_counts_restarts_not_starts(world: Callable[..., FakeWorld]) -> None:
    run = world({"exit_after": 0.25, "exit_code": 7})
    assert run.supervise(max_restarts=0) == 7
    assert len(run.started) == 1
    run = world({"hang_after": 0.0})
    assert run.supervise(max_restarts=2) == 1  # killed each time: no exit code of its own
    assert len(run.started) == 3
    assert all(child.killed_at is not None for child in run.started)


def test_the_defaults_are_those_the_readme_promises(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture
) -> None:
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
    assert "6 restarts within 30 s; waiting 5.0 s before the next" in caplog.messages
    run = world({"beat_s": 0}, {"exit_after": 1.0})
    assert (
        supervise(["kiosk"], run.heartbeat, clock=run.clock, sleep=run.sleep, start=run.start) == 0
    )
    silent = run.started[0]
    assert silent.killed_at is not None
    assert 10.0 < silent.killed_at - silent.started <= 10.0 + 0.2 + 1e-9


def test_a_child_ended_by_a_signal_is_restarted(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.system.supervisor")
    run = world(
        {"exit_after": 0.5, "exit_code": -signal.SIGSEGV},
        {"exit_after": 0.5, "exit_code": -200},  # no such signal
        {"exit_after": 0.5},
    )
    assert run.supervise() == 0
    assert len(run.started) == 3
    assert "the kiosk was ended by SIGSEGV; restarting in 0.2 s (restart 1)" in caplog.messages
    assert "the kiosk was ended by signal 200; restarting in 0.2 s (restart 2)" in caplog.messages
    assert f"started the kiosk (pid {run.started[2].pid})" in caplog.messages


def test_a_killed_child_never_counts_as_a_staff_exit(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture
) -> None:
    # Killed while hung, a child might still report 0; only a child's own exit 0 ends it all.
    run = world({"hang_after": 0.5, "killed_code": 0}, {"exit_after": 0.5})
    assert run.supervise() == 0
    assert len(run.started) == 2
    run = world({"hang_after": 0.5, "killed_code": 0})
    assert run.supervise(max_restarts=1) == 1
    assert (
        "the kiosk was killed: no heartbeat for 0.6 s (event loop hung); giving up after 1 restarts"
        in caplog.messages
    )


def test_an_unkillable_child_is_left_and_another_started(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture
) -> None:
    run = world({"hang_after": 0.0, "unkillable": True}, {"exit_after": 0.5})
    assert run.supervise() == 0
    assert len(run.started) == 2
    assert f"the kiosk (pid {run.started[0].pid}) did not die" in caplog.messages


def test_a_program_that_cannot_start_is_retried(
    world: Callable[..., FakeWorld], caplog: pytest.LogCaptureFixture
) -> None:
    run = world({"exit_after": 0.5})
    run.start_failures = 2
    assert run.supervise() == 0
    assert len(run.started) == 1
    assert run.started[0].started == FAKE_START + 2 * EXACT["restart_delay_s"]
    assert caplog.messages.count("cannot start kiosk: [Errno 2] No such file or directory") == 2
    assert "the kiosk could not be started; restarting in 0.2 s (restart 2)" in caplog.messages
    run = world({"exit_after": 0.5})
    run.start_failures = 5
    assert run.supervise(max_restarts=1) == 1


@pytest.mark.parametrize("when", ["running", "restarting"])
def test_the_stop_event_ends_the_child_and_the_supervisor(
    world: Callable[..., FakeWorld], when: str
) -> None:
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
def test_a_signal_ends_the_child_and_the_supervisor(
    world: Callable[..., FakeWorld], signum: int, expected: int
) -> None:
    run = world({})
    sent: list[float] = []

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
