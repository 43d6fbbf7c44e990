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

# The helpers' asserts report their values too, as a test's do: before they are imported.
pytest.register_assert_rewrite("tests.support")

from tests.support import REPO_ROOT  # noqa: E402
from tests.support.randr import projector_display  # noqa: E402
from tests.support.show import copy_content, show_window  # noqa: E402

if TYPE_CHECKING:
    from kiosk.ui.show.window import MainWindow

__all__ = ["REPO_ROOT"]  # the tests' import of it, from here


@pytest.fixture(scope="session")
def content() -> Content:
    """The bundled content, validated with its files."""
    return load_content(bundled_content_path())


@pytest.fixture
def content_folder(tmp_path: Path) -> Path:
    """A copy of the bundled content folder (content.yaml and assets/), to change or break."""
    return copy_content(tmp_path / "show")


@pytest.fixture(scope="session", autouse=True)
def _quiet_ffmpeg_stream_dump() -> None:
    """As the app does at start-up: FFmpeg's stream dump stays out of the test output."""
    from kiosk.ui.app import quiet_ffmpeg_stream_dump

    quiet_ffmpeg_stream_dump()


@pytest.fixture(autouse=True)
def _restore_default_locale() -> Iterator[None]:
    """A window in another language makes it Qt's default locale (for the AT-SPI bridge):
    the next test starts from the one before."""
    from PySide6.QtCore import QLocale

    saved = QLocale()
    yield
    QLocale.setDefault(saved)


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
    main = show_window(qtbot, content)
    yield main
    main.close()


@pytest.fixture
def x_display() -> Iterator[str]:
    """A private Xvfb with room for a laptop and a projector side by side (see
    tests/support/randr.py); its DISPLAY name."""
    with projector_display() as name:
        yield name
