"""The ``?`` key map: only this mode's keys, as keycaps, and how to close it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.content.actions import Action
from kiosk.ui.show.keyhelp import KeyHelp
from kiosk.ui.show.window import MainWindow

CONSOLE_ONLY = (Action.TIMER, Action.SWAP_SCREENS)


def _open_help(window: MainWindow) -> KeyHelp:
    event = QKeyEvent(
        QKeyEvent.Type.KeyPress, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier, "?"
    )
    QApplication.sendEvent(window, event)
    layer = window.talk_layers.key_help()
    assert layer.isVisible()
    return layer


def test_the_plain_window_lists_no_console_key(qtbot: QtBot, window: MainWindow) -> None:
    layer = _open_help(window)
    meanings = [meaning for _keys, meaning in layer.rows]
    keys = [key for row_keys, _meaning in layer.rows for key in row_keys]
    for action in CONSOLE_ONLY:
        assert action.meaning not in meanings
    assert "T" not in keys
    assert "S" not in keys
    assert "Black screen on or off; moving on brings the slide back." in meanings


def test_a_console_key_is_listed_while_someone_carries_it_out(
    qtbot: QtBot, window: MainWindow
) -> None:
    registrations = window.show_state.actions.register_all(
        {Action.TIMER: lambda: None, Action.SWAP_SCREENS: lambda: None}, owner=window
    )
    layer = _open_help(window)
    assert Action.TIMER.meaning in [meaning for _keys, meaning in layer.rows]
    layer.close_layer()
    window.show_state.actions.remove(registrations)
    layer = _open_help(window)
    assert Action.TIMER.meaning not in [meaning for _keys, meaning in layer.rows]


def test_the_help_says_how_to_close_it_and_fits(qtbot: QtBot, window: MainWindow) -> None:
    for width, height in ((1280, 720), (800, 480), (1080, 1920)):
        window.resize(width, height)
        qtbot.waitUntil(lambda: window.width() == width)  # noqa: B023
        layer = _open_help(window)
        assert layer.close_label.text() == "Touch, or press any key, to close"
        assert layer.close_label.isVisible()
        card = layer.card.geometry()
        assert layer.rect().contains(card)
        table = layer.table_label
        assert table.height() >= table.heightForWidth(table.width())
        assert card.contains(layer.close_label.geometry().translated(card.topLeft()))
        layer.close_layer()


def test_keys_are_drawn_as_keycaps(qtbot: QtBot, window: MainWindow) -> None:
    """A keycap is a box: the pixels round the key's word are the cap's fill, not the card's."""
    layer = _open_help(window)
    table = layer.table_label
    image = layer.card.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    offset = table.mapTo(layer.card, table.rect().topLeft())
    card = layer.style_.colour("surface").rgb()
    fill = layer.style_.colour("background").rgb()
    # The first row's first cap starts at the table's left edge, a few pixels down.
    boxes, _words, _top = table._layout(table.width())[0][0]
    box = boxes[0].translated(offset.x(), offset.y())
    inside = image.pixel(round(box.left() + 3), round(box.center().y()))
    outside = image.pixel(round(box.right() + 2), round(box.center().y()))
    assert inside == fill
    assert outside == card


def test_the_overview_hint_has_room_under_the_thumbnails(qtbot: QtBot, window: MainWindow) -> None:
    for width, height in ((1280, 720), (800, 480), (1080, 1920)):
        window.resize(width, height)
        qtbot.waitUntil(lambda: window.width() == width)  # noqa: B023
        window.perform(Action.OVERVIEW)
        overview = window.talk_layers.overview()
        hint = overview.hint_rect()
        assert overview.height() - hint.bottom() >= 14  # clear of the bottom edge
        assert hint.height() >= 28
        for index in range(overview.count):
            cell = overview.cell_rect(index).adjusted(0, 0, 0, overview._label_height())
            assert not cell.intersects(hint), (width, height, index)
        overview.close_layer()


def test_a_sealed_kiosk_window_lists_only_a_visitors_keys(qtbot: QtBot, window: MainWindow) -> None:
    window.seal()
    layer = window.talk_layers.key_help()
    meanings = {meaning for _keys, meaning in layer.rows}
    assert Action.NEXT.meaning in meanings
    assert Action.BLACK.meaning not in meanings
    assert Action.OVERVIEW.meaning not in meanings
    window.unseal()
    layer = window.talk_layers.key_help()
    assert Action.BLACK.meaning in {meaning for _keys, meaning in layer.rows}
