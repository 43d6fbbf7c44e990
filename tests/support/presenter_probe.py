"""A ``kiosk --presenter`` in a child process, for the tests that need several screens.

The test session's QApplication has one offscreen screen and cannot get more, so
tests/test_presenter_console.py runs this script (with :class:`tests.support.child.Child`)
under Qt's offscreen platform with a screens configuration, or under Xvfb with RandR
monitors it adds and removes. Commands arrive one per line on stdin; each ``state`` prints
one JSON line on stdout:

    state   -> {"screens": [...], "audience": {...}, "console": {...}, "index": n, ...}
    next    -> the show moves on (as a clicker would)
    key K   -> the key K (a Qt key name, e.g. S) is pressed in the console
    grab W P-> a PNG at P of what the X screen shows where window W (audience or console) is
    quit    -> exit
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.content import load_content
from kiosk.resources import bundled_content_path
from kiosk.ui.app import create_application
from kiosk.ui.show.keys import read_key
from tests.support.probe_io import answer, rect, serve, window_state


def tools_state(console: Any) -> dict[str, object]:
    """The pointer, spotlight and zoom: where the "Now" picture is on the screen, where the
    pointer's centre is (screen pixels), what is on."""
    pane, tools = console.current_pane, console.tools
    picture = pane.picture
    box = None
    if picture is not None:
        size = picture.deviceIndependentSize().toSize()
        corner = pane.mapToGlobal(QPoint((pane.width() - size.width()) // 2, 0))
        box = [corner.x(), corner.y(), size.width(), size.height()]
    layer = tools.layer
    media = console.show_state.media
    centre = layer.centre()
    on_screen = None
    if centre is not None:
        point = layer.mapToGlobal(centre)
        on_screen = [point.x(), point.y()]
    return {
        "now_picture": box,
        "pointer": {
            "visible": layer.isVisible(),
            "dot": tools.dot,
            "spotlight": tools.spotlight,
            "centre": on_screen,
        },
        "zoom": {"armed": tools.zoom_armed, "shown": tools.zoom.isVisible()},
        "now_label": console.now_label.text(),
        "media": None if media is None else media.state.name,
        "position": None if media is None else media.position,
    }


def main() -> int:
    screen_index = int(sys.argv[1]) if len(sys.argv) > 1 else None
    content = load_content(bundled_content_path())
    app = create_application(sys.argv[:1], content.theme.font)
    from kiosk.ui.presenter.screens import start_presenter
    from kiosk.ui.show.window import MainWindow

    window = MainWindow(content)
    console, session = start_presenter(window, screen_index=screen_index)
    placements = [0]
    session.placed.connect(lambda: placements.__setitem__(0, placements[0] + 1))

    def state() -> dict[str, object]:
        return {
            "screens": [
                {"name": s.name(), "geometry": rect(s.geometry())}
                for s in QGuiApplication.screens()
            ],
            "primary": QGuiApplication.primaryScreen().name(),
            "audience": window_state(window),
            "console": window_state(console),
            "index": window.current_index,
            "console_index": console.shown_index,
            "swapped": session.swapped,
            "placements": placements[0],
            **tools_state(console),
        }

    def command(line: str) -> None:
        word, _, argument = line.partition(" ")
        if word == "state":
            answer(state())
        elif word == "next":
            window.perform("next")
        elif word == "key":
            combination = read_key(argument)
            assert combination is not None, argument
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                event = QKeyEvent(kind, combination.key(), combination.keyboardModifiers())
                QApplication.sendEvent(console, event)
        elif word == "grab":  # the screen where a window is: native windows (video) included
            which, _, path = argument.partition(" ")
            shown = window if which == "audience" else console
            geometry = shown.geometry()
            screen = shown.screen()
            origin = screen.geometry().topLeft()
            screen.grabWindow(
                0,
                geometry.x() - origin.x(),
                geometry.y() - origin.y(),
                geometry.width(),
                geometry.height(),
            ).save(path)
            answer({"grab": path})
        elif word == "shot":  # a picture of every screen, for a person to look at
            for number, screen in enumerate(QGuiApplication.screens()):
                screen.grabWindow(0).save(f"{argument}-{number}.png")
            answer({"shot": argument})
        elif word == "quit":
            app.quit()

    return serve(app, command)


if __name__ == "__main__":
    sys.exit(main())
