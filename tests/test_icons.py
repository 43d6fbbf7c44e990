"""The workstream icons in assets/icons/: one per workstream slide, plain SVG Tiny 1.2 in NHS Blue.

The explainer video (tools/make_video.py) draws them, and the slides and the summary visual
may show them from 48 to 400 pixels, so each one must render with QtSvg and use only plain
shapes in the one colour.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from kiosk.content import Content, WorkstreamSlide

ICONS = Path(__file__).resolve().parent.parent / "assets" / "icons"
SVG = "{http://www.w3.org/2000/svg}"
SHAPES = {"circle", "ellipse", "line", "path", "polygon", "polyline", "rect"}
ALLOWED = SHAPES | {"svg", "title", "desc", "g"}
NHS_BLUE = "#005EB8"


def workstream_ids(content: Content) -> list[str]:
    return [slide.id for slide in content.slides if isinstance(slide, WorkstreamSlide)]


def test_one_icon_per_workstream_and_no_other(content: Content) -> None:
    ids = workstream_ids(content)
    assert len(ids) == 5
    assert sorted(path.stem for path in ICONS.glob("*.svg")) == sorted(ids)


@pytest.mark.parametrize("name", sorted(path.name for path in ICONS.glob("*.svg")))
def test_icon_is_plain_svg_tiny_in_nhs_blue(name: str) -> None:
    root = ET.parse(ICONS / name).getroot()
    assert root.tag == f"{SVG}svg"
    assert (root.get("version"), root.get("baseProfile")) == ("1.2", "tiny")
    assert root.get("viewBox") == "0 0 120 120"
    shapes = 0
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag in ALLOWED, f"{name}: <{tag}> is not a plain shape"
        assert not {"style", "class"} & set(element.attrib), f"{name}: CSS"
        for key in ("fill", "stroke"):
            assert element.get(key) in (None, "none", NHS_BLUE), f"{name}: {key}"
        shapes += tag in SHAPES
    assert shapes >= 3, f"{name} draws almost nothing"


@pytest.mark.parametrize("name", sorted(path.name for path in ICONS.glob("*.svg")))
@pytest.mark.parametrize("pixels", [64, 400])
def test_icon_renders_inside_its_box(qapp: object, name: str, pixels: int) -> None:
    renderer = QSvgRenderer(str(ICONS / name))
    assert renderer.isValid()
    margin = pixels // 8  # paint a margin around the box to catch drawing outside it
    image = QImage(pixels + 2 * margin, pixels + 2 * margin, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(margin, margin, pixels, pixels))
    painter.end()
    inked = [
        (x, y)
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    ]
    assert len(inked) > pixels * pixels // 10, f"{name} is almost empty at {pixels} px"
    xs, ys = [x for x, _ in inked], [y for _, y in inked]
    box = range(margin, margin + pixels)
    edges = (min(xs), max(xs), min(ys), max(ys))
    assert all(edge in box for edge in edges), f"{name} spills out of its box: {edges}"
