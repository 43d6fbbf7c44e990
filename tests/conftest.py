"""Shared fixtures. Qt runs offscreen: no display is needed, and none is touched."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import Content, load_content
from kiosk.resources import bundled_content_path

if TYPE_CHECKING:
    from kiosk.ui.show.window import MainWindow

REPO_ROOT = Path(__file__).resolve().parent.parent
WEBM_CLUSTER = b"\x1f\x43\xb6\x75"  # ID of a WebM (Matroska) Cluster: frames start here


def webm_cut_after_header(path: Path) -> bytes:
    """A WebM file cut short just after its header: the header and the first 32 bytes of
    its first cluster, so not one whole video frame. FFmpeg opens it, and Qt's player then
    'plays' it at 0:00 for ever.
    """
    data = path.read_bytes()
    return data[: data.index(WEBM_CLUSTER) + 32]


@pytest.fixture(scope="session")
def content() -> Content:
    """The bundled content, validated with its files."""
    return load_content(bundled_content_path())


@pytest.fixture
def content_folder(tmp_path: Path) -> Path:
    """A copy of the bundled content folder (content.yaml and assets/), to change or break."""
    import shutil

    folder = tmp_path / "show"
    folder.mkdir()
    shutil.copy(REPO_ROOT / "content.yaml", folder / "content.yaml")
    shutil.copytree(REPO_ROOT / "assets", folder / "assets")
    return folder


@pytest.fixture(scope="session", autouse=True)
def _quiet_ffmpeg_stream_dump() -> None:
    """As the app does at start-up: FFmpeg's stream dump stays out of the test output."""
    from kiosk.ui.app import quiet_ffmpeg_stream_dump

    quiet_ffmpeg_stream_dump()


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["kiosk-tests"]


@pytest.fixture(scope="session")
def app_fonts(qapp: object) -> None:
    """Register the bundled fonts once, as the app does at start-up."""
    from kiosk.ui.app import register_fonts

    register_fonts("Noto Sans")


@pytest.fixture
def window(qtbot: QtBot, content: Content, app_fonts: None) -> Iterator[MainWindow]:
    """A shown 1280x720 presentation window on the bundled content."""
    from kiosk.ui.show.window import MainWindow

    main = MainWindow(content)
    qtbot.addWidget(main)
    main.resize(1280, 720)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
