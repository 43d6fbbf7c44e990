"""The bench's results: a row per figure beside its budget and its reference, the table
printed and written to bench/RESULTS.md, and the header lines that say on what the figures
were taken (commit, machine, how busy the machine was)."""

from __future__ import annotations

import contextlib
import datetime
import math
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.children import REPO
from bench.proc import machine_busy_seconds

RESULTS_PATH = Path(__file__).resolve().parent / "RESULTS.md"
NOTES: list[str] = []
"""How figures were taken in this run (printed and written under the table)."""


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0..1) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


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


@dataclass
class Header:
    """On what the figures were taken: when, the machine, the tree, how busy it was."""

    when: datetime.datetime
    machine: str
    tree: str
    load: str


def print_results(rows: Sequence[Row], header: Header, started: float) -> None:
    """The table and its notes on stdout, then how many budgets were missed."""
    print()
    print(f"{header.when:%Y-%m-%d %H:%M %Z}; {header.machine}; tree {header.tree}")
    print(f"load: {header.load}")
    print(text_table(rows))
    for note in NOTES:
        print(f"- {note}")
    missed = [row.figure for row in rows if row.missed]
    failed = [row.figure for row in rows if row.error]
    print(
        f"\nmissed: {len(missed)} of {sum(r.budget is not None for r in rows)} budgets; "
        f"not measured: {len(failed)} ({time.monotonic() - started:.0f} s)"
    )


def write_results(rows: Sequence[Row], header: Header, screen: str, command: str) -> None:
    """The table, its header and notes, to bench/RESULTS.md."""
    RESULTS_PATH.write_text(
        "# Budget measurements\n\n"
        f"- date: {header.when:%Y-%m-%d %H:%M %Z}\n"
        f"- machine: {header.machine}\n"
        f"- screen: {screen}\n"
        f"- tree: {header.tree}\n"
        f"- load: {header.load}\n"
        f"- command: `{command}`\n\n"
        f"{markdown_table(rows)}\n\n"
        + "".join(f"- {note}\n" for note in NOTES)
        + ("\n" if NOTES else "")
        + "Medians over the runs (range and count in brackets). 'reference' is measured in "
        "the same run; 'quoted' figures come from /work/shared/research/platform.md. "
        "See bench/README.md for how each figure is taken.\n",
        encoding="utf-8",
    )
    print(f"wrote {RESULTS_PATH.relative_to(REPO)}")
