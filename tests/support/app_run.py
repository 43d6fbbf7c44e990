"""Run the real ``kiosk`` command for a few seconds, doing something in it, then quit.

For the tests that need the whole app in a child process (tests/test_offline.py under
strace, tests/test_exception_hook.py)::

    python tests/support/app_run.py [--seconds S] [--video] [--plant-exception] [--maps FILE] \\
        -- [kiosk arguments]

It wraps ``kiosk.ui.app.create_application`` so that, once the event loop runs, the
presentation window goes to the video slide and plays it (``--video``), a slot raises on
purpose (``--plant-exception``: a timer's slot, then a posted event's handler), and after
``--seconds`` the app copies its memory map to a file (``--maps``, for
tests/test_debian_packages.py) and quits with ``QApplication.exit(0)``, as staff exiting the
kiosk would.
Then ``kiosk.cli.main`` runs with the given arguments, as ``python -m kiosk`` does (with the
cycle collector on from the start);
its exit code is this script's. After the loop it prints ``exit N`` on stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

import kiosk.ui.app
from kiosk.cli import main as kiosk_main


def _main_window() -> QWidget | None:
    from kiosk.ui.show.window import MainWindow

    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)


def _play_video() -> None:
    from kiosk.ui.show.window import MainWindow
    from kiosk.ui.slides.video import VideoSlideView

    window = _main_window()
    assert isinstance(window, MainWindow)
    for index, view in enumerate(window.views):
        if isinstance(view, VideoSlideView):
            window.go_to(index)  # the kiosk's attract loop plays it by itself
            view.play()
            sys.stdout.write("playing\n")
            sys.stdout.flush()


def _raise_in_a_slot() -> None:
    raise RuntimeError("planted in a slot")


class _Broken(QWidget):
    def mousePressEvent(self, event: QMouseEvent) -> None:
        raise ValueError("planted in an event handler")


def _raise_in_an_event_handler(keep: list[QWidget]) -> None:
    broken = _Broken()
    keep.append(broken)
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(1, 1),
        QPointF(1, 1),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.postEvent(broken, press)  # delivered by the event loop, not from here


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--video", action="store_true")
    parser.add_argument("--plant-exception", action="store_true")
    parser.add_argument(
        "--maps", type=Path, help="copy /proc/self/maps here just before quitting (Linux)"
    )
    parser.add_argument("kiosk_args", nargs="*")
    args = parser.parse_args()
    original = kiosk.ui.app.create_application
    keep: list[QWidget] = []

    def create_application(argv: list[str], font_family: str = "Noto Sans") -> QApplication:
        app = original(argv, font_family)
        if args.video:
            QTimer.singleShot(300, _play_video)
        if args.plant_exception:
            QTimer.singleShot(100, _raise_in_a_slot)
            QTimer.singleShot(150, lambda: _raise_in_an_event_handler(keep))
            QTimer.singleShot(200, lambda: sys.stdout.write("alive after the exceptions\n"))

        def quit_() -> None:
            if args.maps is not None:  # what the process mapped, video playing, before teardown
                args.maps.write_bytes(Path("/proc/self/maps").read_bytes())
            QApplication.exit(0)

        QTimer.singleShot(round(args.seconds * 1000), quit_)
        return app

    kiosk.ui.app.create_application = create_application
    code = kiosk_main(args.kiosk_args)
    sys.stdout.write(f"exit {code}\n")
    sys.stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
