"""Words for a screen reader: the one place the app announces something, and headings.

A screen reader reads what has focus; a slide that changes by itself, a caption or the
kiosk's "Still there?" countdown has none, so they are announced: Qt 6.8's
``QAccessibleAnnouncementEvent``, which Qt sends on Linux as AT-SPI's ``object:announcement``
(Orca speaks it). Nothing is sent while no assistive technology listens.

Qt gives every label the role "label"; :func:`mark_heading` makes a slide's title a
"heading" (a screen reader's heading navigation finds it) through an accessibility factory.
The same factory gives a widget class with an ``accessible_role`` attribute that role (the
overview, a list, and its stand-in items; a class attribute, so the role is known while Qt's
bridge first asks, during construction); an item reads as selected or checked
(:func:`set_item_state`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleInterface,
    QAccessibleStateChangeEvent,
)
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QWidget

log = logging.getLogger(__name__)

Listener = Callable[[str, bool], None]
listeners: list[Listener] = []
"""Called with (message, assertive) for every announcement, listened to or not (tests)."""


def announce(source: QObject, message: str, *, assertive: bool = False) -> None:
    """Have a screen reader say ``message``, as coming from ``source`` (a widget on screen).

    Polite announcements wait for the screen reader to finish what it is saying; assertive
    ones (the countdown) interrupt it.
    """
    message = " ".join(message.split())
    if not message:
        return
    for listener in listeners:
        listener(message, assertive)
    if not QAccessible.isActive():
        return
    log.debug("announce: %s", message)
    event = QAccessibleAnnouncementEvent(source, message)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)


HEADING = "accessible_heading"
"""The dynamic property that marks a widget as a heading."""
SELECTED, CHECKED = "accessible_selected", "accessible_checked"
"""Dynamic properties: the widget is an item a screen reader reads as selected, checked."""
_factory_installed = False


def install_factory() -> None:
    """Have Qt ask :func:`_factory` for every widget's interface (once; before creating a
    widget with an ``accessible_role``)."""
    global _factory_installed
    if not _factory_installed:
        QAccessible.installFactory(_factory)
        _factory_installed = True


class HeadingLabel(QLabel):
    """A label a screen reader reads as a heading, also when made after its bridge started
    (Qt asks for a widget's interface while constructing it, before :func:`mark_heading`)."""

    accessible_role = QAccessible.Role.Heading

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        install_factory()
        super().__init__(text, parent)


def mark_heading(widget: QWidget, name: str) -> None:
    """Expose ``widget`` with the heading role and ``name`` (its text) to screen readers."""
    install_factory()
    widget.setProperty(HEADING, True)
    widget.setAccessibleName(name)


def set_item_state(widget: QWidget, *, selected: bool, checked: bool) -> None:
    """Mark an item selected and/or checked, telling a listening screen reader."""
    changed = QAccessible.State()
    changed.selected = bool(widget.property(SELECTED)) != selected
    changed.checked = bool(widget.property(CHECKED)) != checked
    widget.setProperty(SELECTED, selected)
    widget.setProperty(CHECKED, checked)
    if (changed.selected or changed.checked) and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleStateChangeEvent(widget, changed))


class _Item(QAccessibleWidget):
    """A widget's interface whose selected and checked states come from its properties."""

    def state(self) -> QAccessible.State:
        state = super().state()
        widget = self.widget()
        state.selectable = state.checkable = True
        state.selected = bool(widget.property(SELECTED))
        state.checked = bool(widget.property(CHECKED))
        return state


def _factory(_class_name: str, thing: QObject) -> QAccessibleInterface | None:
    if not isinstance(thing, QWidget):
        return None
    if thing.property(HEADING):
        return QAccessibleWidget(thing, QAccessible.Role.Heading)
    role = getattr(type(thing), "accessible_role", None)
    if not isinstance(role, QAccessible.Role):
        return None  # Qt's own interface
    if role == QAccessible.Role.ListItem:
        return _Item(thing, role)
    return QAccessibleWidget(thing, role)
