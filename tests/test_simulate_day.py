"""tools/simulate_day.py: the README's simulated day is made with the app's recording code and
looks like a day at a stand (opening hours, two kiosks, languages, film plays)."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from types import ModuleType

from kiosk.content import Content
from kiosk.usage.figures import read_figures
from tests.conftest import REPO_ROOT


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "simulate_day", REPO_ROOT / "tools" / "simulate_day.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_simulated_day_reads_like_a_day_at_two_stands(content: Content, tmp_path: Path) -> None:
    tool = _tool()
    languages = ("en", "ur", "pl")
    databases = tool.record_day(tmp_path, date(2026, 6, 30), content, languages)
    again = tool.record_day(tmp_path / "again", date(2026, 6, 30), content, languages)
    figures = read_figures(databases)
    assert set(figures.kiosks) == {"stand-1", "stand-2"}
    assert 60 < figures.visits < 160
    assert read_figures(again).kiosks == figures.kiosks  # a fixed seed: the same day
    hours = {hour for hour, visits in figures.visits_per_hour.items() if visits}
    assert hours <= set(range(10, 18))
    assert max(figures.visits_per_hour, key=figures.visits_per_hour.__getitem__) in (11, 14, 15)
    assert set(figures.languages) <= set(languages)
    assert figures.languages["en"] > figures.visits / 2
    assert figures.slide_views[content.slides[0].id] == figures.visits
    assert all(0 < progress <= 1 for progress in figures.video_progress.values())
    assert figures.first.startswith("2026-06-30T10:")
    assert figures.staff == {"open panel": 2}
