"""``kiosk --watch``: each saved version shows at once, on the same slide and language, and
its problems show in a banner on screen (kiosk/ui/show/watch.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.cli import main as kiosk_main
from kiosk.content import load_content
from kiosk.ui.show.watch import LivePreview
from kiosk.ui.show.window import MainWindow
from tests.support.languages import multilingual_content
from tests.support.show import show_window

WAIT = 5000  # milliseconds for the file watcher to notice a save


def _preview(qtbot: QtBot, path: Path) -> tuple[MainWindow, LivePreview]:
    window = show_window(qtbot, load_content(path))
    return window, LivePreview(window, settle_ms=50)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_saved_change_shows_at_once_on_the_same_slide(
    qtbot: QtBot, content_folder: Path, app_fonts: None
) -> None:
    path = content_folder / "content.yaml"
    window, preview = _preview(qtbot, path)
    window.go_to(3)
    with qtbot.waitSignal(preview.watcher.content_changed, timeout=WAIT):
        _edit(path, "title: Innovating for all", "title: Innovating for everyone")
    assert window.current_index == 3
    assert window.current_view.title_label.text() == "Innovating for everyone"
    assert not preview.banner.isVisible()


def test_the_slide_is_followed_by_its_id(
    qtbot: QtBot, content_folder: Path, app_fonts: None
) -> None:
    path = content_folder / "content.yaml"
    window, preview = _preview(qtbot, path)
    window.go_to(window.content.index_of("find-out-more"))
    with qtbot.waitSignal(preview.watcher.content_changed, timeout=WAIT):
        # The video slide goes: the last slide moves up one place.
        text = path.read_text(encoding="utf-8")
        start = text.index("  - id: explainer-video")
        end = text.index("  - id: find-out-more")
        path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert window.current_view.slide.id == "find-out-more"
    assert window.current_index == 7


def test_problems_show_in_a_banner_and_the_last_good_version_stays(
    qtbot: QtBot, content_folder: Path, app_fonts: None
) -> None:
    path = content_folder / "content.yaml"
    window, preview = _preview(qtbot, path)
    window.go_to(1)
    with qtbot.waitSignal(preview.watcher.content_rejected, timeout=WAIT):
        _edit(path, 'accent: "#005EB8"', 'accent: "#005EBX"')
    banner = preview.banner
    assert banner.isVisible()
    assert "still showing the last good one" in banner.text()
    line = next(
        number
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "#005EBX" in text
    )
    assert f"content.yaml:{line}:" in banner.text(), "located: file, line, column"
    assert "theme.accent" in banner.text()
    assert "#D5281B" in banner.styleSheet(), "red: an error"
    assert banner.y() == 0
    assert banner.width() == window.width()
    assert window.current_index == 1, "the last good version stays on screen"
    with qtbot.waitSignal(preview.watcher.content_changed, timeout=WAIT):
        _edit(path, 'accent: "#005EBX"', 'accent: "#005EB8"')
    assert not banner.isVisible()
    window.resize(800, 480)
    assert banner.width() == 800 or not banner.isVisible()


def test_warnings_show_in_amber_and_the_language_stays(
    qtbot: QtBot, tmp_path: Path, app_fonts: None
) -> None:
    path = multilingual_content(tmp_path / "show")
    window, preview = _preview(qtbot, path)
    other = next(code for code in window.show_state.languages if code != "en")
    window.show_state.set_language(other)
    window.go_to(2)
    with qtbot.waitSignal(preview.watcher.content_changed, timeout=WAIT):
        _edit(path, "title: Innovating for all", "title: Innovating for all, again")
    assert window.show_state.language == other, "the editor's language stays"
    assert window.current_index == 2
    assert preview.banner.isVisible(), "the new English title has no translation"
    assert "warning" in preview.banner.text()
    assert "#FFEB3B" in preview.banner.styleSheet(), "amber: warnings only"


def test_watch_is_not_for_a_kiosk(capsys: pytest.CaptureFixture[str]) -> None:
    assert kiosk_main(["--watch", "--kiosk"]) == 2
    assert "--watch is for window and presenter modes" in capsys.readouterr().err
