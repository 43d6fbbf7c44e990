"""Write the summary visual: assets/summary-visual.svg (landscape) and
assets/summary-visual-portrait.svg, from content.yaml's workstreams and assets/icons/.

The visual alone: no heading, subtitle or footer (the slide has its own). One card per
workstream, each a group ``card-<slide id>`` that content.yaml's ``links`` make a touch
target. The icons are inlined (the app refuses external references); plain SVG Tiny 1.2.

    .venv/bin/python tools/summary_visual.py
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

PHRASES = {
    "improving-health-and-care": "fair health and care for all",
    "empowering-vulnerable-communities": "issues not commonly advocated for",
    "innovating-for-all": "digital tools used equitably",
    "creating-equitable-environments": "supporting health and care systems",
    "collaborating-globally": "sharing learning across borders",
}
"""Each workstream in a few words, from the seed's text."""
FONT = 'font-family="Noto Sans, sans-serif"'
BLUE, TEXT, MUTED, WHITE = "#005EB8", "#212B32", "#4C6272", "#FFFFFF"


def icon_shapes(path: Path) -> str:
    """The drawing inside an icon's <svg> element (no title, comments or root)."""
    text = path.read_text(encoding="utf-8")
    inner = text[text.index(">", text.index("<svg")) + 1 : text.rindex("</svg>")]
    inner = re.sub(r"<!--.*?-->", "", inner, flags=re.S)
    inner = re.sub(r"<title>.*?</title>", "", inner, flags=re.S)
    return "\n".join(line for line in inner.splitlines() if line.strip())


def wrap(words: str, limit: int) -> list[str]:
    """``words`` in lines of at most ``limit`` characters."""
    lines: list[str] = []
    for word in words.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def text(x: float, y: float, size: int, content: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{x:g}" y="{y:g}" {FONT} font-size="{size}"{extra}>{escape(content)}</text>'


def arrow(cx: float, cy: float, r: float) -> str:
    """A blue circle with a white arrow: the sign that a card can be touched."""
    s = r / 24
    return (
        f'<circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="{BLUE}"/>\n'
        f'<polyline points="{cx - 8 * s:g},{cy - 10 * s:g} {cx + 4 * s:g},{cy:g} '
        f'{cx - 8 * s:g},{cy + 10 * s:g}" fill="none" stroke="{WHITE}" '
        f'stroke-width="{5 * s:g}" stroke-linecap="round" stroke-linejoin="round"/>'
    )


def header(width: int, height: int, description: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">\n'
        "<title>The five core workstreams of the NHS Race and Health Observatory</title>\n"
        f"<desc>{escape(description)}</desc>\n"
        "<!-- Written by tools/summary_visual.py from content.yaml and assets/icons/: edit\n"
        "     those and run it again. Each card is a touch target (content.yaml links). -->\n"
    )


def landscape(slides: list[WorkstreamSlide], description: str) -> str:
    card_w, gap, card_h = 300, 25, 660
    parts = [header(5 * card_w + 4 * gap, card_h, description)]
    for index, slide in enumerate(slides):
        x = index * (card_w + gap)
        cx = x + card_w / 2
        parts.append(f'<g id="card-{slide.id}">')
        parts.append(
            f'<rect x="{x}" y="0" width="{card_w}" height="{card_h}" rx="20" fill="{WHITE}"/>'
        )
        parts.append(f'<g transform="translate({cx - 60:g},48)">\n{icon_shapes(icon(slide))}\n</g>')
        parts.append(
            text(
                cx, 236, 34, str(slide.number), font_weight="bold", fill=BLUE, text_anchor="middle"
            )
        )
        y = 292
        for line in wrap(str(slide.title), 12):
            parts.append(text(cx, y, 36, line, font_weight="bold", fill=TEXT, text_anchor="middle"))
            y += 46
        y = 458
        for line in wrap(PHRASES[slide.id], 15):
            parts.append(text(cx, y, 30, line, fill=MUTED, text_anchor="middle"))
            y += 40
        parts.append(arrow(cx, 596, 28))
        parts.append("</g>")
    parts.append("</svg>\n")
    return "\n".join(parts)


def portrait(slides: list[WorkstreamSlide], description: str) -> str:
    card_w, card_h, gap = 900, 264, 24
    parts = [header(card_w, 5 * card_h + 4 * gap, description)]
    for index, slide in enumerate(slides):
        y = index * (card_h + gap)
        parts.append(f'<g id="card-{slide.id}">')
        parts.append(
            f'<rect x="0" y="{y}" width="{card_w}" height="{card_h}" rx="20" fill="{WHITE}"/>'
        )
        parts.append(
            f'<g transform="translate(36,{y + card_h / 2 - 66:g}) scale(1.1)">\n'
            f"{icon_shapes(icon(slide))}\n</g>"
        )
        title = wrap(f"{slide.number} {slide.title}", 20)
        phrase = wrap(PHRASES[slide.id], 28)
        block = 52 * len(title) + 44 * len(phrase)
        line_y = y + (card_h - block) / 2 + 40
        for line in title:
            parts.append(text(210, line_y, 42, line, font_weight="bold", fill=TEXT))
            line_y += 52
        line_y += 4
        for line in phrase:
            parts.append(text(210, line_y, 34, line, fill=MUTED))
            line_y += 44
        parts.append(arrow(card_w - 60, y + card_h / 2, 28))
        parts.append("</g>")
    parts.append("</svg>\n")
    return "\n".join(parts)


@dataclass(frozen=True)
class WorkstreamSlide:
    """What a card shows of a workstream slide (read as plain YAML: the file's links name
    this visual's cards, so it cannot be validated before the visual is written)."""

    id: str
    number: int
    title: str
    icon: str


def icon(slide: WorkstreamSlide) -> Path:
    return ROOT / (slide.icon or f"assets/icons/{slide.id}.svg")


def main() -> None:
    data = yaml.safe_load((ROOT / "content.yaml").read_text(encoding="utf-8"))
    slides = [
        WorkstreamSlide(item["id"], item["number"], item["title"], item.get("icon", ""))
        for item in data["slides"]
        if item["kind"] == "workstream"
    ]
    description = (
        "Over our first three years, we will work across five core workstreams. "
        + " ".join(f"{slide.number} {slide.title}: {PHRASES[slide.id]}." for slide in slides)
    )
    (ROOT / "assets" / "summary-visual.svg").write_text(
        landscape(slides, description), encoding="utf-8"
    )
    (ROOT / "assets" / "summary-visual-portrait.svg").write_text(
        portrait(slides, description), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
