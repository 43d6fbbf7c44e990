"""What start-up leaves for after the first paint (bench/RESULTS.md, start-up row): the slide
views beyond the shown one (kiosk/ui/show/deck.py), the check of the content's asset files,
Python's cycle collector, and a second reading of good content."""

from __future__ import annotations

import gc
import logging
import os
import selectors
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import cli
from kiosk.content import Content
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.base import SlideView
from kiosk.ui.slides.video import VideoSlideView
from tests.support import REPO_ROOT, run_python, stop
from tests.support.show import SIZE


def test_only_the_shown_slides_view_is_made_before_the_first_paint(
    qtbot: QtBot, content: Content, app_fonts: None
) -> None:
    window = MainWindow(content)
    qtbot.addWidget(window)
    assert [view.slide.id for view in window.deck.made()] == [content.slides[0].id]
    assert window.stack.count() == len(content.slides), "one place per slide"
    assert window.stack.currentWidget() is window.current_view
    window.resize(*SIZE)
    with qtbot.waitSignal(window.first_painted):
        window.show()
    qtbot.waitUntil(window.deck.complete)
    views = window.deck.made()
    assert [view.slide.id for view in views] == [slide.id for slide in content.slides]
    assert [window.stack.widget(i) for i in range(window.stack.count())] == views
    assert window.stack.currentWidget() is views[0], "the first slide stayed on screen"
    window.go_to(4)
    qtbot.waitUntil(lambda: views[4].isVisible() and views[4].size() == window.stack.size())


def test_a_slide_not_made_yet_is_made_when_shown(
    qtbot: QtBot, content: Content, app_fonts: None
) -> None:
    window = MainWindow(content)
    qtbot.addWidget(window)
    video = next(i for i, slide in enumerate(content.slides) if "video" in slide.id)
    window.go_to(video)
    view = window.stack.currentWidget()
    assert isinstance(view, VideoSlideView)
    assert view is window.current_view
    assert window.show_state.media is view.media, "the video keys reach its player"
    assert len(window.deck.made()) == 2
    assert window.views[video] is view, "views: every slide's view, the missing made now"
    assert window.deck.complete()
    assert all(isinstance(window.stack.widget(i), SlideView) for i in range(len(window.views)))


def test_new_content_makes_the_views_again_the_shown_one_first(
    qtbot: QtBot, content: Content, app_fonts: None
) -> None:
    window = MainWindow(content)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    with qtbot.waitSignal(window.first_painted):
        window.show()
    qtbot.waitUntil(window.deck.complete)
    old = window.deck.made()
    window.set_content(content)  # the kiosk's live reload
    assert window.deck.made() == [window.current_view], "the shown slide at once"
    assert window.current_view not in old
    assert window.stack.currentWidget() is window.current_view
    qtbot.waitUntil(window.deck.complete)
    assert not set(window.deck.made()) & set(old)
    assert window.stack.count() == len(content.slides)


def test_good_content_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Path] = []
    original = cli.load_content

    def counting(path: Path, **options: bool) -> Content:
        calls.append(path)
        return original(path, **options)

    monkeypatch.setattr(cli, "load_content", counting)
    assert cli._load_lenient(None) is not None
    assert len(calls) == 1


def test_content_with_a_missing_file_still_shows_and_the_log_says_why(
    content_folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (content_folder / "assets" / "video" / "explainer.webm").unlink()
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        shown = cli._load_lenient(content_folder)
    assert shown is not None
    assert any("explainer.webm" in record.getMessage() for record in caplog.records)


def test_pysides_check_of_each_import_gives_its_own_answer_faster() -> None:
    """kiosk.ui answers PySide's "does this module use PySide6?" from the file's bytes, not
    through inspect.getsource (14 ms of start-up): the same answer for every module."""
    import kiosk.ui

    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is kiosk.ui.uses_pyside, "installed"
    original = kiosk.ui._pyside_check
    assert original is not None
    answers = {name: kiosk.ui.uses_pyside(module) for name, module in list(sys.modules.items())}
    assert answers == {name: original(module) for name, module in list(sys.modules.items())}
    assert answers["kiosk.ui.show.window"]
    assert not answers["kiosk.content.model"]
    assert not answers["sys"], "a built-in module: PySide's own check"


def test_the_show_opens_no_asset_file_before_its_first_slide(
    content_folder: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (content_folder / "assets" / "video" / "explainer.webm").unlink()
    checks: list[bool] = []
    original = cli.load_content

    def recording(path: Path, *, check_files: bool = True) -> Content:
        checks.append(check_files)
        return original(path, check_files=check_files)

    monkeypatch.setattr(cli, "load_content", recording)
    with caplog.at_level(logging.WARNING, logger="kiosk"):
        shown = cli._load_lenient(content_folder, files_later=True)
        assert shown is not None
        assert checks == [False], "read once, no file opened"
        assert not caplog.records
        cli.log_file_problems(shown)
    assert checks == [False, True]
    assert [r.getMessage() for r in caplog.records if "explainer.webm" in r.getMessage()]


def _lines_until(process: subprocess.Popen[bytes], wanted: set[str], timeout: float) -> list[str]:
    """Lines of the child's stdout and stderr (merged, in arrival order) until a line holding
    each of ``wanted`` has arrived. Reads the pipe unbuffered: a buffered reader could hold
    the awaited line while select() waits on the empty pipe."""
    assert process.stdout is not None
    pipe = process.stdout.fileno()
    selector = selectors.DefaultSelector()
    selector.register(pipe, selectors.EVENT_READ)
    received = b""
    deadline = time.monotonic() + timeout
    while True:
        lines = received.decode(errors="replace").splitlines()
        if all(any(word in line for line in lines) for word in wanted):
            return lines
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"no line with {wanted} in {timeout} s: {lines}"
        if selector.select(remaining):
            chunk = os.read(pipe, 65536)
            assert chunk, f"the app ended: {lines}"
            received += chunk


def test_the_running_show_logs_a_missing_file_after_its_first_paint(
    content_folder: Path,
) -> None:
    (content_folder / "assets" / "video" / "explainer.webm").unlink()
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO_ROOT),
        KIOSK_BENCH_STARTUP="1",  # prints first-paint
    )
    with subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--content", str(content_folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    ) as process:
        try:
            lines = _lines_until(process, {"first-paint", "explainer.webm"}, timeout=60)
        finally:
            stop(process)
    painted = next(i for i, line in enumerate(lines) if "first-paint" in line)
    logged = next(i for i, line in enumerate(lines) if "explainer.webm" in line)
    assert painted < logged, lines
    assert "does not exist" in lines[logged]


@pytest.fixture
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off, as kiosk/__main__.py starts the app; on again after."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.usefixtures("collector_paused", "app_fonts")
def test_the_cycle_collector_comes_back_at_the_first_paint(qtbot: QtBot, content: Content) -> None:
    window = MainWindow(content)
    qtbot.addWidget(window)
    cli.collect_after_first_paint(window, latest_ms=60_000)
    window.resize(*SIZE)
    assert not gc.isenabled()
    with qtbot.waitSignal(window.first_painted):
        window.show()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_paused")
def test_the_cycle_collector_comes_back_without_a_paint(qtbot: QtBot, content: Content) -> None:
    window = MainWindow(content)  # never shown: no first paint
    qtbot.addWidget(window)
    cli.collect_after_first_paint(window, latest_ms=50)
    assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled, timeout=5_000)


ENTRY_PROBE = """
import gc, importlib.abc, sys
seen = []
class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "kiosk.cli":
            seen.append(gc.isenabled())
        return None
sys.meta_path.insert(0, Watch())
from kiosk.__main__ import run
sys.argv = ["kiosk", "validate"]
code = run()
print(seen, gc.isenabled(), code)
"""


def test_the_kiosk_command_starts_with_the_collector_paused_and_a_command_turns_it_on() -> None:
    result = run_python(ENTRY_PROBE)
    assert result.stdout.splitlines()[-1] == "[False] True 0", result.stdout + result.stderr
