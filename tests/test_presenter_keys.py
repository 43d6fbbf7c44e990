"""Every clicker key: the key map, blank screens, F5/Esc, typed numbers, G, ?, video keys,
and content.yaml's ``keys`` section (validated Qt-free, read by the UI's KeyMap)."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.content import Content, ContentError, load_content
from kiosk.content.actions import Action
from kiosk.content.fields import KEY_ALIASES, NAMED_KEYS, normalise_key_name
from kiosk.content.model import KEY_ACTIONS
from kiosk.ui.show import state
from kiosk.ui.show.keyhelp import KeyHelp
from kiosk.ui.show.keys import DEFAULT_KEYS, KeyMap, read_key, read_key_id
from kiosk.ui.show.layers import GoToPrompt
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState
from kiosk.ui.slides.video import VideoSlideView
from tests.conftest import REPO_ROOT

LAST = 8
VIDEO = 7
SHIFT = Qt.KeyboardModifier.ShiftModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def _press(window: MainWindow, name: str) -> None:
    """Press the key called ``name`` (as in DEFAULT_KEYS) on ``window``."""
    combination = read_key(name)
    assert combination is not None, name
    key = combination.key()
    modifiers = combination.keyboardModifiers()
    if key == Qt.Key.Key_Enter:
        modifiers |= KEYPAD  # the keypad's Enter, as a real keyboard sends it
    QApplication.sendEvent(window, QKeyEvent(QKeyEvent.Type.KeyPress, key, modifiers))


def _type(window: MainWindow, digits: str, modifiers: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """Type ``digits`` on the number keys (or, with KEYPAD, on the keypad)."""
    for digit in digits:
        key = getattr(Qt.Key, f"Key_{digit}")
        QApplication.sendEvent(window, QKeyEvent(QKeyEvent.Type.KeyPress, key, modifiers))


# --- the table ------------------------------------------------------------------------
def test_every_action_has_keys_and_words() -> None:
    assert set(DEFAULT_KEYS) == set(KEY_ACTIONS)
    assert all(DEFAULT_KEYS.values())


@pytest.mark.parametrize(
    ("action", "name"), [(a, k) for a, keys in DEFAULT_KEYS.items() for k in keys]
)
def test_each_default_key_does_its_action(action: str, name: str) -> None:
    keymap = KeyMap()
    key_id = read_key_id(name)
    assert key_id is not None
    kind, value, modifiers = key_id
    if kind == "qt":
        event = QKeyEvent(QKeyEvent.Type.KeyPress, value, Qt.KeyboardModifier(modifiers))
    else:  # a key Qt has no name for (keysym), or a key position (keycode)
        native = {"keysym": (0, value), "keycode": (value, 0)}[kind]
        event = QKeyEvent(QKeyEvent.Type.KeyPress, 0, NO_MODIFIER, *native, 0)
    assert keymap.action_for(event) == action
    # The content model (no Qt) accepts the same spelling.
    assert normalise_key_name(name) == name


def test_clicker_keys_are_in_the_table() -> None:
    keymap = KeyMap()
    expected = {
        "next": ["Right", "Down", "PgDown", "Space", "Return", "Enter", "N"],
        "previous": ["Left", "Up", "PgUp", "Backspace", "P"],
        "first": ["Home"],
        "last": ["End"],
        "black": ["B", ".", "keycode:60", "keysym:XF86DisplayToggle"],
        "white": ["W", ","],
        "start": ["F5", "Shift+F5", "keysym:XF86Presentation"],
        "leave_fullscreen": ["Esc"],
        "go_to_slide": ["G"],
        "help": ["?"],
        "overview": ["O"],
    }
    for action, keys in expected.items():
        assert keymap.keys_for(Action.named(action)) == keys, action


def test_shifted_characters_still_match() -> None:
    # On most layouts "?" needs Shift; the key event then carries the Shift modifier.
    keymap = KeyMap()
    event = QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Question, SHIFT)
    assert keymap.action_for(event) == "help"
    event = QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_F5, SHIFT)
    assert keymap.action_for(event) == "start"
    event = QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Right, SHIFT)
    assert keymap.action_for(event) is None  # not a character: no fallback


def test_names_the_content_model_accepts_are_read_by_qt() -> None:
    names = list(NAMED_KEYS) + [f"F{n}" for n in range(1, 36)] + ["?", ".", ",", "+", "É"]
    for name in names:
        combination = read_key(name)
        assert combination is not None, name
        text = QKeySequence(combination).toString(QKeySequence.SequenceFormat.PortableText)
        assert text == name, (name, text)
    for alias, name in KEY_ALIASES.items():
        assert normalise_key_name(alias) == name  # the KeyMap gets the canonical name
    assert normalise_key_name("shift+f5") == "Shift+F5"
    assert normalise_key_name("alt+ctrl+x") == "Ctrl+Alt+X"
    assert QKeySequence("Ctrl+Alt+X").toString() == "Ctrl+Alt+X"


# --- moving ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", DEFAULT_KEYS[Action.NEXT])
def test_next_keys(qtbot: QtBot, window: MainWindow, name: str) -> None:
    window.go_to(2)
    with qtbot.waitSignal(window.slide_changed) as blocker:
        _press(window, name)
    assert blocker.args == [3]


@pytest.mark.parametrize("name", DEFAULT_KEYS[Action.PREVIOUS])
def test_previous_keys(qtbot: QtBot, window: MainWindow, name: str) -> None:
    window.go_to(2)
    with qtbot.waitSignal(window.slide_changed) as blocker:
        _press(window, name)
    assert blocker.args == [1]


def test_home_and_end(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(4)
    _press(window, "End")
    assert window.current_index == LAST
    _press(window, "Home")
    assert window.current_index == 0


# --- blank screens --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "colour"), [("B", "black"), (".", "black"), ("W", "white"), (",", "white")]
)
def test_blank_keys_toggle(qtbot: QtBot, window: MainWindow, name: str, colour: str) -> None:
    controls = window.show_state
    with qtbot.waitSignal(controls.blank_changed) as blocker:
        _press(window, name)
    assert blocker.args == [colour]
    layer = window.blank_layer
    assert layer.isVisible()
    assert layer.geometry() == window.rect()
    picture = window.grab().toImage()
    expected = Qt.GlobalColor.black if colour == "black" else Qt.GlobalColor.white
    for x, y in ((5, 5), (window.width() // 2, window.height() // 2), (10, window.height() - 5)):
        assert picture.pixelColor(x, y) == expected
    with qtbot.waitSignal(controls.blank_changed) as blocker:
        _press(window, name)
    assert blocker.args == [""]
    assert not layer.isVisible()


def test_black_then_white_switches_and_a_move_only_brings_the_slide_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.go_to(3)
    controls = window.show_state
    _press(window, "B")
    _press(window, "W")
    assert controls.blank == "white"
    with qtbot.assertNotEmitted(window.slide_changed):
        _press(window, "Right")
    assert controls.blank == ""
    assert window.current_index == 3
    _press(window, "Right")
    assert window.current_index == 4


def test_blank_hides_and_pauses_the_video(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(VIDEO)
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    assert view.stage.isVisible()
    _press(window, "B")
    assert not view.stage.isVisible()  # a native video surface would show through
    _press(window, "B")
    assert view.stage.isVisible()


# --- F5, Shift+F5, Esc ----------------------------------------------------------------
def test_start_button_sequence_never_quits(
    qtbot: QtBot, qapp: QApplication, window: MainWindow
) -> None:
    window.go_to(3)
    with qtbot.assertNotEmitted(qapp.aboutToQuit), qtbot.assertNotEmitted(window.slide_changed):
        for _ in range(2):  # a clicker's start button: F5, then Esc, then Shift+F5, then Esc
            _press(window, "F5")
            qtbot.waitUntil(window.isFullScreen)
            assert window.geometry() == window.screen().geometry()
            _press(window, "Esc")
            qtbot.waitUntil(lambda: not window.isFullScreen())
            _press(window, "Shift+F5")
            qtbot.waitUntil(window.isFullScreen)
            _press(window, "Esc")
            qtbot.waitUntil(lambda: not window.isFullScreen())
            _press(window, "Esc")  # Esc when not fullscreen: nothing at all
    assert window.isVisible()
    assert window.current_index == 3  # F5 resumes where the show was


def test_f5_brings_a_blanked_slide_back(window: MainWindow) -> None:
    _press(window, "B")
    _press(window, "F5")
    assert window.show_state.blank == ""
    _press(window, "Esc")


# --- a typed number -------------------------------------------------------------------
def test_number_then_enter_jumps(qtbot: QtBot, window: MainWindow) -> None:
    _type(window, "6")
    assert window.show_state.typed == "6"
    assert window.current_index == 0  # digits alone do not move
    with qtbot.waitSignal(window.slide_changed) as blocker:
        _press(window, "Return")
    assert blocker.args == [5]
    assert window.show_state.typed == ""


def test_keypad_number_and_keypad_enter(qtbot: QtBot, window: MainWindow) -> None:
    _type(window, "9", KEYPAD)
    with qtbot.waitSignal(window.slide_changed) as blocker:
        _press(window, "Enter")
    assert blocker.args == [LAST]


def test_two_digits_and_a_number_out_of_range(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(2)
    _type(window, "12")
    assert window.show_state.typed == "12"
    with qtbot.assertNotEmitted(window.slide_changed):
        _press(window, "Return")  # there is no slide 12; Enter does not move on either
    assert window.show_state.typed == ""
    _press(window, "Return")  # now a plain Enter: next
    assert window.current_index == 3


def test_digits_typed_long_apart_start_a_new_number(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state, "NUMBER_TIMEOUT_MS", -1)
    _type(window, "14")
    assert window.show_state.typed == "4"


# --- G and ? --------------------------------------------------------------------------
def test_g_asks_for_a_slide_number(qtbot: QtBot, window: MainWindow) -> None:
    _press(window, "G")
    prompt = window.talk_layers.prompt()
    assert isinstance(prompt, GoToPrompt)
    assert prompt.isVisible()
    assert prompt.host is window
    with qtbot.assertNotEmitted(window.slide_changed):
        _press(window, "Right")  # a stray clicker press while the prompt is open
        _type(window, "7")
    assert prompt.number_label.text() == "7"
    with qtbot.waitSignal(window.slide_changed) as blocker:
        _press(window, "Return")
    assert blocker.args == [6]
    assert not prompt.isVisible()


def test_g_prompt_refuses_a_missing_slide_and_esc_cancels(qtbot: QtBot, window: MainWindow) -> None:
    _press(window, "G")
    prompt = window.talk_layers.prompt()
    _type(window, "40")
    with qtbot.assertNotEmitted(window.slide_changed):
        _press(window, "Return")
    assert prompt.isVisible()
    assert "no slide 40" in prompt.hint_label.text()
    _press(window, "Backspace")
    _press(window, "Esc")
    assert not prompt.isVisible()
    assert not window.isFullScreen()  # that Esc closed the prompt, nothing else
    assert window.current_index == 0


def test_question_mark_shows_the_key_map(qtbot: QtBot, window: MainWindow) -> None:
    QApplication.sendEvent(window, QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Question, SHIFT))
    help_layer = window.talk_layers.key_help()
    assert isinstance(help_layer, KeyHelp)
    assert help_layer.isVisible()
    text = help_layer.table_label.text()
    for words in ("Page Down", "Shift+F5", "Black screen", "a slide number, then Enter"):
        assert words in text
    with qtbot.assertNotEmitted(window.slide_changed):
        _press(window, "Right")  # any key closes the map, and only closes it
    assert not help_layer.isVisible()


def test_tab_moves_focus_and_no_longer_opens_the_overview(window: MainWindow) -> None:
    _press(window, "Tab")
    assert not window.talk_layers.overview().isVisible()
    assert window.focus_ring.active
    assert window.focus_ring.focused() is not None


# --- video keys -----------------------------------------------------------------------
@pytest.mark.slow
def test_video_keys_play_pause_and_restart(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(VIDEO)
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    assert view.player.state is not PlayState.PLAYING  # autoplay is off in the bundled content
    _press(window, "K")
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=10_000)
    qtbot.waitUntil(lambda: view.player.position > 300, timeout=10_000)
    _press(window, "K")
    qtbot.waitUntil(lambda: view.player.state is PlayState.PAUSED, timeout=5_000)
    paused_at = view.player.position
    _press(window, "R")
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=5_000)
    qtbot.waitUntil(lambda: 0 < view.player.position < paused_at, timeout=5_000)
    _press(window, "Toggle Media Play/Pause")
    qtbot.waitUntil(lambda: view.player.state is PlayState.PAUSED, timeout=5_000)
    with qtbot.waitSignal(window.slide_changed):
        _press(window, "Right")  # next still leaves the video slide
    assert window.current_index == VIDEO + 1


def test_video_keys_do_nothing_elsewhere(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.assertNotEmitted(window.slide_changed):
        _press(window, "K")
        _press(window, "R")


@pytest.mark.slow
def test_autoplay_starts_the_video_on_arrival(
    qtbot: QtBot, content: Content, app_fonts: None
) -> None:
    slides = list(content.slides)
    slides[VIDEO] = dataclasses.replace(slides[VIDEO], autoplay=True)  # type: ignore[call-arg]
    main = MainWindow(dataclasses.replace(content, slides=tuple(slides)))
    qtbot.addWidget(main)
    main.show()
    main.go_to(VIDEO)
    view = main.current_view
    assert isinstance(view, VideoSlideView)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=10_000)
    main.close()


# --- content.yaml keys ----------------------------------------------------------------
def test_content_keys_replace_an_actions_keys(
    qtbot: QtBot, content: Content, app_fonts: None
) -> None:
    keys = {Action.BLACK: ("X",), Action.NEXT: ("Right", "B")}
    main = MainWindow(dataclasses.replace(content, keys=keys))
    qtbot.addWidget(main)
    main.show()
    _press(main, "X")
    assert main.show_state.blank == "black"
    _press(main, "X")
    _press(main, "B")  # B now means next, not black
    assert main.current_index == 1
    assert main.show_state.blank == ""
    with qtbot.assertNotEmitted(main.slide_changed):
        _press(main, "Space")  # no longer a next key
    main.close()


def test_keymap_logs_names_it_cannot_read_in_content(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        keymap = KeyMap(overrides={Action.NEXT: ("NoSuchKey", "N")})
    assert "NoSuchKey" in caplog.text
    assert keymap.keys_for(Action.NEXT) == ["N"]


def _content_with(tmp_path: Path, extra: str) -> Path:
    text = (REPO_ROOT / "content.yaml").read_text(encoding="utf-8")
    path = tmp_path / "content.yaml"
    path.write_text(text + "\n" + extra, encoding="utf-8")
    return path


def test_keys_section_is_validated_with_line_and_column(tmp_path: Path) -> None:
    path = _content_with(
        tmp_path,
        "keys:\n  next: [Right, PageDown, shift+f5]\n  blank: [B]\n  black: [NoSuchKey, '3']\n",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines.index("keys:") + 1
    with pytest.raises(ContentError) as caught:
        load_content(path, check_files=False)
    problems = {(p.line, p.field): p for p in caught.value.problems}
    unknown = problems[(first + 2, "keys.blank")]
    assert "unknown field" in unknown.message
    assert "black" in unknown.message
    bad = problems[(first + 3, "keys.black[0]")]
    assert "'NoSuchKey' is not a key name" in bad.message
    assert bad.column == lines[first + 2].index("NoSuchKey") + 1
    digit = problems[(first + 3, "keys.black[1]")]
    assert "digits" in digit.message
    assert len(caught.value.problems) == 3


def test_a_key_may_serve_only_one_action(tmp_path: Path) -> None:
    path = _content_with(tmp_path, "keys:\n  next: [Right, X]\n  black: [x]\n")
    with pytest.raises(ContentError) as caught:
        load_content(path, check_files=False)
    [problem] = caught.value.problems
    assert problem.field == "keys.black[0]"
    assert "'X' is already used for 'next'" in problem.message


def test_keys_section_is_read_and_normalised(tmp_path: Path) -> None:
    path = _content_with(
        tmp_path, "keys:\n  next: [right, PageDown, ' ']\n  help: '?'\n  white: []\n"
    )
    with pytest.raises(ContentError):  # a lone space is no key name
        load_content(path, check_files=False)
    path = _content_with(tmp_path, "keys:\n  next: [right, PageDown]\n  help: '?'\n  white: []\n")
    content = load_content(path, check_files=False)
    assert content.keys == {"next": ("Right", "PgDown"), "help": ("?",), "white": ()}
    keymap = KeyMap(overrides=content.keys)
    assert keymap.keys_for(Action.WHITE) == []
    assert keymap.keys_for(Action.NEXT) == ["Right", "PgDown"]


def test_autoplay_must_be_true_or_false(tmp_path: Path) -> None:
    text = (REPO_ROOT / "content.yaml").read_text(encoding="utf-8")
    marker = "    autoplay: false\n"  # the bundled video slide says so, to show the setting
    assert marker in text
    path = tmp_path / "content.yaml"
    path.write_text(text.replace(marker, "    autoplay: sometimes\n"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(path, check_files=False)
    assert any(
        p.field.endswith(".autoplay") and "true or false" in p.message
        for p in caught.value.problems
    )
    path.write_text(text.replace(marker, "    autoplay: true\n"), encoding="utf-8")
    video = load_content(path, check_files=False).slides[VIDEO]
    assert video.autoplay is True  # type: ignore[attr-defined]
