"""Make a day at a stand with the app's own recording code, then its ``kiosk report``.

Two kiosks at one event, on the bundled slides in seven languages (a fixed seed, so the day is
the same every time): visitors arrive through the opening hours (10:00 to 17:00, busiest
mid-morning and after lunch), each walks some of the slides for a while, some in another
language, some with an accessibility option, some play the film and watch part or all of
it. Each visit goes through :class:`~kiosk.usage.recorder.VisitRecorder` on an injected
clock into a :class:`~kiosk.usage.store.UsageStore`, as in a running kiosk; the report (CSV,
HTML, PDF) and its picture for the README (``docs/screenshots/report.png``) are made from
the two databases.

    .venv/bin/python tools/simulate_day.py [--out DIR] [--png PATH] [--day YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.content import Content, load_content
from kiosk.report import period_text, write_png, write_report
from kiosk.resources import bundled_content_path
from kiosk.ui.app import create_application
from kiosk.usage.figures import read_figures
from kiosk.usage.recorder import Visit, VisitRecorder
from kiosk.usage.store import UsageStore

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PNG = REPO / "docs/screenshots/report.png"
LANGUAGES_FROM = REPO / "examples/multilingual/content.yaml"
"""The languages offered: the multilingual example's seven (the bundled content, whose slides
the day is spent on, has English only, and the example has no film)."""
HOURS = {10: 6, 11: 11, 12: 7, 13: 5, 14: 10, 15: 9, 16: 6}
"""Visitors per hour at each kiosk, on average (the spread over the opening hours)."""
LANGUAGES = {"ur": 0.08, "pa": 0.06, "bn": 0.05, "pl": 0.05, "ar": 0.04, "zh": 0.03}
"""How often a visitor switches to each language (else English)."""
OPTIONS = {
    "captions": 0.10,
    "large-text": 0.06,
    "high-contrast": 0.03,
    "easy-read": 0.04,
    "more-time": 0.05,
}
"""How often a visitor turns each accessibility option on."""


class Clock:
    """Monotonic seconds and the wall clock, moved together by the simulation."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.seconds = 0.0

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)


def one_visit(
    recorder: VisitRecorder,
    clock: Clock,
    content: Content,
    rng: random.Random,
    languages: tuple[str, ...] = tuple(LANGUAGES),
) -> Visit | None:
    """A visitor: the opening slide, then some slides in order, the film perhaps, then idle."""
    recorder.begin("en")
    slides = content.slides
    seen = min(len(slides), max(1, round(rng.triangular(1, len(slides) + 2, 4))))
    for index, slide in enumerate(slides[:seen]):
        recorder.slide(slide.id, slide.kind)
        if index == 0:
            for code, chance in LANGUAGES.items():
                if code in languages and rng.random() < chance:
                    recorder.choice("language", code)
                    break
            for option, chance in OPTIONS.items():
                if rng.random() < chance:
                    recorder.choice("accessibility", option)
        stay = rng.lognormvariate(2.4, 0.5)  # about 11 s, now and then much longer
        if slide.kind == "video" and rng.random() < 0.7:
            recorder.video_started(slide.id)
            watched = min(1.0, rng.betavariate(1.4, 0.9))
            stay = max(stay, 150 * watched)  # the film is two and a half minutes
            recorder.video_progress(slide.id, watched)
        clock.seconds += stay
    clock.seconds += 90 + 20  # nobody touches it: idle timeout and countdown
    return recorder.end()


def record_day(folder: Path, day: date, content: Content, languages: tuple[str, ...]) -> list[Path]:
    """Two kiosks' databases for ``day`` in ``folder``."""
    paths = []
    for seed, name in enumerate(("stand-1", "stand-2")):
        path = folder / f"usage-{name}.sqlite"
        path.unlink(missing_ok=True)
        store = UsageStore(path, kiosk=name, today=lambda: day)
        rng = random.Random(seed + 15)
        for hour, mean in HOURS.items():
            count = max(0, round(rng.gauss(mean, 2)))
            for offset in sorted(rng.uniform(0, 3500) for _ in range(count)):
                start = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
                clock = Clock(start)
                clock.seconds = offset
                visit = one_visit(
                    VisitRecorder(clock.monotonic, clock.now), clock, content, rng, languages
                )
                if visit is not None:
                    store.save(visit)  # as the kiosk's writer thread does at the visit's end
        store.count_staff("open panel")
        store.close()
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="report folder (default: a temporary one)")
    parser.add_argument("--png", type=Path, default=DEFAULT_PNG, help="the report's picture")
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 6, 30))
    args = parser.parse_args()
    content = load_content(bundled_content_path())
    offered = load_content(LANGUAGES_FROM).presentation.languages
    languages = tuple(language.code for language in offered)
    create_application(sys.argv[:1], "Noto Sans")
    out = args.out or Path(tempfile.mkdtemp(prefix="simulate-day-"))
    databases = record_day(out, args.day, content, languages)
    for written in write_report(databases, out / "report"):
        print(written)
    figures = read_figures(databases)
    args.png.parent.mkdir(parents=True, exist_ok=True)
    print(write_png(figures, period_text(figures, None, None), args.png))
    return 0


if __name__ == "__main__":
    sys.exit(main())
