"""Words for a screen reader: the one place the app announces something, and headings.

A screen reader reads what has focus; a slide that changes by itself, a caption or the
kiosk's "Still there?" countdown has none, so they are announced: Qt 6.8's
``QAccessibleAnnouncementEvent``, which Qt sends on Linux as AT-SPI's ``object:announcement``
(Orca speaks it). Nothing is sent while no assistive technology listens.

Qt gives every label the role "label"; :func:`mark_heading` makes a slide's title a
"heading" (a screen reader's heading navigation finds it) through an accessibility factory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QWidget

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
_factory_installed = False


def mark_heading(widget: QWidget, name: str) -> None:
    """Expose ``widget`` with the heading role and ``name`` (its text) to screen readers."""
    global _factory_installed
    if not _factory_installed:
        QAccessible.installFactory(_heading_factory)
        _factory_installed = True
    widget.setProperty(HEADING, True)
    widget.setAccessibleName(name)


def _heading_factory(_class_name: str, thing: QObject) -> QAccessibleInterface | None:
    if isinstance(thing, QWidget) and thing.property(HEADING):
        return QAccessibleWidget(thing, QAccessible.Role.Heading)
    return None  # Qt's own interface
