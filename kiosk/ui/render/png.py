"""``kiosk render``: every slide to a PNG, without a window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize

from kiosk.content import Content
from kiosk.ui.render.pictures import SlideRenderer


def slide_file_name(index: int, slide_id: str) -> str:
    """``01-intro.png`` for the first slide, ``index`` counting from 0."""
    return f"{index + 1:02}-{slide_id}.png"


def render_slides(
    content: Content, out_dir: Path, width: int, height: int, language: str | None = None
) -> list[Path]:
    """Write one ``width`` x ``height`` pixel PNG per slide into ``out_dir``, in ``language``
    (default: the content's); return paths.

    The pictures are the slides as the audience sees them, without the window's header and
    navigation bar; the video slide shows its poster. Needs a QApplication (the offscreen
    platform works).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    size = QSize(width, height)
    renderer = SlideRenderer(content, size, cache_size=0, language=language)
    written = []
    try:
        for index, slide in enumerate(content.slides):
            target = out_dir / slide_file_name(index, slide.id)
            if not renderer.image(index, size).save(str(target)):  # PNG, from the name
                raise OSError(f"could not write {target}")
            written.append(target)
    finally:
        renderer.close()
    return written
