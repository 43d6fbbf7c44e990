"""The one action registry: every :class:`Action` and the handler that carries it out.

Whoever can carry out an action registers a handler for it: the show its moves, blank screens
and video keys; the window fullscreen and F5/Esc; the talk layers the prompt, the key map and
the overview; the presenter console the timer and screen swap (and, while it runs, its own
F5). The newest registration of an action is the one used; removing it (or its owner being
deleted) brings the previous one back, so a console that goes leaves nothing behind.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QObject

from kiosk.content.actions import Action

log = logging.getLogger(__name__)

Handler = Callable[[], object]


class Registration:
    """One handler registered for one action; :meth:`remove` takes it back."""

    def __init__(
        self, registry: ActionRegistry, action: Action, handler: Handler, owner: QObject | None
    ) -> None:
        self.registry = registry
        self.action = action
        self.handler = handler
        self._owner = weakref.ref(owner) if owner is not None else None

    @property
    def alive(self) -> bool:
        """False once the owner (if any) was deleted."""
        if self._owner is None:
            return True
        owner = self._owner()
        return owner is not None and shiboken6.isValid(owner)

    def remove(self) -> None:
        self.registry.remove(self)


class ActionRegistry:
    """Action -> handlers, newest first. Plain Python: it outlives no one and owns nothing."""

    def __init__(self) -> None:
        self._handlers: dict[Action, list[Registration]] = {}

    def register(
        self, action: Action, handler: Handler, owner: QObject | None = None
    ) -> Registration:
        """Carry out ``action`` with ``handler`` from now on (until removed, or ``owner``
        is deleted). ``owner`` is held weakly; ``handler`` is held as given."""
        registration = Registration(self, action, handler, owner)
        self._handlers.setdefault(action, []).append(registration)
        return registration

    def register_all(
        self, handlers: dict[Action, Handler], owner: QObject | None = None
    ) -> list[Registration]:
        return [self.register(action, handler, owner) for action, handler in handlers.items()]

    def remove(self, registrations: Registration | Iterable[Registration]) -> None:
        """Take back one or more registrations (again is harmless)."""
        if isinstance(registrations, Registration):
            registrations = [registrations]
        for registration in registrations:
            stack = self._handlers.get(registration.action, [])
            if registration in stack:
                stack.remove(registration)

    def handler(self, action: Action) -> Handler | None:
        """The handler that carries out ``action`` now, if any."""
        stack = self._handlers.get(action, [])
        stack[:] = [registration for registration in stack if registration.alive]
        return stack[-1].handler if stack else None

    def run(self, action: Action) -> bool:
        """Carry out ``action``; False if nothing handles it."""
        handler = self.handler(action)
        if handler is None:
            log.debug("no handler for %s", action)
            return False
        handler()
        return True
