"""Soak: thousands of slide changes and many full video plays in the kiosk's attract loop,
looking for growth of memory, open file descriptors, threads and QObjects.

The worker (``python -m bench.budgets --worker soak``) builds what ``kiosk --kiosk`` builds
(``MainWindow``, ``KioskController``, ``ContentWatcher``, ``Heartbeat``; not the screen-saver
inhibitor, which talks to D-Bus) on the bundled content, shows it fullscreen and lets the
attract loop run, faster than real time:

1. **slide changes**: ``KioskTimings(use_slide_durations=False, slide_duration=1)`` and the
   video slide skipped (``attract_video="skip"``), so the loop moves on 1 ms after each
   change; each change is laid out and painted (counted) before the next one.
2. **video plays**: the loop as a kiosk runs it (``attract_video="muted"``): the static
   slides flash by at 1 ms, the video slide plays muted and the loop moves on when the
   player reports the end of the file. Each play runs at ``QMediaPlayer.setPlaybackRate``
   (32x by default) from the first frame to EndOfMedia: every frame is decoded and handed
   to the video widget's sink (counted), only the clock runs faster.

Memory, descriptors, threads and QObjects are read at checkpoints, each taken with the loop
held for a moment on a static slide (the video slide left, its file closed); the first
comes after a warm-up. The parent (``bench.memory.soak_rows``) turns them into growth
figures; bench/README.md says how.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.proc import memory_mib

SOAK_SLIDE_MS = 1
"""The attract loop's slide duration during the soak (the real one is 12 s)."""
SETTLE_MS = 1500
"""How long the loop is held on a static slide before a checkpoint is read: longer than the
1 s after which the app gives the video decoder's freed memory back (VideoSlideView.leave),
as it does on a real kiosk, where the slide after the video shows for 12 s."""
CHECKPOINTS = 10
"""Checkpoints per phase after the warm-up one."""
STALL_SECONDS = 60.0
"""A phase that makes no progress for this long ends the soak with an error."""


# --- reading the process itself ----------------------------------------------------------
def fd_kinds() -> Counter[str]:
    """Open file descriptors of this process by kind: socket, pipe, anon_inode:[eventfd],
    a device, or the path of a file. Includes the one used to list them."""
    kinds: Counter[str] = Counter()
    for name in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            continue
        if target.startswith("socket:"):
            kinds["socket"] += 1
        elif target.startswith("pipe:"):
            kinds["pipe"] += 1
        else:
            kinds[target] += 1
    return kinds


def status_field(name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {name} in /proc/self/status")


def snapshot(app: Any, label: str, done: int) -> dict[str, Any]:
    """Memory, descriptors, threads, QObjects and Python objects of this process now."""
    from PySide6.QtCore import QObject

    gc.collect()
    memory = memory_mib(os.getpid())
    rss_file = status_field("RssFile") / 1024
    kinds = fd_kinds()
    qobjects = len(app.findChildren(QObject))
    for top in app.topLevelWidgets():
        qobjects += 1 + len(top.findChildren(QObject))
    return {
        "label": label,
        "done": done,
        "time": time.monotonic(),
        "pss": memory["Pss"],
        "rss": memory["Rss"],
        "uss": memory["Uss"],
        "pss_anon": memory.get("Pss_Anon", math.nan),
        "rss_file": rss_file,
        # PSS as if no other program mapped the same libraries: the anonymous and shared
        # memory parts of PSS, plus the pages of mapped files counted in full.
        "own": memory.get("Pss_Anon", math.nan) + memory.get("Pss_Shmem", 0.0) + rss_file,
        "fds": sum(kinds.values()),
        "fd_kinds": dict(kinds),
        "threads": status_field("Threads"),
        "qobjects": qobjects,
        "pyobjects": len(gc.get_objects()),
    }


def checkpoints(total: int, warm: int, count: int = 4) -> list[int]:
    """``warm`` (the baseline), then ``count`` evenly spaced points up to ``total``."""
    points = [warm + round((total - warm) * k / count) for k in range(1, count + 1)]
    return sorted({warm, *points})


# --- the worker --------------------------------------------------------------------------
def worker_soak(changes: int, plays: int, rate: float) -> dict[str, Any]:
    """Run the attract loop for ``changes`` slide changes, then ``plays`` video plays at
    ``rate`` times real time; return the checkpoints and counts (see the module doc)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtMultimedia import QVideoFrame

    from kiosk.content import load_content
    from kiosk.resources import bundled_content_path
    from kiosk.system.pin import PinStore
    from kiosk.ui.app import choose_video_path, create_application

    content = load_content(bundled_content_path())
    choose_video_path("auto")
    app = create_application(sys.argv[:1], content.theme.font)
    from kiosk.ui.kiosk.controller import KioskController, KioskTimings
    from kiosk.ui.kiosk.heartbeat import Heartbeat
    from kiosk.ui.show.watch import ContentWatcher
    from kiosk.ui.show.window import MainWindow
    from kiosk.ui.slides.player import PlayState
    from kiosk.ui.slides.video import VideoSlideView

    scratch = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    window = MainWindow(content)
    timings = KioskTimings(
        use_slide_durations=False,
        slide_duration=SOAK_SLIDE_MS,
        idle_timeout=3_600_000,
        countdown=10_000,
    )
    controller = KioskController(
        window,
        timings=timings,
        attract_video="skip",
        pins=PinStore(scratch / "pin"),
        quit_app=lambda _code: None,
    )
    ContentWatcher(window.content, parent=controller)
    heartbeat = Heartbeat(scratch / "heartbeat", parent=controller)
    video_index = next(i for i, v in enumerate(window.views) if isinstance(v, VideoSlideView))
    video = window.views[video_index]
    assert isinstance(video, VideoSlideView)

    slide_points = checkpoints(changes, max(1, min(changes // 10, 500)), CHECKPOINTS)
    play_points = checkpoints(plays, max(1, plays // 10), CHECKPOINTS)
    state: dict[str, Any] = {
        "phase": "slides",
        "changes": 0,
        "video_changes": 0,
        "painted": 0,
        "unpainted": 0,
        "plays": 0,
        "failed_plays": 0,
        "frames": 0,
        "frames_per_play": [],
        "play_seconds": [],
        "play_started": None,
        "rate_ok": [],
        "duration_ms": 0,
        "holding": False,
        "last_progress": time.monotonic(),
        "error": "",
    }
    shown_painted = [True]
    snapshots: dict[str, list[dict[str, Any]]] = {"slides": [], "video": []}
    phase_started = {"slides": time.monotonic(), "video": 0.0}
    phase_wall = {"slides": 0.0, "video": 0.0}
    held = {"slides": 0.0, "video": 0.0}
    """Time spent holding the loop for checkpoints, per phase (left out of the rates)."""

    class PaintCounter(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and watched is window.current_view:
                shown_painted[0] = True
            return False

    painter = PaintCounter()
    for view in window.views:
        view.installEventFilter(painter)

    def finish() -> None:
        controller.stop()
        heartbeat.stop()
        app.quit()

    def hold_then(action: Callable[[], None]) -> None:
        """Stop the loop where it is (a static slide), let things settle, then act."""
        controller.attract_timer.stop()
        state["holding"] = True
        phase = state["phase"]
        since = time.monotonic()

        def go() -> None:
            action()
            held[phase] += time.monotonic() - since
            state["holding"] = False
            state["last_progress"] = time.monotonic()

        QTimer.singleShot(SETTLE_MS, go)

    def resume() -> None:
        controller.attract_timer.start(SOAK_SLIDE_MS)

    def slide_checkpoint() -> None:
        snapshots["slides"].append(snapshot(app, "slides", state["changes"]))
        print(f"soak: {state['changes']} slide changes", flush=True)
        if state["changes"] < changes:
            resume()
            return
        phase_wall["slides"] = time.monotonic() - phase_started["slides"]
        if plays <= 0:
            finish()
            return
        state["phase"] = "video"
        phase_started["video"] = time.monotonic()
        controller.attract_video = "muted"
        resume()

    def video_checkpoint() -> None:
        snapshots["video"].append(snapshot(app, "video", state["plays"]))
        print(f"soak: {state['plays']} video plays", flush=True)
        if state["plays"] >= plays:
            phase_wall["video"] = time.monotonic() - phase_started["video"]
            finish()
            return
        resume()

    def on_slide_changed(index: int) -> None:
        state["last_progress"] = time.monotonic()
        if shown_painted[0]:
            state["painted"] += 1
        else:
            state["unpainted"] += 1
        shown_painted[0] = False
        if state["phase"] == "slides":
            state["changes"] += 1
            if state["changes"] in slide_points:
                hold_then(slide_checkpoint)
            return
        state["video_changes"] += 1
        if index == video_index:
            # The controller has just called play(); run the clock faster.
            video.player._player.setPlaybackRate(rate)
            state["rate_ok"].append(video.player._player.playbackRate() == rate)
            state["play_started"] = time.monotonic()
            state["frames"] = 0
        elif (
            state["play_started"] is None
            and state["plays"] in play_points
            and len(snapshots["video"]) < play_points.index(state["plays"]) + 1
        ):
            # The video slide was just left (file closed): a checkpoint, once per play count.
            hold_then(video_checkpoint)

    def on_frame(frame: QVideoFrame) -> None:
        if frame.isValid():
            state["frames"] += 1
            state["last_progress"] = time.monotonic()

    def on_video_state(play_state: PlayState) -> None:
        if state["phase"] != "video" or state["play_started"] is None:
            return
        if play_state in (PlayState.ENDED, PlayState.FAILED):
            state["plays"] += 1
            if play_state is PlayState.FAILED:
                state["failed_plays"] += 1
            state["frames_per_play"].append(state["frames"])
            state["duration_ms"] = max(state["duration_ms"], video.player.duration)
            state["play_seconds"].append(time.monotonic() - state["play_started"])
            state["play_started"] = None

    def watchdog() -> None:
        if state["holding"]:
            return
        if time.monotonic() - state["last_progress"] > STALL_SECONDS:
            state["error"] = (
                f"no progress for {STALL_SECONDS:.0f} s in phase {state['phase']} "
                f"(changes {state['changes']}, plays {state['plays']})"
            )
            finish()

    window.slide_changed.connect(on_slide_changed)
    video.player.state_changed.connect(on_video_state)
    video.video_widget.videoSink().videoFrameChanged.connect(on_frame)
    stall = QTimer()
    stall.timeout.connect(watchdog)
    stall.start(1000)

    window.show_fullscreen()
    controller.start()
    heartbeat.start()
    # The loop runs by itself from here; on_slide_changed holds it at the checkpoints.
    started = time.monotonic()
    app.exec()
    stall.stop()
    with contextlib.suppress(OSError):
        shutil.rmtree(scratch)
    return {
        "platform": app.platformName(),
        "seconds": time.monotonic() - started,
        "phase_seconds": phase_wall,
        "held_seconds": held,
        "changes": state["changes"],
        "video_changes": state["video_changes"],
        "painted": state["painted"],
        "unpainted": state["unpainted"],
        "plays": state["plays"],
        "failed_plays": state["failed_plays"],
        "frames_per_play": state["frames_per_play"],
        "play_seconds": state["play_seconds"],
        "rate": rate,
        "rate_ok": all(state["rate_ok"]) if state["rate_ok"] else None,
        "duration_ms": state["duration_ms"],
        "snapshots": snapshots,
        "error": state["error"],
    }


def run_worker(changes: int, plays: int, rate: float) -> int:
    result = worker_soak(changes, plays, rate)
    print("result " + json.dumps(result), flush=True)
    return 0
