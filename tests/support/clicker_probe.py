"""The presentation window in a child process on an X display, for the clicker tests with real
X key events (tests/test_clickers_x11.py), driven by :class:`tests.support.child.Child`.
Commands, one per line on stdin: ``state`` -> {"index": n, "blank": "", "fullscreen": ...};
anything else -> exit."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.content import load_content
from kiosk.resources import bundled_content_path
from kiosk.ui.app import create_application
from tests.support.probe_io import answer, serve


def main() -> int:
    content = load_content(bundled_content_path(), check_files=False)
    app = create_application(sys.argv[:1], content.theme.font)
    from kiosk.ui.show.window import MainWindow

    window = MainWindow(content)
    window.setWindowTitle("clicker-probe")
    window.show()
    window.activateWindow()

    def command(line: str) -> None:
        if line == "state":
            answer(
                {
                    "index": window.current_index,
                    "blank": str(window.show_state.blank),
                    "fullscreen": window.isFullScreen(),
                    "visible": window.isVisible(),
                }
            )
        else:
            app.quit()

    return serve(app, command)


if __name__ == "__main__":
    sys.exit(main())
