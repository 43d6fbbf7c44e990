"""Faults while the show runs: assets deleted mid-show, content.yaml replaced by garbage
under a running kiosk, a log that cannot be written, no sound device, a screen unplugged.
Nothing is lost: the last good content stays on screen and the show goes on.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import PySide6.QtMultimedia
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.content import Content, load_content
from kiosk.system import logs
from kiosk.system.pin import PinStore
from kiosk.ui.kiosk.controller import ATTRACT, VISIT, KioskController, KioskTimings
from kiosk.ui.show.watch import ContentWatcher
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.kinds import ImageSlideView
from kiosk.ui.slides.player import PlayState, VideoPlayer
from kiosk.ui.slides.video import VideoSlideView
from tests.conftest import REPO_ROOT
from tests.support.child import WINDOW_PROBE, Child
from tests.support.randr import Projector
from tests.support.show import show_window, webm_cut_after_header
from tests.support.xvfb import xcb_env

PLAYBACK_TIMEOUT = 15_000  # milliseconds
FAST = KioskTimings(
    idle_timeout=150, countdown=300, slide_duration=40, cursor_hide=50, use_slide_durations=False
)


@pytest.fixture
def show(content_folder: Path) -> Path:
    """A copy of the bundled content folder; returns its content.yaml."""
    return content_folder / "content.yaml"


def step(qtbot: QtBot, window: MainWindow, key: Qt.Key = Qt.Key.Key_Right) -> None:
    with qtbot.waitSignal(window.slide_changed, timeout=5000):
        qtbot.keyClick(window, key)


def views(window: MainWindow) -> tuple[ImageSlideView, VideoSlideView]:
    image = window.views[window.content.index_of("summary-visual")]
    video = window.views[window.content.index_of("explainer-video")]
    assert isinstance(image, ImageSlideView)
    assert isinstance(video, VideoSlideView)
    return image, video


# --- assets deleted mid-show ------------------------------------------------------------------
def test_assets_deleted_while_shown_stay_on_screen(
    qtbot: QtBot, show: Path, app_fonts: None
) -> None:
    window = show_window(qtbot, load_content(show, check_files=False))
    image, video = views(window)
    window.go_to(window.content.index_of("summary-visual"))
    (show.parent / "assets" / "summary-visual.svg").unlink()  # while it is shown
    (show.parent / "assets" / "video" / "explainer-poster.png").unlink()  # before its visit
    step(qtbot, window)
    assert window.current_view is video
    assert video.poster_page.picture.is_valid  # read when the show started
    step(qtbot, window, Qt.Key.Key_Left)
    assert image.picture.is_valid
    assert not image.grab().isNull()
    step(qtbot, window, Qt.Key.Key_End)
    step(qtbot, window, Qt.Key.Key_Home)


def test_video_deleted_before_its_visit_says_so_calmly(
    qtbot: QtBot, show: Path, app_fonts: None
) -> None:
    window = show_window(qtbot, load_content(show, check_files=False))
    _, video = views(window)
    (show.parent / "assets" / "video" / "explainer.webm").unlink()
    step(qtbot, window, Qt.Key.Key_End)
    step(qtbot, window, Qt.Key.Key_Left)
    assert window.current_view is video
    qtbot.mouseClick(video.big_play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: video.stage.currentWidget() is video.message_label)
    assert not video.controls.isEnabled()
    step(qtbot, window)  # and the show goes on
    assert window.current_index == len(window.views) - 1


@pytest.mark.slow
def test_video_deleted_while_playing(qtbot: QtBot, show: Path, app_fonts: None) -> None:
    window = show_window(qtbot, load_content(show, check_files=False))
    _, video = views(window)
    window.go_to(window.content.index_of("explainer-video"))
    video.play()
    qtbot.waitUntil(lambda: video.player.position > 500, timeout=PLAYBACK_TIMEOUT)
    (show.parent / "assets" / "video" / "explainer.webm").unlink()
    # An open file lives on where the system allows (POSIX); either way, no hang.
    qtbot.waitUntil(
        lambda: video.player.position > 1500 or video.player.state is PlayState.FAILED,
        timeout=PLAYBACK_TIMEOUT,
    )
    step(qtbot, window)  # leaving closes the file
    step(qtbot, window, Qt.Key.Key_Left)  # and coming back finds it gone
    video.play()
    qtbot.waitUntil(lambda: video.stage.currentWidget() is video.message_label)


def test_overview_after_an_asset_was_deleted_shows_the_fallback(
    qtbot: QtBot, show: Path, app_fonts: None
) -> None:
    """The overview lays slides out in fresh slide views, which read the files again."""
    window = show_window(qtbot, load_content(show, check_files=False))
    views(window)  # every slide's view made (the deck makes most after the first paint)
    (show.parent / "assets" / "summary-visual.svg").unlink()
    window.perform("overview")
    overview = window.talk_layers.overview()
    assert overview.isVisible()
    renderer = window.pictures
    image = renderer._view(window.content.index_of("summary-visual"))
    assert isinstance(image, ImageSlideView)
    assert not image.picture.is_valid
    assert image.picture.fallback_text.startswith("Sorry, this picture cannot be shown")
    assert views(window)[0].picture.is_valid  # the show itself keeps its picture
    qtbot.keyClick(overview, Qt.Key.Key_Escape)
    assert not overview.isVisible()
    step(qtbot, window)


# --- content.yaml replaced by garbage under a running kiosk --------------------------------
@pytest.fixture
def pins(tmp_path: Path) -> PinStore:
    return PinStore(tmp_path / "staff-pin.json")


RunningKiosk = tuple[MainWindow, KioskController, ContentWatcher]


@pytest.fixture
def kiosk(qtbot: QtBot, show: Path, app_fonts: None, pins: PinStore) -> Iterator[RunningKiosk]:
    """A running kiosk on the copied content, wired to a ContentWatcher as run_kiosk does."""
    content = load_content(show, check_files=False)
    window = show_window(qtbot, content)
    controller = KioskController(
        window, timings=FAST, attract_video="skip", pins=pins, quit_app=lambda code: None
    )
    watcher = ContentWatcher(content, settle_ms=50, parent=controller)
    watcher.content_changed.connect(controller.offer_content)
    controller.start()
    yield window, controller, watcher
    controller.stop()


GARBAGE = [
    pytest.param(b"", id="emptied"),
    pytest.param(bytes(range(256)) * 64, id="binary"),
    # Cut inside the theme: invalid YAML. (Cut later, a file can be valid with fewer slides.)
    pytest.param((REPO_ROOT / "content.yaml").read_bytes()[:700], id="half-written"),
    pytest.param(b"slides: [\n  - {id: x, kind: title, title: 'unclosed\n", id="broken-yaml"),
    pytest.param(b"a: &a [*a, *a]\n" * 100, id="aliases"),
    pytest.param(b"<?xml version='1.0'?><html/>\n", id="wrong-file"),
]


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_content_is_rejected_and_the_kiosk_keeps_cycling(
    qtbot: QtBot,
    kiosk: RunningKiosk,
    show: Path,
    garbage: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    window, controller, watcher = kiosk
    shown = window.content
    with qtbot.waitSignal(watcher.content_rejected, timeout=5000) as blocker:
        show.write_bytes(garbage)
    problems = blocker.args[0]
    assert problems
    assert all(problem.line >= 1 and problem.column >= 1 for problem in problems)
    assert "content change rejected; still showing the last good content" in caplog.text
    assert window.content is shown
    assert window.views[0].title_label.text() == "Our Priorities"
    assert controller.state == ATTRACT
    for _ in range(3):  # the attract loop goes on
        with qtbot.waitSignal(window.slide_changed, timeout=3000):
            pass
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)  # a visitor
    assert controller.state == VISIT
    step(qtbot, window)


def test_content_deleted_then_restored_is_picked_up_again(
    qtbot: QtBot, kiosk: RunningKiosk, show: Path
) -> None:
    window, controller, watcher = kiosk
    text = show.read_text(encoding="utf-8")
    with qtbot.waitSignal(watcher.content_rejected, timeout=5000) as blocker:
        show.unlink()
    assert "cannot read the file" in str(blocker.args[0][0])
    with qtbot.waitSignal(watcher.content_changed, timeout=5000):
        show.write_text(
            text.replace(
                "kind: title\n    title: Our Priorities\n", "kind: title\n    title: Back\n"
            )
        )
    qtbot.waitUntil(lambda: window.views[0].title_label.text() == "Back", timeout=3000)
    assert controller.state == ATTRACT


def test_asset_deleted_under_a_running_kiosk_keeps_the_last_good_content(
    qtbot: QtBot, kiosk: RunningKiosk, show: Path
) -> None:
    window, _controller, watcher = kiosk
    shown = window.content
    with qtbot.waitSignal(watcher.content_rejected, timeout=5000) as blocker:
        (show.parent / "assets" / "video" / "explainer.webm").unlink()
    assert any("does not exist" in str(problem) for problem in blocker.args[0])
    assert window.content is shown
    with qtbot.waitSignal(window.slide_changed, timeout=3000):
        pass


def test_a_stalled_video_does_not_hold_the_attract_loop(
    qtbot: QtBot, show: Path, app_fonts: None, pins: PinStore
) -> None:
    """A video cut short after its header 'plays' at 0:00 for ever, and the attract loop
    waits for its end: the player's stall watchdog fails it, and the loop moves on."""
    video_file = show.parent / "assets" / "video" / "explainer.webm"
    video_file.write_bytes(webm_cut_after_header(REPO_ROOT / "assets" / "video" / "explainer.webm"))
    content = load_content(show, check_files=False)
    window = show_window(qtbot, content)
    _, video = views(window)
    video.player.stall_ms = 500
    controller = KioskController(
        window, timings=FAST, attract_video="muted", pins=pins, quit_app=lambda code: None
    )
    controller.start()
    try:
        index = content.index_of("explainer-video")
        qtbot.waitUntil(lambda: window.current_index == index, timeout=5000)
        qtbot.waitUntil(lambda: video.player.state is PlayState.FAILED, timeout=5000)
        assert video.stage.currentWidget() is video.message_label
        qtbot.waitUntil(lambda: window.current_index == index + 1, timeout=5000)
        assert controller.state == ATTRACT
    finally:
        controller.stop()


# --- the log ------------------------------------------------------------------------------------
@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    logs.reset_logging()
    root.setLevel(level)


def test_log_file_that_is_a_folder_falls_back_to_stderr(
    tmp_path: Path, restore_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "log" / "kiosk.log").mkdir(parents=True)  # where the file should go
    assert logs.configure_logging("INFO", log_dir=tmp_path / "log", to_file=True) is None
    logging.getLogger("kiosk.test").warning("still heard")
    err = capsys.readouterr().err
    assert "cannot write the log file" in err
    assert "still heard" in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_the_log_does_not_stop_the_show(
    qtbot: QtBot,
    content: Content,
    app_fonts: None,
    restore_logging: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """/dev/full fails every write with ENOSPC, as a full disk does."""
    path = logs.configure_logging("INFO", log_dir=Path("/dev"), to_file=True, file_name="full")
    assert path == Path("/dev/full")
    window = show_window(qtbot, content)
    for _ in range(3):
        step(qtbot, window)
        logging.getLogger("kiosk.test").error("slide %d", window.current_index)
    assert window.current_index == 3
    assert "slide 3" in capsys.readouterr().err  # stderr still hears everything


def test_log_folder_removed_while_running(
    qtbot: QtBot,
    content: Content,
    app_fonts: None,
    tmp_path: Path,
    restore_logging: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "log"
    logs.configure_logging("INFO", log_dir=folder, to_file=True, max_bytes=200, backup_count=1)
    window = show_window(qtbot, content)
    shutil.rmtree(folder)
    for _ in range(3):
        step(qtbot, window)
        logging.getLogger("kiosk.test").error("after the folder went: %s", "x" * 100)
    assert window.current_index == 3
    assert "after the folder went" in capsys.readouterr().err


# --- no sound device ----------------------------------------------------------------------------
class NoAudioDevices:
    """Stands in for QMediaDevices on a machine without sound outputs."""

    @staticmethod
    def audioOutputs() -> list[object]:
        return []


@pytest.mark.slow
@pytest.mark.parametrize("machine", ["patched", "this-machine"])
def test_no_audio_device_plays_silently(
    qtbot: QtBot,
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    machine: str,
) -> None:
    if machine == "patched":
        # Where the player looks it up when it first needs it (QtMultimedia loads late).
        monkeypatch.setattr(PySide6.QtMultimedia, "QMediaDevices", NoAudioDevices)
    elif QMediaDevices.audioOutputs():
        pytest.skip("this machine has a sound device")
    caplog.set_level(logging.INFO, logger="kiosk.ui.slides.player")
    video = content.slides[content.index_of("explainer-video")]
    player = VideoPlayer()
    player.load(video.file)  # type: ignore[attr-defined]
    assert player.has_audio_device is False
    assert "no audio device; video will play silently" in caplog.text
    player.set_muted(True)  # the mute button works without a device
    assert player.muted
    player.play()
    qtbot.waitUntil(lambda: player.position > 800, timeout=PLAYBACK_TIMEOUT)
    assert player.state is PlayState.PLAYING
    player.unload()


# --- a screen unplugged -------------------------------------------------------------------------
def test_window_left_off_every_screen_comes_back(
    qtbot: QtBot, content: Content, app_fonts: None
) -> None:
    """What Qt leaves behind when a projector is unplugged: the window moved to the
    remaining screen but still at the projector's position."""
    window = show_window(qtbot, content)
    screen = window.screen()
    window.move(screen.geometry().right() + 400, 100)
    assert not screen.geometry().contains(window.geometry().center())
    app = QApplication.instance()
    assert isinstance(app, QGuiApplication)
    app.screenRemoved.emit(screen)
    qtbot.waitUntil(lambda: screen.availableGeometry().contains(window.geometry().center()))
    step(qtbot, window)
    assert window.current_index == 1


def test_fullscreen_window_refills_its_screen(
    qtbot: QtBot, content: Content, app_fonts: None
) -> None:
    window = show_window(qtbot, content)
    window.show_fullscreen()
    screen = window.screen()
    qtbot.waitUntil(lambda: window.geometry() == screen.geometry())
    window.setGeometry(QRect(screen.geometry().right() + 1, 0, 1920, 1080))  # the old projector
    app = QApplication.instance()
    assert isinstance(app, QGuiApplication)
    app.screenRemoved.emit(screen)
    qtbot.waitUntil(lambda: window.geometry() == screen.geometry())
    assert window.isFullScreen()
    step(qtbot, window)


def test_screen_changed_signal_does_not_disturb_the_show(
    qtbot: QtBot, content: Content, app_fonts: None
) -> None:
    window = show_window(qtbot, content)
    step(qtbot, window)
    handle = window.windowHandle()
    handle.screenChanged.emit(window.screen())
    step(qtbot, window)
    assert window.current_index == 2


def _inside(state: dict[str, Any], screen: str) -> bool:
    x, y, width, height = state["screens"][screen]
    left, top, w, h = state["geometry"]
    return x <= left and y <= top and left + w <= x + width and top + h <= y + height


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["kiosk", "window"])
def test_projector_unplugged_under_a_single_window(x_display: str, mode: str) -> None:
    """On a real (virtual) X server with no window manager, as a kiosk runs: without help,
    the window stays where the projector was, off the remaining screen."""
    projector = Projector(x_display)
    child = Child(WINDOW_PROBE, mode, env=xcb_env(x_display))
    try:
        before = child.wait_for(lambda s: s["visible"] and s["screen"] == "projector")
        assert _inside(before, "projector")
        child.send("next")
        projector.unplug()
        after = child.wait_for(lambda s: len(s["screens"]) == 1 and _inside(s, "laptop"))
        assert after["screen"] == "laptop"
        assert _inside(after, "laptop"), after
        assert after["visible"]
        assert after["fullscreen"] == (mode == "kiosk")
        if mode == "kiosk":
            assert after["geometry"] == after["screens"]["laptop"]
        assert after["index"] == 1  # the place in the show is kept
        child.send("next")
        assert child.wait_for(lambda s: s["index"] == 2)["index"] == 2
    finally:
        child.close()
        projector.close()


@pytest.mark.slow
def test_kiosk_returns_to_its_screen_when_the_projector_comes_back(
    x_display: str, tmp_path: Path
) -> None:
    projector = Projector(x_display)
    child = Child(
        WINDOW_PROBE, "kiosk-controller", str(tmp_path / "pin.json"), env=xcb_env(x_display)
    )
    try:
        child.wait_for(lambda s: s["visible"] and s["screen"] == "projector")
        projector.unplug()
        gone = child.wait_for(lambda s: len(s["screens"]) == 1 and _inside(s, "laptop"))
        assert gone["screen"] == "laptop"
        projector.plug_in()
        back = child.wait_for(lambda s: s["screen"] == "projector" and _inside(s, "projector"))
        assert back["screen"] == "projector", back
        assert back["geometry"] == back["screens"]["projector"]
        assert back["fullscreen"]
    finally:
        child.close()
        projector.close()
