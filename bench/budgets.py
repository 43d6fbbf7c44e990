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

This module is the entry point: its options, the sections run in turn, the workers by name.
Each section is a module with its measurement (in the parent) and its workers (in the
children): ``startup.py``, ``slides.py``, ``video.py``, and ``memory.py`` with ``soak.py``
(the soak's worker). They share ``children.py`` (starting and reading the children),
``proc.py`` (what /proc says of a process), ``worker.py`` (what the workers share) and
``report.py`` (the rows, the table, ``bench/RESULTS.md``). The X screen comes from
``tests/support/xvfb.py``, the tests' own Xvfb starter.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from bench import children, report
from bench.film1080 import measure_film, worker_film_play
from bench.memory import measure_soak
from bench.report import LoadGauge, Row, machine_line, tree_line
from bench.slides import (
    measure_slide_change,
    worker_kiosk_slide_change,
    worker_slide_change,
)
from bench.soak import run_worker as run_soak
from bench.startup import measure_startup
from bench.video import (
    measure_video,
    worker_idle_after_video,
    worker_video_open,
    worker_video_play,
)
from tests.support.xvfb import Xvfb, XvfbError

SCREEN_SIZE = (1280, 720)
SCREEN = "{}x{}x24".format(*SCREEN_SIZE)
"""The bench's X screen (Xvfb), as the table's header says it."""

# --- the whole run ---------------------------------------------------------------------------
SECTIONS = ("startup", "slides", "video", "film", "soak")
FILM_SECONDS = 10.0
"""CPU window of each run of the 1080p film section (bench/film1080.py)."""
SOAK_PLATFORMS = ("xcb", "offscreen")
SOAK_RATE = 32.0
"""Playback rate of the soak's video plays: every frame is still decoded and delivered to
the video widget (counted), only the clock runs faster (16x, 32x and 64x all deliver the
1753 frames of the bundled video; 32x plays it in 2.2 s)."""


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


@contextmanager
def x_screen(display: str | None) -> Iterator[Xvfb]:
    """Our Xvfb on a free display number, or the X server at ``display`` (started there if
    none runs, else used as it is and left running)."""
    if shutil.which("Xvfb") is None:
        raise SystemExit("bench: Xvfb not found (Debian package xvfb)")
    try:
        with Xvfb(*SCREEN_SIZE, display=display) as server:
            yield server
    except XvfbError as error:
        raise SystemExit(f"bench: {error}") from None


def measure(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    sections = set(args.only.split(",")) if args.only else set(SECTIONS)
    with (
        tempfile.TemporaryDirectory(prefix="kiosk-bench-pyc-") as pycache,
        x_screen(args.display) as xvfb,
    ):
        children.use_pycache(pycache)
        display = xvfb.display
        print(f"X screen {display} ({'ours' if xvfb.pid else 'existing'}, {SCREEN})", flush=True)
        if "startup" in sections:
            rows += measure_startup(display, xvfb.pid, args.runs, args.idle_seconds)
        if "slides" in sections:
            rows += measure_slide_change(display, args.presses)
        if "video" in sections:
            rows += measure_video(display, xvfb.pid, args.openings, args.video_seconds, args.runs)
        if "film" in sections:
            rows += measure_film(FILM_SECONDS, args.runs)
        if "soak" in sections and (args.soak_changes > 0 or args.soak_plays > 0):
            platforms = [p for p in args.soak_platforms.split(",") if p]
            rows += measure_soak(
                display, platforms, args.soak_changes, args.soak_plays, args.soak_rate
            )
        children.use_pycache(None)
    return rows


def run_worker_mode(name: str, count: int, args: argparse.Namespace) -> int:
    if name == "soak":
        return run_soak(count, args.soak_plays, args.soak_rate)
    if name == "video-play":
        worker_video_play()
        return 0
    if name == "film-play":
        worker_film_play()
        return 0
    if name == "idle-after-video":
        worker_idle_after_video()
        return 0
    workers: dict[str, Callable[[int], dict[str, Any]]] = {
        "slide-change": worker_slide_change,
        "kiosk-slide-change": worker_kiosk_slide_change,
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
    header = report.Header(when, machine_line(), tree, load.line())
    report.print_results(rows, header, started)
    if not args.no_write:
        command = " ".join(["python -m bench.budgets", *(argv or sys.argv[1:])])
        report.write_results(rows, header, f"Xvfb {SCREEN}, QT_QPA_PLATFORM=xcb", command)
    # Missed budgets are figures, not failures; a figure that could not be taken is.
    return 2 if any(row.error for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
