"""The QR code scans back to the URL; `render` writes one real picture per slide."""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.content import Content, LinkSlide
from kiosk.ui.render.png import render_slides, slide_file_name
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.kinds import LinkSlideView
from tests.support.xvfb import require


def _zbarimg() -> str:
    (found,) = require("zbarimg", why="Debian's zbar-tools")
    return found


def _decode(path: Path) -> list[str]:
    result = subprocess.run(
        [_zbarimg(), "--quiet", "--raw", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.stdout.split()


@pytest.mark.parametrize("size", [(1280, 720), (1080, 1920)])
def test_qr_code_decodes_to_the_url(
    window: MainWindow, tmp_path: Path, size: tuple[int, int]
) -> None:
    window.resize(*size)
    window.go_to(window.content.index_of("find-out-more"))
    view = window.current_view
    assert isinstance(view, LinkSlideView)
    slide = view.slide
    assert isinstance(slide, LinkSlide)
    picture = tmp_path / "qr.png"
    assert view.qr.grab().save(str(picture))
    assert _decode(picture) == [slide.url]
    assert view.url_label.text() == "www.nhsrho.org"


def test_qr_code_of_another_url(window: MainWindow, tmp_path: Path) -> None:
    from kiosk.ui.widgets.pictures import QrView

    url = "https://www.nhsrho.org/publications/?q=é&x=1"
    view = QrView(url)
    view.resize(400, 400)
    picture = tmp_path / "qr.png"
    assert view.grab().save(str(picture))
    assert _decode(picture) == [url]


def _is_blank(image: QImage) -> bool:
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 24) for y in range(0, image.height(), 24)
    }
    return len(colours) < 3


@pytest.mark.parametrize("size", [(1280, 720), (1080, 1920)])
def test_render_writes_every_slide(
    content: Content, app_fonts: None, tmp_path: Path, size: tuple[int, int]
) -> None:
    written = render_slides(content, tmp_path, *size)
    expected = [tmp_path / slide_file_name(i, s.id) for i, s in enumerate(content.slides)]
    assert written == expected
    assert expected[0].name == "01-intro.png"
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == size, path.name
        assert not _is_blank(image), f"{path.name} is blank"
    # Each slide looks different from the next.
    pictures = [QImage(str(path)) for path in written]
    assert all(a != b for a, b in itertools.pairwise(pictures))


def test_render_shows_the_video_poster_without_opening_the_video(
    content: Content, app_fonts: None, tmp_path: Path
) -> None:
    window = MainWindow(content, preview=True)
    window.go_to(content.index_of("explainer-video"))
    view = window.current_view
    assert view.stage.currentWidget() is view.poster_page  # type: ignore[attr-defined]
    assert view.player.source is None  # type: ignore[attr-defined]
    window.close()
