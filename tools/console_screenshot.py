"""Draw the README's picture of the presenter console (docs/screenshots/presenter-console.png).

Offscreen, like ``kiosk render``: the console as it looks at 1280x720 on the second slide,
twelve and a half minutes into a talk that started at 13:52 (a fixed clock, so the
picture only changes when the console does).

    .venv/bin/python tools/console_screenshot.py [OUT.png] [--size WxH]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QEvent, QTime

from kiosk.content import load_content
from kiosk.resources import bundled_content_path
from kiosk.ui.app import create_application

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "docs/screenshots/presenter-console.png"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--size", default="1280x720", metavar="WxH")
    parser.add_argument("--slide", type=int, default=2, help="slide number (from 1)")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    content = load_content(bundled_content_path())
    create_application(sys.argv[:1], content.theme.font)
    from kiosk.ui.presenter.console import PresenterConsole
    from kiosk.ui.show.window import MainWindow

    audience = MainWindow(content)
    audience.resize(1920, 1080)
    audience.show()
    talk_ms = [0]
    console = PresenterConsole(audience, clock=lambda: talk_ms[0], wall_clock=lambda: QTime(14, 5))
    console.resize(width, height)
    console.show()
    audience.go_to(args.slide - 1)
    talk_ms[0] = 12 * 60_000 + 30_000
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    console.update_slide()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not console.grab().save(str(args.out), "PNG"):
        print(f"could not write {args.out}", file=sys.stderr)
        return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
