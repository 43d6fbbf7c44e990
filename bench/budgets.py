"""Measure the kiosk against its performance budgets on a real X screen (Xvfb).

Run from the repository root::

    python -m bench.budgets            # the full run (about 15 minutes on 2 cores)
    python -m bench.budgets --quick    # a few minutes

Starts its own Xvfb (1280x720x24) on a free display number unless ``--display`` names a
screen that already runs, measures each figure several times beside a reference measured
in the same run, prints a table and writes it to ``bench/RESULTS.md``. It never fails on a
missed budget; missed figures are marked ``MISSED``. See ``bench/README.md``.

The in-process measurements (slide change, first video frame, CPU while the video plays,
the attract-loop soak of ``bench/soak.py``) run in child processes of this module
(``--worker NAME``), so that every child gets its own QApplication, Qt platform and video
rendering path (``QT_XCB_GL_INTEGRATION``) before Qt starts.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import math
import os
import platform
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parent.parent
RESULTS_PATH = Path(__file__).resolve().parent / "RESULTS.md"
VIDEO_FILE = REPO / "assets" / "video" / "explainer.webm"
FROZEN_APP = REPO / "dist" / "kiosk" / "kiosk"
"""The frozen one-folder bundle (``./dev bundle``); measured too when it exists."""
VIDEO_SLIDE_ID = "explainer-video"
SCREEN = "1280x720x24"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# Budgets from the issue.
BUDGET_STARTUP_S = 0.45
BUDGET_PSS_MIB = 120.0
BUDGET_IDLE_CPU_PCT = 0.5
BUDGET_SLIDE_CHANGE_MS = 50.0
BUDGET_VIDEO_OPEN_MS = 300.0
BUDGET_SOAK_PSS_MIB = 10.0
BUDGET_SOAK_FDS = 0.0

# Quoted, not measured: /work/shared/research/platform.md (same machine kind, Xvfb 1280x720).
QUOTED_CHROMIUM_STARTUP_S = 1.41
QUOTED_CHROMIUM_PSS_MIB = 389.0
QUOTED_CHROMIUM_IDLE_CPU_PCT = 5.4
QUOTED_CHROMIUM_VIDEO_CPU_PCT = 26.0

# Timeouts (seconds) for every wait.
XVFB_TIMEOUT = 10.0
FIRST_PAINT_TIMEOUT = 20.0
WORKER_TIMEOUT = 120.0
FFMPEG_TIMEOUT = 120.0
MAX_LAUNCH_FAILURES = 3

REFERENCE_SCRIPT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

class Label(QLabel):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, lambda: print("first-paint", flush=True))

app = QApplication(sys.argv[:1])
label = Label("Our Priorities")
label.resize(1280, 720)
label.show()
sys.exit(app.exec())
"""
"""The start-up reference: a bare PySide6 window with one QLabel, timed like the app
(its line is printed the same way as MainWindow.first_painted: a zero timer after the first
paint event)."""


# --- numbers ---------------------------------------------------------------------------------
def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0..1) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


# --- /proc -----------------------------------------------------------------------------------
def cpu_seconds(pid: int) -> float:
    """utime + stime of process ``pid`` (all its threads), in seconds."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2 :].split()
    # fields[0] is the state (field 3 of proc(5)); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def major_faults(pid: int) -> int:
    """Page faults of ``pid`` that had to read from disk (``majflt``, field 12 of stat)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return int(text[text.rindex(")") + 2 :].split()[9])


def machine_busy_seconds() -> float:
    """CPU time all cores spent busy since boot (``/proc/stat``), in seconds."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def cpu_seconds_fine(pid: int) -> float:
    """Time on CPU of the live threads of ``pid``, in seconds, at nanosecond resolution
    (``/proc/PID/task/*/schedstat``). Threads that end in between are missed, so it is only
    a finer look at an idle process, next to :func:`cpu_seconds`."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def memory_mib(pid: int) -> dict[str, float]:
    """``Rss``, ``Pss``, ``Pss_Anon`` (the anonymous part of PSS: heaps, stacks; shared with
    no other program, so not moved by them), ``Pss_Shmem`` and ``Uss`` (private pages) of
    process ``pid`` in MiB."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss", "Pss_Anon", "Pss_Shmem", "Private_Clean", "Private_Dirty"):
            values[name] = int(rest.split()[0]) / 1024
    if "Pss" not in values:
        raise RuntimeError(f"no Pss line for pid {pid}")
    values["Uss"] = values.pop("Private_Clean", 0.0) + values.pop("Private_Dirty", 0.0)
    return values


def pss_mib(pid: int) -> float:
    """Proportional set size of process ``pid`` in MiB (``Pss:`` of smaps_rollup).

    PSS shares each library page among the processes that map it, so it drops a little
    while other Qt programs run; ``memory_mib`` also gives RSS and USS to compare.
    """
    return memory_mib(pid)["Pss"]


@dataclass
class CpuSample:
    """CPU use of some processes over one wall-clock window."""

    wall: float
    cpu: dict[int, float]
    """utime + stime (clock ticks, usually 10 ms) per pid."""
    fine: dict[int, float]
    """schedstat time per pid (ns resolution, live threads only)."""

    def percent(self, pid: int) -> float:
        return 100.0 * self.cpu[pid] / self.wall

    def fine_percent(self, pid: int) -> float:
        return 100.0 * self.fine[pid] / self.wall


def sample_cpu(pids: Sequence[int], seconds: float) -> CpuSample:
    start_cpu = {pid: cpu_seconds(pid) for pid in pids}
    start_fine = {pid: cpu_seconds_fine(pid) for pid in pids}
    start = time.monotonic()
    time.sleep(seconds)
    end_cpu = {pid: cpu_seconds(pid) for pid in pids}
    end_fine = {pid: cpu_seconds_fine(pid) for pid in pids}
    wall = time.monotonic() - start
    return CpuSample(
        wall,
        {pid: end_cpu[pid] - start_cpu[pid] for pid in pids},
        {pid: end_fine[pid] - start_fine[pid] for pid in pids},
    )


# --- processes -------------------------------------------------------------------------------
class ChildError(RuntimeError):
    pass


class Child:
    """A child process whose stdout is read line by line with timeouts.

    stderr goes to a temporary file, shown in errors and searchable with :meth:`stderr`.
    """

    def __init__(self, name: str, argv: Sequence[str], env: dict[str, str]) -> None:
        self.name = name
        # Lives as long as the child; closed in stop().
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(argv),
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            start_new_session=True,
        )
        self._buffer = b""

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def _fail(self, message: str) -> ChildError:
        tail = "\n".join(self.stderr().splitlines()[-15:])
        return ChildError(f"{self.name}: {message}\n--- stderr (last lines) ---\n{tail}")

    def read_line(self, prefix: str, timeout: float) -> tuple[str, float]:
        """Wait for a stdout line starting with ``prefix``; return it and its perf_counter."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.perf_counter() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while True:
                while b"\n" in self._buffer:
                    raw, self._buffer = self._buffer.split(b"\n", 1)
                    line = raw.decode(errors="replace").strip()
                    if line.startswith(prefix):
                        return line, time.perf_counter()
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise self._fail(f"no {prefix!r} line within {timeout:.0f} s")
                if not selector.select(remaining):
                    continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    code = self.proc.wait(timeout=5)
                    raise self._fail(f"exited with {code} before printing {prefix!r}")
                self._buffer += chunk

    def stop(self) -> None:
        """Terminate (then kill) the child; safe to call twice."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    self.proc.kill()
                self.proc.wait(timeout=5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._stderr.close()


@contextlib.contextmanager
def child(name: str, argv: Sequence[str], env: dict[str, str]) -> Iterator[Child]:
    process = Child(name, argv, env)
    try:
        yield process
    finally:
        process.stop()


class Xvfb:
    """An X screen for the measurements: ours (started and stopped here) or an existing one."""

    def __init__(self, display: str | None) -> None:
        self.requested = display
        self.display = ""
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def __enter__(self) -> Xvfb:
        if shutil.which("Xvfb") is None:
            raise SystemExit("bench: Xvfb not found (Debian package xvfb)")
        base = base_cmd()
        try:
            if self.requested:
                number = int(self.requested.lstrip(":").split(".")[0])
                self.display = f":{number}"
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    return self  # an X server already runs there; use it, leave it alone
                self.proc = subprocess.Popen(
                    [*base[:1], self.display, *base[1:]],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
                self._wait_socket(number)
            else:
                self._start_free()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start_free(self) -> None:
        """Let Xvfb pick a free display number and report it on a pipe (``-displayfd``)."""
        read_end, write_end = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [*base_cmd(), "-displayfd", str(write_end)],
                pass_fds=(write_end,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            os.close(write_end)
            write_end = -1
            deadline = time.monotonic() + XVFB_TIMEOUT
            text = b""
            with selectors.DefaultSelector() as selector:
                selector.register(read_end, selectors.EVENT_READ)
                while b"\n" not in text:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self.proc.poll() is not None:
                        raise SystemExit("bench: Xvfb did not start")
                    if selector.select(remaining):
                        chunk = os.read(read_end, 64)
                        if not chunk:
                            raise SystemExit("bench: Xvfb did not start")
                        text += chunk
            self.display = f":{int(text.strip())}"
        finally:
            os.close(read_end)
            if write_end >= 0:
                os.close(write_end)

    def _wait_socket(self, number: int) -> None:
        deadline = time.monotonic() + XVFB_TIMEOUT
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or (self.proc and self.proc.poll() is not None):
                raise SystemExit(f"bench: Xvfb did not start on :{number}")
            time.sleep(0.05)
        time.sleep(0.2)

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None


def base_cmd() -> list[str]:
    return ["Xvfb", "-screen", "0", SCREEN, "-noreset", "-nolisten", "tcp"]


PYCACHE_DIR: str | None = None
"""Where children keep byte-code (set for the run): an installed app has its .pyc files,
so children compile once (in the warm-up) instead of on every launch, without writing
__pycache__ folders into the working tree."""


def child_env(display: str, *, video_path: str | None = None, **extra: str) -> dict[str, str]:
    """Environment of a measured child: xcb on our display, the repo importable.

    ``video_path``: ``"cpu"`` sets ``QT_XCB_GL_INTEGRATION=none`` (what ``--video-path cpu``
    does), ``"default"`` removes it (Qt's default RHI/OpenGL path), None leaves the app to
    decide (``auto``).
    """
    env = dict(os.environ)
    for name in (
        "QT_XCB_GL_INTEGRATION",
        "KIOSK_BENCH_STARTUP",
        "WAYLAND_DISPLAY",
        "PYTHONDONTWRITEBYTECODE",
    ):
        env.pop(name, None)
    if PYCACHE_DIR:
        env["PYTHONPYCACHEPREFIX"] = PYCACHE_DIR
    env.update(
        QT_QPA_PLATFORM="xcb",
        DISPLAY=display,
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",
    )
    if video_path == "cpu":
        env["QT_XCB_GL_INTEGRATION"] = "none"
    env.update(extra)
    return env


# --- results ---------------------------------------------------------------------------------
@dataclass
class Row:
    figure: str
    unit: str
    samples: list[float] = field(default_factory=list)
    budget: float | None = None
    reference: float | None = None
    reference_label: str = ""
    value: float | None = None
    """The figure; the median of ``samples`` unless set (p95 rows, quoted figures)."""
    quoted: bool = False
    error: str = ""
    """Set when the figure could not be taken at all."""
    note: str = ""
    """Shown after the value, e.g. how many launches failed."""
    text: str = ""
    """Shown instead of a number when the row has none (how a figure was taken, counts)."""
    signed: bool = False
    """Show a + on positive values (growth)."""

    @property
    def shown(self) -> float | None:
        return self.value if self.value is not None else median(self.samples)

    @property
    def missed(self) -> bool:
        return self.budget is not None and self.shown is not None and self.shown > self.budget

    def cells(self) -> list[str]:
        shown = self.shown
        if self.error:
            value = f"error: {self.error}"
        elif shown is None:
            value = self.text or "-"
        else:
            value = fmt(shown, self.unit)
            if self.signed and shown > 0:
                value = "+" + value
            if self.quoted:
                value += " (quoted, not measured)"
            elif len(self.samples) > 1 and self.value is None:
                value += f" (n={len(self.samples)}, {fmt(min(self.samples), self.unit)}"
                value += f"..{fmt(max(self.samples), self.unit)})"
            if self.note:
                value += f" [{self.note}]"
        budget = fmt(self.budget, self.unit) if self.budget is not None else "-"
        reference = "-"
        if self.reference is not None:
            reference = f"{fmt(self.reference, self.unit)} {self.reference_label}".strip()
        ratio = "-"
        if shown is not None and self.reference:
            ratio = f"{shown / self.reference:.1f}x"
        return [self.figure, value, budget, reference, ratio, "MISSED" if self.missed else ""]


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if unit == "%":
        return f"{value:.2f} %"
    return f"{value:g} {unit}"


HEADERS = ["figure", "measured", "budget", "reference (measured in the same run)", "ratio", ""]


def text_table(rows: Sequence[Row]) -> str:
    table = [HEADERS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADERS))]
    lines = []
    for number, line in enumerate(table):
        cells = zip(line, widths, strict=True)
        lines.append(" | ".join(cell.ljust(width) for cell, width in cells))
        if number == 0:
            lines.append("-+-".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for row in rows:
        cells = [cell.replace("|", "\\|") for cell in row.cells()]
        if cells[-1]:
            cells[-1] = f"**{cells[-1]}**"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def tree_line() -> str:
    """The commit measured, and whether the app's files differ from it (read-only git)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "--no-optional-locks", "status", "--porcelain", "--", "kiosk", "content.yaml"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    if not changed:
        return f"{head}, app files as committed"
    return f"{head} + uncommitted changes in {len(changed)} app files"


def machine_line() -> str:
    try:
        from importlib.metadata import version

        pyside = version("PySide6-Essentials")
    except Exception:
        pyside = "unknown"
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    gpu = "yes" if any(Path("/dev/dri").glob("renderD*")) else "no"
    return (
        f"nproc {os.cpu_count()} ({model or platform.machine()}), "
        f"Python {platform.python_version()}, PySide6 {pyside}, "
        f"{platform.system()} {platform.release()}, DRI render device: {gpu}"
    )


class LoadGauge:
    """How busy the rest of the machine was during the run: load averages at both ends, and
    the CPU that processes other than this bench and its children used meanwhile."""

    def __init__(self) -> None:
        self.load = os.getloadavg()[0]
        self.busy = machine_busy_seconds()
        self.ours = self._ours()
        self.started = time.monotonic()

    @staticmethod
    def _ours() -> float:
        times = os.times()
        return times.user + times.system + times.children_user + times.children_system

    def line(self) -> str:
        wall = max(time.monotonic() - self.started, 1e-9)
        others = machine_busy_seconds() - self.busy - (self._ours() - self.ours)
        return (
            f"load average {self.load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end; "
            f"other processes used {100 * max(others, 0.0) / wall:.0f} % of one core on "
            f"average during the run (of {100 * (os.cpu_count() or 1)} %)"
        )


# --- measurements run from the parent --------------------------------------------------------
@dataclass
class Launch:
    startup: float
    """Seconds from just before Popen to reading the ``first-paint`` line."""
    memory: dict[str, float]
    """MiB after the idle window (see :func:`memory_mib`)."""
    cpu: float
    """% of one core over the idle window."""
    cpu_fine: float
    """The same from schedstat (finer)."""
    xvfb_cpu: float | None
    """% of one core the X server used over the idle window."""
    others: float
    """CPU % (of one core) that the rest of the machine used during the start-up: a noise
    gauge (our Xvfb is in it too, a few %). Tens of % mean someone else was busy."""
    major_faults: int
    """Page faults that read from disk up to the first paint (cold page cache)."""
    own_cpu: float
    """CPU seconds the child itself used up to the first paint (wall minus this: waiting)."""

    def describe(self) -> str:
        mem = self.memory
        return (
            f"{self.startup:.3f} s (own CPU {self.own_cpu:.2f} s; "
            f"rest of machine meanwhile {self.others:.0f} %, "
            f"{self.major_faults} major faults), "
            f"PSS {mem['Pss']:.1f} MiB (RSS {mem['Rss']:.1f}, USS {mem['Uss']:.1f}), "
            f"CPU {self.cpu:.2f} % (schedstat {self.cpu_fine:.3f} %)"
        )


def launch_to_first_paint(
    name: str,
    argv: Sequence[str],
    env: dict[str, str],
    idle_seconds: float,
    settle: float,
    xvfb_pid: int | None,
) -> Launch:
    """Start ``argv``, time launch to its ``first-paint`` line, then idle CPU, then memory
    (read after the idle window, so start-up has long settled)."""
    busy_before = machine_busy_seconds()
    with child(name, argv, env) as process:
        _, painted = process.read_line("first-paint", FIRST_PAINT_TIMEOUT)
        startup = painted - process.started
        own_cpu = cpu_seconds(process.pid)
        others = machine_busy_seconds() - busy_before - own_cpu
        faults = major_faults(process.pid)
        time.sleep(settle)
        pids = [process.pid] + ([xvfb_pid] if xvfb_pid else [])
        window = sample_cpu(pids, idle_seconds)
        if process.proc.poll() is not None:
            raise process._fail("exited during the idle window")
        return Launch(
            startup,
            memory_mib(process.pid),
            window.percent(process.pid),
            window.fine_percent(process.pid),
            window.percent(xvfb_pid) if xvfb_pid else None,
            max(0.0, 100.0 * others / startup),
            faults,
            own_cpu,
        )


def run_worker(
    name: str,
    worker: str,
    env: dict[str, str],
    *extra: str,
    timeout: float = WORKER_TIMEOUT,
) -> dict[str, Any]:
    argv = [sys.executable, "-m", "bench.budgets", "--worker", worker, *extra]
    with child(name, argv, env) as process:
        line, _ = process.read_line("result ", timeout)
        result: dict[str, Any] = json.loads(line.split(" ", 1)[1])
        result["stderr"] = process.stderr()
        return result


def video_play_cpu(
    env: dict[str, str],
    label: str,
    seconds: float,
    xvfb_pid: int | None,
) -> tuple[list[float], float, float | None, str]:
    """CPU % of a child playing the video slide, in 2-second windows after 2 s of warm-up.

    Returns (window percentages, PSS MiB at the end, Xvfb CPU % over the whole time, stderr).
    """
    argv = [sys.executable, "-m", "bench.budgets", "--worker", "video-play"]
    with child(f"video-play ({label})", argv, env) as process:
        process.read_line("playing", FIRST_PAINT_TIMEOUT + 10)
        time.sleep(2.0)
        pids = [process.pid] + ([xvfb_pid] if xvfb_pid else [])
        windows = max(1, round(seconds / 2))
        samples: list[CpuSample] = [sample_cpu(pids, seconds / windows) for _ in range(windows)]
        if process.proc.poll() is not None:
            raise process._fail("exited while playing")
        pss = pss_mib(process.pid)
        xvfb = None
        if xvfb_pid:
            wall = sum(s.wall for s in samples)
            xvfb = 100.0 * sum(s.cpu[xvfb_pid] for s in samples) / wall
        return [s.percent(process.pid) for s in samples], pss, xvfb, process.stderr()


def video_duration() -> float:
    """Duration of the bundled video in seconds (ffprobe)."""
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
            str(VIDEO_FILE),
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    return float(out.strip())


def ffmpeg_floor_percent(duration: float) -> float:
    """CPU of ``ffmpeg -i video -f null -`` (utime+stime of its run) / the video's duration."""
    proc = subprocess.Popen(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(VIDEO_FILE), "-f", "null", "-"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + FFMPEG_TIMEOUT
    try:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                if proc.returncode != 0:
                    raise RuntimeError(f"ffmpeg exited with {proc.returncode}")
                return 100.0 * (usage.ru_utime + usage.ru_stime) / duration
            if time.monotonic() > deadline:
                raise RuntimeError("ffmpeg took too long")
            time.sleep(0.05)
    finally:
        if proc.returncode is None:
            proc.kill()
            proc.wait(timeout=5)


# --- the whole run ---------------------------------------------------------------------------
NOTES: list[str] = []
"""How figures were taken in this run (printed and written under the table)."""
SECTIONS = ("startup", "slides", "video", "soak")
SOAK_PLATFORMS = ("xcb", "offscreen")
SOAK_RATE = 32.0
"""Playback rate of the soak's video plays: every frame is still decoded and delivered to
the video widget (counted), only the clock runs faster (16x, 32x and 64x all deliver the
1753 frames of the bundled video; 32x plays it in 2.2 s)."""
VIDEO_FPS = 25.0
"""Frame rate of the bundled video (ffprobe: 25/1)."""


@dataclass(frozen=True)
class Mode:
    """Run sizes of the full and the ``--quick`` bench; explicit options override them."""

    runs: int
    idle_seconds: float
    presses: int
    openings: int
    video_seconds: float
    soak_changes: int
    soak_plays: int
    soak_platforms: str


FULL = Mode(5, 10.0, 200, 20, 10.0, 10_000, 100, "xcb,offscreen")
QUICK = Mode(3, 3.0, 100, 10, 4.0, 1_000, 10, "xcb")


def measure(args: argparse.Namespace) -> list[Row]:
    global PYCACHE_DIR
    rows: list[Row] = []
    sections = set(args.only.split(",")) if args.only else set(SECTIONS)
    with (
        tempfile.TemporaryDirectory(prefix="kiosk-bench-pyc-") as pycache,
        Xvfb(args.display) as xvfb,
    ):
        PYCACHE_DIR = pycache
        display = xvfb.display
        print(f"X screen {display} ({'ours' if xvfb.pid else 'existing'}, {SCREEN})", flush=True)
        if "startup" in sections:
            rows += measure_startup(display, xvfb.pid, args.runs, args.idle_seconds)
        if "slides" in sections:
            rows += measure_slide_change(display, args.presses)
        if "video" in sections:
            rows += measure_video(display, xvfb.pid, args.openings, args.video_seconds, args.runs)
        if "soak" in sections and (args.soak_changes > 0 or args.soak_plays > 0):
            platforms = [p for p in args.soak_platforms.split(",") if p]
            rows += measure_soak(
                display, platforms, args.soak_changes, args.soak_plays, args.soak_rate
            )
    return rows


def measure_startup(
    display: str,
    xvfb_pid: int | None,
    runs: int,
    idle_seconds: float,
) -> list[Row]:
    """Launch the app from source, the frozen bundle (if built) and the reference in turn,
    ``runs`` times: start-up, PSS after it settled, CPU while the first slide shows."""
    ref_env = child_env(display)
    subjects: list[tuple[str, list[str], dict[str, str], str]] = [
        ("kiosk", [sys.executable, "-m", "kiosk"], child_env(display, KIOSK_BENCH_STARTUP="1"), "")
    ]
    if os.access(FROZEN_APP, os.X_OK):
        frozen_env = child_env(display, KIOSK_BENCH_STARTUP="1")
        frozen_env.pop("PYTHONPATH", None)
        subjects.append(("frozen", [str(FROZEN_APP)], frozen_env, " (frozen bundle)"))
    else:
        print(f"no frozen bundle at {FROZEN_APP}: './dev bundle' builds it", flush=True)
    ref_argv = [sys.executable, "-c", REFERENCE_SCRIPT]
    rows: dict[str, tuple[Row, Row, Row, Row]] = {}
    for name, _argv, _env, label in subjects:
        rows[name] = (
            Row(
                f"start-up: launch -> first slide painted{label}",
                "s",
                budget=BUDGET_STARTUP_S,
                reference_label="(bare PySide6 QLabel window)",
            ),
            Row(
                f"memory: PSS after start-up settled{label}",
                "MiB",
                budget=BUDGET_PSS_MIB,
                reference_label="(bare QLabel)",
            ),
            Row(
                f"CPU, static slide shown {idle_seconds:g} s (% of one core){label}",
                "%",
                budget=BUDGET_IDLE_CPU_PCT,
                reference_label="(bare QLabel)",
            ),
            Row(
                "  RSS: shared pages counted in full (PSS's upper bound, not moved by others)",
                "MiB",
                reference_label="(bare QLabel)",
            ),
        )
    xvfb_idle = Row("  of which Xvfb (X server) while the app idles", "%")
    ref_startup: list[float] = []
    ref_pss: list[float] = []
    ref_rss: list[float] = []
    ref_idle: list[float] = []
    failures = 0
    # One warm-up launch each (byte-code, page and font caches), not counted.
    for name, argv, env, _label in [*subjects, ("reference", ref_argv, ref_env, "")]:
        try:
            with child(f"{name} warm-up", argv, env) as process:
                process.read_line("first-paint", FIRST_PAINT_TIMEOUT)
        except (ChildError, OSError) as exc:
            print(f"warm-up failed: {exc}", file=sys.stderr)
    run = 0
    # A launch that fails (say, a file of the working tree caught half-edited) is retried
    # after a pause, a few times; the figures then come from the launches that worked.
    while run < runs and failures < MAX_LAUNCH_FAILURES:
        print(f"start-up run {run + 1}/{runs}:", flush=True)
        try:
            launches = {
                name: launch_to_first_paint(name, argv, env, idle_seconds, 1.0, xvfb_pid)
                for name, argv, env, _label in subjects
            }
            ref = launch_to_first_paint("reference", ref_argv, ref_env, idle_seconds, 1.0, None)
        except (ChildError, OSError, RuntimeError) as exc:
            failures += 1
            print(f"start-up launch failed ({failures}): {exc}", file=sys.stderr)
            time.sleep(3.0)
            continue
        run += 1
        for name, launch in launches.items():
            startup, memory, idle, rss = rows[name]
            startup.samples.append(launch.startup)
            memory.samples.append(launch.memory["Pss"])
            rss.samples.append(launch.memory["Rss"])
            idle.samples.append(launch.cpu)
            if name == "kiosk" and launch.xvfb_cpu is not None:
                xvfb_idle.samples.append(launch.xvfb_cpu)
            print(f"  {name:9} {launch.describe()}", flush=True)
        ref_startup.append(ref.startup)
        ref_pss.append(ref.memory["Pss"])
        ref_rss.append(ref.memory["Rss"])
        ref_idle.append(ref.cpu)
        print(f"  reference {ref.describe()}", flush=True)
    for startup, memory, idle, rss in rows.values():
        rss.reference = median(ref_rss)
        for row in (startup, memory, idle):
            if not row.samples:
                row.error = "see stderr"
            elif failures:
                row.note = f"{failures} failed launch{'es' if failures > 1 else ''} left out"
        startup.reference = median(ref_startup)
        memory.reference = median(ref_pss)
        idle.reference = median(ref_idle)
    quoted_start = Row(
        "start-up: Chromium --kiosk + reveal.js (platform.md)",
        "s",
        value=QUOTED_CHROMIUM_STARTUP_S,
        quoted=True,
    )
    quoted_pss = Row(
        "memory: Chromium + reveal.js (platform.md)",
        "MiB",
        value=QUOTED_CHROMIUM_PSS_MIB,
        quoted=True,
    )
    quoted_idle = Row(
        "CPU idle: Chromium + reveal.js (platform.md)",
        "%",
        value=QUOTED_CHROMIUM_IDLE_CPU_PCT,
        quoted=True,
    )
    after = Row(
        "CPU, static slide after the video played and was left", "%", budget=BUDGET_IDLE_CPU_PCT
    )
    after_pss = Row(
        "memory: PSS on a static slide after the video played and was left",
        "MiB",
        budget=BUDGET_PSS_MIB,
    )
    try:
        argv = [sys.executable, "-m", "bench.budgets", "--worker", "idle-after-video"]
        with child("idle-after-video", argv, child_env(display)) as process:
            process.read_line("ready", FIRST_PAINT_TIMEOUT + 10)
            time.sleep(1.0)
            window = sample_cpu([process.pid], idle_seconds)
            after.samples.append(window.percent(process.pid))
            left = memory_mib(process.pid)
            after_pss.samples.append(left["Pss"])
            print(
                f"  after the video: CPU {window.percent(process.pid):.2f} % (schedstat "
                f"{window.fine_percent(process.pid):.3f} %); PSS {left['Pss']:.1f} MiB "
                f"(USS {left['Uss']:.1f})",
                flush=True,
            )
    except (ChildError, OSError) as exc:
        print(f"idle-after-video measurement failed: {exc}", file=sys.stderr)
        after.error = after_pss.error = "see stderr"
    table = [rows[name][0] for name in rows] + [quoted_start]
    for name in rows:
        table += [rows[name][1], rows[name][3]]
    table += [after_pss, quoted_pss]
    table += [rows[name][2] for name in rows]
    if xvfb_idle.samples:
        table.append(xvfb_idle)
    table += [after, quoted_idle]
    return table


def measure_slide_change(display: str, presses: int) -> list[Row]:
    print(f"slide change: {presses} key presses", flush=True)
    p50 = Row(
        "slide change: key -> new slide painted, p50 (slides do not animate)",
        "ms",
        budget=BUDGET_SLIDE_CHANGE_MS,
        reference_label="(QStackedWidget of QLabels)",
    )
    p95 = Row(
        "slide change: key -> new slide painted, p95 (slides do not animate)",
        "ms",
        budget=BUDGET_SLIDE_CHANGE_MS,
        reference_label="(QStackedWidget of QLabels)",
    )
    try:
        result = run_worker(
            "slide-change", "slide-change", child_env(display), "--count", str(presses)
        )
    except (ChildError, OSError, ValueError) as exc:
        print(f"slide change measurement failed: {exc}", file=sys.stderr)
        p50.error = p95.error = "see stderr"
        return [p50, p95]
    times: list[float] = result["press_ms"]
    bare: list[float] = result["bare_ms"]
    if times:
        p50.samples = times
        p95.samples = times
        p95.value = percentile(times, 0.95)
    if bare:
        p50.reference = percentile(bare, 0.5)
        p95.reference = percentile(bare, 0.95)
    if result["timeouts"]:
        p50.error = f"{result['timeouts']} presses without a paint"
    print(slide_change_detail(result), flush=True)
    return [p50, p95]


def slide_change_detail(result: dict[str, Any]) -> str:
    """Per target slide: median total, median time in the key handler, median paint."""
    lines = ["  slide change by target slide (median ms): total / in key handler / paint+flush"]
    by_target: dict[str, list[tuple[float, float, float]]] = {}
    for target, total, handler, paint in zip(
        result["targets"],
        result["press_ms"],
        result["handler_ms"],
        result["paint_ms"],
        strict=True,
    ):
        by_target.setdefault(target, []).append((total, handler, paint))
    for target, values in by_target.items():
        columns = [statistics.median(v[i] for v in values) for i in range(3)]
        lines.append(
            f"    {target:38} {columns[0]:7.1f} {columns[1]:7.1f} {columns[2]:7.1f}"
            f"  (max {max(v[0] for v in values):.1f}, n={len(values)})"
        )
    return "\n".join(lines)


def measure_video(
    display: str,
    xvfb_pid: int | None,
    openings: int,
    seconds: float,
    runs: int,
) -> list[Row]:
    rows: list[Row] = []
    paths = (("cpu", "cpu path, QT_XCB_GL_INTEGRATION=none"), ("default", "default path, RHI"))
    for path, label in paths:
        print(f"video: {openings} openings ({label})", flush=True)
        row = Row(
            f"video: open slide -> first frame, p50 ({label})", "ms", budget=BUDGET_VIDEO_OPEN_MS
        )
        cold: Row | None = None
        try:
            result = run_worker(
                f"video-open ({path})",
                "video-open",
                child_env(display, video_path=path),
                "--count",
                str(openings),
            )
            row.samples = result["open_ms"]
            if result["open_ms"]:
                cold = Row(
                    f"  first opening after start-up (cold, {path})",
                    "ms",
                    budget=BUDGET_VIDEO_OPEN_MS,
                    value=result["open_ms"][0],
                )
            print(
                f"  first opening {result['open_ms'][0]:.1f} ms; play() -> frame p50 "
                f"{statistics.median(result['play_ms']):.1f} ms; misses {result['timeouts']}; "
                f"first frames' start times (us): {sorted(set(result['start_us']))[:5]}",
                flush=True,
            )
            if "No RHI backend" in result["stderr"]:
                print("  Qt: 'No RHI backend. Using CPU conversion.'", flush=True)
        except (ChildError, OSError, ValueError, IndexError) as exc:
            print(f"video open measurement failed: {exc}", file=sys.stderr)
            row.error = "see stderr"
        rows.append(row)
        if cold is not None:
            rows.append(cold)

    floor: list[float] = []
    try:
        duration = video_duration()
        for _ in range(max(1, min(runs, 3))):
            floor.append(ffmpeg_floor_percent(duration))
    except (OSError, RuntimeError, ValueError, subprocess.SubprocessError) as exc:
        print(f"ffmpeg floor failed: {exc}", file=sys.stderr)
    floor_median = median(floor)
    for path, label in paths:
        print(f"video: CPU while playing {seconds:g} s ({label})", flush=True)
        row = Row(
            f"CPU while the video plays ({label})",
            "%",
            reference=floor_median,
            reference_label="(ffmpeg -f null floor)",
        )
        try:
            percents, pss, xcpu, stderr = video_play_cpu(
                child_env(display, video_path=path), path, seconds, xvfb_pid
            )
            row.samples = percents
            extra = f"  PSS while playing {pss:.1f} MiB"
            if xcpu is not None:
                extra += f"; Xvfb CPU meanwhile {xcpu:.1f} %"
            print(extra, flush=True)
            rows.append(row)
            rows.append(Row(f"  memory while the video plays ({path})", "MiB", value=pss))
            if xcpu is not None:
                rows.append(
                    Row(f"  Xvfb (X server) CPU while the video plays ({path})", "%", value=xcpu)
                )
            if "No RHI backend" in stderr:
                print("  Qt: 'No RHI backend. Using CPU conversion.'", flush=True)
        except (ChildError, OSError, RuntimeError) as exc:
            print(f"video CPU measurement failed: {exc}", file=sys.stderr)
            row.error = "see stderr"
            rows.append(row)
    rows.append(
        Row(
            "CPU while the video plays: Chromium + reveal.js (platform.md)",
            "%",
            value=QUOTED_CHROMIUM_VIDEO_CPU_PCT,
            quoted=True,
        )
    )
    return rows


def measure_soak(
    display: str, platforms: Sequence[str], changes: int, plays: int, rate: float
) -> list[Row]:
    """The attract-loop soak (bench/soak.py) in a child per Qt platform: growth of memory,
    descriptors, threads and QObjects over slide changes and over full video plays."""
    rows: list[Row] = []
    for platform_name in platforms:
        print(
            f"soak ({platform_name}): {changes} slide changes, then {plays} video plays "
            f"at {rate:g}x",
            flush=True,
        )
        env = child_env(display, QT_QPA_PLATFORM=platform_name)
        timeout = 120.0 + changes * 0.1 + plays * (70.0 / rate + 15.0)
        label = f"soak ({platform_name})"
        try:
            result = run_worker(
                label,
                "soak",
                env,
                "--count",
                str(changes),
                "--soak-plays",
                str(plays),
                "--soak-rate",
                str(rate),
                timeout=timeout,
            )
        except (ChildError, OSError, ValueError) as exc:
            print(f"soak measurement failed: {exc}", file=sys.stderr)
            rows.append(Row(f"{label}: attract loop", "MiB", error="see stderr"))
            continue
        if result["error"]:
            print(f"soak: {result['error']}", file=sys.stderr)
        rows += soak_rows(label, result)
    return rows


def trend_growth(points: Sequence[tuple[float, float]]) -> float:
    """Growth over the span of ``points`` (x, y) along their least-squares line: a steady
    leak counts in full, a single checkpoint caught high or low only a little."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    if len(points) < 2 or max(xs) == min(xs):
        return 0.0
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x in xs)
    return slope * (max(xs) - min(xs))


def growth_row(
    points: Sequence[dict[str, Any]],
    key: str,
    figure: str,
    budget: float | None,
    unit: str = "MiB",
) -> Row:
    """A soak row: the trend growth of ``key`` over the checkpoints ``points``, with the
    plain first-to-last difference and the range beside it."""
    series = [(float(p["done"]), float(p[key])) for p in points]
    values = [p[key] for p in points]
    raw = points[-1][key] - points[0][key]
    return Row(
        figure,
        unit,
        budget=budget,
        value=trend_growth(series),
        signed=True,
        note=f"first -> last {'+' if raw > 0 else ''}{fmt(raw, unit)}; "
        f"{fmt(min(values), unit)}..{fmt(max(values), unit)} over {len(points)} checkpoints",
    )


def soak_rows(label: str, result: dict[str, Any]) -> list[Row]:
    """Table rows for one soak child's result (see bench/soak.py); how it ran goes to NOTES."""
    from bench.soak import SOAK_SLIDE_MS

    rows: list[Row] = []
    phases = (
        ("slides", f"{result['changes']:,} slide changes", "changes"),
        ("video", f"{result['plays']} full video plays", "plays"),
    )
    for phase, what, unit in phases:
        points = result["snapshots"][phase]
        if len(points) < 2:
            continue
        first, last = points[0], points[-1]

        rows.append(
            growth_row(
                points,
                "own",
                f"{label}: PSS growth over {what} (after {first['done']} {unit} of warm-up), "
                "library pages counted in full",
                BUDGET_SOAK_PSS_MIB,
            )
        )
        rows.append(
            growth_row(
                points,
                "pss",
                "  PSS as read (its library share moves as other programs map the same libraries)",
                None,
            )
        )
        rows.append(
            growth_row(
                points,
                "pss_anon",
                "  of which anonymous (heaps, stacks)",
                None,
            )
        )
        rows.append(
            growth_row(
                points,
                "fds",
                f"{label}: open file descriptors, growth over {what}",
                BUDGET_SOAK_FDS,
                "fds",
            )
        )
        rows.append(
            Row(
                "  threads, QObjects, Python objects (first -> last checkpoint)",
                "",
                text=(
                    f"{first['threads']} -> {last['threads']}, "
                    f"{first['qobjects']} -> {last['qobjects']}, "
                    f"{first['pyobjects']} -> {last['pyobjects']}"
                ),
            )
        )
        print(
            f"  {label}, {phase} checkpoints ({unit} done: PSS with library pages in full / "
            "PSS / Pss_Anon / USS / RSS MiB, fds):"
        )
        for point in points:
            kinds = ", ".join(f"{k} {v}" for k, v in sorted(point["fd_kinds"].items()))
            print(
                f"    {point['done']:6}: {point['own']:6.1f} / {point['pss']:6.1f} / "
                f"{point['pss_anon']:6.1f} / {point['uss']:6.1f} / {point['rss']:6.1f}, "
                f"{point['fds']} fds ({kinds}), "
                f"{point['threads']} threads, {point['qobjects']} QObjects",
                flush=True,
            )
    seconds = result["phase_seconds"]
    held = result["held_seconds"]
    changes = result["changes"]
    total_changes = changes + result["video_changes"]
    running = max(seconds["slides"] - held["slides"], 1e-9)
    note = (
        f"{label}: slide changes with the attract loop's slide_duration at {SOAK_SLIDE_MS} ms "
        f"(the video slide skipped): {changes / running:.0f} changes/s, "
        f"{result['painted']:,} of {total_changes:,} changes painted before the next"
    )
    frames = result["frames_per_play"]
    if frames:
        expected = round(result["duration_ms"] / 1000 * VIDEO_FPS)
        honoured = "honoured" if result["rate_ok"] else "NOT honoured"
        note += (
            f"; video plays: the loop as a kiosk runs it (video muted), each play from its "
            f"start to EndOfMedia at {result['rate']:g}x (QMediaPlayer.setPlaybackRate, "
            f"{honoured}; {result['failed_plays']} failed), {min(frames)}..{max(frames)} "
            f"frames delivered to the video widget per play, of {expected}, "
            f"{statistics.median(result['play_seconds']):.1f} s a play"
        )
    note += f"; {result['seconds']:.0f} s in all."
    NOTES.append(note)
    if result["error"]:
        rows.append(Row(f"{label}: stopped early", "", error=result["error"]))
    return rows


# --- workers: run in a child process with its own QApplication ------------------------------
def _worker_window(video_path: str) -> tuple[Any, Any]:
    """Build the app and the MainWindow on the bundled content, shown and painted."""
    from kiosk.content import load_content
    from kiosk.resources import bundled_content_path
    from kiosk.ui.app import choose_video_path, create_application

    content = load_content(bundled_content_path())
    choose_video_path(video_path)
    app = create_application(sys.argv[:1], content.theme.font)
    from kiosk.ui.window import MainWindow

    window = MainWindow(content)
    painted: list[bool] = []
    window.first_painted.connect(lambda: painted.append(True))
    window.show()
    if not wait_for(lambda: bool(painted), 20.0):
        raise RuntimeError("the main window was not painted within 20 s")
    pause(0.5)  # let start-up work (layouts, fonts) settle
    return app, window


def wait_for(done: Callable[[], bool], timeout: float, loop: Any = None) -> bool:
    """Run a QEventLoop until ``done()`` or ``timeout`` seconds; never spins processEvents.

    A 5 ms timer re-checks ``done()``; code that makes ``done()`` true may also call
    ``loop.quit()`` on the loop passed in, to end the wait at once (precise timing).
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = loop if loop is not None else QEventLoop()
    deadline = time.perf_counter() + timeout

    def check() -> None:
        if done() or time.perf_counter() >= deadline:
            loop.quit()

    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(check)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    try:
        while not done():
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return False
            limit.start(max(1, int(remaining * 1000)))
            poll.start()
            if done():  # a quit() before exec() would be lost
                return True
            loop.exec()
        return True
    finally:
        poll.stop()
        limit.stop()


def pause(seconds: float) -> None:
    """Let the event loop run for ``seconds``."""
    wait_for(lambda: False, seconds)


def _make_paint_probe() -> Any:
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    class PaintProbe(QObject):
        """Records the first Paint event of ``target`` after :meth:`arm`, and the moment the
        event loop is back (the paint pass and the flush to the X server are done)."""

        def __init__(self) -> None:
            super().__init__()
            self.loop = QEventLoop()
            self.target: QObject | None = None
            self.paint_at: float | None = None
            self.done_at: float | None = None

        def arm(self, target: QObject) -> None:
            self.target = target
            self.paint_at = None
            self.done_at = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                self.paint_at is None
                and self.target is not None
                and watched is self.target
                and event.type() == QEvent.Type.Paint
            ):
                self.paint_at = time.perf_counter()
                QTimer.singleShot(0, self._finish)
            return False

        def _finish(self) -> None:
            self.done_at = time.perf_counter()
            self.loop.quit()

    return PaintProbe()


def _press_sweep(
    window: Any,
    pages: Sequence[Any],
    current: Callable[[], int],
    presses: int,
    names: Sequence[str],
) -> dict[str, Any]:
    """Press Right to the last page, Left back to the first, and so on; time each press
    from QTest.keyClick to the end of the newly shown page's paint."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    probe = _make_paint_probe()
    for page in pages:
        page.installEventFilter(probe)
    result: dict[str, Any] = {
        "press_ms": [],
        "handler_ms": [],
        "paint_ms": [],
        "targets": [],
        "timeouts": 0,
    }
    forward = True
    try:
        for _ in range(presses):
            index = current()
            if index >= len(pages) - 1:
                forward = False
            elif index <= 0:
                forward = True
            target = index + 1 if forward else index - 1
            probe.arm(pages[target])
            key = Qt.Key.Key_Right if forward else Qt.Key.Key_Left
            start = time.perf_counter()
            QTest.keyClick(window, key)
            handled = time.perf_counter()
            if not wait_for(lambda: probe.done_at is not None, 3.0, probe.loop):
                result["timeouts"] += 1
                pause(0.2)
                continue
            result["press_ms"].append(1000 * (probe.done_at - start))
            result["handler_ms"].append(1000 * (handled - start))
            result["paint_ms"].append(1000 * (probe.done_at - probe.paint_at))
            result["targets"].append(names[target])
    finally:
        for page in pages:
            page.removeEventFilter(probe)
    return result


def worker_slide_change(count: int) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QLabel, QStackedWidget

    app, window = _worker_window("auto")
    names = [f"{n}:{view.slide.id}" for n, view in enumerate(window.views)]
    result = _press_sweep(window, window.views, lambda: window.current_index, count, names)
    window.close()
    app.processEvents()  # one call, to let the close go through (not a loop)

    class BareStack(QStackedWidget):
        """The reference: the same number of plain QLabel pages, changed by the same keys."""

        def keyPressEvent(self, event: QKeyEvent) -> None:
            step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1}.get(Qt.Key(event.key()), 0)
            self.setCurrentIndex(max(0, min(self.count() - 1, self.currentIndex() + step)))

    bare = BareStack()
    labels = []
    for number, name in enumerate(names):
        label = QLabel(f"Slide {number + 1}\n{name}")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        labels.append(label)
        bare.addWidget(label)
    bare.resize(1280, 720)
    bare.show()
    pause(0.5)
    reference = _press_sweep(bare, labels, bare.currentIndex, count, names)
    bare.close()
    result["bare_ms"] = reference["press_ms"]
    return result


def _video_view(window: Any) -> tuple[int, Any]:
    index = [view.slide.id for view in window.views].index(VIDEO_SLIDE_ID)
    return index, window.views[index]


def worker_video_open(count: int) -> dict[str, Any]:
    """Go to the video slide and play; time until the first valid frame reaches the sink.
    Then leave for the slide before it, and repeat."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtMultimedia import QVideoFrame

    video_path = "cpu" if os.environ.get("QT_XCB_GL_INTEGRATION") == "none" else "gpu"
    _app, window = _worker_window(video_path)
    index, view = _video_view(window)
    sink = view.video_widget.videoSink()
    loop = QEventLoop()
    state: dict[str, Any] = {"armed": False, "at": None, "start_us": None}

    def on_frame(frame: QVideoFrame) -> None:
        if state["armed"] and state["at"] is None and frame.isValid():
            state["at"] = time.perf_counter()
            state["start_us"] = frame.startTime()
            loop.quit()

    sink.videoFrameChanged.connect(on_frame)
    result: dict[str, Any] = {"open_ms": [], "play_ms": [], "start_us": [], "timeouts": 0}
    for _ in range(count):
        window.go_to(index - 1)
        pause(0.4)  # leave; stale frames of the rewind drain here
        state.update(armed=True, at=None, start_us=None)
        start = time.perf_counter()
        window.go_to(index)
        playing = time.perf_counter()
        view.play()
        if not wait_for(lambda: state["at"] is not None, 5.0, loop):
            result["timeouts"] += 1
            state["armed"] = False
            continue
        state["armed"] = False
        result["open_ms"].append(1000 * (state["at"] - start))
        result["play_ms"].append(1000 * (state["at"] - playing))
        result["start_us"].append(state["start_us"])
    window.go_to(index - 1)
    pause(0.2)
    window.close()
    return result


def worker_video_play() -> None:
    """Show the video slide and play; print ``playing`` at the first frame, then run until
    the parent ends this process."""
    from PySide6.QtMultimedia import QVideoFrame

    video_path = "cpu" if os.environ.get("QT_XCB_GL_INTEGRATION") == "none" else "gpu"
    app, window = _worker_window(video_path)
    index, view = _video_view(window)
    frames: list[bool] = []

    def on_frame(frame: QVideoFrame) -> None:
        if frame.isValid():
            frames.append(True)

    view.video_widget.videoSink().videoFrameChanged.connect(on_frame)
    window.go_to(index)
    view.play()
    if not wait_for(lambda: bool(frames), 10.0):
        raise RuntimeError("no video frame within 10 s")
    print("playing", flush=True)
    app.exec()


def worker_idle_after_video() -> None:
    """Play the video for a second, leave its slide for the next (static) one, print
    ``ready`` and run until the parent ends this process: is anything left running?"""
    app, window = _worker_window("auto")
    index, view = _video_view(window)
    window.go_to(index)
    view.play()
    pause(1.0)
    window.go_to(index + 1 if index + 1 < len(window.views) else index - 1)
    pause(0.5)
    print("ready", flush=True)
    app.exec()


def run_worker_mode(name: str, count: int, args: argparse.Namespace) -> int:
    if name == "soak":
        from bench.soak import run_worker as run_soak

        return run_soak(count, args.soak_plays, args.soak_rate)
    if name == "video-play":
        worker_video_play()
        return 0
    if name == "idle-after-video":
        worker_idle_after_video()
        return 0
    workers: dict[str, Callable[[int], dict[str, Any]]] = {
        "slide-change": worker_slide_change,
        "video-open": worker_video_open,
    }
    result = workers[name](count)
    print("result " + json.dumps(result), flush=True)
    return 0


# --- command line ----------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.budgets",
        description="Measure the kiosk against its performance budgets under Xvfb.",
    )
    parser.add_argument(
        "--runs",
        type=int,
        help=f"launches of the app and the reference (default: {FULL.runs}; --quick {QUICK.runs})",
    )
    parser.add_argument(
        "--display",
        metavar=":N",
        help="X display to use: an existing one is used as is, otherwise "
        "Xvfb is started there (default: Xvfb on a free number)",
    )
    parser.add_argument(
        "--idle-seconds",
        type=float,
        help="window for CPU while a static slide shows "
        f"(default: {FULL.idle_seconds:g}; --quick {QUICK.idle_seconds:g})",
    )
    parser.add_argument(
        "--presses",
        type=int,
        help=f"key presses for the slide change (default: {FULL.presses}; --quick {QUICK.presses})",
    )
    parser.add_argument(
        "--openings",
        type=int,
        help=f"openings of the video slide (default: {FULL.openings}; --quick {QUICK.openings})",
    )
    parser.add_argument(
        "--video-seconds",
        type=float,
        help="window for CPU while the video plays "
        f"(default: {FULL.video_seconds:g}; --quick {QUICK.video_seconds:g})",
    )
    parser.add_argument(
        "--only",
        metavar="LIST",
        help=f"comma-separated sections to run, of {','.join(SECTIONS)} (default: all)",
    )
    parser.add_argument(
        "--soak-changes",
        type=int,
        help=f"slide changes in the soak (default: {FULL.soak_changes}; --quick "
        f"{QUICK.soak_changes})",
    )
    parser.add_argument(
        "--soak-plays",
        type=int,
        help=f"full video plays in the soak (default: {FULL.soak_plays}; --quick "
        f"{QUICK.soak_plays})",
    )
    parser.add_argument(
        "--soak-rate",
        type=float,
        default=SOAK_RATE,
        help=f"playback rate of the soak's video plays (default: {SOAK_RATE:g})",
    )
    parser.add_argument(
        "--soak-platforms",
        metavar="LIST",
        help="Qt platforms the soak runs on, of xcb,offscreen "
        f"(default: {FULL.soak_platforms}; --quick {QUICK.soak_platforms})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer and shorter runs, a few minutes in all (explicit options still win)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not write bench/RESULTS.md")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=1, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    mode = QUICK if args.quick else FULL
    for name in Mode.__dataclass_fields__:
        if getattr(args, name) is None:
            setattr(args, name, getattr(mode, name))
    if args.worker:
        return run_worker_mode(args.worker, args.count, args)
    if args.runs < 1 or args.presses < 2 or args.openings < 1:
        raise SystemExit("bench: --runs, --presses and --openings must be positive")
    if args.only and not set(args.only.split(",")) <= set(SECTIONS):
        raise SystemExit(f"bench: --only takes a list of {', '.join(SECTIONS)}")
    if args.soak_changes < 10 or args.soak_plays < 0:
        raise SystemExit("bench: --soak-changes takes 10 or more, --soak-plays 0 or more")
    if not set(args.soak_platforms.split(",")) <= set(SOAK_PLATFORMS):
        raise SystemExit(f"bench: --soak-platforms takes a list of {', '.join(SOAK_PLATFORMS)}")
    load = LoadGauge()
    started = time.monotonic()
    when = datetime.datetime.now().astimezone()
    tree = tree_line()
    rows = measure(args)
    table = text_table(rows)
    machine = machine_line()
    load_text = load.line()
    print()
    print(f"{when:%Y-%m-%d %H:%M %Z}; {machine}; tree {tree}")
    print(f"load: {load_text}")
    print(table)
    for note in NOTES:
        print(f"- {note}")
    missed = [row.figure for row in rows if row.missed]
    failed = [row.figure for row in rows if row.error]
    print(
        f"\nmissed: {len(missed)} of {sum(r.budget is not None for r in rows)} budgets; "
        f"not measured: {len(failed)} ({time.monotonic() - started:.0f} s)"
    )
    if not args.no_write:
        command = " ".join(["python -m bench.budgets", *(argv or sys.argv[1:])])
        # Sections other tools keep in the file (tools/mutate.py's "## Mutation testing").
        previous = RESULTS_PATH.read_text(encoding="utf-8") if RESULTS_PATH.exists() else ""
        kept = previous[previous.find("\n## ") :] if "\n## " in previous else ""
        RESULTS_PATH.write_text(
            "# Budget measurements\n\n"
            f"- date: {when:%Y-%m-%d %H:%M %Z}\n"
            f"- machine: {machine}\n"
            f"- screen: Xvfb {SCREEN}, QT_QPA_PLATFORM=xcb\n"
            f"- tree: {tree}\n"
            f"- load: {load_text}\n"
            f"- command: `{command}`\n\n"
            f"{markdown_table(rows)}\n\n"
            + "".join(f"- {note}\n" for note in NOTES)
            + ("\n" if NOTES else "")
            + "Medians over the runs (range and count in brackets). 'reference' is measured in "
            "the same run; 'quoted' figures come from /work/shared/research/platform.md. "
            "See bench/README.md for how each figure is taken.\n" + kept,
            encoding="utf-8",
        )
        print(f"wrote {RESULTS_PATH.relative_to(REPO)}")
    # Missed budgets are figures, not failures; a figure that could not be taken is.
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
