"""Words for a screen reader: the one place the app announces something.

A screen reader reads what has focus; a slide that changes by itself, a caption or the
kiosk's "Still there?" countdown has none, so they are announced: Qt 6.8's
``QAccessibleAnnouncementEvent``, which Qt sends on Linux as AT-SPI's ``object:announcement``
(Orca speaks it). Nothing is sent while no assistive technology listens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

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
