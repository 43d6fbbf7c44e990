"""The supervisor: crashed or hung children come back within seconds; a staff exit ends it."""

from __future__ import annotations

import json
import logging
import os
import pwd
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypedDict

import pytest

from kiosk.system.platform.process import child_process_group, stop_signal_names
from kiosk.system.supervisor import (
    kiosk_command,
    make_heartbeat_folder,
    spawn,
    supervise,
    supervise_kiosk,
    write_heartbeat,
)
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


class Timings(TypedDict, total=False):
    """supervise()'s timing options, as keyword arguments."""

    heartbeat_timeout_s: float
    restart_delay_s: float
    startup_grace_s: float
    poll_s: float


FAST: Timings = {
    "heartbeat_timeout_s": 0.5,
    "restart_delay_s": 0.2,
    "startup_grace_s": 5.0,
    "poll_s": 0.05,
}


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


def test_a_crash_is_restarted_within_5_seconds(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.system.supervisor")
    child = Child(tmp_path, "crash,exit0")
    assert supervise(child.argv, child.heartbeat, max_restarts=3, **FAST) == 0
    assert [event for event, _, _ in child.events()] == ["start", "crash", "start", "exit0"]
    (crashed,) = child.times("crash")
    back = child.times("start")[1]
    assert back - crashed < 5.0
    assert back - crashed < 2.0  # in practice: restart delay + one poll + interpreter start
    assert "exited with code 3; restarting in 0.2 s (restart 1)" in caplog.text


def test_a_hung_child_is_killed_and_restarted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
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


def test_a_child_that_never_beats_is_killed_after_the_grace_period(tmp_path: Path) -> None:
    child = Child(tmp_path, "silent,exit0")
    options: Timings = {**FAST, "startup_grace_s": 1.0}
    assert supervise(child.argv, child.heartbeat, max_restarts=3, **options) == 0
    first, second = child.times("start")
    assert 1.0 <= second - first < 4.0
    assert not alive(child.pids()[0])


def test_a_stale_heartbeat_file_does_not_count(tmp_path: Path) -> None:
    child = Child(tmp_path, "silent,exit0")
    child.heartbeat.parent.mkdir()
    child.heartbeat.write_text("from an earlier run", encoding="ascii")
    options: Timings = {**FAST, "startup_grace_s": 0.8}
    assert supervise(child.argv, child.heartbeat, max_restarts=1, **options) == 0
    assert len(child.times("start")) == 2


def test_a_staff_exit_ends_the_supervisor(tmp_path: Path) -> None:
    child = Child(tmp_path, "exit0")
    assert supervise(child.argv, child.heartbeat, **FAST) == 0
    assert [event for event, _, _ in child.events()] == ["start", "exit0"]


def test_max_restarts_returns_the_last_exit_code(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    child = Child(tmp_path, "crash")
    assert supervise(child.argv, child.heartbeat, max_restarts=2, **FAST) == 3
    assert len(child.times("start")) == 3
    assert "giving up after 2 restarts" in caplog.text


def test_repeated_fast_crashes_back_off(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    child = Child(tmp_path, "crash")
    options: Timings = {**FAST, "restart_delay_s": 0.05}
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
) -> None:
    missing = [str(tmp_path / "no-such-kiosk")]
    assert supervise(missing, tmp_path / "heartbeat", max_restarts=1, **FAST) == 1
    assert caplog.text.count("cannot start") == 2


def test_stop_event_stops_the_child(tmp_path: Path) -> None:
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
@pytest.mark.parametrize(
    ("signum", "expected"), [(signal.SIGTERM, 0), (signal.SIGINT, 130), (signal.SIGHUP, 0)]
)
def test_a_signal_stops_supervisor_and_child(tmp_path: Path, signum: int, expected: int) -> None:
    child = Child(tmp_path, "beat")
    code = (
        "import sys; from pathlib import Path; from kiosk.system.supervisor import supervise; "
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
def test_spawn_puts_the_child_in_its_own_process_group() -> None:
    # A Ctrl-C in the terminal then reaches the supervisor only, which ends the child in order.
    child = spawn([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert os.getpgid(child.pid) == child.pid
        assert os.getpgid(child.pid) != os.getpgid(0)
    finally:
        child.kill()
        child.wait(timeout=10)


def test_kiosk_command(monkeypatch: pytest.MonkeyPatch) -> None:
    assert kiosk_command(["--kiosk"]) == [sys.executable, "-m", "kiosk", "--kiosk"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert kiosk_command(["--kiosk"]) == [sys.executable, "--kiosk"]


# A stand-in for `kiosk --kiosk --heartbeat PATH` that reports what it was given: the
# heartbeat path and its folder's owner and mode, as one JSON line in the journal (argv[1]).
# Then it beats once, as the app does, and exits 0 (a staff exit).
REPORTING_CHILD = r"""
import json, os, stat, sys
from pathlib import Path
from kiosk.system.supervisor import write_heartbeat

journal, args = Path(sys.argv[1]), sys.argv[2:]
heartbeat = Path(args[args.index("--heartbeat") + 1])
folder = os.stat(heartbeat.parent)
report = {"args": args, "heartbeat": str(heartbeat), "uid": folder.st_uid,
          "mode": stat.S_IMODE(folder.st_mode)}
write_heartbeat(heartbeat)
with journal.open("a") as file:
    file.write(json.dumps(report) + "\n")
"""


def reporting_command(folder: Path) -> tuple[Callable[[Sequence[str]], list[str]], Path]:
    """A ``command`` for supervise_kiosk running REPORTING_CHILD, and its journal."""
    script, journal = folder / "reporting_child.py", folder / "journal.jsonl"
    script.write_text(REPORTING_CHILD, encoding="utf-8")
    return (lambda args: [sys.executable, str(script), str(journal), *args]), journal


def reports(journal: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private stand-in for the system's temporary folder (what tempfile uses)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    return folder


def test_supervise_kiosk_gives_each_run_a_private_heartbeat_folder_and_removes_it(
    tmp_path: Path, temp_folder: Path
) -> None:
    command, journal = reporting_command(tmp_path)
    options = {**FAST, "max_restarts": 0}  # a broken stand-in fails the test, not loops
    assert supervise_kiosk(["--kiosk", "--screen", "1"], command=command, **options) == 0
    assert supervise_kiosk(["--kiosk"], command=command, **options) == 0
    first, second = reports(journal)
    assert first["args"] == ["--kiosk", "--screen", "1", "--heartbeat", first["heartbeat"]]
    paths = [Path(str(report["heartbeat"])) for report in (first, second)]
    assert paths[0].parent != paths[1].parent  # a new folder for every run
    for report, path in zip((first, second), paths, strict=True):
        assert path.name == "heartbeat"
        assert path.parent.parent == temp_folder
        assert path.parent.name.startswith("rho-kiosk-")
        assert report["uid"] == os.geteuid()
        assert report["mode"] == 0o700  # nobody else can read, replace or fake the beat
    assert list(temp_folder.iterdir()) == []  # both removed


def test_supervise_kiosk_removes_its_folder_when_supervise_fails(temp_folder: Path) -> None:
    with pytest.raises(ValueError, match="child_argv is empty"):
        supervise_kiosk(["--kiosk"], command=lambda args: [], max_restarts=0, **FAST)
    assert list(temp_folder.iterdir()) == []


def test_the_heartbeat_folder_prefers_the_runtime_folder(tmp_path: Path, temp_folder: Path) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    folder = make_heartbeat_folder({"XDG_RUNTIME_DIR": str(runtime)})
    assert folder.parent == runtime
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # Unset, or not a folder one can write in: the temporary folder.
    for environ in ({}, {"XDG_RUNTIME_DIR": ""}, {"XDG_RUNTIME_DIR": str(tmp_path / "no")}):
        folder = make_heartbeat_folder(environ)
        assert folder.parent == temp_folder
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_write_heartbeat_is_a_beat_the_supervisor_sees(tmp_path: Path) -> None:
    from kiosk.system.supervisor import _stamp

    path = tmp_path / "heartbeat"
    write_heartbeat(path)
    first = _stamp(path)
    assert first is not None
    assert abs(float(path.read_text(encoding="ascii")) - time.time()) < 60
    time.sleep(0.002)  # the content has millisecond resolution
    write_heartbeat(path)
    assert _stamp(path) not in (None, first)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")
def test_the_child_has_a_process_group_of_its_own(tmp_path: Path) -> None:
    # A Ctrl-C in the terminal goes to the terminal's process group: only the supervisor.
    report = tmp_path / "group.txt"
    script = tmp_path / "group.py"
    script.write_text(
        "import os, sys\nwith open(sys.argv[1], 'w') as file:\n"
        "    file.write(f'{os.getpid()} {os.getpgrp()}')\n",
        encoding="utf-8",
    )
    argv = [sys.executable, str(script), str(report)]
    assert supervise(argv, tmp_path / "heartbeat", **FAST) == 0
    pid, group = map(int, report.read_text(encoding="utf-8").split())
    assert group == pid
    assert group != os.getpgrp()


def test_platform_branches_of_process_handling() -> None:
    assert child_process_group("linux") == 0
    assert child_process_group("darwin") == 0
    assert child_process_group("win32") is None  # Popen's default there
    assert stop_signal_names("linux") == ("SIGTERM", "SIGINT", "SIGHUP")
    assert stop_signal_names("darwin") == ("SIGTERM", "SIGINT", "SIGHUP")
    assert stop_signal_names("win32") == ("SIGTERM", "SIGINT")  # Windows has no SIGHUP


def test_linux_deploy_files_match_the_supervision_design() -> None:
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


# --- as an ordinary user with no XDG_RUNTIME_DIR --------------------------------------------
# Such a user cannot create /run/user/UID, where the heartbeat once went; the kiosk's beats
# then never arrived and the supervisor restarted a healthy kiosk every few seconds, forever.
# The test runs the real supervisor as `nobody`, with Debian's Python (root's pyenv and the
# venv are not readable by other users) and a copy of the Qt-free modules it needs.

UNPRIVILEGED_MODULES = (
    "kiosk/__init__.py",
    "kiosk/system/__init__.py",
    "kiosk/system/supervisor.py",
    "kiosk/system/platform/__init__.py",
    "kiosk/system/platform/process.py",
)
SYSTEM_PYTHON = Path("/usr/bin/python3")
WATCH_S = 12.0
"""How long the supervised stand-in must run without a restart, in seconds."""

# What `kiosk --kiosk --supervise` runs (cli.cmd_supervise), with the stand-in as the kiosk.
# argv: the folder holding the modules, the stand-in script.
UNPRIVILEGED_SUPERVISOR = r"""
import logging, sys
sys.path.insert(0, sys.argv[1])
from kiosk.system.supervisor import supervise_kiosk

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
child = sys.argv[2]
sys.exit(supervise_kiosk(
    ["--kiosk"],
    command=lambda args: [sys.executable, "-I", child, *args],
    heartbeat_timeout_s=3.0,
    startup_grace_s=5.0,
    restart_delay_s=0.2,
    poll_s=0.1,
))
"""

# A stand-in for `kiosk --kiosk --heartbeat PATH` that beats as kiosk.ui.kiosk.heartbeat.Heartbeat
# does: it makes the folder if missing, then writes the beat every 1000 ms with the same
# writer. It notes "start PID PATH", its first beat, and its first failed beat.
UNPRIVILEGED_KIOSK = r"""
import contextlib, os, sys, time
from pathlib import Path
here = Path(__file__).resolve().parent
sys.path.insert(0, str(here))
from kiosk.system.supervisor import write_heartbeat

args = sys.argv[1:]
heartbeat = Path(args[args.index("--heartbeat") + 1])
journal = here / "journal.txt"

def note(line):
    with journal.open("a") as file:
        file.write(line + "\n")

note(f"start {os.getpid()} {heartbeat}")
with contextlib.suppress(OSError):
    heartbeat.parent.mkdir(parents=True, exist_ok=True)
beats, failed = 0, False
while True:
    try:
        write_heartbeat(heartbeat)
    except OSError as error:
        if not failed:
            note(f"beat-failed {error}")
        failed = True
    else:
        beats += 1
        if beats == 1:
            note("beat")
    time.sleep(1.0)
"""


def require_user_switch() -> tuple[str, pwd.struct_passwd]:
    """setpriv and the user nobody; skip without them or root (fail under CI and, for a
    missing tool, under KIOSK_ALL_TOOLS, as ./dev test sets when the test tools are in)."""
    strict = bool(os.environ.get("CI") or os.environ.get("KIOSK_ALL_TOOLS"))
    setpriv = shutil.which("setpriv")
    missing = []
    if setpriv is None:
        missing.append("setpriv (util-linux)")
    if not SYSTEM_PYTHON.is_file():
        missing.append(f"{SYSTEM_PYTHON} (python3-minimal)")
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        missing.append("the user nobody")
    if missing:
        message = f"needs {', '.join(missing)}"
        if strict:
            pytest.fail(message)
        pytest.skip(message)
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("CI must run the tests as root to switch to the user nobody")
        pytest.skip("only root can run the supervisor as another user")
    assert setpriv is not None
    return setpriv, nobody


@pytest.fixture
def nobody_folder() -> Iterator[Path]:
    """A folder owned by nobody, outside root's private temporary folders, removed after."""
    folder = Path(tempfile.mkdtemp(prefix="rho-kiosk-test-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux users and setpriv")
def test_as_an_ordinary_user_without_a_runtime_folder_the_kiosk_is_not_restarted(
    nobody_folder: Path,
) -> None:
    setpriv, nobody = require_user_switch()
    for name in UNPRIVILEGED_MODULES:
        (nobody_folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO_ROOT / name, nobody_folder / name)
    driver, kiosk = nobody_folder / "supervisor_main.py", nobody_folder / "kiosk_stand_in.py"
    driver.write_text(UNPRIVILEGED_SUPERVISOR, encoding="utf-8")
    kiosk.write_text(UNPRIVILEGED_KIOSK, encoding="utf-8")
    for path in [nobody_folder, *nobody_folder.rglob("*")]:
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    journal, log_path = nobody_folder / "journal.txt", nobody_folder / "supervisor.log"
    # An ordinary login without a runtime folder: no XDG_RUNTIME_DIR, no TMPDIR.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(nobody_folder), "LANG": "C.UTF-8"}
    command = [
        setpriv,
        f"--reuid={nobody.pw_uid}",
        f"--regid={nobody.pw_gid}",
        "--clear-groups",
        "--",
        str(SYSTEM_PYTHON),
        "-I",
        str(driver),
        str(nobody_folder),
        str(kiosk),
    ]

    def lines(prefix: str) -> list[list[str]]:
        if not journal.exists():
            return []
        text = journal.read_text(encoding="utf-8")
        return [line.split() for line in text.splitlines() if line.startswith(prefix)]

    heartbeat: Path | None = None
    with log_path.open("wb") as log_file:
        supervisor = subprocess.Popen(
            command, env=env, cwd=nobody_folder, stdout=log_file, stderr=log_file
        )
        try:
            wait_for(lambda: bool(lines("start ")) or supervisor.poll() is not None)
            assert supervisor.poll() is None, log_path.read_text(encoding="utf-8")
            ((_, child_pid, heartbeat_name),) = lines("start ")
            heartbeat = Path(heartbeat_name)
            # The folder the supervisor made: nobody's alone, and not in /run/user.
            folder = heartbeat.parent.stat()
            assert (folder.st_uid, stat.S_IMODE(folder.st_mode)) == (nobody.pw_uid, 0o700)
            # The beats arrive: the file changes from one second to the next.
            wait_for(lambda: heartbeat.exists())
            first = heartbeat.read_bytes()
            wait_for(lambda: heartbeat.read_bytes() != first, timeout=5.0)
            # Then a healthy kiosk must stay up: done at the first restart, or after WATCH_S.
            watch_until = time.monotonic() + WATCH_S
            wait_for(
                lambda: (
                    len(lines("start ")) > 1
                    or supervisor.poll() is not None
                    or time.monotonic() >= watch_until
                ),
                timeout=WATCH_S + 10.0,
            )
            log = log_path.read_text(encoding="utf-8")
            assert supervisor.poll() is None, log
            assert len(lines("start ")) == 1, log
            assert lines("beat-failed") == [], log
            assert "restarting" not in log
            assert "killing the kiosk" not in log
            supervisor.send_signal(signal.SIGTERM)
            assert supervisor.wait(timeout=15) == 0
            assert not alive(int(child_pid))
            assert not heartbeat.parent.exists()  # the supervisor removed its folder
        finally:
            if supervisor.poll() is None:  # a failure: let it clean up, else kill it
                supervisor.terminate()
                try:
                    supervisor.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    supervisor.kill()
                    supervisor.wait()
            for _, pid, _ in lines("start "):
                if alive(int(pid)):
                    os.kill(int(pid), signal.SIGKILL)
            if heartbeat is not None:  # left behind by a failure
                shutil.rmtree(heartbeat.parent, ignore_errors=True)
