"""Pictures that will not draw as designed are reported before the event: each kind of SVG
feature Qt's renderer drops or draws wrong gives a located warning naming the element
(kiosk.content.svg_features), Illustrator's internal DOCTYPE entities are accepted and
drawn, external entities and entity bombs stay refused, and self-test tells the same story.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from pytestqt.qtbot import QtBot

from kiosk.content import load_content
from kiosk.content.assets import svg_problem
from kiosk.content.svg_features import file_warnings, svg_warnings
from kiosk.selftest import _check_picture
from tests.conftest import REPO_ROOT
from tests.support.show import copy_content

DATA = Path(__file__).parent / "data" / "svg"
HEAD = (
    "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'\n"
    "     width='100' height='100' viewBox='0 0 100 100'>\n"
    "<rect width='100' height='100' fill='#FFFFFF'/>\n"
)


def document(body: str) -> bytes:
    return (HEAD + body + "\n</svg>\n").encode()


# (id, body, the element warned about: its tag as the message names it)
KINDS = [
    ("text-on-a-path", "<defs><path id='p' d='M10 80 Q50 10 90 80'/></defs>\n"
     "<text><textPath xlink:href='#p'>Hello</textPath></text>", "<textPath"),
    ("drop-shadow", "<filter id='f'>\n<feDropShadow dx='4' dy='4'/></filter>\n"
     "<rect width='9' height='9' filter='url(#f)'/>", "<feDropShadow"),
    ("css-filter-function", "<rect width='9' height='9' style='filter: drop-shadow(2px 2px 0)'/>",
     "<rect width='9'"),
    ("clip-bounding-box-units", "<clipPath id='c' clipPathUnits='objectBoundingBox'>\n"
     "<rect width='0.5' height='1'/></clipPath>\n<rect width='60' height='60' "
     "clip-path='url(#c)'/>", "<clipPath"),
    ("clip-path-transform", "<clipPath id='c' transform='translate(30 0)'>\n"
     "<rect width='50' height='100'/></clipPath>\n<rect width='100' height='100' "
     "clip-path='url(#c)'/>", "<clipPath"),
    ("clip-child-transform", "<clipPath id='c'>\n<rect width='50' height='100' "
     "transform='translate(30 0)'/></clipPath>", "<rect width='50' height='100' t"),
    ("clipped-element-transform", "<clipPath id='c'><rect width='50' height='100'/></clipPath>\n"
     "<rect transform='scale(2)' width='50' height='50' clip-path='url(#c)'/>", "<rect transform"),
    ("alpha-mask", "<mask id='m' style='mask-type:alpha'>\n<rect width='50' height='100'/></mask>",
     "<mask"),
    ("symbol-viewbox", "<symbol id='s' viewBox='0 0 10 10'>\n<rect width='10' height='10'/>"
     "</symbol>\n<use xlink:href='#s' width='50' height='50'/>", "<symbol"),
    ("gradient-user-space-default", "<linearGradient id='g' gradientUnits='userSpaceOnUse'>\n"
     "<stop offset='0' stop-color='#FF0000'/><stop offset='1' stop-color='#000000'/>"
     "</linearGradient>\n<rect width='100' height='100' fill='url(#g)'/>", "<linearGradient"),
    ("gradient-user-space-inherited", "<linearGradient id='a'><stop offset='0' "
     "stop-color='#FF0000'/></linearGradient>\n<radialGradient id='g' xlink:href='#a' "
     "gradientUnits='userSpaceOnUse' cx='50' cy='50'/>", "<radialGradient"),
    ("gradient-svg2-href", "<linearGradient id='a'><stop offset='0' stop-color='#FF0000'/>"
     "</linearGradient>\n<linearGradient id='g' href='#a'/>", "<linearGradient id='g'"),
    ("mix-blend-mode", "<rect width='60' height='100' fill='#FF0000'/>\n<rect x='40' width='60' "
     "height='100' fill='#00FF00' style='mix-blend-mode:multiply'/>", "<rect x='40'"),
    ("marker-default-size", "<marker id='m' refX='0' refY='0'>\n<path d='M0 0L3 1.5L0 3z'/>"
     "</marker>\n<line x2='50' stroke='#000000' marker-end='url(#m)'/>", "<marker"),
    ("superscript-baseline-shift", "<text x='10' y='60'>x\n<tspan baseline-shift='super'>2"
     "</tspan></text>", "<tspan"),
    ("subscript-dy", "<text x='10' y='60'>H\n<tspan dy='5'>2</tspan>O</text>", "<tspan"),
    ("tspan-lines", "<text>\n<tspan x='10' y='20'>one</tspan></text>", "<tspan"),
    ("text-x-list", "<text x='10 40 70' y='60'>abc</text>", "<text x"),
    ("letter-spacing", "<text x='10' y='60' letter-spacing='10'>abc</text>", "<text x"),
    ("nested-svg", "<g>\n<svg x='20' y='20' width='50' height='50' viewBox='0 0 10 10'>"
     "<rect width='10' height='10'/></svg></g>", "<svg x="),
    ("foreign-object", "<foreignObject width='100' height='100'>\n<div "
     "xmlns='http://www.w3.org/1999/xhtml'>hi</div></foreignObject>", "<foreignObject"),
    ("css-pseudo-class", "<style>rect:nth-child(2) {fill: red}</style>", "<style"),
    ("css-media", "<style>\n@media screen { rect {fill: red} }</style>", "<style"),
    ("css-custom-property", "<style>:root {--c: red} rect {fill: var(--c)}</style>", "<style"),
    ("css-sibling", "<style>rect + rect {fill: red}</style>", "<style"),
    ("css-attribute-presence", "<style>rect[data-x] {fill: red}</style>", "<style"),
    ("rgba-colour", "<rect width='9' height='9' fill='rgba(255, 0, 0, 0.5)'/>", "<rect width='9'"),
    ("hsl-colour-in-style", "<rect width='9' height='9' style='fill: hsl(0, 100%, 50%)'/>",
     "<rect width='9'"),
    ("colour-with-alpha-digits", "<rect width='9' height='9' stroke='#FF000080'/>",
     "<rect width='9'"),
    ("transform-origin", "<rect width='9' height='9' transform='rotate(9)' "
     "transform-origin='5 5'/>", "<rect width='9'"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "element"), [k[1:] for k in KINDS], ids=[k[0] for k in KINDS])
def test_each_kind_qt_draws_wrong_gives_a_located_warning(body: str, element: str) -> None:
    data = document(body)
    text = data.decode()
    assert svg_problem(data) is None
    warnings = svg_warnings(data)
    assert len(warnings) == 1, warnings
    at = text.index(element)
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    assert (warnings[0].line, warnings[0].column) == (line, column)
    tag = element.split()[0]
    assert tag in warnings[0].message or tag + ">" in warnings[0].message


DRAWN_RIGHT = [
    ("mask", "<mask id='m'><rect width='50' height='100' fill='#FFFFFF'/></mask>\n"
     "<rect width='100' height='100' mask='url(#m)'/>"),
    ("nested-mask", "<mask id='m2'><rect width='100' height='50' fill='#FFFFFF'/></mask>\n"
     "<mask id='m'><rect width='50' height='100' fill='#FFFFFF' mask='url(#m2)'/></mask>"),
    ("marker-with-size", "<marker id='m' markerWidth='10' markerHeight='10'><rect width='9' "
     "height='9'/></marker><line x2='50' stroke='#000000' marker-end='url(#m)'/>"),
    ("pattern", "<pattern id='p' width='20' height='20' patternUnits='userSpaceOnUse'>"
     "<rect width='10' height='20'/></pattern><rect width='100' height='100' fill='url(#p)'/>"),
    ("blur-offset-merge", "<filter id='f'><feGaussianBlur stdDeviation='3'/><feOffset dx='2'/>"
     "<feFlood flood-color='#FF0000'/><feMerge><feMergeNode/></feMerge></filter>"),
    ("isolation", "<g style='isolation: isolate'><rect width='9' height='9'/></g>"),
    ("gradient-with-coordinates", "<linearGradient id='g' gradientUnits='userSpaceOnUse' "
     "x1='0' x2='100'><stop offset='0' stop-color='#FF0000'/></linearGradient>"
     "<linearGradient id='h' xlink:href='#g'/><rect width='9' height='9' fill='url(#h)'/>"),
    ("simple-css", "<style>.a, g > rect, #b, rect[id=c] {fill: #FF0000}</style>"),
    ("symbol-without-viewbox", "<symbol id='s'><rect width='9' height='9'/></symbol>"
     "<use xlink:href='#s'/>"),
    ("clip-on-a-moved-group", "<clipPath id='c'><rect width='50' height='100'/></clipPath>"
     "<g transform='translate(30 0)'><rect width='99' height='99' clip-path='url(#c)'/></g>"),
    ("text", "<text x='10' y='60' text-anchor='middle'>x<tspan fill='#FF0000'>y</tspan></text>"),
]  # fmt: skip


@pytest.mark.parametrize("body", [k[1] for k in DRAWN_RIGHT], ids=[k[0] for k in DRAWN_RIGHT])
def test_what_qt_draws_right_gives_no_warning(body: str) -> None:
    assert svg_warnings(document(body)) == []


@pytest.mark.parametrize(
    "path",
    sorted((REPO_ROOT / "assets").glob("*.svg")) + sorted((REPO_ROOT / "assets").glob("*/*.svg")),
    ids=lambda path: path.name,
)
def test_the_bundled_pictures_give_no_warnings(path: Path) -> None:
    assert svg_problem(path.read_bytes()) is None
    assert file_warnings(path) == []


def test_validate_names_the_svg_file_line_and_element(tmp_path: Path) -> None:
    folder = copy_content(tmp_path / "content")
    picture = folder / "assets" / "summary-visual.svg"
    text = picture.read_text(encoding="utf-8").replace(
        "</svg>", "<text x='9' y='9'>x<tspan dy='-5'>2</tspan></text>\n</svg>"
    )
    picture.write_text(text, encoding="utf-8")
    line = text.count("\n", 0, text.index("<tspan")) + 1
    warnings = [str(w) for w in load_content(folder / "content.yaml").warnings if "svg" in str(w)]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{folder / 'assets' / 'summary-visual.svg'}:{line}:")
    assert ": warning: slides[" in warnings[0]
    assert "<tspan> is positioned with dy" in warnings[0]
    assert "export it as PNG at 3840 px wide" in warnings[0]


# --- entities -------------------------------------------------------------------------------
def test_illustrator_internal_entities_validate_and_draw(qtbot: QtBot) -> None:
    path = DATA / "illustrator-entities.svg"
    assert svg_problem(path.read_bytes(), path.parent) is None
    assert file_warnings(path) == []
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    image = QImage(100, 100, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.black)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert image.pixel(25, 50) & 0xFFFFFF == 0xFF0000  # its fill comes from an entity
    assert image.pixel(75, 50) & 0xFFFFFF == 0x00FF00


def bomb() -> bytes:
    entities = "<!ENTITY l0 'lol'>" + "".join(
        f"<!ENTITY l{i} '{f'&l{i - 1};' * 10}'>" for i in range(1, 10)
    )
    return f"<!DOCTYPE svg [{entities}]>".encode() + document("<text>&l9;</text>")


REFUSED = [
    pytest.param(bomb(), "the XML entity 'l1', which holds markup or refers to", id="laughs"),
    pytest.param(
        b"<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>" + document("<text>&x;</text>"),
        "declares the external XML entity 'x'",
        id="system",
    ),
    pytest.param(
        b"<!DOCTYPE svg [<!ENTITY x PUBLIC '-//A//B' 'http://198.51.100.7/x'>]>"
        + document("<text>&x;</text>"),
        "declares the external XML entity 'x'",
        id="public",
    ),
    pytest.param(
        b"<!DOCTYPE svg [<!ENTITY % p SYSTEM 'http://198.51.100.7/x.dtd'> %p;]>" + document(""),
        "declares the XML parameter entity 'p'",
        id="parameter",
    ),
    pytest.param(
        b"<!DOCTYPE svg [<!ENTITY x '" + b"a" * 2000 + b"'>]>" + document("<text>&x;</text>"),
        "longer than 1024 characters",
        id="long",
    ),
    pytest.param(
        b"<!DOCTYPE svg [<!ENTITY x '"
        + b"a" * 1000
        + b"'>]>"
        + document("<text>" + "&x;" * 1100 + "</text>"),
        "expand to more than 1024 KiB",
        id="many-uses",
    ),
]


@pytest.mark.parametrize(("data", "phrase"), REFUSED)
def test_external_entities_and_entity_bombs_are_refused(data: bytes, phrase: str) -> None:
    problem = svg_problem(data)
    assert problem is not None
    assert phrase in problem
    assert "re-export the picture without a DOCTYPE" in problem


# --- self-test ------------------------------------------------------------------------------
def test_self_test_reports_a_refused_picture_as_refused(qapp: object, tmp_path: Path) -> None:
    path = tmp_path / "picture.svg"
    path.write_bytes(bomb())
    result = _check_picture(path, tmp_path)
    assert not result.ok
    assert result.detail.startswith("picture.svg: refused: it declares the XML entity 'l1'")


def test_self_test_lists_the_warnings_of_a_picture_that_draws(qapp: object, tmp_path: Path) -> None:
    path = tmp_path / "picture.svg"
    path.write_bytes(document("<rect width='50' height='50' fill='#FF0000'/>\n<foreignObject/>"))
    result = _check_picture(path, tmp_path)
    assert result.ok
    assert "draws, but not as designed (1 warning)" in result.detail
    assert "warning: line 5, column 1: <foreignObject>" in result.detail
