"""Fallback messages fit and can be read: the summary visual's words inside its dashed frame
at every window shape, the video's message light on the black video area."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF
from pytestqt.qtbot import QtBot

from kiosk.content import load_content
from kiosk.content.contrast import contrast_ratio
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.kinds import ImageSlideView
from kiosk.ui.slides.video import VideoSlideView
from kiosk.ui.style import BLACK

SIZES = [(1280, 720), (1920, 1080), (1024, 768), (800, 480), (1080, 1920), (2560, 1080)]


def _broken_show(qtbot: QtBot, folder: Path) -> MainWindow:
    (folder / "assets" / "summary-visual.svg").write_bytes(b"<svg not really")
    (folder / "assets" / "video" / "explainer.webm").unlink()  # the player says why
    window = MainWindow(load_content(folder / "content.yaml", check_files=False))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_picture_fallback_fits_its_frame_at_every_size(
    qtbot: QtBot, content_folder: Path, app_fonts: None
) -> None:
    window = _broken_show(qtbot, content_folder)
    view = next(v for v in window.views if isinstance(v, ImageSlideView))
    window.go_to(window.views.index(view))
    picture = view.picture
    assert not picture.is_valid
    assert picture.fallback_text.startswith("Sorry, this picture cannot be shown right now.")
    for width, height in SIZES:
        window.resize(width, height)
        qtbot.waitUntil(lambda: window.width() == width and window.height() == height)  # noqa: B023
        qtbot.wait(10)
        frame, area, font = picture.fallback_layout()
        assert QRectF(picture.rect()).contains(frame)
        metrics = QFontMetricsF(font)
        drawn = metrics.boundingRect(area, picture.FALLBACK_FLAGS, picture.fallback_text)
        assert frame.contains(drawn), (width, height, frame, drawn)
        for word in picture.fallback_text.split():
            assert metrics.horizontalAdvance(word) <= area.width(), (width, height, word)
        assert font.pixelSize() >= 6
        text = picture.text_colour.name()
        behind = view.style_.colour("background").name()
        assert contrast_ratio(text, behind) >= 4.5


def test_the_video_message_is_light_on_the_black_video_area(
    qtbot: QtBot, content_folder: Path, app_fonts: None
) -> None:
    window = _broken_show(qtbot, content_folder)
    view = next(v for v in window.views if isinstance(v, VideoSlideView))
    window.go_to(window.views.index(view))
    view.play()
    qtbot.waitUntil(lambda: view.stage.currentWidget() is view.message_label, timeout=10_000)
    label = view.message_label
    assert label.text() == "Sorry, this video cannot be played right now."
    colour = label.palette().color(label.foregroundRole()).name()
    assert contrast_ratio(colour, BLACK) >= 4.5
    for width, height in SIZES:
        window.resize(width, height)
        qtbot.waitUntil(lambda: window.width() == width)  # noqa: B023
        qtbot.wait(10)
        assert label.fits(label.pixel_size()), (width, height)
