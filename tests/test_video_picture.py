"""The film's picture (kiosk/ui/slides/picture.py): real frames of the bundled film, converted
by libswscale at the picture's size, against Qt's own conversion; letterboxing, the fallback,
a resize."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QTransform
from PySide6.QtMultimedia import QtVideo, QVideoFrame, QVideoFrameFormat
from pytestqt.qtbot import QtBot

from kiosk.content import Content
from kiosk.system import swscale
from kiosk.ui.slides.picture import VideoPicture, default_loader, fitted
from kiosk.ui.slides.player import DECODER_THREADS, VideoPlayer
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow
FILM = REPO_ROOT / "assets" / "video" / "explainer.webm"
NHS_BLUE = (0, 94, 184)
"""The film's background (content.yaml's theme)."""
PF = QVideoFrameFormat.PixelFormat


@pytest.fixture(scope="module")
def film_frame() -> QVideoFrame:
    """A decoded frame of the bundled film 2 s in (YUV 4:2:0, BT.709, 1280x720)."""
    from PySide6.QtCore import QEventLoop, QTimer

    picture = VideoPicture()
    player = VideoPlayer()
    player.set_video_output(picture.videoSink())
    player.load(FILM)
    player.play()
    loop = QEventLoop()
    QTimer.singleShot(15_000, loop.quit)
    player.position_changed.connect(lambda ms: loop.quit() if ms > 2000 else None)
    loop.exec()
    frame = QVideoFrame(picture.videoSink().videoFrame())
    player.unload()
    assert frame.isValid(), "no frame of the film within 15 s"
    return frame


def _copy(frame: QVideoFrame, pixel_format: PF, space: QVideoFrameFormat.ColorSpace) -> QVideoFrame:
    """``frame`` (YUV420P) as a new frame in ``pixel_format`` tagged ``space``."""
    form = QVideoFrameFormat(frame.size(), pixel_format)
    form.setColorSpace(space)
    form.setColorRange(QVideoFrameFormat.ColorRange.ColorRange_Video)
    copy = QVideoFrame(form)
    assert frame.map(QVideoFrame.MapMode.ReadOnly)
    assert copy.map(QVideoFrame.MapMode.WriteOnly)
    width, height = frame.width(), frame.height()
    planes = [
        _rows(frame, plane, width // (1 if plane == 0 else 2), height // (1 if plane == 0 else 2))
        for plane in range(3)
    ]
    if pixel_format == PF.Format_NV12:
        chroma = bytearray(len(planes[1]) * 2)
        chroma[0::2], chroma[1::2] = planes[1], planes[2]
        planes = [planes[0], bytes(chroma)]
    elif pixel_format == PF.Format_YV12:
        planes = [planes[0], planes[2], planes[1]]
    for plane, data in enumerate(planes):
        _write_rows(copy, plane, data, height // (1 if plane == 0 else 2))
    frame.unmap()
    copy.unmap()
    return copy


def _rows(frame: QVideoFrame, plane: int, width: int, height: int) -> bytes:
    bits, stride = frame.bits(plane), frame.bytesPerLine(plane)
    return b"".join(bytes(bits[row * stride : row * stride + width]) for row in range(height))


def _write_rows(frame: QVideoFrame, plane: int, data: bytes, height: int) -> None:
    bits, stride = memoryview(frame.bits(plane)), frame.bytesPerLine(plane)
    width = len(data) // height
    for row in range(height):
        bits[row * stride : row * stride + width] = data[row * width : (row + 1) * width]


def _rgb_frame(image: QImage, pixel_format: PF, order: tuple[int, int, int, int]) -> QVideoFrame:
    """``image`` (RGB32) as a frame whose bytes are B, G, R, A of each pixel in ``order``."""
    bgra = bytes(image.convertToFormat(QImage.Format.Format_RGB32).constBits())
    swapped = bytearray(len(bgra))
    for place, source in enumerate(order):
        swapped[place::4] = bgra[source::4]
    frame = QVideoFrame(QVideoFrameFormat(image.size(), pixel_format))
    assert frame.map(QVideoFrame.MapMode.WriteOnly)
    _write_rows(frame, 0, bytes(swapped), image.height())
    frame.unmap()
    return frame


def _shown(qtbot: QtBot, frame: QVideoFrame, size: QSize, **kwargs: object) -> VideoPicture:
    picture = VideoPicture(**kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(picture)
    picture.resize(size)
    picture.show()
    qtbot.waitExposed(picture)
    picture.videoSink().setVideoFrame(frame)
    qtbot.waitUntil(lambda: not picture.picture().isNull())
    return picture


def _rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def _difference(a: QImage, b: QImage) -> tuple[float, int]:
    """Mean and 99th percentile of the largest channel difference, over a grid of pixels."""
    assert a.size() == b.size()
    diffs = sorted(
        max(
            abs(p - q)
            for p, q in zip(_rgb(a.pixelColor(x, y)), _rgb(b.pixelColor(x, y)), strict=True)
        )
        for y in range(0, a.height(), 3)
        for x in range(0, a.width(), 3)
    )
    return sum(diffs) / len(diffs), diffs[len(diffs) * 99 // 100]


def _qt_picture(frame: QVideoFrame, size: QSize) -> QImage:
    return frame.toImage().scaled(
        size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


BT601 = QVideoFrameFormat.ColorSpace.ColorSpace_BT601


@pytest.mark.parametrize("pixel_format", [PF.Format_YUV420P, PF.Format_NV12, PF.Format_YV12])
def test_a_frame_of_the_film_converts_as_qt_does(
    qtbot: QtBot, film_frame: QVideoFrame, pixel_format: PF
) -> None:
    # Qt's conversion without a GPU reads every frame as BT.601: tag the copy so, to compare.
    frame = _copy(film_frame, pixel_format, BT601)
    picture = _shown(qtbot, frame, QSize(640, 360))
    assert picture.path == "swscale"
    image = picture.picture()
    assert image.size() == QSize(640, 360)
    mean, p99 = _difference(image, _qt_picture(frame, image.size()))
    assert mean <= 2.5, mean
    assert p99 <= 32, p99  # the two scaling filters differ at sharp edges


@pytest.mark.parametrize(
    ("pixel_format", "order"),
    [
        (PF.Format_BGRA8888, (0, 1, 2, 3)),
        (PF.Format_BGRX8888, (0, 1, 2, 3)),
        (PF.Format_RGBA8888, (2, 1, 0, 3)),
        (PF.Format_RGBX8888, (2, 1, 0, 3)),
        (PF.Format_ARGB8888, (3, 2, 1, 0)),
        (PF.Format_XRGB8888, (3, 2, 1, 0)),
        (PF.Format_ABGR8888, (3, 0, 1, 2)),
        (PF.Format_XBGR8888, (3, 0, 1, 2)),
    ],
)
def test_the_rgb_formats_qt_may_hand_over(
    qtbot: QtBot, film_frame: QVideoFrame, pixel_format: PF, order: tuple[int, int, int, int]
) -> None:
    reference = film_frame.toImage()
    frame = _rgb_frame(reference, pixel_format, order)
    picture = _shown(qtbot, frame, QSize(640, 360))
    assert picture.path == "swscale"
    mean, p99 = _difference(picture.picture(), _qt_picture(film_frame, QSize(640, 360)))
    assert mean <= 1.5, mean
    assert p99 <= 24, p99  # the two scaling filters differ at sharp edges


def test_a_bt709_film_keeps_its_colours(qtbot: QtBot, film_frame: QVideoFrame) -> None:
    """The film is BT.709 (as HD video is): its NHS Blue background comes out NHS Blue
    (Qt's CPU conversion, BT.601 for every frame, gives (8, 97, 179))."""
    picture = _shown(qtbot, film_frame, QSize(640, 360))
    colour = _rgb(picture.picture().pixelColor(600, 340))
    assert all(abs(a - b) <= 3 for a, b in zip(colour, NHS_BLUE, strict=True)), colour


def test_the_picture_is_letterboxed_in_a_taller_widget(
    qtbot: QtBot, film_frame: QVideoFrame
) -> None:
    picture = _shown(qtbot, film_frame, QSize(640, 480))
    assert picture.picture().size() == QSize(640, 360)
    shot = picture.grab().toImage()
    for y in (0, 59, 420, 479):
        assert shot.pixelColor(320, y) == QColor(Qt.GlobalColor.black), f"bar at y={y}"
    for y in (61, 240, 418):
        assert shot.pixelColor(600, y) != QColor(Qt.GlobalColor.black), f"film at y={y}"
    assert fitted(QSize(1920, 1080), QSize(400, 400)) == QRect(0, 88, 400, 224)
    assert fitted(QSize(1920, 1080), QSize(1474, 829)).size() == QSize(1472, 828), "SIMD widths"


def test_a_resize_makes_a_new_scaler_at_the_new_size(qtbot: QtBot, film_frame: QVideoFrame) -> None:
    picture = _shown(qtbot, film_frame, QSize(640, 360))
    assert picture.scaler is not None
    assert picture.scaler.contexts_made == 1
    made = picture.conversions
    picture.repaint()  # a repaint of the same frame at the same size converts nothing again
    assert picture.conversions == made
    assert picture.scaler.contexts_made == 1
    picture.resize(960, 540)
    qtbot.waitUntil(lambda: picture.picture().size() == QSize(960, 540))
    assert picture.scaler.contexts_made == 2
    mean, _p99 = _difference(picture.picture(), _qt_picture(film_frame, QSize(960, 540)))
    assert mean <= 12  # the same picture (BT.709 against Qt's BT.601), not a stretched one


def _no_library() -> swscale.Swscale | None:
    return None


@pytest.mark.parametrize(
    ("loader", "change"),
    [
        (_no_library, None),  # no libswscale
        (default_loader, "format"),  # a format not mapped
        (default_loader, "rotation"),  # a phone's portrait film
    ],
    ids=["no-library", "format", "rotation"],
)
def test_the_fallback_converts_with_qt(
    qtbot: QtBot,
    film_frame: QVideoFrame,
    loader: Callable[[], swscale.Swscale | None],
    change: str | None,
) -> None:
    frame = QVideoFrame(film_frame)
    reference = film_frame.toImage()
    if change == "format":  # 16-bit grey, a ramp
        frame = QVideoFrame(QVideoFrameFormat(QSize(320, 180), PF.Format_Y16))
        assert frame.map(QVideoFrame.MapMode.WriteOnly)
        ramp = b"".join(bytes((0, x % 256)) for x in range(frame.bytesPerLine(0) // 2))
        _write_rows(frame, 0, ramp * 180, 180)
        frame.unmap()
        reference = frame.toImage()
        assert not reference.isNull()
    elif change == "rotation":  # on a copy: QVideoFrame shares its data
        frame = _copy(film_frame, PF.Format_YUV420P, QVideoFrameFormat.ColorSpace.ColorSpace_BT709)
        frame.setRotation(QtVideo.Rotation.Clockwise90)
        reference = reference.transformed(QTransform().rotate(90))
    picture = _shown(qtbot, frame, QSize(640, 360), loader=loader)
    assert picture.path == "qt"
    image = picture.picture()
    expected = fitted(reference.size(), QSize(640, 360)).size()
    assert image.size() == expected
    scaled = reference.scaled(
        expected, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    mean, _p99 = _difference(image, scaled)
    assert mean <= 1.0


def test_a_library_that_fails_falls_back_for_good(qtbot: QtBot, film_frame: QVideoFrame) -> None:
    class Broken(swscale.Scaler):
        def convert(self, source: swscale.Source, target: swscale.Picture) -> bool:
            raise OSError("exception: access violation")

    picture = VideoPicture()
    picture._library()
    assert picture._lib is not None
    picture.scaler = Broken(picture._lib)
    qtbot.addWidget(picture)
    picture.resize(640, 360)
    picture.show()
    picture.videoSink().setVideoFrame(film_frame)
    qtbot.waitUntil(lambda: not picture.picture().isNull())
    assert picture.path == "qt", "the frame is shown all the same"
    assert picture.scaler is None, "and libswscale is not tried again"


def test_the_library_loads_from_the_wheel_or_not_at_all(tmp_path: Path) -> None:
    lib = default_loader()
    assert lib is not None, "PySide6's Qt/lib ships libswscale"
    assert lib.pixel_format("yuv420p") == 0
    assert lib.pixel_format("no-such-format") is None
    assert swscale.load([tmp_path / "missing"]) is not None, "the one already in the process"


def test_no_library_anywhere_gives_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(swscale, "NAMES", ("libnot-swscale.so.0", "libnot-avutil.so.0"))
    assert swscale.load([tmp_path]) is None


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1080, 1920)], ids=["wide", "tall"])
def test_the_view_plays_through_the_new_picture(
    qtbot: QtBot, content: Content, width: int, height: int
) -> None:
    from kiosk.ui.slides.video import VideoSlideView
    from kiosk.ui.style import Style

    slide = content.slides[content.index_of("explainer-video")]
    view = VideoSlideView(slide, Style(content, "en", portrait=height > width))  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.resize(width, height)
    view.apply_style()
    view.show()
    view.play()
    picture = view.video_widget
    qtbot.waitUntil(lambda: not picture.picture().isNull(), timeout=15_000)
    assert picture.path == "swscale"
    assert picture.picture().size() == fitted(QSize(1280, 720), picture.size()).size()
    assert view.player.current_frame() is not None, "the console's mirror reads the sink"
    view.leave()
    qtbot.waitUntil(lambda: picture.picture().isNull())  # the closed film's memory is freed


def _decoder_threads() -> list[str]:
    """Names of FFmpeg's frame threads in this process (``av:vp9:df0``...)."""
    names = [(task / "comm").read_text().strip() for task in Path("/proc/self/task").iterdir()]
    return [name for name in names if name.startswith("av:") and ":df" in name]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="thread names from /proc")
@pytest.mark.parametrize("setting", ["", "auto"], ids=["one-thread", "auto"])
def test_a_film_decodes_on_one_thread_unless_told(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    lib = default_loader()
    assert lib is not None
    lib.force_cpu_count(0)  # FFmpeg's own count, as in a fresh process
    monkeypatch.setenv(DECODER_THREADS, setting)
    picture, player = VideoPicture(), VideoPlayer()
    try:
        player.set_video_output(picture.videoSink())
        player.load(FILM)
        player.play()
        qtbot.waitUntil(lambda: player.position > 500, timeout=15_000)
        if setting == "auto":
            if lib.cpu_count() > 1:  # FFmpeg threads a decoder only with cores to spare
                assert _decoder_threads(), "FFmpeg's frame threads, one per core plus one"
        else:
            assert lib.cpu_count() == 1
            assert _decoder_threads() == [], "the film decodes on Qt's decoder thread alone"
    finally:
        player.unload()
        lib.force_cpu_count(0)
