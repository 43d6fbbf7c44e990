"""Render every slide to a PNG without showing a window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt

from kiosk.content import Content
from kiosk.ui.show.window import MainWindow


def slide_file_name(index: int, slide_id: str) -> str:
    """``01-intro.png`` for the first slide, ``index`` counting from 0."""
    return f"{index + 1:02}-{slide_id}.png"


def render_slides(content: Content, out_dir: Path, width: int, height: int) -> list[Path]:
    """Write one ``width`` x ``height`` pixel PNG per slide into ``out_dir``; return paths.

    The video slide shows its poster. Needs a QApplication (the offscreen platform works).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    window = MainWindow(content, preview=True)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(width, height)
    window.show()
    written = []
    try:
        for index, slide in enumerate(content.slides):
            window.go_to(index)
            # Apply the layout changes the new slide posted, so the grab shows them.
            QCoreApplication.sendPostedEvents()
            target = out_dir / slide_file_name(index, slide.id)
            if not window.grab().save(str(target), "PNG"):
                raise OSError(f"could not write {target}")
            written.append(target)
    finally:
        window.close()
        window.deleteLater()
    return written
