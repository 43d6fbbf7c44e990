"""The long monkey: a seeded storm of 100,000 random input events per mode.

    python -m bench.monkey_long                      # 100,000 events per run, 5 runs
    python -m bench.monkey_long --events 5000 --only kiosk,presenter --seed 7
    python -m bench.monkey_long --xvfb               # and 2 runs on Xvfb with a projector

Each run is one child process, ``python -m tests.support.monkey`` (the storm and its checks are
described in tests/support/monkey.py; tests/test_monkey.py runs a few thousand events of the same
storm in CI). The runs:

- ``window``: the presentation window; ``kiosk``: fullscreen, as ``kiosk --kiosk`` shows
  it; ``kiosk-windowed``: the kiosk in a window, so the storm's resizes (portrait, tiny)
  reach it; ``kiosk-portrait``: fullscreen on a 1080x1920 screen; ``presenter``: the
  audience window and the presenter console. All on Qt's offscreen platform.
- With ``--xvfb`` (Debian's xvfb and libxrandr2): ``kiosk-xvfb`` (the kiosk starting on the
  projector) and ``presenter-xvfb``, on a private Xvfb where the storm plugs a RandR
  projector in and out.

A run passes when no exception escaped a slot or an event handler, the process did not
crash, the mode's checks held after every batch (the kiosk never quit, never left
fullscreen, never hid) and the app still answered afterwards. A run that prints no progress
for ``--stall`` seconds is killed and reported as a hang. Prints one line per run and, for a
failure, the child's report (seed, the last events, how to rerun); exits 1 if any run failed.
Roughly 5 to 10 ms per event on 2 cores: about 10 to 15 minutes per run of 100,000.
A run that hangs can be replayed with ``MONKEY_TRACE=1`` to see the event it hung on.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.randr import X_SCREEN
from tests.support.xvfb import Xvfb

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    name: str
    mode: str
    args: tuple[str, ...] = ()
    screen: tuple[int, int] | None = None
    """An offscreen screen of this size (default: Qt's offscreen default)."""
    xvfb: bool = False


RUNS = [
    Run("window", "window"),
    Run("kiosk", "kiosk"),
    Run("kiosk-windowed", "kiosk", ("--windowed",)),
    Run("kiosk-portrait", "kiosk", screen=(1080, 1920)),
    Run("presenter", "presenter"),
]
XVFB_RUNS = [
    Run("kiosk-xvfb", "kiosk", ("--randr", "--screen", "1"), xvfb=True),
    Run("presenter-xvfb", "presenter", ("--randr",), xvfb=True),
]


@dataclass
class Outcome:
    run: Run
    seed: int
    ok: bool
    events: int
    seconds: float
    verdict: str
    report: str = ""


def _reader(stream: object, lines: queue.Queue[tuple[str, str]], name: str) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put((name, line))


def run_one(run: Run, events: int, seed: int, progress: int, stall: float) -> Outcome:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [sys.executable, "-m", "tests.support.monkey", "--mode", run.mode, *run.args]
    command += ["--events", str(events), "--seed", str(seed), "--progress", str(progress)]
    with tempfile.TemporaryDirectory() as folder, _display(run) as display:
        if run.screen is not None:
            config = Path(folder) / "screens.json"
            width, height = run.screen
            screens = [{"name": run.name, "x": 0, "y": 0, "width": width, "height": height}]
            config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
            env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        if display is not None:
            env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        return _watch(run, seed, command, env, stall)


@contextmanager
def _display(run: Run) -> Iterator[str | None]:
    """A fresh Xvfb with room for a laptop and a projector for a run on Xvfb; yields DISPLAY."""
    if not run.xvfb:
        yield None
        return
    if shutil.which("Xvfb") is None:
        raise SystemExit("--xvfb needs Debian's xvfb (and libxrandr2)")
    with Xvfb(*X_SCREEN) as server:
        yield server.display


def _watch(run: Run, seed: int, command: list[str], env: dict[str, str], stall: float) -> Outcome:
    started = time.monotonic()
    child = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    lines: queue.Queue[tuple[str, str]] = queue.Queue()
    readers = [
        threading.Thread(target=_reader, args=(child.stdout, lines, "out"), daemon=True),
        threading.Thread(target=_reader, args=(child.stderr, lines, "err"), daemon=True),
    ]
    for reader in readers:
        reader.start()
    stdout: list[str] = []
    stderr: list[str] = []
    last_progress, last_seen = "", time.monotonic()
    hung = False
    while child.poll() is None:
        try:
            name, line = lines.get(timeout=1)
        except queue.Empty:
            if time.monotonic() - last_seen > stall:
                hung = True
                child.kill()
                break
            continue
        (stdout if name == "out" else stderr).append(line)
        if name == "err" and line.startswith(f"{run.mode}: ") and " events, " in line:
            last_progress, last_seen = line.strip(), time.monotonic()
            print(f"  {run.name}: {line.split(': ', 1)[1].strip()}", flush=True)
    child.wait()
    for reader in readers:
        reader.join(timeout=10)
    while not lines.empty():
        name, line = lines.get()
        (stdout if name == "out" else stderr).append(line)
    seconds = time.monotonic() - started
    summary = _summary(stdout)
    report = "".join(stderr)
    sent = re.findall(r"^after (\d+) events", report, re.MULTILINE)
    events = int(summary.get("events", sent[-1] if sent else 0))
    tail = "".join(stderr[-60:])
    if hung:
        verdict = f"HANG: no progress for {stall:.0f} s after '{last_progress}'"
        return Outcome(run, seed, False, events, seconds, verdict, tail)
    if child.returncode < 0:
        name = signal.Signals(-child.returncode).name
        return Outcome(run, seed, False, events, seconds, f"CRASH: killed by {name}", tail)
    if child.returncode != 0 or not summary.get("ok"):
        start = report.rfind("monkey mode=")
        # Exit 3: the child's own watchdog saw the app hang and printed its report.
        verdict = "HANG" if child.returncode == 3 else f"FAILED (exit {child.returncode})"
        return Outcome(
            run, seed, False, events, seconds, verdict, report[start:] if start >= 0 else tail
        )
    seen = summary.get("seen", {})
    verdict = f"ok; {len(seen)} kinds of outcome seen"
    return Outcome(run, seed, True, events, seconds, verdict)


def _summary(stdout: list[str]) -> dict[str, Any]:
    for line in reversed(stdout):
        if line.startswith("{"):
            try:
                parsed = json.loads(line)
            except ValueError:
                continue
            if isinstance(parsed, dict):
                return parsed
    return {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.monkey_long",
        description="Run the seeded input storm of tests/support/monkey.py long, per mode.",
    )
    parser.add_argument("--events", type=int, default=100_000, help="events per run")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first run")
    parser.add_argument(
        "--only", metavar="LIST", help="comma-separated runs: " + ", ".join(r.name for r in RUNS)
    )
    parser.add_argument("--xvfb", action="store_true", help="add the runs on Xvfb")
    parser.add_argument("--progress", type=int, default=5000, help="a progress line every N")
    parser.add_argument(
        "--stall", type=float, default=180.0, help="seconds without progress = a hang"
    )
    args = parser.parse_args(argv)
    runs = RUNS + (XVFB_RUNS if args.xvfb else [])
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        unknown = wanted - {run.name for run in RUNS + XVFB_RUNS}
        if unknown:
            parser.error(f"unknown runs: {', '.join(sorted(unknown))}")
        runs = [run for run in RUNS + XVFB_RUNS if run.name in wanted]
    outcomes = []
    for number, run in enumerate(runs):
        seed = args.seed + number
        print(f"{run.name}: {args.events} events, seed {seed}", flush=True)
        outcome = run_one(run, args.events, seed, args.progress, args.stall)
        outcomes.append(outcome)
        print(f"{run.name}: {outcome.verdict} ({outcome.seconds:.0f} s)", flush=True)
        if outcome.report:
            print(outcome.report, flush=True)
    print()
    print("| run | seed | events | seconds | result |")
    print("|---|---|---|---|---|")
    for outcome in outcomes:
        print(
            f"| {outcome.run.name} | {outcome.seed} | {outcome.events} | {outcome.seconds:.0f}"
            f" | {outcome.verdict} |"
        )
    return 0 if all(outcome.ok for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
