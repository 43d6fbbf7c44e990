"""What start-up leaves for after the first paint (bench/RESULTS.md, start-up row): the slide
views beyond the shown one (kiosk/ui/show/deck.py), and a second reading of good content."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import cli
from kiosk.content import Content
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.base import SlideView
from kiosk.ui.slides.video import VideoSlideView
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
