"""The slide change: from a key press to the end of the new slide's paint, in a child on
the real MainWindow, beside a QStackedWidget of QLabels changed by the same keys; then the
same in a kiosk's visit (``KioskController``), with usage recording off and on in turn."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.children import ChildError, child_env, run_worker
from bench.report import Row, percentile
from bench.worker import pause, wait_for, worker_window

BUDGET_SLIDE_CHANGE_MS = 50.0
KIOSK_BLOCK = 20
"""Presses in a row with recording off, then on (each block a visit, saved at its end)."""


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
    return [p50, p95, *measure_kiosk_slide_change(display, presses)]


def measure_kiosk_slide_change(display: str, presses: int) -> list[Row]:
    """The slide change in a kiosk's visit, usage recording off and on (the same child, in
    alternating blocks); off beside the bare stack (the floor), on beside off."""
    label = "slide change in a kiosk visit, {}, {}"
    off = "recording off"
    on = "recording on (visits written to a temporary usage database)"
    rows = {
        (mode, q): Row(
            label.format(mode, q),
            "ms",
            budget=BUDGET_SLIDE_CHANGE_MS,
            reference_label="(QStackedWidget of QLabels)" if mode == off else f"({off})",
        )
        for mode in (off, on)
        for q in ("p50", "p95")
    }
    try:
        result = run_worker(
            "kiosk-slide-change", "kiosk-slide-change", child_env(display), "--count", str(presses)
        )
    except (ChildError, OSError, ValueError) as exc:
        print(f"kiosk slide change measurement failed: {exc}", file=sys.stderr)
        for row in rows.values():
            row.error = "see stderr"
        return list(rows.values())
    floor: list[float] = result["bare_ms"]
    for mode, key, reference in ((off, "off_ms", floor), (on, "on_ms", result["off_ms"])):
        times: list[float] = result[key]
        for q, fraction in (("p50", 0.5), ("p95", 0.95)):
            row = rows[(mode, q)]
            row.samples = times
            if q == "p95" and times:
                row.value = percentile(times, fraction)
            if reference:
                row.reference = percentile(reference, fraction)
    rows[(on, "p50")].note = f"{result['visits']} visits written meanwhile"
    if result["timeouts"]:
        rows[(off, "p50")].error = f"{result['timeouts']} presses without a paint"
    return list(rows.values())


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
    app, window = worker_window("auto")
    names = [f"{n}:{view.slide.id}" for n, view in enumerate(window.views)]
    result = _press_sweep(window, window.views, lambda: window.current_index, count, names)
    window.close()
    app.processEvents()  # one call, to let the close go through (not a loop)

    result["bare_ms"] = _bare_stack_ms(names, count)
    return result


def _bare_stack_ms(names: Sequence[str], count: int) -> list[float]:
    """The reference: a QStackedWidget of as many plain QLabel pages, the same presses."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QLabel, QStackedWidget

    class BareStack(QStackedWidget):
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
    return list(reference["press_ms"])


def worker_kiosk_slide_change(count: int) -> dict[str, Any]:
    """The kiosk as ``kiosk --kiosk`` builds it (controller, usage tracker on a temporary
    database), woken by a key; blocks of :data:`KIOSK_BLOCK` presses with recording off,
    then on (a visit each, handed to the writer thread at its end), in turn."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk.system.pin import PinStore
    from kiosk.ui.kiosk.controller import KioskController, KioskTimings
    from kiosk.ui.kiosk.usage import UsageTracker, watch_kiosk
    from kiosk.usage.recorder import VisitRecorder
    from kiosk.usage.store import UsageStore

    _app, window = worker_window("auto")
    folder = tempfile.TemporaryDirectory(prefix="kiosk-bench-usage-")
    never = 10**8  # ms: no idle reset, no attract loop move during the presses
    controller = KioskController(
        window,
        timings=KioskTimings(idle_timeout=never, slide_duration=never),
        pins=PinStore(Path(folder.name) / "pin.json"),
        quit_app=lambda _code: None,
    )
    store = UsageStore(Path(folder.name) / "usage.sqlite", kiosk="bench")
    tracker = UsageTracker(window, store, VisitRecorder(), recording=False)
    watch_kiosk(tracker, controller)
    controller.start()
    QTest.keyClick(window, Qt.Key.Key_Space)  # wakes the kiosk: a visit (not recorded yet)
    pause(0.5)
    names = [f"{n}:{view.slide.id}" for n, view in enumerate(window.views)]
    times: dict[str, list[float]] = {"off_ms": [], "on_ms": []}
    timeouts = visits = 0
    for block in range(max(1, count // (2 * KIOSK_BLOCK)) * 2):  # as many off as on
        recording = block % 2 == 1
        tracker.set_recording(recording)
        tracker.begin()
        sweep = _press_sweep(window, window.views, lambda: window.current_index, KIOSK_BLOCK, names)
        times["on_ms" if recording else "off_ms"] += sweep["press_ms"]
        timeouts += sweep["timeouts"]
        if recording:
            tracker.end()  # written by the writer thread while the next block runs
            visits += 1
    tracker.close()
    saved = store.today_figures()[0]
    store.close()
    controller.stop()
    window.close()
    folder.cleanup()
    bare = _bare_stack_ms(names, count)
    return {**times, "bare_ms": bare, "timeouts": timeouts, "visits": saved or visits}
