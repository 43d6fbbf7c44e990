"""Guard against PySide6 6.12.0's reference-count bug on CPython 3.11.

That release drops references to None/True/False it never took; after a few thousand
signal emissions or processEvents() calls the interpreter aborts with
"Fatal Python error: none_dealloc". A kiosk that runs all day would die within minutes.
The loop runs in a child process so that an affected binding fails this test with a clear
message instead of killing the whole test session (checked: 6.12.0 aborts, 6.11.3 passes).
"""

from __future__ import annotations

import os
import subprocess
import sys

ROUNDS = 3000

CHILD = f"""
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

class Emitter(QObject):
    fired = Signal(object)
    flag = Signal(bool)

def counts():
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)

app = QApplication([])
emitter = Emitter()
received = []
emitter.fired.connect(lambda value: received.append(value))
emitter.flag.connect(lambda value: received.append(value))
label = QLabel()
before = counts()
for number in range({ROUNDS}):
    emitter.fired.emit(None)
    emitter.flag.emit(number % 2 == 0)
    label.setText(str(number))
    QCoreApplication.processEvents()
received.clear()
print(*before, *counts())
"""


def test_signals_slots_and_event_processing_keep_refcounts() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"PySide6 crashed (refcount bug?):\n{result.stderr[-1500:]}"
    numbers = [int(word) for word in result.stdout.split()]
    before, after = numbers[:3], numbers[3:]
    # Immortal objects (CPython 3.12+) report huge constant counts; on 3.11 a binding that
    # drops references makes these fall by about one per call.
    for name, was, now in zip(("None", "True", "False"), before, after, strict=True):
        assert now >= was - 50, f"refcount of {name} fell from {was} to {now}"
