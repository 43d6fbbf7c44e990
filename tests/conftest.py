"""Shared fixtures. Qt runs offscreen: no display is needed, and none is touched."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.content import Content, load_content
from kiosk.resources import bundled_content_path

REPO_ROOT = Path(__file__).resolve().parent.parent


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


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["kiosk-tests"]


@pytest.fixture(scope="session")
def app_fonts(qapp: object) -> None:
    """Register the bundled fonts once, as the app does at start-up."""
    from kiosk.ui.app import register_fonts

    register_fonts("Noto Sans")


@pytest.fixture
def window(qtbot, content: Content, app_fonts: None) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A shown 1280x720 presentation window on the bundled content."""
    from kiosk.ui.show.window import MainWindow

    main = MainWindow(content)
    qtbot.addWidget(main)
    main.resize(1280, 720)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
