"""The show's one owner of state (Show) and its action registry, seen without the window's
widgets: state is held, not read back from a widget; a console's actions go with it."""

from __future__ import annotations

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from kiosk.content import Content
from kiosk.content.actions import MOVES, VISITOR_ACTIONS, Action
from kiosk.ui.presenter.console import PresenterConsole
from kiosk.ui.show.actions import ActionRegistry
from kiosk.ui.show.state import Blank, Show
from kiosk.ui.show.window import MainWindow


def test_blank_is_held_by_the_show_even_on_a_hidden_window(
    qtbot: QtBot, content: Content, app_fonts: None
) -> None:
    window = MainWindow(content)
    qtbot.addWidget(window)
    assert not window.isVisible()
    with qtbot.waitSignal(window.show_state.blank_changed) as blocker:
        window.show_state.set_blank("black")
    assert blocker.args == [Blank.BLACK]
    assert window.show_state.blank == "black"  # as the signal said, shown or not


def test_the_current_video_comes_from_the_views(content: Content, app_fonts: None) -> None:
    window = MainWindow(content)
    show = window.show_state
    assert show.media is None
    show.go(content.index_of("explainer-video"))
    assert show.media is window.current_view.media is not None
    window.close()


def test_a_move_after_a_blank_only_brings_the_slide_back(qtbot: QtBot, content: Content) -> None:
    show = Show(content)
    show.set_blank(Blank.WHITE)
    with qtbot.assertNotEmitted(show.slide_changed):
        assert show.perform(Action.NEXT)
    assert show.blank == Blank.NONE
    assert show.perform(Action.NEXT)
    assert show.index == 1


def test_registry_newest_first_and_removal_restores() -> None:
    registry = ActionRegistry()
    calls: list[str] = []
    registry.register(Action.START, lambda: calls.append("window"))
    added = registry.register(Action.START, lambda: calls.append("session"))
    assert registry.run(Action.START)
    added.remove()
    assert registry.run(Action.START)
    assert calls == ["session", "window"]
    assert not registry.run(Action.TIMER)


def test_a_deleted_owner_takes_its_handlers_with_it(qtbot: QtBot) -> None:
    registry = ActionRegistry()
    owner = QObject()
    registry.register(Action.TIMER, lambda: None, owner=owner)
    assert registry.handler(Action.TIMER) is not None
    owner.deleteLater()
    qtbot.waitUntil(lambda: registry.handler(Action.TIMER) is None)


def test_the_consoles_actions_go_with_it(qtbot: QtBot, window: MainWindow) -> None:
    actions = window.show_state.actions
    assert actions.handler(Action.TIMER) is None
    console = PresenterConsole(window)
    qtbot.addWidget(console)
    console.show()
    qtbot.waitExposed(console)
    assert actions.handler(Action.TIMER) is not None
    assert window.talk_layers.host is console
    console.close()
    assert actions.handler(Action.TIMER) is None
    assert actions.handler(Action.SWAP_SCREENS) is None
    assert window.talk_layers.host is window


def test_action_subsets_are_derived_from_the_enum() -> None:
    assert {Action.NEXT, Action.PREVIOUS, Action.FIRST, Action.LAST} == MOVES
    assert MOVES < VISITOR_ACTIONS
    video = {Action.VIDEO_TOGGLE, Action.VIDEO_RESTART, Action.MUTE, Action.CAPTIONS}
    assert video | {Action.SEEK_BACK, Action.SEEK_FORWARD} == VISITOR_ACTIONS - MOVES
    assert all(action.meaning and action.default_keys for action in Action)
    assert Action.named("black") is Action.BLACK
