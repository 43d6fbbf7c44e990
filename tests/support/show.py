"""A started show: a copy of the bundled content folder to change or break, and the
presentation window shown on some content, as the tests' fixtures build them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.resources import bundled_content_dir

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kiosk.content import Content
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
