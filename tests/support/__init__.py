"""Helpers shared by the tests and the bench: imported by tests/test_*.py, tests/conftest.py
and bench/, never importing from any of them.

- ``xvfb``: the one Xvfb starter, and ``require``/``missing_tool`` for a tool a test needs.
- ``randr``: RandR monitors on an X display: a laptop, and a projector plugged in and out.
- ``child``: the app (or a probe of it) in a child process, driven over its stdin; the child
  scripts it runs live beside it (``app_run.py``, ``presenter_probe.py``,
  ``window_probe.py``, sharing ``probe_io.py``).
- ``show``: a started show: a copy of the bundled content folder, a shown main window.
- ``xdo``: real input (xdotool) to the real ``kiosk`` command in a child process on an X display.
- ``monkey``: the seeded input storm (``python -m tests.support.monkey``).
- ``fuzz``: the content fuzzing properties and their Hypothesis strategies.

Nothing here imports Qt or pytest at import time unless its module is about Qt or pytest,
so the bench can use ``xvfb`` and ``randr`` without a test environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The repository's root folder (content.yaml, assets/, kiosk/, tests/, bench/)."""


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str], timeout: float = 10) -> None:
    """End a child process: terminate, and kill it if it has not ended in ``timeout`` s."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


def run_python(code: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """``python -c code`` in a child process, from the repository's root with it importable
    (and ``environment`` added); its output as text. Ends it after 60 s."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **environment}
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
