"""The video rendering path (--video-path): every platform's choice, tested on any machine."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kiosk.system.platform.video import has_render_node, resolve_video_path, video_path_environment


@pytest.fixture
def no_gpu(tmp_path: Path) -> Path:
    """A /dev/dri with a display device but no render node (a VM's virtual card)."""
    dri = tmp_path / "dri-no-gpu"
    dri.mkdir()
    (dri / "card0").touch()
    return dri


@pytest.fixture
def gpu(tmp_path: Path) -> Path:
    """A /dev/dri with a render node (a working GPU driver)."""
    dri = tmp_path / "dri-gpu"
    dri.mkdir()
    (dri / "card0").touch()
    (dri / "renderD128").touch()
    return dri


def test_render_node_detection(tmp_path: Path, no_gpu: Path, gpu: Path) -> None:
    assert has_render_node(gpu)
    assert not has_render_node(no_gpu)
    assert not has_render_node(tmp_path / "missing")  # no /dev/dri at all (containers)


@pytest.mark.parametrize("platform", ["linux", "linux2"])
def test_auto_on_linux_follows_the_render_node(
    platform: str, tmp_path: Path, no_gpu: Path, gpu: Path
) -> None:
    assert resolve_video_path("auto", platform, gpu) == "gpu"
    assert resolve_video_path("auto", platform, no_gpu) == "cpu"
    assert resolve_video_path("auto", platform, tmp_path / "missing") == "cpu"


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_auto_elsewhere_is_gpu(platform: str, no_gpu: Path) -> None:
    # No /dev/dri to ask, and no CPU switch to offer: Qt's own choice stands.
    assert resolve_video_path("auto", platform, no_gpu) == "gpu"


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_an_explicit_choice_is_kept(platform: str, no_gpu: Path, gpu: Path) -> None:
    assert resolve_video_path("gpu", platform, no_gpu) == "gpu"
    assert resolve_video_path("cpu", platform, gpu) == "cpu"


def test_an_unknown_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown video path 'fast'"):
        resolve_video_path("fast", "linux")


def test_environment_per_platform() -> None:
    assert video_path_environment("cpu", "linux") == {"QT_XCB_GL_INTEGRATION": "none"}
    assert video_path_environment("gpu", "linux") == {}
    assert video_path_environment("cpu", "win32") == {}
    assert video_path_environment("cpu", "darwin") == {}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb switch is Linux's")
def test_choose_video_path_sets_the_switch_unless_the_user_did(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kiosk.ui.app import choose_video_path

    monkeypatch.delenv("QT_XCB_GL_INTEGRATION", raising=False)
    assert choose_video_path("gpu") == "gpu"
    assert "QT_XCB_GL_INTEGRATION" not in os.environ
    assert choose_video_path("cpu") == "cpu"
    assert os.environ["QT_XCB_GL_INTEGRATION"] == "none"
    monkeypatch.setenv("QT_XCB_GL_INTEGRATION", "xcb_egl")
    assert choose_video_path("cpu") == "cpu"
    assert os.environ["QT_XCB_GL_INTEGRATION"] == "xcb_egl"


def test_an_unreadable_dri_folder_counts_as_no_render_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A /dev/dri the kiosk user may not list (OSError) means the CPU path, not a crash."""

    def refuse(self: Path, pattern: str) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "glob", refuse)
    assert not has_render_node(tmp_path)
