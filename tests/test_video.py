"""The explainer video: real frames decoded from the bundled file, controls, captions, faults."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtMultimedia import (
    QAudioDevice,
    QAudioOutput,
    QMediaPlayer,
    QVideoFrame,
    QVideoSink,
)
from PySide6.QtWidgets import QStyle, QStyleOptionSlider
from pytestqt.qtbot import QtBot

from kiosk.content import Content, Text, VideoSlide
from kiosk.content.vtt import Cue, parse_vtt
from kiosk.ui.render.pictures import SlideRenderer
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState, VideoPlayer
from kiosk.ui.slides.video import VideoSlideView, format_time
from kiosk.ui.style import Style
from tests.conftest import REPO_ROOT
from tests.support.xvfb import require, xvfb

pytestmark = pytest.mark.slow
PLAYBACK_TIMEOUT = 15_000  # milliseconds; decoding is real time on a slow CI machine


def _video_slide(content: Content) -> VideoSlide:
    slide = content.slides[content.index_of("explainer-video")]
    assert isinstance(slide, VideoSlide)
    return slide


def test_bundled_video_decodes_to_real_frames(qtbot: QtBot, content: Content) -> None:
    slide = _video_slide(content)
    player = VideoPlayer()
    sink = QVideoSink()
    player.set_video_output(sink)
    frames: list[QVideoFrame] = []
    sink.videoFrameChanged.connect(lambda frame: frames.append(QVideoFrame(frame)))
    player.load(slide.file)
    player.play()
    qtbot.waitUntil(lambda: any(frame.isValid() for frame in frames), timeout=PLAYBACK_TIMEOUT)
    qtbot.waitUntil(lambda: player.position > 1500, timeout=PLAYBACK_TIMEOUT)
    image = next(frame for frame in reversed(frames) if frame.isValid()).toImage()
    assert (image.width(), image.height()) == (1280, 720)
    colours = {image.pixel(x, y) for x in range(0, 1280, 40) for y in range(0, 720, 40)}
    assert len(colours) > 3, "the decoded frame is blank"
    assert 30_000 <= player.duration <= 90_000  # 30 to 90 seconds
    player.unload()


VideoWindow = tuple[MainWindow, VideoSlideView]


@pytest.fixture
def video_window(qtbot: QtBot, window: MainWindow) -> VideoWindow:
    window.go_to(window.content.index_of("explainer-video"))
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    return window, view


def test_the_poster_lets_its_pixels_go_while_the_film_plays(
    qtbot: QtBot, video_window: VideoWindow
) -> None:
    _window, view = video_window
    poster = view.poster_page.picture
    shown = poster.grab().toImage()
    assert not poster.released
    view.play()
    assert view.stage.currentWidget() is view.video_widget
    assert poster.released, "the bitmap is let go as the film shows"
    assert poster.is_valid
    assert poster.natural_size() == QSize(1280, 720)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=PLAYBACK_TIMEOUT)
    view.leave()
    assert view.stage.currentWidget() is view.poster_page
    assert poster.grab().toImage() == shown, "read again when painted, the same picture"
    assert not poster.released


def test_poster_until_play_then_frames_and_time(qtbot: QtBot, video_window: VideoWindow) -> None:
    _window, view = video_window
    assert view.stage.currentWidget() is view.poster_page
    assert view.poster_page.picture.is_valid
    qtbot.mouseClick(view.big_play, Qt.MouseButton.LeftButton)
    assert view.stage.currentWidget() is view.video_widget
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=PLAYBACK_TIMEOUT)
    qtbot.waitUntil(lambda: view.player.position > 1200, timeout=PLAYBACK_TIMEOUT)
    assert view.seek_slider.maximum() == view.player.duration > 0
    assert view.time_label.text().endswith(f"/ {format_time(view.player.duration)}")
    assert view.play_button.accessibleName() == "Pause video"
    qtbot.mouseClick(view.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PAUSED)
    paused_at = view.player.position
    assert view.play_button.accessibleName() == "Play video"
    assert view.player.position == paused_at


def test_captions_follow_the_narration_and_toggle(
    qtbot: QtBot, video_window: VideoWindow, content: Content
) -> None:
    _window, view = video_window
    cues = parse_vtt(_video_slide(content).captions.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    assert view.captions_on, "captions are on by default"
    view.play()
    qtbot.waitUntil(lambda: view.caption_label.text() != "", timeout=PLAYBACK_TIMEOUT)
    shown = view.caption_label.text()
    assert shown in {cue.text for cue in cues}
    assert view.caption_in_picture() == shown, "in the picture, at a 16:9 window"
    position = view.player.position
    assert any(cue.start - 500 <= position <= cue.end + 500 and cue.text == shown for cue in cues)
    layout = (view.stage.geometry(), view.caption_label.geometry(), view.controls.geometry())
    qtbot.mouseClick(view.captions_button, Qt.MouseButton.LeftButton)
    assert not view.captions_on
    assert view.caption_label.text() == ""
    assert view.caption_in_picture() == ""
    # Turning captions off moves nothing.
    assert (view.stage.geometry(), view.caption_label.geometry(), view.controls.geometry()) == (
        layout
    )
    qtbot.mouseClick(view.captions_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.caption_in_picture() != "", timeout=PLAYBACK_TIMEOUT)
    view.leave()
    assert view.caption_in_picture() == "", "no caption left over on the next visit"


def _one_and_two_line_cues(view: VideoSlideView) -> list[Cue]:
    assert view.cues is not None
    one = next(cue for cue in view.cues.cues if "\n" not in cue.text)
    two = next(cue for cue in view.cues.cues if cue.text.count("\n") == 1)
    return [one, two, one]


def test_captions_are_in_the_picture_of_a_wide_window(
    qtbot: QtBot, video_window: VideoWindow
) -> None:
    """Landscape: Qt's video output draws the cue in the picture (4.5 % of the frame's
    height, on a translucent box), so no strip is reserved and nothing moves."""
    _window, view = video_window
    picture = view.stage.geometry()
    assert view.player_frame.captions_in_picture
    assert not view.caption_label.isVisible()
    for cue in _one_and_two_line_cues(view):
        view._on_position((cue.start + cue.end) // 2)  # as the player reports it
        assert view.caption_in_picture() == cue.text
        assert view.caption_label.text() == cue.text, "the console and screen readers read it"
        assert view.stage.geometry() == picture, "a caption moved the picture"


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)], ids=["720p", "1080p"])
@pytest.mark.parametrize("sealed", [False, True], ids=["window", "kiosk"])
def test_the_film_is_three_quarters_of_a_16_9_window(
    video_window: VideoWindow, width: int, height: int, sealed: bool
) -> None:
    window, view = video_window
    window.seal(sealed)
    window.resize(width, height)
    view.player_frame.relayout()
    assert view.stage.width() >= 0.75 * window.width()
    assert view.stage.width() * 9 == pytest.approx(view.stage.height() * 16, abs=16)
    footer = window.footer.mapTo(window, QPoint(0, 0)).y()
    bottom = view.controls.mapTo(window, QPoint(0, view.controls.height())).y()
    assert bottom <= footer, "the controls overlap the navigation"
    assert not view.title_label.isVisible(), "the film is the heading"
    assert view.accessibleName() == "NHS RHO Explainer video"
    window.seal(False)


def test_caption_size_is_the_same_for_one_and_two_line_cues(
    qtbot: QtBot, video_window: VideoWindow
) -> None:
    """Portrait: a strip under the picture, at one size for every cue."""
    window, view = video_window
    window.resize(1080, 1920)
    view.apply_style()
    assert not view.player_frame.captions_in_picture
    picture = view.stage.geometry()
    seen = {}
    cues = _one_and_two_line_cues(view)
    for cue in cues:
        view._on_position((cue.start + cue.end) // 2)  # as the player reports it
        assert view.caption_label.text() == cue.text
        assert view.caption_in_picture() == "", "not twice"
        seen[cue.text] = (view.caption_label.pixel_size(), view.caption_label.geometry())
        assert len(view.caption_label.lines()) == cue.text.count("\n") + 1
        assert view.stage.geometry() == picture, "a caption moved the picture"
    assert seen[cues[0].text] == seen[cues[1].text], "one- and two-line cues differ"
    size = seen[cues[0].text][0]
    # At least 4.5 % of the picture's height, and never smaller than the body text.
    assert size >= max(22, round(picture.height() * 0.045))
    strip = view.caption_label.geometry()
    assert strip.height() >= 2 * size * 1.2, "two lines fit the strip"
    assert strip.top() >= picture.bottom(), "under the picture, never over the native video"


def test_the_length_shows_before_play(qtbot: QtBot, video_window: VideoWindow) -> None:
    _window, view = video_window
    length = format_time(70_128)  # ffprobe: the film is 70.128 s long
    # Straight away, from the file's header: no "0:00 / 0:00" while the player opens it.
    assert view.time_label.text() == f"0:00 / {length}"
    assert view.length_label.isVisible()
    assert view.length_label.text() == length
    qtbot.waitUntil(lambda: view.player.duration > 0, timeout=PLAYBACK_TIMEOUT)
    assert view.player.state is PlayState.STOPPED, "opened, not played"
    assert format_time(view.player.duration) == length
    assert view.time_label.text() == f"0:00 / {length}"
    assert view.seek_slider.maximum() == view.player.duration


def test_a_slide_picture_shows_the_length(content: Content, app_fonts: None) -> None:
    renderer = SlideRenderer(content)
    index = content.index_of("explainer-video")
    renderer.image(index, QSize(1920, 1080))  # lays the view out, as `kiosk render` does
    view = renderer._view(index)
    assert isinstance(view, VideoSlideView)
    assert view.player.source is None, "a picture opens no video"
    assert view.length_label.isVisibleTo(view)
    assert view.length_label.text() == "1:10"
    renderer.close()


def test_a_tap_on_the_seek_bar_lands_where_it_was_made(
    qtbot: QtBot, video_window: VideoWindow
) -> None:
    _window, view = video_window
    slider = view.seek_slider
    qtbot.waitUntil(lambda: view.player.duration > 0, timeout=PLAYBACK_TIMEOUT)
    duration = view.player.duration
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    groove = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, slider
    )
    for share in (0.7, 0.25, 0.9):
        x = round(groove.left() + share * groove.width())
        qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(x, slider.height() // 2))
        assert abs(slider.value() - share * duration) <= 0.02 * duration, share
        qtbot.waitUntil(lambda: abs(view.player.position - slider.value()) < 300)


def test_mute_toggles(qtbot: QtBot, video_window: VideoWindow) -> None:
    _, view = video_window
    qtbot.mouseClick(view.mute_button, Qt.MouseButton.LeftButton)
    assert view.player.muted
    assert view.mute_button.accessibleName() == "Unmute"
    qtbot.mouseClick(view.mute_button, Qt.MouseButton.LeftButton)
    assert not view.player.muted


class _OneSoundCard:
    """``QMediaDevices`` as on a machine with a sound device (this one has none)."""

    @staticmethod
    def audioOutputs() -> list[QAudioDevice]:
        return [QAudioDevice()]


@pytest.fixture
def sound_card(monkeypatch: pytest.MonkeyPatch) -> None:
    """The player facade finds a sound device and so makes its own QAudioOutput (it imports
    QtMultimedia's names when it first needs them, so they are patched at their source)."""
    import PySide6.QtMultimedia

    monkeypatch.setattr(PySide6.QtMultimedia, "QMediaDevices", _OneSoundCard)


def _audio_output(player: VideoPlayer) -> QAudioOutput:
    """The QAudioOutput the facade owns, checked to be the one its QMediaPlayer plays into."""
    (output,) = player.findChildren(QAudioOutput)
    (media,) = player.findChildren(QMediaPlayer)
    assert media.audioOutput() is output
    return output


def test_mute_reaches_the_audio_output(qtbot: QtBot, sound_card: None, content: Content) -> None:
    player = VideoPlayer()
    player.set_muted(True)  # before any file: the output does not exist yet
    player.load(_video_slide(content).file)
    assert player.has_audio_device
    output = _audio_output(player)
    assert output.isMuted()
    player.set_muted(False)
    assert not output.isMuted()
    player.set_muted(True)
    assert output.isMuted()
    player.unload()
    assert output.isMuted()


def test_the_mute_button_mutes_the_audio_output(
    qtbot: QtBot, sound_card: None, window: MainWindow
) -> None:
    window.go_to(window.content.index_of("explainer-video"))  # opens the file
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    output = _audio_output(view.player)
    assert not output.isMuted()
    qtbot.mouseClick(view.mute_button, Qt.MouseButton.LeftButton)
    assert output.isMuted()
    qtbot.mouseClick(view.mute_button, Qt.MouseButton.LeftButton)
    assert not output.isMuted()


def test_no_sound_device_plays_silently(
    qtbot: QtBot, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    import PySide6.QtMultimedia

    class NoSoundCard:
        @staticmethod
        def audioOutputs() -> list[QAudioDevice]:
            return []

    monkeypatch.setattr(PySide6.QtMultimedia, "QMediaDevices", NoSoundCard)
    player = VideoPlayer()
    player.load(_video_slide(content).file)
    assert not player.has_audio_device
    assert player.findChildren(QAudioOutput) == []
    player.set_muted(True)  # harmless without an output
    assert player.muted
    player.unload()


def test_seek_then_end_offers_replay(qtbot: QtBot, video_window: VideoWindow) -> None:
    _, view = video_window
    view.play()
    qtbot.waitUntil(lambda: view.player.duration > 0, timeout=PLAYBACK_TIMEOUT)
    view.player.seek(view.player.duration - 800)
    qtbot.waitUntil(lambda: view.player.state is PlayState.ENDED, timeout=PLAYBACK_TIMEOUT)
    assert view.play_button.accessibleName() == "Play again"
    qtbot.mouseClick(view.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.player.state is PlayState.PLAYING, timeout=PLAYBACK_TIMEOUT)
    assert view.player.position < 5000


def test_leaving_the_slide_pauses_and_rewinds(qtbot: QtBot, video_window: VideoWindow) -> None:
    window, view = video_window
    view.play()
    qtbot.waitUntil(lambda: view.player.position > 800, timeout=PLAYBACK_TIMEOUT)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: view.player.state is not PlayState.PLAYING)
    qtbot.waitUntil(lambda: view.player.position == 0)
    assert view.stage.currentWidget() is view.poster_page


def _broken_view(qtbot: QtBot, content: Content, file: Path) -> VideoSlideView:
    slide = VideoSlide(id="broken", title=Text({"en": "Broken"}, "en"), file=file)
    return _shown(qtbot, VideoSlideView(slide, Style(content, "en")))


def _shown(qtbot: QtBot, view: VideoSlideView) -> VideoSlideView:
    """``view`` shown at 1280x720 and styled for it; pytest-qt closes it after the test."""
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.apply_style()
    view.show()
    return view


def test_missing_video_shows_a_calm_message(qtbot: QtBot, content: Content, tmp_path: Path) -> None:
    view = _broken_view(qtbot, content, tmp_path / "gone.webm")
    view.enter()
    view.play()
    qtbot.waitUntil(lambda: view.stage.currentWidget() is view.message_label)
    assert view.message_label.text() == "Sorry, this video cannot be played right now."
    assert not view.controls.isEnabled()
    view.leave()  # leaving a failed slide is harmless...
    view.enter()  # ...and coming back tries again, and says so again
    view.play()
    qtbot.waitUntil(lambda: view.stage.currentWidget() is view.message_label)


@pytest.mark.qt_log_ignore("Could not open media. FFmpeg error description: Invalid data")
def test_corrupt_video_shows_a_calm_message(qtbot: QtBot, content: Content, tmp_path: Path) -> None:
    fake = tmp_path / "fake.webm"
    fake.write_text("this is not a video\n" * 100)
    view = _broken_view(qtbot, content, fake)
    with qtbot.waitSignal(view.player.failed, timeout=PLAYBACK_TIMEOUT):
        view.enter()
        view.play()
    qtbot.waitUntil(lambda: view.stage.currentWidget() is view.message_label)


def test_app_keeps_working_after_a_broken_video(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    view = window.views[window.content.index_of("explainer-video")]
    assert isinstance(view, VideoSlideView)
    view.player.load(tmp_path / "gone.webm")
    window.go_to(window.content.index_of("explainer-video"))
    view.play()
    qtbot.waitUntil(lambda: view.stage.currentWidget() is view.message_label)
    with qtbot.waitSignal(window.slide_changed):
        qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.current_view.slide.id == "find-out-more"


def test_format_time() -> None:
    assert format_time(0) == "0:00"
    assert format_time(65_432) == "1:05"
    assert format_time(3_600_000 + 61_000) == "1:01:01"


XCB_CAPTIONS = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from kiosk.content import load_content
from kiosk.resources import bundled_content_path
from kiosk.ui.app import create_application
content = load_content(bundled_content_path())
app = create_application(sys.argv[:1], content.theme.font)
from kiosk.ui.show.window import MainWindow
window = MainWindow(content)
window.show_fullscreen()
window.go_to(content.index_of("explainer-video"))
view = window.current_view
view.play()
seen = {}
def foot():
    # The lower third of the picture, as the audience sees it on the screen.
    stage = view.stage
    screen = QGuiApplication.primaryScreen().grabWindow(0).toImage()
    top_left = stage.mapToGlobal(stage.rect().topLeft())
    return [
        screen.pixelColor(x, y).lightness()
        for x in range(top_left.x(), top_left.x() + stage.width(), 4)
        for y in range(top_left.y() + stage.height() * 2 // 3, top_left.y() + stage.height(), 4)
    ]
def look():
    if view.player.position < 2500 or not view.caption_in_picture():
        QTimer.singleShot(100, look)
        return
    view.player.pause()
    QTimer.singleShot(600, with_caption)
def with_caption():
    seen["with"] = foot()
    view.set_captions(False)
    QTimer.singleShot(600, without_caption)
def without_caption():
    seen["without"] = foot()
    print(json.dumps(seen), flush=True)
    app.quit()
QTimer.singleShot(500, look)
QTimer.singleShot(20000, app.quit)
app.exec()
"""


def test_captions_show_in_the_native_video_on_a_real_x_screen() -> None:
    """On a real X screen the audience reads the captions drawn in the picture, on a dark
    box (the picture is grabbed from the screen, not from the widget)."""
    require("Xvfb", why="Debian's xvfb")
    with xvfb(1280, 720) as display:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(REPO_ROOT))
        result = subprocess.run(
            [sys.executable, "-c", XCB_CAPTIONS],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-2000:]
    seen = json.loads(lines[-1])
    assert len(set(seen["without"])) > 3, "the film itself, not a blank window"
    changed = [a for a, b in zip(seen["with"], seen["without"], strict=True) if a != b]
    assert len(changed) > len(seen["with"]) // 20, "the caption is drawn on the picture"
    assert max(changed) > 200, "white caption text"
    darker = sum(a < b for a, b in zip(seen["with"], seen["without"], strict=True))
    assert darker > len(changed) // 3, "on a dark box over the picture"


def _captioned_view(qtbot: QtBot, content: Content, captions: Path) -> VideoSlideView:
    slide = _video_slide(content)
    captioned = VideoSlide(
        id="captioned", title=Text({"en": "Captioned"}, "en"), file=slide.file, captions=captions
    )
    return _shown(qtbot, VideoSlideView(captioned, Style(content, "en")))


CORPUS = REPO_ROOT / "tests" / "data" / "vtt"


def test_a_caption_file_with_one_bad_cue_shows_all_the_others(
    qtbot: QtBot, content: Content
) -> None:
    view = _captioned_view(qtbot, content, CORPUS / "one-bad-cue.vtt")
    assert view.captions_on
    assert view.captions_button.isVisible()
    shown = []
    for position in (1500, 3500, 5500, 7500, 9500):
        view._on_position(position)  # as the player reports it
        shown.append(view.live_caption())
    assert shown == ["One", "Two", "", "Four", "Five"]
    assert view.caption_in_picture() == "", "no picture yet: QtMultimedia waits for a play"
    assert view.video_widget is not None  # the film opens (as on play)
    assert view.caption_in_picture() == "Five", "landscape: drawn in the picture"


def test_overlapping_cues_show_together_in_the_view(qtbot: QtBot, content: Content) -> None:
    view = _captioned_view(qtbot, content, CORPUS / "overlapping.vtt")
    view._on_position(3000)
    assert view.live_caption() == "[music playing]\nHello\nAmara: Hi there"
    view._on_position(5000)
    assert view.live_caption() == "[music playing]"


def test_a_caption_file_with_no_cue_to_show_gives_no_captions_button(
    qtbot: QtBot, content: Content, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.vtt"
    empty.write_text("WEBVTT\n\nNOTE nothing here yet\n", encoding="utf-8")
    view = _captioned_view(qtbot, content, empty)
    assert view.cues is None
    assert not view.captions_on
    assert not view.captions_button.isVisible()
