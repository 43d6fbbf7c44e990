"""The overview (O or Tab): a grid of real slide pictures; arrows and Enter, a click or a tap."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QAccessible, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import Content
from kiosk.ui.render.pictures import SlideRenderer
from kiosk.ui.show.overview import Overview
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.video import VideoSlideView

VIDEO = 7


def _key(widget: QWidget, key: Qt.Key) -> None:
    event = QKeyEvent(QKeyEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def _open(window: MainWindow) -> Overview:
    _key(window, Qt.Key.Key_O)
    overview = window.talk_layers.overview()
    assert overview.isVisible()
    return overview


def test_o_opens_a_grid_of_every_slide(window: MainWindow) -> None:
    window.go_to(2)
    overview = _open(window)
    assert overview.geometry() == window.rect()
    assert overview.count == 9
    assert overview.current == overview.selected == 2
    assert overview.columns() == 3  # 9 slides of 16:9 in a 16:9 window
    rects = [overview.cell_rect(i) for i in range(9)]
    assert all(overview.rect().contains(rect) for rect in rects)
    assert all(not a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    # Each cell shows that slide's own picture.
    picture = overview.grab().toImage()
    for index in (0, 4, 8):
        thumbnail = overview._pixmaps[index].toImage()
        assert thumbnail.size() == rects[index].size()
        centre = rects[index].center()
        assert picture.pixelColor(centre) == thumbnail.pixelColor(centre - rects[index].topLeft())
    assert overview._pixmaps[1].toImage() != overview._pixmaps[2].toImage()


def test_arrows_and_enter_jump(qtbot: QtBot, window: MainWindow) -> None:
    overview = _open(window)
    with qtbot.assertNotEmitted(window.slide_changed):
        _key(window, Qt.Key.Key_Right)
        _key(window, Qt.Key.Key_Down)
        _key(window, Qt.Key.Key_Down)
    assert overview.selected == 7
    _key(window, Qt.Key.Key_Up)
    assert overview.selected == 4
    _key(window, Qt.Key.Key_End)
    _key(window, Qt.Key.Key_Left)
    assert overview.selected == 7
    with qtbot.waitSignal(window.slide_changed) as blocker:
        _key(window, Qt.Key.Key_Return)
    assert blocker.args == [7]
    assert not overview.isVisible()


def test_esc_and_o_close_without_moving(qtbot: QtBot, window: MainWindow) -> None:
    window.go_to(3)
    for closer in (Qt.Key.Key_Escape, Qt.Key.Key_O):
        overview = _open(window)
        _key(window, Qt.Key.Key_Right)
        with qtbot.assertNotEmitted(window.slide_changed):
            _key(window, closer)
        assert not overview.isVisible()
        assert window.current_index == 3
        assert not window.isFullScreen()


def test_click_jumps(qtbot: QtBot, window: MainWindow) -> None:
    overview = _open(window)
    target = overview.cell_rect(5).center()
    with qtbot.waitSignal(window.slide_changed) as blocker:
        qtbot.mouseClick(overview, Qt.MouseButton.LeftButton, pos=target)
    assert blocker.args == [5]
    assert not overview.isVisible()


def test_tap_jumps(qtbot: QtBot, window: MainWindow) -> None:
    overview = _open(window)
    device = QTest.createTouchDevice()
    point = overview.mapTo(window, overview.cell_rect(6).center())
    with qtbot.waitSignal(window.slide_changed) as blocker:
        QTest.touchEvent(window, device).press(0, point, window)
        QTest.touchEvent(window, device).release(0, point, window)
    assert blocker.args == [6]


def test_click_between_thumbnails_does_nothing(qtbot: QtBot, window: MainWindow) -> None:
    overview = _open(window)
    first, second = overview.cell_rect(0), overview.cell_rect(1)
    gap = QPoint((first.right() + second.left()) // 2, first.center().y())
    with qtbot.assertNotEmitted(window.slide_changed):
        qtbot.mouseClick(overview, Qt.MouseButton.LeftButton, pos=gap)
    assert overview.isVisible()


def test_overview_hides_the_video_surface(window: MainWindow) -> None:
    window.go_to(VIDEO)
    view = window.current_view
    assert isinstance(view, VideoSlideView)
    _open(window)
    assert not view.stage.isVisible()
    _key(window, Qt.Key.Key_Escape)
    assert view.stage.isVisible()


def test_renderer_caches_per_slide_and_size(content: Content, app_fonts: None) -> None:
    renderer = SlideRenderer(content)
    first = renderer.pixmap(3, QSize(320, 180))
    assert renderer.renders == 1
    assert renderer.pixmap(3, QSize(320, 180)) is first
    assert renderer.renders == 1
    renderer.pixmap(3, QSize(480, 270))
    assert renderer.renders == 2
    renderer.set_shape(1024, 768)  # a 4:3 projector: pictures take its shape
    assert renderer.pixmap(3, QSize(400, 400)).size() == QSize(400, 300)
    assert renderer.renders == 3
    renderer.close()


def test_a_screen_reader_finds_each_slide_in_the_overview(window: MainWindow) -> None:
    window.go_to(2)
    overview = _open(window)
    grid = QAccessible.queryAccessibleInterface(overview)
    assert grid is not None
    assert grid.role() == QAccessible.Role.List
    assert grid.childCount() == 9, "the slides; the Close button is the window's"
    close = QAccessible.queryAccessibleInterface(overview.close_button)
    assert close is not None
    assert close.role() == QAccessible.Role.Button
    assert close.text(QAccessible.Text.Name) == "Close"
    items = [grid.child(i) for i in range(grid.childCount())]
    assert all(item.role() == QAccessible.Role.ListItem for item in items)
    names = [item.text(QAccessible.Text.Name) for item in items]
    assert names[3] == "Slide 4 of 9: Innovating for all", names
    assert [item.state().checked for item in items] == [i == 2 for i in range(9)]
    assert [item.state().selected for item in items] == [i == 2 for i in range(9)]
    _key(window, Qt.Key.Key_Right)  # the selection moves; the current slide stays
    assert [bool(item.state().selected) for item in items] == [i == 3 for i in range(9)]
    assert items[2].state().checked
    assert items[4].rect().intersects(items[3].rect()) is False  # each over its thumbnail
    QTest.mouseClick(overview, Qt.MouseButton.LeftButton, pos=overview.cell_rect(5).center())
    assert window.current_index == 5  # clicks still reach the grid through the items
