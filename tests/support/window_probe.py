"""The presentation window in a child process on an X display, for the tests of a projector
unplugged under a single window (tests/test_runtime_faults.py), driven by
:class:`tests.support.child.Child`::

    python tests/support/window_probe.py MODE [PIN_FILE]

``MODE``: ``kiosk`` (frameless and fullscreen on the projector, as ``kiosk --kiosk
--screen 1``), ``kiosk-controller`` (the whole kiosk, its controller told to live on screen
1; its staff PIN in ``PIN_FILE``) or ``window`` (a plain window on the projector). Commands,
one per line on stdin:

    state   -> {"screens": {name: [x, y, w, h]}, "screen": ..., "geometry": [...],
                "fullscreen": ..., "visible": ..., "index": n}
    next    -> the show moves on
    other   -> exit
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from kiosk.content import load_content
from kiosk.resources import bundled_content_path
from kiosk.ui.app import create_application
from tests.support.probe_io import answer, rect, serve, window_state


def main() -> int:
    content = load_content(bundled_content_path(), check_files=False)
    app = create_application(sys.argv[:1], content.theme.font)
    from kiosk.ui.show.window import MainWindow

    window = MainWindow(content)
    projector = next(s for s in QGuiApplication.screens() if s.name() == "projector")
    mode = sys.argv[1]
    if mode in ("kiosk", "kiosk-controller"):  # frameless and fullscreen, as kiosk --kiosk
        flags = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        window.setWindowFlags(window.windowFlags() | flags)
        window.show_fullscreen(projector)
    else:
        window.setScreen(projector)
        window.move(projector.geometry().topLeft() + QPoint(100, 100))
        window.show()
    if mode == "kiosk-controller":  # the whole kiosk, told to live on screen 1
        from kiosk.pin import PinStore
        from kiosk.ui.kiosk.controller import KioskController, KioskTimings

        controller = KioskController(
            window,
            timings=KioskTimings(idle_timeout=10**7, slide_duration=10**7),
            pins=PinStore(Path(sys.argv[2])),
            quit_app=lambda code: None,
            screen=1,
        )
        controller.start()

    def command(line: str) -> None:
        if line == "state":
            screens = {s.name(): rect(s.geometry()) for s in QGuiApplication.screens()}
            answer({"screens": screens, **window_state(window), "index": window.current_index})
        elif line == "next":
            window.perform("next")
        else:
            app.quit()

    return serve(app, command)


if __name__ == "__main__":
    sys.exit(main())
