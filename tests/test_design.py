"""The design system (docs/design.md) holds: one size per type role across the deck, one
left edge, a capped measure, touch targets of at least 9 mm; the summary visual's cards
open their slides, and content.yaml's links are checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetricsF, QTextLayout, QTextOption
from pytestqt.qtbot import QtBot

from kiosk.content import ContentError, ImageSlide, WorkstreamSlide, load_content
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.kinds import CardTarget, ImageSlideView, WorkstreamSlideView
from kiosk.ui.slides.video import VideoSlideView
from kiosk.ui.style import MIN_TARGET_MM, Style, mm_to_px
from kiosk.ui.widgets.fitted import FittedLabel

SIZES = [(1280, 720), (1920, 1080), (1024, 768), (800, 480), (1080, 1920), (2560, 1080)]
IDS = [f"{w}x{h}" for w, h in SIZES]


def _show(window: MainWindow, index: int) -> None:
    window.go_to(index)
    QCoreApplication.sendPostedEvents()


def _workstreams(window: MainWindow) -> list[int]:
    return [i for i, s in enumerate(window.content.slides) if isinstance(s, WorkstreamSlide)]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=IDS)
def test_sibling_workstream_texts_have_one_size_per_role(
    window: MainWindow, width: int, height: int
) -> None:
    window.resize(width, height)
    sizes: dict[str, set[int]] = {"title": set(), "lead": set(), "body": set()}
    shared: set[tuple[int, ...]] = set()
    for index in _workstreams(window):
        _show(window, index)
        view = window.current_view
        assert isinstance(view, WorkstreamSlideView)
        sizes["title"].add(view.title_label.pixel_size())
        sizes["lead"].add(view.lead_label.pixel_size())
        sizes["body"].add(view.body_label.pixel_size())
        shared.add(tuple(view.role_sizes.values()))
    for role, found in sizes.items():
        assert len(found) == 1, f"{role} sizes differ between workstreams: {sorted(found)}"
        assert found.pop() <= window.style_.font_px(role)
    assert len(shared) == 1
    title, lead, body = shared.pop()
    assert title > lead > body, "the roles lost their order"


def _lines(label: FittedLabel) -> list[str]:
    """The lines ``label`` wraps its text into, as Qt lays them out."""
    text = label.text()
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(label.contentsRect().width())
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


VIDEO_SLIDE = "explainer-video"
"""Not checked yet: its view (ui/slides/video.py) is being changed on another branch; it
should cap its description at ``Style.measure()`` too."""


def test_no_line_is_longer_than_75_characters_on_a_wide_screen(window: MainWindow) -> None:
    window.resize(2560, 1080)
    for index, slide in enumerate(window.content.slides):
        if slide.id == VIDEO_SLIDE:
            continue
        _show(window, index)
        for label in window.current_view.text_labels():
            if not label.isVisible() or not label.text():
                continue
            for line in _lines(label):
                assert len(line) <= 75, f"slide {index}: {len(line)} characters: {line!r}"


@pytest.mark.parametrize(("width", "height"), SIZES, ids=IDS)
def test_every_slide_text_starts_at_the_grid_margin(
    window: MainWindow, width: int, height: int
) -> None:
    window.resize(width, height)
    margin = window.style_.margin()
    for index in range(len(window.content.slides)):
        _show(window, index)
        header = window.logo_label.mapTo(window, QPoint(0, 0)).x()
        assert header == margin, "the header's logo is off the grid"
        title = window.current_view.title_label
        if not title.isVisible():  # a landscape video slide: the film is its heading
            assert isinstance(window.current_view, VideoSlideView)
            assert width > height
            continue
        left = title.mapTo(window, QPoint(0, 0)).x() + title.contentsRect().left()
        assert left == margin, f"slide {index}'s heading starts at x={left}, not {margin}"


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)], ids=["wide", "tall"])
def test_workstream_icon_is_large_beside_or_above_the_text(
    window: MainWindow, width: int, height: int
) -> None:
    window.resize(width, height)
    for index in _workstreams(window):
        _show(window, index)
        view = window.current_view
        assert isinstance(view, WorkstreamSlideView)
        icon, title = view.icon.geometry(), view.title_label.geometry()
        assert view.icon.picture is not None
        assert view.icon.picture.is_valid
        assert icon.width() >= view.height() * 0.25, "the icon is not large"
        if width > height:
            assert icon.left() > title.right(), "the icon is not beside the text"
        else:
            assert icon.bottom() < title.top(), "the icon is not above the text"


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (800, 480), (1080, 1920)])
def test_a_tap_on_each_summary_card_opens_its_slide(
    window: MainWindow, qtbot: QtBot, width: int, height: int
) -> None:
    window.resize(width, height)
    content = window.content
    index = next(i for i, s in enumerate(content.slides) if isinstance(s, ImageSlide))
    slide = content.slides[index]
    assert isinstance(slide, ImageSlide)
    assert len(slide.links) == 5
    for element, target in slide.links.items():
        _show(window, index)
        view = window.current_view
        assert isinstance(view, ImageSlideView)
        assert view.picture is (view.portrait_picture if height > width else view.landscape_picture)
        rect = view.picture.element_rect(element)
        assert rect is not None, element
        card = view.picture.findChild(CardTarget, f"link-{element}")
        assert card is not None
        assert card.accessibleName() == str(content.slides[content.index_of(target)].title)
        assert card.width() >= window.style_.min_target_px()
        tapped = view.picture.childAt(rect.center().toPoint())  # what a finger there touches
        assert tapped is card, f"{element}: the tap lands on {tapped}"
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=card.rect().center())
        assert window.current_index == content.index_of(target), element


def test_a_tap_between_cards_goes_nowhere(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1920, 1080)
    index = next(i for i, s in enumerate(window.content.slides) if isinstance(s, ImageSlide))
    _show(window, index)
    view = window.current_view
    assert isinstance(view, ImageSlideView)
    first = view.picture.element_rect("card-improving-health-and-care")
    second = view.picture.element_rect("card-empowering-vulnerable-communities")
    assert first is not None
    assert second is not None
    gap = QPointF((first.right() + second.left()) / 2, first.center().y()).toPoint()
    assert view.picture.childAt(gap) is None
    qtbot.mouseClick(view.picture, Qt.MouseButton.LeftButton, pos=gap)
    assert window.current_index == index


def test_summary_text_is_large_enough_at_800x480(window: MainWindow) -> None:
    window.resize(800, 480)
    index = next(i for i, s in enumerate(window.content.slides) if isinstance(s, ImageSlide))
    _show(window, index)
    view = window.current_view
    assert isinstance(view, ImageSlideView)
    scale = view.picture.picture_rect().width() / view.picture.natural_size().width()
    assert 30 * scale >= 13, "the cards' smallest text (30 units) is under 13 px"
    assert view.picture.picture_rect().width() >= 0.85 * view.width(), "not full width"


def test_min_target_is_nine_millimetres(content: object) -> None:
    assert MIN_TARGET_MM >= 9
    assert mm_to_px(9, 96) == 34
    assert mm_to_px(9, 254) == 90


def test_min_target_px_uses_the_screen(qapp: object, window: MainWindow) -> None:
    style = window.style_
    screen = window.screen()
    dpi = screen.physicalDotsPerInch() / screen.devicePixelRatio()
    expected = mm_to_px(MIN_TARGET_MM, dpi if 50 <= dpi <= 600 else 96)
    assert style.min_target_px(screen) == expected
    assert style.target_px(1) == expected


def test_type_scale_floors_and_measure(content: object) -> None:
    from kiosk.content import Content

    assert isinstance(content, Content)
    small = Style(content, "en")
    small.resize(800, 480)
    big = Style(content, "en")
    big.resize(1920, 1080)
    for role in ("title", "lead", "body", "caption", "small"):
        assert small.font_px(role) <= big.font_px(role)
    assert small.font_px("body") >= 18
    text = " ".join(str(s.body) for s in content.slides if isinstance(s, WorkstreamSlide))
    metrics = QFontMetricsF(big.font("body"))
    characters = big.measure("body") / (metrics.horizontalAdvance(text) / len(text))
    assert 60 <= characters <= 72


# --- content.yaml's links --------------------------------------------------------------


def _break(folder: Path, old: str, new: str) -> Path:
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_validate_reports_a_link_to_a_missing_slide_with_its_line(content_folder: Path) -> None:
    path = _break(
        content_folder,
        "card-innovating-for-all: innovating-for-all",
        "card-innovating-for-all: innovating-for-al",
    )
    with pytest.raises(ContentError) as info:
        load_content(path)
    (problem,) = info.value.problems
    assert problem.path == path
    assert problem.line == _line_of(path, "card-innovating-for-all:")
    assert problem.field == "slides[6].links.card-innovating-for-all"
    assert "no slide has the id 'innovating-for-al'" in problem.message
    assert "innovating-for-all" in problem.message  # the hint
    assert f"{path}:{problem.line}:" in str(problem)


def test_validate_reports_a_link_to_a_missing_element_with_its_line(
    content_folder: Path,
) -> None:
    path = _break(
        content_folder,
        "card-collaborating-globally: collaborating-globally",
        "card-collaborating: collaborating-globally",
    )
    with pytest.raises(ContentError) as info:
        load_content(path)
    messages = {(p.line, p.message) for p in info.value.problems}
    line = _line_of(path, "card-collaborating:")
    assert messages == {
        (line, "'assets/summary-visual.svg' has no element with the id 'card-collaborating'"),
        (
            line,
            "'assets/summary-visual-portrait.svg' has no element with the id 'card-collaborating'",
        ),
    }


def test_links_need_an_svg(content_folder: Path) -> None:
    (content_folder / "assets" / "summary.png").write_bytes(
        (Path(__file__).parent.parent / "assets/video/explainer-poster.png").read_bytes()
    )
    path = _break(content_folder, "file: assets/summary-visual.svg", "file: assets/summary.png")
    with pytest.raises(ContentError) as info:
        load_content(path)
    assert all("links need an SVG picture" in p.message for p in info.value.problems)
    assert len(info.value.problems) == 5


def test_the_bundled_visuals_repeat_no_heading_and_inline_their_icons() -> None:
    root = Path(__file__).parent.parent / "assets"
    for name in ("summary-visual.svg", "summary-visual-portrait.svg"):
        text = (root / name).read_text(encoding="utf-8")
        assert "Our Priorities" not in text.split("</desc>")[1], name
        for bad in ("<image", "<use", "filter", "mask", "<style", "class="):
            assert bad not in text, f"{name} has {bad}"
        for icon in (root / "icons").glob("*.svg"):
            shapes = [
                line
                for line in icon.read_text(encoding="utf-8").splitlines()
                if line[:2] in {"<c", "<r", "<p", "<l", "<e"}
            ]
            assert shapes, icon.name
        assert all(shape in text for shape in shapes), f"{icon.name} in {name}"


def test_element_rect_follows_transforms_and_scale(qtbot: QtBot, tmp_path: Path) -> None:
    from kiosk.ui.widgets.pictures import SvgView

    path = tmp_path / "t.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
        'width="200" height="100" viewBox="0 0 200 100">'
        '<g transform="translate(100,50)"><rect id="r" x="0" y="0" width="50" height="25"/>'
        "</g></svg>",
        encoding="utf-8",
    )
    view = SvgView(path, "alt")
    qtbot.addWidget(view)
    view.resize(400, 400)  # drawn 400x200, centred: 100 px down
    rect = view.element_rect("r")
    assert rect is not None
    assert rect.getRect() == (200.0, 200.0, 100.0, 50.0)
    assert view.element_rect("missing") is None


def test_sized_text_never_makes_the_window_grow(window: MainWindow) -> None:
    """Text boxes get a maximum height, never a minimum: a fullscreen window on a small
    screen must stay the screen's size whatever slide it shows."""
    for width, height in [(1080, 1920), *SIZES[:4], (640, 360)]:
        window.resize(width, height)
        for index in range(len(window.content.slides)):
            _show(window, index)
            assert window.minimumSizeHint().height() <= 360, f"slide {index} at {width}x{height}"
        assert (window.width(), window.height()) == (width, height)
