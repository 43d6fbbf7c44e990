"""Broken media: each fault is built into a copy of the content folder, loaded the way the
app starts (``check_files=False``), and shown in a MainWindow whose every slide is visited.
The broken slide shows its fallback (the calm message, the alt text, no captions), the
others are untouched, navigation keeps working, and memory stays sane. ``load_content``
with its files checked (``kiosk validate``) reports the fault where a header can tell.
"""

from __future__ import annotations

import re
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk import cli
from kiosk.content import ContentError, load_content
from kiosk.system.logs import reset_logging
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.kinds import ImageSlideView
from kiosk.ui.slides.player import PlayState
from kiosk.ui.slides.video import VideoSlideView
from kiosk.ui.widgets.pictures import SvgView
from tests.conftest import REPO_ROOT
from tests.support.show import show_window, webm_cut_after_header

PLAYBACK_TIMEOUT = 15_000  # milliseconds
IMAGE_UNAVAILABLE = "Sorry, this picture cannot be shown right now."
VIDEO_UNAVAILABLE = "Sorry, this video cannot be played right now."
SVG_FILE = "assets/summary-visual.svg"
VIDEO_FILE = "assets/video/explainer.webm"
CAPTIONS_FILE = "assets/video/explainer.vtt"
POSTER_FILE = "assets/video/explainer-poster.png"


# --- building faults ------------------------------------------------------------------------
@pytest.fixture
def show(content_folder: Path) -> Path:
    """A copy of the bundled content folder (content.yaml and assets/), to break; without
    the summary's card links, which would name elements a replaced picture lacks."""
    path = content_folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    without = re.sub(r"\n    links:\n(      .*\n)+", "\n", text)
    assert without != text, "the summary visual's links moved"
    path.write_text(without, encoding="utf-8")
    return content_folder


def use_file(folder: Path, old: str, new: str) -> None:
    """Point content.yaml's ``old`` asset path at ``new``."""
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(f" {old}\n") == 1, old
    path.write_text(text.replace(f" {old}\n", f" {new}\n"), encoding="utf-8")


def png_bytes(width: int, height: int, *, rows: bool = True) -> bytes:
    """A 1-bit greyscale PNG of ``width`` x ``height``: tiny on disk whatever its size.

    ``rows=False`` leaves the pixel data out: only the header claims the size.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = b""
    if rows:
        packer = zlib.compressobj(1)
        row = b"\x00" + b"\x55" * ((width + 7) // 8)
        pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def svg(body: str, prologue: str = "") -> bytes:
    return (
        f"{prologue}<svg xmlns='http://www.w3.org/2000/svg' "
        "xmlns:xlink='http://www.w3.org/1999/xlink' width='160' height='90'>"
        f"<rect width='160' height='90' fill='#005EB8'/>{body}</svg>"
    ).encode()


def billion_laughs() -> bytes:
    entities = "<!ENTITY l0 'lol'>" + "".join(
        f"<!ENTITY l{i} '{f'&l{i - 1};' * 10}'>" for i in range(1, 10)
    )
    return svg("<text y='50'>&l9;</text>", f"<?xml version='1.0'?><!DOCTYPE svg [{entities}]>")


def rss_mib() -> float:
    """This process's resident memory, in MiB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


# --- the show -------------------------------------------------------------------------------
def start_show(qtbot: QtBot, folder: Path) -> MainWindow:
    """Load and show ``folder``'s content as the app does when it starts."""
    return show_window(qtbot, load_content(folder / "content.yaml", check_files=False))


def visit_every_slide(
    qtbot: QtBot, window: MainWindow, on_video: Callable[[VideoSlideView], None]
) -> None:
    """Step through every slide with the clicker's key, painting each; ``on_video`` runs on
    the video slide. Then back to the first slide with Home."""
    for index in range(1, len(window.views)):
        with qtbot.waitSignal(window.slide_changed, timeout=5000):
            qtbot.keyClick(window, Qt.Key.Key_Right)
        assert window.current_index == index
        view = window.current_view
        assert not view.grab().isNull()  # paints: fallbacks are drawn in paintEvent
        if isinstance(view, VideoSlideView):
            on_video(view)
    with qtbot.waitSignal(window.slide_changed, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Home)
    assert window.current_index == 0


def image_view(window: MainWindow) -> ImageSlideView:
    view = window.views[window.content.index_of("summary-visual")]
    assert isinstance(view, ImageSlideView)
    return view


def video_view(window: MainWindow) -> VideoSlideView:
    view = window.views[window.content.index_of("explainer-video")]
    assert isinstance(view, VideoSlideView)
    return view


def validation_problem(folder: Path, field: str) -> str:
    """The problem ``kiosk validate`` reports for ``field`` (e.g. ``slides[6].file``)."""
    with pytest.raises(ContentError) as info:
        load_content(folder / "content.yaml")
    found = [str(p) for p in info.value.problems if p.field == field]
    assert found, str(info.value)
    return found[0]


def just_look(view: VideoSlideView) -> None:
    """On the video slide: do not press play."""


def colours(image: QImage, step: int = 8) -> set[int]:
    return {
        image.pixel(x, y) & 0xFFFFFF
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


# --- pictures -------------------------------------------------------------------------------
SVG_FAULTS = [
    pytest.param(b"", "is empty", id="empty"),
    pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "not valid SVG", id="cut"),
    pytest.param(b"this is not a picture\n" * 20, "not valid SVG", id="text"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "not valid SVG", id="png-named-svg"),
    pytest.param(b"<html><body>404</body></html>", "root element is <html>", id="html"),
    pytest.param(
        svg("<image href='file:///etc/passwd' width='160' height='90'/>"),
        "refers to 'file:///etc/passwd', outside its folder",
        id="file-url",
    ),
    pytest.param(
        svg("<image xlink:href='http://198.51.100.7/logo.png' width='160' height='90'/>"),
        "refers to 'http://198.51.100.7/logo.png', outside its folder",
        id="web-address",
    ),
    pytest.param(
        svg("<image href='../../../../../../etc/hostname' width='9' height='9'/>"),
        "outside its folder",
        id="dot-dot",
    ),
    pytest.param(billion_laughs(), "declares the XML entity 'l1'", id="billion-laughs"),
    pytest.param(
        svg("<text>&x;</text>", "<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"),
        "declares the external XML entity 'x'",
        id="external-entity",
    ),
]


@pytest.mark.parametrize(("data", "phrase"), SVG_FAULTS)
def test_broken_svg_shows_the_alt_text_and_the_show_goes_on(
    qtbot: QtBot, show: Path, app_fonts: None, data: bytes, phrase: str
) -> None:
    (show / SVG_FILE).write_bytes(data)
    assert phrase in validation_problem(show, "slides[6].file")
    window = start_show(qtbot, show)
    visit_every_slide(qtbot, window, just_look)
    view = image_view(window)
    assert not view.picture.is_valid
    alt = view.style_.text(view.slide.alt)
    assert view.picture.fallback_text == f"{IMAGE_UNAVAILABLE}\n\n{alt}"
    assert view.picture.accessibleName() == alt
    assert video_view(window).poster_page.picture.is_valid  # the other pictures are fine


def test_svg_is_not_allowed_to_show_a_file_from_outside_the_folder(
    qtbot: QtBot, show: Path, app_fonts: None
) -> None:
    """Qt's SVG renderer reads ``<image href="/any/path.png">`` from anywhere on the
    machine; the app refuses such a picture rather than show a stranger's file."""
    secret = show.parent / "private" / "photo.png"
    secret.parent.mkdir()
    red = QImage(64, 64, QImage.Format.Format_RGB32)
    red.fill(QColor("#FF0000"))
    assert red.save(str(secret))
    (show / SVG_FILE).write_bytes(svg(f"<image href='{secret}' width='160' height='90'/>"))
    assert "outside its folder" in validation_problem(show, "slides[6].file")
    window = start_show(qtbot, show)
    window.go_to(window.content.index_of("summary-visual"))
    picture = image_view(window).picture
    assert not picture.is_valid
    assert 0xFF0000 not in colours(picture.grab().toImage())


def test_svg_may_use_embedded_pictures_and_files_beside_it(
    qtbot: QtBot, show: Path, app_fonts: None
) -> None:
    """The refusal is narrow: data: URIs, #fragments and files in the folder still draw."""
    red = QImage(16, 16, QImage.Format.Format_RGB32)
    red.fill(QColor("#FF0000"))
    assert red.save(str(show / "assets" / "red.png"))
    (show / SVG_FILE).write_bytes(
        svg(
            "<defs><rect id='r' width='10' height='10'/></defs><use xlink:href='#r'/>"
            "<image href='red.png' x='80' width='80' height='90'/>"
        )
    )
    load_content(show / "content.yaml")  # valid
    window = start_show(qtbot, show)
    window.go_to(window.content.index_of("summary-visual"))
    picture = image_view(window).picture
    assert picture.is_valid
    assert 0xFF0000 in colours(picture.grab().toImage())
    (show / "assets" / "red.png").unlink()
    assert "refers to 'red.png', which does not exist" in validation_problem(show, "slides[6].file")


# What Qt says (a warning) when handed, on purpose, a picture over its 256 MiB limit.
OVER_QT_LIMIT = pytest.mark.qt_log_ignore("Rejecting image as it exceeds the current allocation")

BITMAP_FAULTS = [
    pytest.param(
        lambda: png_bytes(20_000, 20_000),
        "20000 x 20000 pixels",
        id="20000x20000",
        marks=OVER_QT_LIMIT,
    ),
    pytest.param(
        lambda: png_bytes(1_000_000, 1_000_000, rows=False),
        "1000000 x 1000000 pixels",
        id="header-claims-a-terapixel",
        marks=OVER_QT_LIMIT,
    ),
    pytest.param(lambda: png_bytes(0, 10, rows=False), "0 x 10 pixels", id="zero-width"),
    pytest.param(
        lambda: b"\xff\xd8\xff\xc0\x00\x11\x08\x4e\x20\x4e\x20" + b"\0" * 64,
        "20000 x 20000 pixels",
        id="jpeg-header-claims-20000x20000",
        marks=pytest.mark.qt_log_ignore(r"Empty JPEG image \(DNL not supported\)"),
    ),
    pytest.param(lambda: b"GIF89a" + b"\0" * 64, "not a PNG, JPEG or WebP", id="gif"),
    pytest.param(lambda: b"just text\n" * 50, "not a PNG, JPEG or WebP", id="text"),
    pytest.param(lambda: (REPO_ROOT / POSTER_FILE).read_bytes()[:2000], None, id="cut-short-png"),
]


@pytest.mark.parametrize(("make", "phrase"), BITMAP_FAULTS)
def test_broken_or_huge_picture_shows_a_fallback_in_little_memory(
    qtbot: QtBot, show: Path, app_fonts: None, make: Callable[[], bytes], phrase: str | None
) -> None:
    (show / "assets" / "picture.png").write_bytes(make())
    use_file(show, SVG_FILE, "assets/picture.png")
    if phrase is None:  # the header is fine: only drawing can tell
        load_content(show / "content.yaml")
    else:
        assert phrase in validation_problem(show, "slides[6].file")
    before = rss_mib() if sys.platform.startswith("linux") else 0.0
    window = start_show(qtbot, show)
    visit_every_slide(qtbot, window, just_look)
    view = image_view(window)
    if phrase is not None:
        assert not view.picture.is_valid
        assert view.picture.fallback_text.startswith(IMAGE_UNAVAILABLE)
    if sys.platform.startswith("linux"):
        assert rss_mib() - before < 150


def test_a_large_picture_is_scaled_down_as_it_is_read(
    qtbot: QtBot, show: Path, app_fonts: None
) -> None:
    """8000 x 6000 is allowed (under Qt's 256 MiB limit) but kept at 4096 pixels wide."""
    (show / "assets" / "big.png").write_bytes(png_bytes(8000, 6000))
    use_file(show, SVG_FILE, "assets/big.png")
    load_content(show / "content.yaml")  # valid
    before = rss_mib() if sys.platform.startswith("linux") else 0.0
    window = start_show(qtbot, show)
    visit_every_slide(qtbot, window, just_look)
    picture = image_view(window).picture
    assert picture.is_valid
    assert (picture.natural_size().width(), picture.natural_size().height()) == (4096, 3072)
    if sys.platform.startswith("linux"):
        assert rss_mib() - before < 150  # 4096 x 3072 x 4 bytes is 48 MiB


@OVER_QT_LIMIT
def test_picture_that_qt_cannot_read_directly(
    qtbot: QtBot, app_fonts: None, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.png"
    huge.write_bytes(png_bytes(1_000_000, 1_000_000, rows=False))
    view = SvgView(huge, "alt")
    qtbot.addWidget(view)
    assert not view.is_valid
    assert view.natural_size().width() == 16  # the fallback frame's shape


# --- the video slide ------------------------------------------------------------------------
def press_play_until(
    state: Callable[[VideoSlideView], bool], qtbot: QtBot
) -> Callable[[VideoSlideView], None]:
    def on_video(view: VideoSlideView) -> None:
        view.player.stall_ms = 800  # a stalled file fails in 0.8 s instead of 6 s
        qtbot.mouseClick(view.big_play, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: state(view), timeout=PLAYBACK_TIMEOUT)

    return on_video


def shows_the_message(view: VideoSlideView) -> bool:
    return view.stage.currentWidget() is view.message_label and not view.controls.isEnabled()


def ended_or_failed(view: VideoSlideView) -> bool:
    return view.player.state in (PlayState.ENDED, PlayState.FAILED)


# What Qt says (a warning) when asked, on purpose, to open a file that is no video.
NOT_A_VIDEO = pytest.mark.qt_log_ignore("Could not open media. FFmpeg error description: Invalid")

VIDEO_FAULTS = [
    pytest.param(b"", "is empty", shows_the_message, id="empty", marks=NOT_A_VIDEO),
    pytest.param(
        b"this is not a video\n" * 100,
        "not a WebM",
        shows_the_message,
        id="text",
        marks=NOT_A_VIDEO,
    ),
    # FFmpeg opens a picture as a video of one frame: it shows it and ends at once.
    pytest.param(
        (REPO_ROOT / POSTER_FILE).read_bytes(), "not a WebM", ended_or_failed, id="picture"
    ),
    # The header and not one whole frame: Qt reports "playing" at 0:00 for ever; the player's
    # stall watchdog turns that into the calm message.
    pytest.param(
        webm_cut_after_header(REPO_ROOT / VIDEO_FILE),
        None,
        shows_the_message,
        id="cut-after-header",
    ),
]


@pytest.mark.parametrize(("data", "phrase", "outcome"), VIDEO_FAULTS)
def test_broken_video_shows_the_calm_message(
    qtbot: QtBot,
    show: Path,
    app_fonts: None,
    data: bytes,
    phrase: str | None,
    outcome: Callable[[VideoSlideView], bool],
) -> None:
    (show / VIDEO_FILE).write_bytes(data)
    if phrase is None:
        load_content(show / "content.yaml")  # a container header: validate cannot tell
    else:
        assert phrase in validation_problem(show, "slides[7].file")
    window = start_show(qtbot, show)
    visit_every_slide(qtbot, window, press_play_until(outcome, qtbot))
    view = video_view(window)
    assert view.message_label.text() == VIDEO_UNAVAILABLE
    assert view.player.state is not PlayState.PLAYING


@pytest.mark.slow
def test_video_cut_short_plays_what_there_is_and_ends(
    qtbot: QtBot, show: Path, app_fonts: None
) -> None:
    (show / VIDEO_FILE).write_bytes((REPO_ROOT / VIDEO_FILE).read_bytes()[: 48 * 1024])
    window = start_show(qtbot, show)

    visit_every_slide(qtbot, window, press_play_until(ended_or_failed, qtbot))
    view = video_view(window)
    assert view.player.state is PlayState.STOPPED  # left the slide: rewound
    window.go_to(window.content.index_of("explainer-video"))
    assert view.stage.currentWidget() is view.poster_page  # ready to try again


CAPTION_FAULTS = [
    pytest.param(None, "does not exist", id="missing"),
    pytest.param(b"", "is empty", id="empty"),
    pytest.param(b"1\n00:00.000 --> 00:01.000\nHello\n", "not valid WebVTT", id="no-header"),
    # A bad cue is dropped alone (the WebVTT parsing algorithm): with none left, no captions.
    pytest.param(
        b"WEBVTT\n\n00:05.000 --> 00:01.000\nBackwards\n", "no cue to show", id="backwards"
    ),
    pytest.param(b"WEBVTT\n\n0:1 --> 0:2\nHi\n", "no cue to show", id="bad-timing"),
    pytest.param(b"WEBVTT\n\n\xff\xfe\x00bad\n", "not UTF-8", id="not-utf-8"),
]


@pytest.mark.parametrize(("data", "phrase"), CAPTION_FAULTS)
def test_missing_or_broken_captions_mean_no_captions(
    qtbot: QtBot, show: Path, app_fonts: None, data: bytes | None, phrase: str
) -> None:
    if data is None:
        (show / CAPTIONS_FILE).unlink()
    else:
        (show / CAPTIONS_FILE).write_bytes(data)
    assert phrase in validation_problem(show, "slides[7].captions")
    window = start_show(qtbot, show)

    def no_captions(view: VideoSlideView) -> None:
        assert view.cues is None
        assert not view.captions_on
        assert not view.captions_button.isVisible()
        assert not view.caption_label.isVisible()
        view.toggle_captions()  # a stray CC press changes nothing
        assert not view.captions_on

    visit_every_slide(qtbot, window, no_captions)


POSTER_FAULTS = [
    pytest.param(None, id="missing"),
    pytest.param(b"", id="empty"),
    pytest.param(png_bytes(20_000, 20_000), id="20000x20000", marks=OVER_QT_LIMIT),
    pytest.param(b"<svg>this is not a png", id="text"),
]


@pytest.mark.parametrize("data", POSTER_FAULTS)
def test_broken_poster_shows_the_description_and_the_video_still_plays(
    qtbot: QtBot, show: Path, app_fonts: None, data: bytes | None
) -> None:
    if data is None:
        (show / POSTER_FILE).unlink()
    else:
        (show / POSTER_FILE).write_bytes(data)
    validation_problem(show, "slides[7].poster")
    window = start_show(qtbot, show)

    def poster_then_play(view: VideoSlideView) -> None:
        poster = view.poster_page.picture
        assert not poster.is_valid
        assert poster.fallback_text == view.style_.text(view.slide.description)
        assert view.stage.currentWidget() is view.poster_page
        qtbot.mouseClick(view.big_play, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.player.position > 300, timeout=PLAYBACK_TIMEOUT)
        assert view.stage.currentWidget() is view.video_widget

    visit_every_slide(qtbot, window, poster_then_play)


def test_kiosk_validate_lists_every_broken_asset(
    show: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (show / SVG_FILE).write_bytes(billion_laughs())
    (show / VIDEO_FILE).write_text("not a video")
    (show / CAPTIONS_FILE).write_text("not captions")
    (show / POSTER_FILE).write_bytes(png_bytes(1_000_000, 1_000, rows=False))
    try:
        assert cli.main(["validate", str(show / "content.yaml")]) == 1
    finally:
        reset_logging()
    lines = capsys.readouterr().err.splitlines()
    problems = [line for line in lines if line.startswith(str(show / "content.yaml"))]
    fields = [line.split(": ")[1] for line in problems]
    assert fields == [
        "slides[6].file",
        "slides[7].file",
        "slides[7].captions",
        "slides[7].poster",
    ], lines
