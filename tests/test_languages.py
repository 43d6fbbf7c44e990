"""A visitor chooses a language: the button, the chooser, live switching and mirroring."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import load_content
from kiosk.content.languages import endonym, language_name
from kiosk.ui.show.window import MainWindow
from tests.support.languages import multilingual_content
from tests.support.show import show_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, app_fonts: None) -> MainWindow:
    return show_window(qtbot, load_content(multilingual_content(tmp_path / "content")))


def _click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _choose(qtbot: QtBot, window: MainWindow, code: str) -> None:
    """Touch the language button, then the language's entry in the chooser."""
    button = window.languages.button
    assert button.isVisible()
    _click(qtbot, button)
    chooser = window.languages.chooser
    qtbot.waitUntil(chooser.isVisible)
    entry = chooser.entries[code]
    qtbot.waitUntil(entry.isVisible)
    with qtbot.waitSignal(window.show_state.language_changed):
        _click(qtbot, entry)


def test_endonyms_and_content_names() -> None:
    assert endonym("ar") == "العربية"
    assert endonym("pa") == "ਪੰਜਾਬੀ"
    assert endonym("xx") == "xx"


def test_the_chooser_lists_each_language_in_its_own_name(qtbot: QtBot, window: MainWindow) -> None:
    _click(qtbot, window.languages.button)
    chooser = window.languages.chooser
    qtbot.waitUntil(chooser.isVisible)
    names = [entry.accessibleName() for entry in chooser.entries.values()]
    assert names == ["English", "العربية", "Polski"]
    assert chooser.entries["en"].primary  # the current language
    assert language_name(window.content, "pl") == "Polski"


def test_choosing_arabic_switches_texts_and_labels_and_mirrors(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.next_button.x() > window.previous_button.x()
    _choose(qtbot, window, "ar")
    assert window.show_state.language == "ar"
    assert window.style_.language == "ar"
    assert not window.languages.chooser.isVisible()
    qtbot.waitUntil(lambda: window.next_button.x() < window.previous_button.x())
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.next_button.accessibleName() == "الشريحة التالية"
    assert window.counter_label.text() == "1 من 9"
    assert window.next_button.mirrored  # the arrow points left, the way Arabic reads on
    assert window.languages.button.text_ == "العربية"
    assert window.current_view.title_label.text() == "أولوياتنا"
    assert window.windowTitle() == "Our Priorities"  # not translated in this content


def test_switching_keeps_the_slide_and_back_to_english(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current_view.title_label.text() == "Our Priorities"
    window.go_to(2)
    _choose(qtbot, window, "pl")
    assert window.show_state.index == 2
    assert window.stack.currentIndex() == 2
    assert window.counter_label.text() == "3 z 9"
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert not window.next_button.mirrored
    _choose(qtbot, window, "en")
    assert window.counter_label.text() == "3 of 9"
    assert window.next_button.accessibleName() == "Next slide"


def test_after_a_switch_only_the_new_words_show(qtbot: QtBot, window: MainWindow) -> None:
    """The old language's dots go at once (not at the window's corner until deleted), and a
    long organisation name wraps beside the language button instead of being cut."""
    from kiosk.ui.widgets.buttons import DotButton

    _choose(qtbot, window, "ar")
    shown = [dot for dot in window.findChildren(DotButton) if dot.isVisible()]
    assert len(shown) == len(window.content.slides)
    assert {dot.accessibleName() for dot in shown} == {dot.accessibleName() for dot in window.dots}
    window.resize(600, 900)
    qtbot.waitUntil(lambda: window.logo_label.width() < 400)
    label = window.logo_label
    assert label.wordWrap()
    assert label.height() >= label.heightForWidth(label.width()), "the whole name is drawn"
    assert not label.geometry().intersects(window.languages.button.geometry())


def test_no_language_button_for_one_language(qtbot: QtBot, window: MainWindow) -> None:
    assert window.languages.button.isVisible()
    from kiosk.content import load_content as load
    from kiosk.resources import bundled_content_path

    window.set_content(load(bundled_content_path()))
    assert not window.languages.button.isVisible()


def test_unknown_language_is_refused(window: MainWindow) -> None:
    with pytest.raises(ValueError, match="xx"):
        window.show_state.set_language("xx")


def test_the_kiosk_offers_languages_on_its_attract_screen_and_resets_them(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from kiosk.system.pin import PinStore
    from kiosk.ui.kiosk.controller import ATTRACT, VISIT, KioskController, KioskTimings
    from tests.support.clock import FakeClock

    timings = KioskTimings(
        idle_timeout=300, countdown=200, slide_duration=60_000, use_slide_durations=False
    )
    pins = PinStore(tmp_path / "pin.json", clock=FakeClock())
    kiosk = KioskController(window, timings=timings, pins=pins, quit_app=lambda code: None)
    kiosk.start()
    try:
        assert kiosk.state == ATTRACT
        # One touch on the attract screen's language button wakes the kiosk and opens
        # the chooser: the visitor need not first touch the screen.
        _choose(qtbot, window, "ar")
        assert kiosk.state == VISIT
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        with qtbot.waitSignal(kiosk.visitor_reset, timeout=3000):
            pass  # the visitor walks away: countdown, then the idle reset
        assert kiosk.state == ATTRACT
        assert window.show_state.language == "en"
        assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert window.counter_label.text() == "1 of 9"
        assert window.languages.button.isVisible()
    finally:
        kiosk.stop()


def test_language_option_parses_for_every_mode_and_command() -> None:
    from kiosk.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["--language", "ar"]).language == "ar"
    assert parser.parse_args(["--kiosk", "--language", "pl"]).language == "pl"
    assert parser.parse_args(["--presenter", "--language", "ar"]).language == "ar"
    render = parser.parse_args(["render", "--out", "x", "--language", "ar"])
    assert render.render_language == "ar"
    assert parser.parse_args(["export-pdf", "x.pdf", "--language", "pl"]).export_language == "pl"


@pytest.mark.parametrize(
    "command",
    [[], ["--kiosk"], ["render", "--out", "OUT"], ["export-pdf", "OUT/x.pdf"]],
    ids=["window", "kiosk", "render", "export-pdf"],
)
def test_an_unknown_language_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    from kiosk.cli import main

    path = multilingual_content(tmp_path / "content")
    command = [str(tmp_path) if part.startswith("OUT") else part for part in command]
    content = ["--content", str(path)]
    args = [*command, *content] if command[:1] in (["render"], ["export-pdf"]) else content
    if command == ["--kiosk"]:
        args = ["--kiosk", *content]
    assert main([*args, "--language", "xx"]) == 1
    error = capsys.readouterr().err
    assert "language 'xx' is not in the content; it has: en, ar, pl" in error
    assert not list(tmp_path.glob("*.png"))
    assert not list(tmp_path.glob("*.pdf"))


def test_render_draws_the_chosen_language(tmp_path: Path, app_fonts: None) -> None:
    from kiosk.ui.render.png import render_slides

    content = load_content(multilingual_content(tmp_path / "content"))
    english = render_slides(content, tmp_path / "en", 640, 360)[0]
    arabic = render_slides(content, tmp_path / "ar", 640, 360, "ar")[0]
    assert english.read_bytes() != arabic.read_bytes()


def test_a_window_started_in_a_language_resets_to_it(qtbot: QtBot, tmp_path: Path) -> None:
    content = load_content(multilingual_content(tmp_path / "content"))
    window = MainWindow(content, language="ar")
    qtbot.addWidget(window)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.counter_label.text() == "1 من 9"
    window.show_state.set_language("pl")
    window.show_state.reset_language()
    assert window.show_state.language == "ar"


def test_captions_per_language_load_with_the_language(qtbot: QtBot, tmp_path: Path) -> None:
    from kiosk.content import VideoSlide
    from kiosk.ui.slides.video import VideoSlideView
    from tests.support.languages import ARABIC_CUE, with_arabic_captions

    content = load_content(with_arabic_captions(tmp_path / "content"))
    index = content.index_of("explainer-video")
    slide = content.slides[index]
    assert isinstance(slide, VideoSlide)
    assert slide.captions == tmp_path.resolve() / "content/assets/video/explainer.vtt"
    assert slide.captions_for("ar") == tmp_path.resolve() / "content/assets/video/ar.vtt"
    assert slide.captions_for("pl") == slide.captions  # no Polish track: the default one
    window = show_window(qtbot, content)
    window.go_to(index)

    def cue_texts() -> set[str]:
        view = window.current_view
        assert isinstance(view, VideoSlideView)
        assert view.cues is not None
        return {cue.text for cue in view.cues.cues}

    assert ARABIC_CUE not in cue_texts()
    _choose(qtbot, window, "ar")
    assert cue_texts() == {ARABIC_CUE}
    _choose(qtbot, window, "pl")
    assert ARABIC_CUE not in cue_texts()


def test_captions_per_language_are_checked(tmp_path: Path) -> None:
    from kiosk.content import ContentError

    path = multilingual_content(tmp_path / "content")
    text = path.read_text(encoding="utf-8")
    for captions, message in [
        ("{ar: assets/video/explainer.vtt}", "has no captions in the default language 'en'"),
        ("{en: assets/video/explainer.vtt, de: x.vtt}", "language is not listed"),
        ("{en: assets/video/explainer.vtt, ar: nope.vtt}", "file 'nope.vtt' does not exist"),
    ]:
        path.write_text(
            text.replace("captions: assets/video/explainer.vtt", f"captions: {captions}"),
            encoding="utf-8",
        )
        with pytest.raises(ContentError, match=message):
            load_content(path)


def test_validate_warns_per_language_of_missing_translations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    path = multilingual_content(tmp_path / "content")
    assert main(["validate", str(path)]) == 0  # a partial translation can still run
    captured = capsys.readouterr()
    assert captured.out.strip() == f"{path.resolve()}: valid, 9 slides."
    warnings = captured.err.splitlines()
    lines = path.read_text(encoding="utf-8").splitlines()
    body = next(n for n, line in enumerate(lines, 1) if line.startswith("    body: >-"))
    assert f"{path.resolve()}:{body}:11: warning: slides[0].body: no ar translation" in (
        captured.err
    )
    # Grouped per language: every ar warning before the first pl one.
    languages = [" no ar " in line or "into ar" in line for line in warnings]
    assert languages == sorted(languages, reverse=True)
    assert any("into pl" in line and "previous" in line for line in warnings)
    # The first slide's title and the translated labels are not reported.
    assert not any("slides[0].title" in line for line in warnings)
    assert not any(line.startswith("labels.") for line in warnings)
    assert all(": warning: " in line for line in warnings)


def test_one_language_content_has_no_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    assert main(["validate"]) == 0
    assert capsys.readouterr().err == ""


def test_the_presenter_console_follows_and_mirrors(qtbot: QtBot, window: MainWindow) -> None:
    from kiosk.ui.presenter.console import PresenterConsole

    console = PresenterConsole(window)
    qtbot.addWidget(console)
    console.show()
    qtbot.waitExposed(console)
    assert console.layoutDirection() == Qt.LayoutDirection.LeftToRight
    window.go_to(0)
    with qtbot.waitSignal(console.updated):
        _choose(qtbot, window, "ar")
    assert console.layoutDirection() == Qt.LayoutDirection.RightToLeft
    with qtbot.waitSignal(console.updated):
        window.show_state.set_language("en")
    assert console.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_the_language_button_in_the_staff_corner_is_no_staff_tap(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from kiosk.system.pin import PinStore
    from kiosk.ui.kiosk.controller import VISIT, KioskController, KioskTimings
    from tests.support.clock import FakeClock

    content = load_content(multilingual_content(tmp_path / "content"))
    window = MainWindow(content, language="ar")
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    pins = PinStore(tmp_path / "pin.json", clock=FakeClock())
    pins.set_pin("2468")
    kiosk = KioskController(window, timings=KioskTimings(), pins=pins, quit_app=lambda c: None)
    kiosk.start()
    try:
        button = window.languages.button
        assert button.mapTo(window, button.rect().topLeft()).x() < window.width() // 2
        corner = QPoint(button.height() // 3, button.height() // 2)  # the pill's end
        assert window.childAt(button.mapTo(window, corner)) is button
        for _ in range(6):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=corner)
            window.languages.close()
        assert kiosk.state == VISIT
        assert not kiosk.pin_pad.isVisible()
    finally:
        kiosk.stop()


def test_every_text_carries_the_shown_language(qtbot: QtBot, window: MainWindow) -> None:
    assert window.locale().bcp47Name() == "en"
    _choose(qtbot, window, "ar")
    for widget in (window, window.current_view, window.views[-1], window.next_button):
        assert widget.locale().language() == QLocale.Language.Arabic, widget
    # Qt's AT-SPI bridge reports the default locale for the application and every element.
    assert QLocale().language() == QLocale.Language.Arabic
    entries = window.languages.chooser.entries
    assert entries["pl"].locale().language() == QLocale.Language.Polish  # its own name
    _choose(qtbot, window, "pl")
    assert window.current_view.locale().language() == QLocale.Language.Polish
