"""A started show: a copy of the bundled content folder to change or break, and the
presentation window shown on some content, as the tests' fixtures build them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.resources import bundled_content_dir

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kiosk.content import Content
    from kiosk.ui.kiosk.controller import KioskController, KioskTimings
    from kiosk.ui.show.window import MainWindow

SIZE = (1280, 720)


def copy_content(folder: Path, *, content_file: bool = True) -> Path:
    """Copy the bundled content folder (content.yaml and assets/) into ``folder``, made if
    need be; ``content_file=False`` copies assets/ alone. Returns ``folder``."""
    source = bundled_content_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if content_file:
        shutil.copy(source / "content.yaml", folder / "content.yaml")
    shutil.copytree(source / "assets", folder / "assets")
    return folder


def show_window(qtbot: QtBot, content: Content) -> MainWindow:
    """The presentation window on ``content``, shown at 1280x720 and exposed; pytest-qt
    closes it after the test."""
    from kiosk.ui.show.window import MainWindow

    window = MainWindow(content)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    return window


WEBM_CLUSTER = b"\x1f\x43\xb6\x75"  # ID of a WebM (Matroska) Cluster: frames start here


def webm_cut_after_header(path: Path) -> bytes:
    """A WebM file cut short just after its header: the header and the first 32 bytes of
    its first cluster, so not one whole video frame. FFmpeg opens it, and Qt's player then
    'plays' it at 0:00 for ever.
    """
    data = path.read_bytes()
    return data[: data.index(WEBM_CLUSTER) + 32]


def fast_timings(idle_timeout: int = 150) -> KioskTimings:
    """A kiosk's timings for tests, in milliseconds: idle after ``idle_timeout``, a 300 ms
    countdown, 40 ms attract slides, no slide's own duration."""
    from kiosk.ui.kiosk.controller import KioskTimings

    return KioskTimings(
        idle_timeout=idle_timeout,
        countdown=300,
        slide_duration=40,
        cursor_hide=50,
        use_slide_durations=False,
    )


@contextmanager
def running_kiosk(
    window: MainWindow, pin_file: Path, timings: KioskTimings, *, attract_video: str = ""
) -> Iterator[KioskController]:
    """The kiosk controller started on ``window`` (staff PIN 2468 in ``pin_file``, a fake
    clock for its lock-out), stopped afterwards; ``attract_video="skip"`` skips the film."""
    from kiosk.system.pin import PinStore
    from kiosk.ui.kiosk.controller import KioskController
    from tests.support.clock import FakeClock

    pins = PinStore(pin_file, clock=FakeClock())
    pins.set_pin("2468")
    controller = KioskController(window, timings=timings, pins=pins, quit_app=lambda _code: None)
    if attract_video:
        controller.attract_video = attract_video
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()
