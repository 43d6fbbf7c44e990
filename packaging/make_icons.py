"""Draw the app icon with Qt and write packaging/kiosk.png, kiosk.ico and kiosk.icns.

    .venv/bin/python packaging/make_icons.py

The icon: a presentation screen with a play symbol over five dots (the five workstreams), white
on NHS blue. Each size is drawn on its own so small sizes stay crisp. The .ico and .icns files
hold PNG images (Windows Vista and later, macOS 10.7 and later read those); building them by
hand needs neither Pillow nor macOS's iconutil.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath

HERE = Path(__file__).resolve().parent
BLUE = QColor("#005EB8")
WHITE = QColor("#FFFFFF")
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {
    16: b"icp4",
    32: b"icp5",
    64: b"icp6",
    128: b"ic07",
    256: b"ic08",
    512: b"ic09",
    1024: b"ic10",
}


def draw(size: int) -> QImage:
    """The icon at ``size`` x ``size`` pixels, on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 100, size / 100)  # draw on a 100 x 100 grid
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BLUE)
    painter.drawRoundedRect(QRectF(2, 2, 96, 96), 20, 20)
    painter.setBrush(WHITE)
    painter.drawRoundedRect(QRectF(16, 18, 68, 46), 7, 7)  # the screen
    play = QPainterPath(QPointF(43, 30))
    play.lineTo(61, 41)
    play.lineTo(43, 52)
    play.closeSubpath()
    painter.fillPath(play, BLUE)
    if size >= 32:  # five dots, one per workstream; too small to read below 32 pixels
        for index in range(5):
            painter.drawEllipse(QPointF(26 + index * 12, 79), 4.5, 4.5)
    else:
        painter.drawRoundedRect(QRectF(20, 74, 60, 10), 5, 5)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stubs want bytes
        raise OSError("could not encode PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """A Windows .ico file holding PNG images."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """A macOS .icns file holding PNG images."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(data)) + data
        for size, data in sorted(images.items())
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    sizes = sorted(set(ICO_SIZES) | set(ICNS_TYPES))
    images = {size: png_bytes(draw(size)) for size in sizes}
    (HERE / "kiosk.png").write_bytes(images[512])
    (HERE / "kiosk.ico").write_bytes(ico({size: images[size] for size in ICO_SIZES}))
    (HERE / "kiosk.icns").write_bytes(icns({size: images[size] for size in ICNS_TYPES}))
    for name in ("kiosk.png", "kiosk.ico", "kiosk.icns"):
        print(HERE / name)  # noqa: T201 (a script reports what it wrote)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
