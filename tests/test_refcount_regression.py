"""Guard against PySide6 6.12.0's reference-count bug on CPython 3.11.

That release drops references to None/True/False it never took; after a few thousand
signal emissions or processEvents() calls the interpreter aborts with
"Fatal Python error: none_dealloc". A kiosk that runs all day would die within minutes.
This test fails (or crashes) on an affected binding, whatever version is pinned.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QLabel

ROUNDS = 3000


class _Emitter(QObject):
    fired = Signal(object)
    flag = Signal(bool)


def _counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def test_signals_slots_and_event_processing_keep_refcounts(qapp):
    emitter = _Emitter()
    received: list[object] = []
    emitter.fired.connect(lambda value: received.append(value))
    emitter.flag.connect(lambda value: received.append(value))
    label = QLabel()
    before = _counts()
    for number in range(ROUNDS):
        emitter.fired.emit(None)
        emitter.flag.emit(number % 2 == 0)
        label.setText(str(number))
        QCoreApplication.processEvents()
    received.clear()
    after = _counts()
    assert all(a >= b - 50 for a, b in zip(after, before, strict=True)), (before, after)
