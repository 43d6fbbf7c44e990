"""Keep the kiosk on screen: restart it when it crashes or its event loop stops beating.

Qt-free. The child is the kiosk app started with a heartbeat file (see
``kiosk.ui.kiosk.heartbeat``) in a private folder the supervisor makes for the run; the supervisor
watches the file and the process. Exit code 0 from the child means staff chose to exit, so
the supervisor exits too.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from kiosk.system.platform.process import child_process_group, stop_signal_names

log = logging.getLogger(__name__)

APP_NAME = "rho-kiosk"
STOP_TIMEOUT_S = 5.0
"""Seconds a child has to end after SIGTERM before it is killed."""

_Stamp = tuple[int, int, bytes]


class Child(Protocol):
    """What the supervisor uses of a child process (``subprocess.Popen`` has it all)."""

    pid: int

    def poll(self) -> int | None: ...
    def terminate(self) -> None: ...
    def kill(self) -> None: ...
    def wait(self, timeout: float | None = None) -> int: ...


Spawn = Callable[[list[str]], Child]
"""Starts the child from its argv (``subprocess.Popen`` in its own process group)."""


HEARTBEAT_FILE_NAME = "heartbeat"


def make_heartbeat_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """Make a new private folder (mode 0700) for one supervisor run's heartbeat file.

    It is made in ``$XDG_RUNTIME_DIR`` when that is set and writable (a per-user RAM disk on
    most Linux desktops: no disk write every second), else in the temporary folder
    (``$TMPDIR``, ``/tmp``, or Windows' and macOS's per-user one), which any user can use.
    The caller removes it.
    """
    runtime_dir = environ.get("XDG_RUNTIME_DIR", "")
    if runtime_dir:
        try:
            return Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-", dir=runtime_dir))
        except OSError as error:
            log.info("XDG_RUNTIME_DIR unusable (%s); using the temporary folder", error)
    return Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-"))


def write_heartbeat(path: Path) -> None:
    """Beat once: write the time (seconds since the epoch) to ``path``; raises OSError.

    The kiosk app's beat (``kiosk.ui.kiosk.heartbeat``); the supervisor sees a beat as any change
    of the file's modification time, size or content.
    """
    path.write_text(f"{time.time():.3f}\n", encoding="ascii")


def spawn(argv: list[str]) -> subprocess.Popen[bytes]:
    """Start ``argv`` as the kiosk child; raises OSError when it cannot be started."""
    # Its own process group (POSIX): a Ctrl-C in the terminal reaches only the supervisor,
    # which then stops the child in order.
    return subprocess.Popen(argv, process_group=child_process_group())


def kiosk_command(args: Sequence[str]) -> list[str]:
    """The command line that runs this kiosk app with ``args``, frozen bundle or not."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "kiosk", *args]


def supervise_kiosk(
    kiosk_args: Sequence[str],
    *,
    command: Callable[[Sequence[str]], list[str]] = kiosk_command,
    **options: Any,
) -> int:
    """Run the kiosk app with ``kiosk_args`` under :func:`supervise` (``kiosk --supervise``).

    The heartbeat file lives in a folder made for this run (:func:`make_heartbeat_folder`)
    and removed when this returns; the child is told it with ``--heartbeat PATH``.
    ``command`` turns the arguments into a command line; ``options`` go to :func:`supervise`.
    Returns the supervisor's exit code.
    """
    folder = make_heartbeat_folder()
    try:
        heartbeat = folder / HEARTBEAT_FILE_NAME
        log.info("heartbeat file: %s", heartbeat)
        child_argv = command([*kiosk_args, "--heartbeat", str(heartbeat)])
        return supervise(child_argv, heartbeat, **options)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def supervise(
    child_argv: list[str],
    heartbeat_path: Path,
    *,
    heartbeat_timeout_s: float = 3.0,
    restart_delay_s: float = 0.5,
    startup_grace_s: float = 10.0,
    max_restarts: int | None = None,
    poll_s: float = 0.2,
    stop: threading.Event | None = None,
    crash_limit: int = 5,
    crash_window_s: float = 30.0,
    backoff_s: float = 5.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] | None = None,
    start: Spawn = spawn,
) -> int:
    """Run ``child_argv`` and keep it running; return the supervisor's exit code.

    All times are in seconds. The child is restarted ``restart_delay_s`` after it exits
    with any code but 0, and killed and restarted when ``heartbeat_path`` has not changed
    for ``heartbeat_timeout_s`` (before its first beat the child has ``startup_grace_s``
    from its start). When more than ``crash_limit`` restarts fall within
    ``crash_window_s``, the next waits ``backoff_s`` instead. The child must be told the
    heartbeat path itself (e.g. ``--heartbeat PATH`` in ``child_argv``).

    Returns 0 when the child exits 0 (staff exit), or when ``stop`` is set or SIGTERM
    arrives (the child is terminated, then killed after 5 s); 130 on SIGINT. When
    ``max_restarts`` restarts are used up, returns the child's last exit code, or 1 if it
    was killed. Signal handlers are installed only when called from the main thread.

    Tests may replace the clock (``clock``, seconds, monotonic), the waiting (``sleep``;
    by default ``stop.wait`` or ``time.sleep``) and the starting of the child (``start``).
    """
    supervisor = _Supervisor(
        child_argv,
        heartbeat_path,
        heartbeat_timeout_s=heartbeat_timeout_s,
        restart_delay_s=restart_delay_s,
        startup_grace_s=startup_grace_s,
        max_restarts=max_restarts,
        poll_s=poll_s,
        stop=stop,
        crash_limit=crash_limit,
        crash_window_s=crash_window_s,
        backoff_s=backoff_s,
        clock=clock,
        sleep=sleep,
        start=start,
    )
    with _signal_handlers(supervisor.on_signal):
        return supervisor.run()


class _Supervisor:
    def __init__(
        self,
        child_argv: list[str],
        heartbeat_path: Path,
        *,
        heartbeat_timeout_s: float,
        restart_delay_s: float,
        startup_grace_s: float,
        max_restarts: int | None,
        poll_s: float,
        stop: threading.Event | None,
        crash_limit: int,
        crash_window_s: float,
        backoff_s: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
        start: Spawn = spawn,
    ) -> None:
        if not child_argv:
            raise ValueError("child_argv is empty")
        self.child_argv = list(child_argv)
        self.heartbeat_path = heartbeat_path
        self.heartbeat_timeout_s = heartbeat_timeout_s
        self.restart_delay_s = restart_delay_s
        self.startup_grace_s = startup_grace_s
        self.max_restarts = max_restarts
        self.poll_s = max(0.01, poll_s)
        self.stop = stop
        self.crash_limit = crash_limit
        self.crash_window_s = crash_window_s
        self.backoff_s = backoff_s
        self.clock = clock
        self.sleep = sleep
        self.start = start
        self.signal_received: int | None = None

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        # Only set a flag: Event.set() from a signal handler can deadlock.
        self.signal_received = signum

    def stopping(self) -> bool:
        return self.signal_received is not None or (self.stop is not None and self.stop.is_set())

    def stop_code(self) -> int:
        return 130 if self.signal_received == signal.SIGINT else 0

    def run(self) -> int:
        restarts = 0
        recent: collections.deque[float] = collections.deque()
        while not self.stopping():
            process = self.start_child()
            if process is None:
                reason, code = "the kiosk could not be started", 1
            else:
                watched = self.watch(process)
                if watched is None:
                    self.end_child(process)
                    return self.stop_code()
                reason, code = watched
                if code == 0:
                    log.info("the kiosk exited normally (staff exit); supervisor stopping")
                    return 0
            if self.max_restarts is not None and restarts >= self.max_restarts:
                log.error("%s; giving up after %d restarts", reason, restarts)
                return code if code > 0 else 1
            restarts += 1
            now = self.clock()
            recent.append(now)
            while recent and recent[0] < now - self.crash_window_s:
                recent.popleft()
            delay = self.restart_delay_s
            if len(recent) > self.crash_limit:
                delay = max(delay, self.backoff_s)
                log.error(
                    "%d restarts within %.0f s; waiting %.1f s before the next",
                    len(recent),
                    self.crash_window_s,
                    delay,
                )
            log.warning("%s; restarting in %.1f s (restart %d)", reason, delay, restarts)
            if self.wait(delay):
                break
        return self.stop_code()

    def start_child(self) -> Child | None:
        with contextlib.suppress(OSError):  # e.g. a clean-up of /tmp removed it
            self.heartbeat_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            self.heartbeat_path.unlink(missing_ok=True)  # a stale beat must not count
        try:
            process = self.start(self.child_argv)
        except OSError as error:
            log.error("cannot start %s: %s", self.child_argv[0], error)
            return None
        log.info("started the kiosk (pid %d)", process.pid)
        return process

    def watch(self, process: Child) -> tuple[str, int] | None:
        """Wait until the child exits or hangs: (reason, exit code), or None on stop."""
        started = self.clock()
        last_stamp = _stamp(self.heartbeat_path)  # None unless the unlink failed
        last_beat: float | None = None
        while True:
            code = process.poll()
            if code is not None:
                return _describe_exit(code), code
            if self.stopping():
                return None
            now = self.clock()
            stamp = _stamp(self.heartbeat_path)
            if stamp is not None and stamp != last_stamp:
                last_stamp, last_beat = stamp, now
            if last_beat is None and now - started > self.startup_grace_s:
                reason = f"no heartbeat within {self.startup_grace_s:.1f} s of start"
                return self.kill_hung(process, reason)
            if last_beat is not None and now - last_beat > self.heartbeat_timeout_s:
                reason = f"no heartbeat for {now - last_beat:.1f} s (event loop hung)"
                return self.kill_hung(process, reason)
            self.wait(self.poll_s)

    def kill_hung(self, process: Child, reason: str) -> tuple[str, int]:
        # A hung event loop handles nothing, so there is no point in asking it to quit.
        log.error("%s; killing the kiosk (pid %d)", reason, process.pid)
        with contextlib.suppress(OSError):
            process.kill()
        code = _reap(process)
        return f"the kiosk was killed: {reason}", code if code != 0 else -9

    def end_child(self, process: Child) -> None:
        if process.poll() is not None:
            return
        log.info("stopping the kiosk (pid %d)", process.pid)
        with contextlib.suppress(OSError):
            process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            log.warning("the kiosk did not stop within %.0f s; killing it", STOP_TIMEOUT_S)
            with contextlib.suppress(OSError):
                process.kill()
            _reap(process)

    def wait(self, seconds: float) -> bool:
        """Wait ``seconds``, waking early on stop; True when stopping."""
        deadline = self.clock() + seconds
        while not self.stopping():
            remaining = deadline - self.clock()
            if remaining <= 0:
                return False
            step = min(remaining, self.poll_s)
            if self.sleep is not None:
                self.sleep(step)
            elif self.stop is not None:
                self.stop.wait(step)
            else:
                time.sleep(step)
        return True


def _reap(process: Child) -> int:
    try:
        return process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:  # unkillable (e.g. stuck in the kernel); leave it
        log.error("the kiosk (pid %d) did not die", process.pid)
        return -9


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the kiosk was ended by {name}"
    return f"the kiosk exited with code {code}"


def _stamp(path: Path) -> _Stamp | None:
    """What identifies one beat: modification time, size and content (not the wall clock)."""
    try:
        with path.open("rb") as file:
            status = os.fstat(file.fileno())
            return status.st_mtime_ns, status.st_size, file.read(64)
    except OSError:
        return None


@contextlib.contextmanager
def _signal_handlers(handler: Callable[[int, FrameType | None], None]) -> Iterator[None]:
    """Route SIGTERM, SIGINT (and SIGHUP) to ``handler`` while inside; main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    numbers = [getattr(signal, name) for name in stop_signal_names() if hasattr(signal, name)]
    previous = {number: signal.signal(number, handler) for number in numbers}
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
