"""An exception raised in a slot or an event handler is logged and the app carries on.

PySide6 hands an exception that escapes a Python slot or a virtual method (an event
handler) called from Qt's event loop to ``sys.excepthook``, and the event loop goes on.
``kiosk.ui.app.install_exception_hook`` sets that hook to log the traceback (to the kiosk's
log file) instead of printing it. These tests run in child processes, so the hook is really
the app's, as installed at start-up, and nothing of pytest's is in the way.

Under pytest, pytest-qt puts its own hook in place for every test and fails the test on any
exception it receives: the monkey tests (tests/test_monkey.py) rely on that, and the last
test here shows it is on with this project's settings.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO_ROOT
from tests.support.child import APP_RUN

SCRIPT = textwrap.dedent(
    """
    import logging, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from kiosk.system.logs import configure_logging
    from kiosk.ui.app import create_application, install_exception_hook

    log_file = configure_logging("INFO", log_dir=Path(sys.argv[1]), to_file=True)
    app = create_application(sys.argv[:1])
    install_exception_hook()
    hook = sys.excepthook

    def planted():
        raise RuntimeError("planted in a slot")

    def planted_too():
        raise KeyError("planted in a single-shot callable")

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(planted)
    timer.start(10)
    QTimer.singleShot(20, planted_too)

    def still_here():
        assert sys.excepthook is hook
        print("alive", flush=True)
        app.exit(0)

    QTimer.singleShot(200, still_here)
    code = app.exec()
    print(f"exit {code}", flush=True)
    sys.exit(code)
    """
)


def _env(**extra: str) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO_ROOT), QT_QPA_PLATFORM="offscreen", **extra)


def _run_script(folder: Path, name: str, text: str) -> subprocess.CompletedProcess[str]:
    """Write ``text`` to ``folder/name`` and run it offscreen with ``folder`` as its argument."""
    script = folder / name
    script.write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script), str(folder)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_exception_in_a_slot_is_logged_and_the_app_goes_on(tmp_path: Path) -> None:
    result = _run_script(tmp_path, "planted.py", SCRIPT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-2:] == ["alive", "exit 0"]
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert log.count("ERROR kiosk.ui.app: uncaught exception:") == 2
    assert "Traceback (most recent call last):" in log
    assert 'in planted\n    raise RuntimeError("planted in a slot")' in log
    assert "RuntimeError: planted in a slot" in log
    assert "KeyError: 'planted in a single-shot callable'" in log


PAINTER_SCRIPT = textwrap.dedent(
    """
    import gc, sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QWidget
    from kiosk.system.logs import configure_logging
    from kiosk.ui.app import create_application, install_exception_hook

    configure_logging("INFO", log_dir=Path(sys.argv[1]), to_file=True)
    app = create_application(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    install_exception_hook()
    paints = [0]

    class Broken(QWidget):
        def paintEvent(self, event):
            painter = QPainter(self)
            painter.fillRect(self.rect(), QColor("#005EB8"))
            paints[0] += 1
            if paints[0] <= 3:
                raise RuntimeError(f"planted in paint {paints[0]}")  # the painter is left open
            painter.end()

    widget = Broken()
    widget.resize(200, 100)
    widget.show()
    for step in range(1, 8):
        QTimer.singleShot(40 * step, widget.update)
    QTimer.singleShot(400, widget.close)
    QTimer.singleShot(450, widget.deleteLater)
    QTimer.singleShot(500, gc.collect)
    QTimer.singleShot(600, lambda: (print("alive", paints[0] >= 5, flush=True), app.exit(0)))
    sys.exit(app.exec())
    """
)


def test_an_exception_in_a_paint_event_leaves_no_painter_behind(tmp_path: Path) -> None:
    """The traceback kept the failed paintEvent's QPainter alive and painting: every later
    paint of the window failed ("endPaint() called with active painter") and the app crashed.
    The hook clears the frames of the traceback it logged."""
    result = _run_script(tmp_path, "painter.py", PAINTER_SCRIPT)
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stderr[-3000:]}"
    assert result.stdout.strip() == "alive True"
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert log.count("RuntimeError: planted in paint") == 3
    assert "active painter" not in log + result.stderr


def test_the_kiosk_logs_exceptions_from_slots_and_event_handlers(tmp_path: Path) -> None:
    """The real ``kiosk --kiosk`` start-up installs the hook: a slot and an event handler
    raise, both land in the kiosk's log file, and the kiosk runs on until told to quit."""
    state = tmp_path / "state"
    command = [sys.executable, str(APP_RUN), "--seconds", "1.5", "--plant-exception", "--"]
    command += ["--kiosk", "--pin-file", str(tmp_path / "pin.json")]
    result = subprocess.run(
        command,
        env=_env(XDG_STATE_HOME=str(state), HOME=str(tmp_path)),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
    assert result.stdout.splitlines() == ["alive after the exceptions", "exit 0"]
    log = (state / "rho-kiosk" / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert log.count("uncaught exception:\nTraceback (most recent call last):") == 2
    assert "RuntimeError: planted in a slot" in log
    assert "in mousePressEvent" in log
    assert "ValueError: planted in an event handler" in log


def test_pytest_qt_fails_a_test_on_an_exception_in_a_slot(tmp_path: Path) -> None:
    """With this project's pytest settings an exception in a slot fails the test, even
    though the event loop swallows it (what the monkey tests count on)."""
    test_file = tmp_path / "test_planted.py"
    test_file.write_text(
        textwrap.dedent(
            """
            from PySide6.QtCore import QTimer

            def test_planted(qtbot):
                def planted():
                    raise RuntimeError("planted in a slot")

                QTimer.singleShot(0, planted)
                qtbot.wait(50)
            """
        ),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "pytest", "-c", str(REPO_ROOT / "pyproject.toml")]
    command += ["--rootdir", str(tmp_path), "-p", "no:cacheprovider", "-q", str(test_file)]
    result = subprocess.run(
        command,
        env=_env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Exceptions caught in Qt event loop" in result.stdout
    assert "RuntimeError: planted in a slot" in result.stdout
    assert "1 failed" in result.stdout
