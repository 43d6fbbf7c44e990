"""Which way video frames reach the screen (``--video-path``), per platform. Qt-free.

Without a GPU driver Qt renders video through software OpenGL at about three times
Chromium's CPU cost; with its GL integration off (``cpu``) it converts frames on the CPU
and beats Chromium (bench/README.md). Only Linux's xcb platform offers that switch, so
``cpu`` changes nothing elsewhere.
"""

from __future__ import annotations

import sys
from pathlib import Path

DRI_DIR = Path("/dev/dri")
"""Where Linux lists its GPU devices; a ``renderD*`` node there means a working driver."""

VIDEO_PATHS = ("auto", "gpu", "cpu")


def has_render_node(dri_dir: Path = DRI_DIR) -> bool:
    """True when ``dri_dir`` holds a DRI render node (``renderD128`` ...)."""
    try:
        return any(dri_dir.glob("renderD*"))
    except OSError:
        return False


def resolve_video_path(
    requested: str, platform: str = sys.platform, dri_dir: Path = DRI_DIR
) -> str:
    """``"gpu"`` or ``"cpu"`` for ``requested`` (``"auto"``, ``"gpu"`` or ``"cpu"``).

    ``auto`` is ``cpu`` on Linux when ``dri_dir`` has no render node, else ``gpu``.
    """
    if requested not in VIDEO_PATHS:
        raise ValueError(f"unknown video path {requested!r}; expected one of {VIDEO_PATHS}")
    if requested != "auto":
        return requested
    if platform.startswith("linux") and not has_render_node(dri_dir):
        return "cpu"
    return "gpu"


def video_path_environment(path: str, platform: str = sys.platform) -> dict[str, str]:
    """Environment variables that select ``path`` (``"gpu"`` or ``"cpu"``) on ``platform``.

    Set them before the QApplication exists. ``cpu`` on Linux turns off Qt's xcb GL
    integration (``QT_XCB_GL_INTEGRATION=none``); everything else needs none.
    """
    if path == "cpu" and platform.startswith("linux"):
        return {"QT_XCB_GL_INTEGRATION": "none"}
    return {}
