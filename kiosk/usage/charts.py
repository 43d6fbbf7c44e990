"""The one-page report as HTML with inline SVG bar charts, drawn here: offline, no library.

:func:`charts` gives each chart's title and SVG; :func:`report_html` puts them on one page with
the period, the kiosks and what counts as a visit. ``kiosk report`` also renders the same SVG
into a PDF (kiosk/report.py).
"""

from __future__ import annotations

from html import escape

from kiosk.usage.figures import VISIT_MEANING, Figures

WIDTH, BAR, GAP, LABEL = 460, 18, 6, 150
"""Chart width, bar height, gap and label column, in SVG units."""
COLOUR = "#005eb8"


def bar_chart(rows: list[tuple[str, float, str]], width: int = WIDTH) -> str:
    """A horizontal bar chart as SVG: each row is (label, value, value as shown)."""
    top = max((value for _, value, _ in rows), default=0.0) or 1.0
    height = max(len(rows), 1) * (BAR + GAP) + GAP
    span = width - LABEL - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">'
    ]
    if not rows:
        parts.append(f'<text x="0" y="{BAR}" fill="#425563">No data</text>')
    for i, (label, value, shown) in enumerate(rows):
        y = GAP + i * (BAR + GAP)
        length = round(span * value / top, 1)
        name = label if len(label) <= 24 else label[:23] + "\u2026"
        # The value inside a long bar (in white), after a short one: never past the chart.
        inside = length > span / 2
        value_at = (
            f'x="{LABEL + length - 4}" text-anchor="end" fill="#ffffff"'
            if inside
            else (f'x="{LABEL + length + 4}" fill="#231f20"')
        )
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + 13}" text-anchor="end" fill="#231f20">'
            f"{escape(name)}</text>"
            f'<rect x="{LABEL}" y="{y}" width="{length}" height="{BAR}" fill="{COLOUR}"/>'
            f'<text {value_at} y="{y + 13}">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def charts(figures: Figures) -> list[tuple[str, str]]:
    """(title, SVG) for each chart of the report."""
    f = figures
    hours = [(h, n) for h, n in f.visits_per_hour.items() if n] or []
    first, last = (hours[0][0], hours[-1][0]) if hours else (9, 17)
    return [
        (
            "Visits per hour",
            bar_chart(
                [
                    (f"{h:02d}:00", f.visits_per_hour.get(h, 0), str(f.visits_per_hour.get(h, 0)))
                    for h in range(first, last + 1)
                ]
            ),
        ),
        (
            "Time per slide (mean seconds per view)",
            bar_chart(
                [
                    (s, f.mean_seconds(s), f"{f.mean_seconds(s):.0f} s ({n} views)")
                    for s, n in f.slide_views.items()
                ][:12]
            ),
        ),
        (
            "Video: how far plays got (mean)",
            bar_chart(
                [
                    (
                        s,
                        100 * f.video_progress[s],
                        f"{100 * f.video_progress[s]:.0f} % of {n} plays",
                    )
                    for s, n in f.video_plays.items()
                ]
            ),
        ),
        ("Languages (visits)", bar_chart([(c, n, str(n)) for c, n in f.languages.items()])),
        (
            "Accessibility options (visits)",
            bar_chart([(o, n, str(n)) for o, n in f.accessibility.items()]),
        ),
    ]


def summary_lines(figures: Figures, period: str) -> list[str]:
    """The report's opening lines: period, kiosks, totals, what a visit is."""
    f = figures
    mean = round(f.visit_seconds / (f.visits - f.summarised)) if f.visits > f.summarised else 0
    kiosks = ", ".join(f"{name} ({n})" for name, n in f.kiosks.items()) or "none"
    return [
        f"Period: {period}",
        f"Kiosks: {kiosks}",
        f"{f.visits} visits, {mean} s on average; the QR code slide shown in {f.qr_shown} visits",
        VISIT_MEANING,
    ]


def report_html(figures: Figures, period: str, title: str = "What the stand achieved") -> str:
    """The whole report as one self-contained HTML page."""
    lines = "".join(f"<p>{escape(line)}</p>" for line in summary_lines(figures, period))
    blocks = "".join(
        f"<section><h2>{escape(name)}</h2>{svg}</section>" for name, svg in charts(figures)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>"
        "body{font-family:sans-serif;color:#231f20;max-width:980px;margin:24px auto}"
        "h1{color:#005eb8}h2{font-size:15px;margin:8px 0}"
        "main{display:grid;grid-template-columns:1fr 1fr;gap:12px}"
        f"</style></head><body><h1>{escape(title)}</h1>{lines}<main>{blocks}</main></body></html>\n"
    )
