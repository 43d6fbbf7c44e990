"""Draw docs/design.md's pictures into docs/design/: the type scale, and the grid laid over
the audience window (header, slide and navigation bar) in landscape and portrait; and one
contact sheet per screen size (every slide) into docs/screenshots/sizes/.

Offscreen, from the app's own views and ``kiosk.ui.style``, so the pictures show the design
system as the code has it:

    .venv/bin/python tools/design_pictures.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from kiosk.content import load_content
from kiosk.resources import bundled_content_path
from kiosk.ui.app import create_application
from kiosk.ui.style import SPACE, TYPE_SCALE, Style

OUT = Path(__file__).resolve().parent.parent / "docs" / "design"
SHEETS = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "sizes"
SIZES = [(1280, 720), (1920, 1080), (1024, 768), (800, 480), (1080, 1920), (2560, 1080)]
"""The screen sizes the design is checked at (tests/test_design.py uses the same six)."""
GUIDE = QColor(213, 40, 27)  # NHS Red: guides only, never on a slide


def type_scale(style: Style, path: Path) -> None:
    """Each role at its 1080p size, with its sizes at 1080p and at 800x480."""
    small = Style(style.content, style.language)
    small.resize(800, 480)
    image = QImage(1600, 900, QImage.Format.Format_RGB32)
    image.fill(style.colour("background"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    y = 60
    for role, (design, _floor, _bold) in TYPE_SCALE.items():
        font = style.font(role)
        painter.setFont(font)
        painter.setPen(style.colour("accent" if role in ("display", "title") else "text"))
        line = style.line_px(role)
        sample = (
            "Our Priorities" if role in ("display", "title") else "Fair health and care for all"
        )
        row = max(line, 72)
        painter.drawText(QRect(560, y, 1040, row), int(Qt.AlignmentFlag.AlignVCenter), sample)
        label = QFont(style.content.theme.font)
        label.setPixelSize(24)
        painter.setFont(label)
        painter.setPen(style.colour("muted_text"))
        words = f"{role}\n{design:g} px at 1080p · {small.font_px(role)} px at 800x480"
        painter.drawText(QRect(40, y, 500, row), int(Qt.AlignmentFlag.AlignVCenter), words)
        y += row + 24
    painter.end()
    image.save(str(path))


def grid(content_path: Path, width: int, height: int, index: int, path: Path) -> None:
    """The window at ``width`` x ``height`` on slide ``index``, with the grid drawn over it:
    the margins (red lines), the text column and the spacing tokens."""
    from kiosk.ui.show.window import MainWindow

    window = MainWindow(load_content(content_path))
    window.resize(width, height)
    window.show()
    window.go_to(index)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QCoreApplication.sendPostedEvents()
    shot = window.grab().toImage()
    style = window.style_
    band = max(48, style.px(64))
    image = QImage(width, height + band, QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.drawImage(0, 0, shot)
    pen = QPen(GUIDE, 2, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    margin = style.margin()
    painter.drawLine(margin, 0, margin, height)
    painter.drawLine(width - margin, 0, width - margin, height)
    view = window.current_view
    for name in ("title_label", "lead_label", "body_label", "icon"):
        widget = getattr(view, name, None)
        if widget is not None and widget.isVisible():
            top_left = widget.mapTo(window, QPoint(0, 0))
            painter.drawRect(QRect(top_left, widget.size()))
    label = QFont(style.content.theme.font)
    label.setPixelSize(max(14, style.px(22)))
    painter.setFont(label)
    painter.setPen(GUIDE)
    painter.drawText(
        QRect(margin, height, width - margin, band),
        int(Qt.AlignmentFlag.AlignVCenter),
        f"margin {margin} px · measure {style.measure('body')} px · "
        f"title {style.font_px('title')} / lead {style.font_px('lead')} / "
        f"body {style.font_px('body')} px · min target {style.min_target_px()} px",
    )
    painter.end()
    image.save(str(path))
    window.close()


def contact_sheet(content_path: Path, width: int, height: int, path: Path) -> None:
    """Every slide at ``width`` x ``height`` (as ``kiosk render`` draws them), three a row,
    each shown at most 640 pixels on its long side."""
    from PySide6.QtCore import QSize

    from kiosk.ui.render.pictures import SlideRenderer

    content = load_content(content_path)
    renderer = SlideRenderer(content, QSize(width, height), cache_size=0)
    scale = 640 / max(width, height)
    cell_w, cell_h, gap = round(width * scale), round(height * scale), 16
    count = len(content.slides)
    rows = (count + 2) // 3
    sheet = QImage(
        3 * cell_w + 4 * gap, rows * cell_h + (rows + 1) * gap, QImage.Format.Format_RGB32
    )
    sheet.fill(QColor("#D8DDE0"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    for index in range(count):
        picture = renderer.image(index, QSize(width, height))
        x = gap + (index % 3) * (cell_w + gap)
        y = gap + (index // 3) * (cell_h + gap)
        painter.drawImage(QRect(x, y, cell_w, cell_h), picture)
    painter.end()
    renderer.close()
    sheet.save(str(path))


def main() -> int:
    content_path = bundled_content_path()
    content = load_content(content_path)
    create_application(sys.argv[:1], content.theme.font)
    OUT.mkdir(parents=True, exist_ok=True)
    style = Style(content, content.presentation.language)
    style.resize(1920, 1080)
    type_scale(style, OUT / "type-scale.png")
    grid(content_path, 1920, 1080, 4, OUT / "grid-landscape.png")
    grid(content_path, 1080, 1920, 4, OUT / "grid-portrait.png")
    grid(content_path, 2560, 1080, 0, OUT / "grid-wide-intro.png")
    SHEETS.mkdir(parents=True, exist_ok=True)
    for width, height in SIZES:
        contact_sheet(content_path, width, height, SHEETS / f"{width}x{height}.png")
    tokens = ", ".join(f"{name}={value:g}" for name, value in SPACE.items())
    print(f"wrote {OUT} and {SHEETS} (spacing tokens: {tokens})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
