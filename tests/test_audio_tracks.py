"""A film with one audio track per language (issue 12): the header reader, the player's
choice of track, the live switch on the video slide, the idle reset and ``validate``'s
warning. The films are made here with ffmpeg: a blue picture and two tones, 440 Hz tagged
English (``eng``) and 880 Hz tagged Urdu (``urd``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.content import load_content
from kiosk.content.probe import audio_track_languages, missing_audio_languages, pick_audio_track
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState, VideoPlayer
from kiosk.ui.slides.video import VideoSlideView
from tests.conftest import REPO_ROOT
from tests.support.show import copy_content, show_window

pytestmark = pytest.mark.slow
PLAYBACK_TIMEOUT = 15_000  # milliseconds
SECONDS = 20
"""The films' length: long enough to be still playing after a language switch."""


def _make_film(path: Path, *extra: str, tags: tuple[str, ...] = ("eng", "urd")) -> Path:
    """A 160x90 film of ``SECONDS`` with one AAC tone per tag (440 Hz, 880 Hz...)."""
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg, "ffmpeg is needed (packaging/debian-packages.txt, group test)"
    command = [ffmpeg, "-loglevel", "error", "-y"]
    command += ["-f", "lavfi", "-i", f"color=c=blue:s=160x90:r=10:d={SECONDS}"]
    for number, _tag in enumerate(tags):
        command += ["-f", "lavfi", "-i", f"sine=frequency={440 * (number + 1)}:d={SECONDS}"]
    command += ["-map", "0:v", *(arg for n in range(len(tags)) for arg in ("-map", f"{n + 1}:a"))]
    for number, tag in enumerate(tags):
        command += [f"-metadata:s:a:{number}", f"language={tag}"]
    command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"]
    subprocess.run([*command, *extra, str(path)], check=True, timeout=120)
    return path


@pytest.fixture(scope="session")
def films(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("films")
    return {
        "mp4": _make_film(folder / "two.mp4"),  # ffmpeg writes moov after the media data
        "faststart": _make_film(folder / "fast.mp4", "-movflags", "+faststart"),
        "mkv": _make_film(folder / "two.mkv"),
        "untagged": _make_film(folder / "one.mp4", tags=("und",)),
    }


# --- the header reader and the choice (no Qt) ----------------------------------------------
def test_the_audio_tracks_languages_are_read_from_mp4_and_matroska(films: dict[str, Path]) -> None:
    for kind in ("mp4", "faststart", "mkv"):
        assert audio_track_languages(films[kind]) == ["en", "ur"], kind
    assert audio_track_languages(films["untagged"]) == [""]
    assert audio_track_languages(REPO_ROOT / "assets/video/explainer.webm") == [""]
    assert audio_track_languages(REPO_ROOT / "assets/video/explainer.vtt") is None


def test_the_track_is_the_visitors_language_else_the_default_else_the_first() -> None:
    assert pick_audio_track(["en", "ur"], "ur", "en") == 1
    assert pick_audio_track(["en", "ur"], "ur-PK", "en") == 1
    assert pick_audio_track(["en", "ur"], "pl", "en") == 0
    assert pick_audio_track(["ur", "en"], "pl", "en") == 1, "the default language's track"
    assert pick_audio_track(["", ""], "ur", "en") == 0
    assert pick_audio_track([], "ur", "en") is None
    assert missing_audio_languages(["en", "ur"], ["en", "ur", "pl"]) == ["pl"]
    assert missing_audio_languages([""], ["en", "ur"]) == [], "one sound track: no warning"


# --- the player ------------------------------------------------------------------------------
def _open(qtbot: QtBot, player: VideoPlayer, film: Path) -> None:
    with qtbot.waitSignal(player.ready, timeout=PLAYBACK_TIMEOUT):
        player.load(film)


def test_the_player_plays_the_visitors_track_and_switches_live(
    qtbot: QtBot, films: dict[str, Path]
) -> None:
    player = VideoPlayer(language="ur", default_language="en")
    _open(qtbot, player, films["mp4"])
    assert player.audio_track_languages() == ["en", "ur"]
    qtbot.waitUntil(lambda: player.audio_track == 1, timeout=5_000)
    player.play()
    qtbot.waitUntil(lambda: player.position > 1_000, timeout=PLAYBACK_TIMEOUT)
    player.set_language("en")
    assert player.audio_track == 0
    position = player.position
    qtbot.waitUntil(lambda: player.position > position + 300, timeout=PLAYBACK_TIMEOUT)
    assert player.state is PlayState.PLAYING, "the switch does not stop the film"
    player.set_language("pl")  # no Polish track: the default language's
    assert player.audio_track == 0
    player.unload()


# --- the video slide in the window -----------------------------------------------------------
@pytest.fixture
def urdu_window(
    qtbot: QtBot, tmp_path: Path, films: dict[str, Path], app_fonts: None
) -> MainWindow:
    """The bundled content in English, Urdu and Polish, its film the two-track MP4."""
    folder = copy_content(tmp_path / "content")
    shutil.copy(films["mp4"], folder / "assets/video/two.mp4")
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  languages:\n"), text.index("\ntheme:")
    languages = "  languages:\n    - code: en\n    - code: ur\n    - code: pl\n"
    text = text[:start] + languages + text[end:]
    text = text.replace("file: assets/video/explainer.webm", "file: assets/video/two.mp4")
    path.write_text(text, encoding="utf-8")
    content = load_content(path)
    warned = [str(problem) for problem in content.warnings if "audio track" in str(problem)]
    assert len(warned) == 1, warned
    assert "no Polish audio track; Polish visitors hear English" in warned[0]
    window = show_window(qtbot, content)
    window.go_to(content.index_of("explainer-video"))
    return window


def _film(window: MainWindow) -> VideoSlideView:
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    return view


def _played_to(qtbot: QtBot, window: MainWindow, position: int) -> VideoSlideView:
    """The window's film, played past ``position`` milliseconds (and playing on)."""
    view = _film(window)
    view.play()
    qtbot.waitUntil(lambda: view.player.position > position, timeout=PLAYBACK_TIMEOUT)
    return view


def test_a_new_language_on_the_playing_film_switches_its_track_and_keeps_its_place(
    qtbot: QtBot, urdu_window: MainWindow
) -> None:
    window = urdu_window
    view = _played_to(qtbot, window, 2_000)
    assert view.player.audio_track == 0, "English first"
    before = view.player.position
    window.show_state.set_language("ur")
    view = _film(window)
    qtbot.waitUntil(lambda: view.player.audio_track == 1, timeout=PLAYBACK_TIMEOUT)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=PLAYBACK_TIMEOUT)
    qtbot.waitUntil(lambda: view.player.position > before, timeout=PLAYBACK_TIMEOUT)
    assert view.player.position < before + 5_000, "it went on where it was, not from 0:00"
    window.show_state.set_language("pl")  # no Polish track: English
    view = _film(window)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=PLAYBACK_TIMEOUT)
    assert view.player.audio_track == 0
    assert view.player.position >= before


def test_a_paused_film_stays_paused_at_its_picture_in_a_new_language(
    qtbot: QtBot, urdu_window: MainWindow
) -> None:
    window = urdu_window
    view = _played_to(qtbot, window, 1_500)
    view.player.pause()
    qtbot.waitUntil(lambda: view.player.state is PlayState.PAUSED, timeout=PLAYBACK_TIMEOUT)
    paused_at = view.player.position
    window.show_state.set_language("ur")
    view = _film(window)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PAUSED, timeout=PLAYBACK_TIMEOUT)
    assert view.stage.currentWidget() is view.video_widget, "the film's picture, not the poster"
    qtbot.waitUntil(lambda: view.player.current_frame() is not None, timeout=PLAYBACK_TIMEOUT)
    assert abs(view.player.position - paused_at) < 1_000, "where it was paused"
    assert view.player.audio_track == 1, "the Urdu track, for when it plays on"


def test_the_idle_reset_gives_the_next_visitor_the_default_languages_track(
    qtbot: QtBot, urdu_window: MainWindow
) -> None:
    window = urdu_window
    window.show_state.set_language("ur")
    view = _film(window)
    view.play()
    qtbot.waitUntil(lambda: view.player.audio_track == 1, timeout=PLAYBACK_TIMEOUT)
    window.reset_views()  # as the kiosk's idle reset does, then the default language
    window.show_state.reset_language()
    view = _film(window)
    assert view.player.state is not PlayState.PLAYING, "the reset film waits for a visitor"
    view.play()
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=PLAYBACK_TIMEOUT)
    assert view.player.audio_track == 0
