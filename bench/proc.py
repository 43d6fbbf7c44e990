"""What /proc says of a process: its CPU time (clock ticks and, finer, schedstat), its major
page faults and its memory (PSS, RSS, USS...), the whole machine's busy time, and CPU
sampled over a wall-clock window. Linux only."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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
