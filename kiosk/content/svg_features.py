"""Qt-free warnings for SVG features that Qt's renderer (QtSvg: SVG Tiny 1.2 and some
extensions) drops or draws differently, each located by line and column.

Every kind here was checked against QtSvg 6.11 by drawing a small SVG offscreen beside the
same picture made of what Qt draws right (masks, markers with a size, patterns, the filter
primitives QtSvg implements and simple CSS selectors draw right, so they are not warned).
Call :func:`svg_warnings` only on a document :func:`kiosk.content.assets.svg_problem`
accepts: it parses with the same safeguards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from kiosk.content.assets import MAX_SVG_BYTES, svg_problem

_NS = " "
_XLINK = "http://www.w3.org/1999/xlink"
AS_PNG = "export it as PNG at 3840 px wide and use that file"
"""What the author can do: a raster draws exactly as designed."""

UNSUPPORTED_FILTERS = frozenset(
    {
        "feDropShadow", "feTurbulence", "feMorphology", "feComponentTransfer", "feImage",
        "feDiffuseLighting", "feSpecularLighting", "feConvolveMatrix", "feDisplacementMap",
        "feTile",
    }
)  # fmt: skip
"""Filter primitives QtSvg does not implement: the whole filter is then left out."""
_TEXT_POSITION = ("dx", "dy", "rotate", "baseline-shift")
_TEXT_SPACING = ("letter-spacing", "word-spacing", "dominant-baseline", "alignment-baseline")
_COLOUR_PROPERTIES = ("fill", "stroke", "stop-color", "flood-color", "color")
_QT_COLOUR_ERROR = re.compile(r"^\s*(rgba|hsla?)\s*\(|^\s*#([0-9a-f]{4}|[0-9a-f]{8})\s*$", re.I)
_GRADIENT_DEFAULTS = {
    "linearGradient": {"x1": "0", "y1": "0", "x2": "100%", "y2": "0"},
    "radialGradient": {"cx": "50%", "cy": "50%", "r": "50%"},
}


@dataclass(frozen=True)
class SvgWarning:
    """An SVG feature that will not draw as designed, at ``line``:``column`` (from 1)."""

    line: int
    column: int
    message: str


@dataclass
class _Element:
    name: str
    attributes: dict[str, str]
    line: int
    column: int


@dataclass
class _Scan:
    warnings: list[SvgWarning] = field(default_factory=list)
    gradients: dict[str, _Element] = field(default_factory=dict)
    symbols: dict[str, _Element] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    depth: int = 0
    clip_depth: int | None = None
    style_at: tuple[int, int] | None = None
    style_text: list[str] = field(default_factory=list)

    def warn(self, element: _Element, message: str) -> None:
        self.warnings.append(SvgWarning(element.line, element.column, message))


def _style(attributes: dict[str, str]) -> dict[str, str]:
    """The presentation attributes and the ``style`` declarations of an element."""
    found = dict(attributes)
    for declaration in attributes.get("style", "").split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            found[name.strip().lower()] = value.strip()
    return found


def file_warnings(path: Path) -> list[SvgWarning]:
    """:func:`svg_warnings` for the file at ``path`` if it is an SVG the app accepts, else
    none. Raises ``OSError`` if it cannot be read."""
    if path.suffix.lower() != ".svg":
        return []
    with path.open("rb") as stream:
        data = stream.read(MAX_SVG_BYTES + 1)
    return svg_warnings(data) if svg_problem(data) is None else []


def svg_warnings(data: bytes) -> list[SvgWarning]:
    """A located warning for each feature in the SVG document ``data`` that Qt draws wrong,
    in the document's order (gradients and symbols, resolved at the end, last)."""
    scan = _Scan()
    parser = expat.ParserCreate(namespace_separator=_NS)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(_NS, 1)[-1]
        plain = {key.rsplit(_NS, 1)[-1] if key.startswith(_XLINK) else key: value
                 for key, value in attributes.items()}  # fmt: skip
        plain["@xlink"] = "yes" if any(key.startswith(_XLINK) for key in attributes) else ""
        element = _Element(local, plain, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        _check_element(scan, element)
        scan.depth += 1

    def end(name: str) -> None:
        scan.depth -= 1
        if scan.clip_depth == scan.depth:
            scan.clip_depth = None
        if scan.style_at is not None and name.rsplit(_NS, 1)[-1] == "style":
            _check_css(scan, "".join(scan.style_text), scan.style_at)
            scan.style_at = None

    def text(content: str) -> None:
        if scan.style_at is not None:
            scan.style_text.append(content)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.Parse(data, True)
    _check_gradients(scan)
    for ident, symbol in scan.symbols.items():
        if ident in scan.used:
            scan.warn(
                symbol,
                "<symbol> with a viewBox: Qt ignores its viewBox, so each <use> of it is "
                f"drawn at the wrong size; give the shapes their final size, or {AS_PNG}",
            )
    return scan.warnings


def _check_element(scan: _Scan, element: _Element) -> None:
    """The warnings one element gives as it starts."""
    name, attributes = element.name, element.attributes
    style = _style(attributes)
    simple = _SIMPLE_KINDS.get(name)
    if simple:
        scan.warn(element, simple)
    if name == "svg" and scan.depth > 0:
        scan.warn(element, f"a nested <svg> is not drawn at all by Qt; {AS_PNG}")
    if name in UNSUPPORTED_FILTERS:
        scan.warn(element, f"<{name}> is not drawn by Qt (the whole filter is left out); {AS_PNG}")
    if "(" in style.get("filter", "") and not style["filter"].strip().startswith("url("):
        scan.warn(element, f"<{name}> has a CSS filter function ({style['filter']}) that Qt "
                  f"ignores; {AS_PNG}")  # fmt: skip
    if style.get("mix-blend-mode", "normal") != "normal":
        scan.warn(element, f"<{name}> has mix-blend-mode: {style['mix-blend-mode']}, which Qt "
                  f"ignores (it draws the colours unblended); {AS_PNG}")  # fmt: skip
    if style.get("mask-type") == "alpha":
        scan.warn(element, f"<{name}> is an alpha mask (mask-type: alpha), which Qt draws as "
                  f"a luminance mask; use a white mask shape, or {AS_PNG}")  # fmt: skip
    if "transform-origin" in style:
        scan.warn(element, f"<{name}> has transform-origin, which Qt ignores; put the origin "
                  f"in its transform, or {AS_PNG}")  # fmt: skip
    _check_clip(scan, element, style)
    _check_text(scan, element, style)
    _check_colours(scan, element, style)
    _collect(scan, element)


_SIMPLE_KINDS = {
    "textPath": f"<textPath>: Qt does not draw text on a path at all; {AS_PNG}",
    "foreignObject": f"<foreignObject> (HTML inside SVG) is not drawn by Qt; {AS_PNG}",
}


def _check_clip(scan: _Scan, element: _Element, style: dict[str, str]) -> None:
    name, attributes = element.name, element.attributes
    fix = f"apply the transform to the shapes' coordinates, or {AS_PNG}"
    if name == "clipPath":
        scan.clip_depth = scan.depth
        if attributes.get("clipPathUnits") == "objectBoundingBox":
            scan.warn(element, "<clipPath clipPathUnits=\"objectBoundingBox\">: Qt ignores the "
                      f"units, so the clip is in the wrong place; {AS_PNG}")  # fmt: skip
        elif "transform" in attributes:
            scan.warn(element, f"<clipPath> with a transform: Qt ignores it; {fix}")
    elif scan.clip_depth is not None and "transform" in attributes:
        scan.warn(element, f"<{name}> inside a <clipPath> has a transform Qt ignores; {fix}")
    if "transform" in attributes and style.get("clip-path", "none") != "none":
        scan.warn(element, f"<{name}> has both a transform and a clip-path: Qt does not move "
                  "the clip with the shape; put the clip-path on a parent <g>, or "
                  f"{AS_PNG}")  # fmt: skip


def _check_text(scan: _Scan, element: _Element, style: dict[str, str]) -> None:
    name, attributes = element.name, element.attributes
    if name not in ("text", "tspan"):
        return
    moved = [key for key in _TEXT_POSITION if key in style]
    if name == "tspan":
        moved += [key for key in ("x", "y") if key in attributes]
    moved += [
        key for key in ("x", "y") if len(attributes.get(key, "").replace(",", " ").split()) > 1
    ]
    if moved:
        scan.warn(element, f"<{name}> is positioned with {', '.join(sorted(set(moved)))}, which "
                  "Qt ignores (superscripts, subscripts and moved lines are drawn flat on "
                  f"one line); use a separate <text> for each piece, or {AS_PNG}")  # fmt: skip
    spaced = [key for key in _TEXT_SPACING if key in style]
    if spaced:
        scan.warn(element, f"<{name}> uses {', '.join(spaced)}, which Qt ignores; convert "
                  f"the text to outlines, or {AS_PNG}")  # fmt: skip


def _check_colours(scan: _Scan, element: _Element, style: dict[str, str]) -> None:
    for key in _COLOUR_PROPERTIES:
        value = style.get(key, "")
        if _QT_COLOUR_ERROR.search(value):
            scan.warn(element, f"<{element.name}> {key}: {value.strip()} is drawn black by Qt; "
                      "write the colour as #RRGGBB with a separate "
                      f"{'stop-opacity' if key == 'stop-color' else key + '-opacity'}")  # fmt: skip


def _collect(scan: _Scan, element: _Element) -> None:
    """Remember what is resolved at the end: gradients, symbols and what <use> refers to."""
    name, attributes = element.name, element.attributes
    ident = attributes.get("id")
    if name in _GRADIENT_DEFAULTS and ident:
        scan.gradients[ident] = element
    if name == "symbol" and ident and "viewBox" in attributes:
        scan.symbols[ident] = element
    if name == "use":
        scan.used.add(attributes.get("href", "").lstrip("#"))
    if name == "marker" and not {"markerWidth", "markerHeight"} <= attributes.keys():
        scan.warn(element, "<marker> without markerWidth and markerHeight: Qt draws it too "
                  "small; give both (e.g. markerWidth=\"10\" markerHeight=\"10\"), or "
                  f"{AS_PNG}")  # fmt: skip
    if name == "style":
        scan.style_at, scan.style_text = (element.line, element.column), []


def _check_gradients(scan: _Scan) -> None:
    """A gradient Qt paints one flat colour (or not at all): user-space units with a
    coordinate left to its percentage default, or inherited through an SVG 2 ``href``."""
    for element in scan.gradients.values():
        attributes = dict(element.attributes)
        if "href" in attributes and not attributes["@xlink"]:
            scan.warn(element, f"<{element.name}> refers to its colours with href; Qt follows "
                      "only xlink:href, so the shape is not painted; write xlink:href")  # fmt: skip
            continue
        seen = {id(element)}
        parent = scan.gradients.get(attributes.get("href", "").lstrip("#"))
        while parent is not None and id(parent) not in seen:
            seen.add(id(parent))
            attributes = {**parent.attributes, **attributes}
            parent = scan.gradients.get(parent.attributes.get("href", "").lstrip("#"))
        if attributes.get("gradientUnits") != "userSpaceOnUse":
            continue
        defaults = _GRADIENT_DEFAULTS[element.name]
        missing = [k for k, v in defaults.items() if attributes.get(k, v).strip().endswith("%")
                   and attributes.get(k, v).strip() not in ("0%", "-0%")]  # fmt: skip
        if missing:
            scan.warn(element, f"<{element.name} gradientUnits=\"userSpaceOnUse\"> with "
                      f"{', '.join(missing)} left as a percentage: Qt paints it one flat colour "
                      "(often black); give those coordinates in user units")  # fmt: skip


_SELECTOR_QT_IGNORES = re.compile(r":|\+|~|\[[^=\]]*\]")


def _check_css(scan: _Scan, css: str, at: tuple[int, int]) -> None:
    """A ``<style>`` sheet: rules Qt ignores (at-rules, pseudo-classes, sibling combinators,
    attribute-presence selectors, custom properties, ``!important``)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    ignored: list[str] = []
    for selector, body in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
        selector = selector.strip()
        if selector.startswith("@") or _SELECTOR_QT_IGNORES.search(selector):
            ignored.append(selector)
        elif "var(" in body or "!important" in body:
            ignored.append(f"{selector} {{{body.strip()}}}")
    if "@" in css:
        ignored += [rule.strip() for rule in re.findall(r"@[a-z-]+[^{;]*", css)]
    if ignored:
        shown = "; ".join(dict.fromkeys(ignored))
        shown = shown if len(shown) <= 120 else shown[:117] + "..."
        scan.warnings.append(SvgWarning(*at, f"<style> has CSS Qt ignores ({shown}); export "
                             "with presentation attributes instead of CSS, or "
                             f"{AS_PNG}"))  # fmt: skip
