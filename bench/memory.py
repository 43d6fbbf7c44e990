"""The soak's figures: growth of memory, open file descriptors, threads and QObjects along
the checkpoints that bench/soak.py's worker takes over slide changes and full video plays,
run in a child per Qt platform."""

from __future__ import annotations

import statistics
import sys
from collections.abc import Sequence
from typing import Any

from bench.children import ChildError, child_env, run_worker
from bench.report import NOTES, Row, fmt
from bench.soak import SOAK_SLIDE_MS
from bench.video import VIDEO_FPS

# Budgets from the issue.
BUDGET_SOAK_PSS_MIB = 10.0
BUDGET_SOAK_FDS = 0.0


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
