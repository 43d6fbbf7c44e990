"""Which screen is whose, without Qt: the presenter's audience and console screens and the
kiosk's chosen screen. Screens are any objects (Qt's QScreen in the app, strings in tests),
compared by identity; numbers count from 0, as ``--screen``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeGuard, TypeVar

T = TypeVar("T")


def plan_screens(
    screens: Sequence[T], primary: T, screen_index: int | None = None, swapped: bool = False
) -> tuple[T, T | None]:
    """(audience screen, console screen or None) for the screens present.

    The audience gets screen ``screen_index`` (0 = first, as ``--screen``) if it exists, otherwise
    the first screen that is not the primary one (a projector is rarely primary); the
    console gets the primary screen, or the first other one. ``swapped`` exchanges them.
    With one screen the console has no screen of its own (None).
    """
    if not screens:
        raise ValueError("no screens")
    if len(screens) == 1:
        return screens[0], None
    if has_screen(screen_index, len(screens)):
        audience = screens[screen_index]
    else:
        # Screens are distinct, so of two or more at least one is not the primary.
        audience = next(screen for screen in screens if screen is not primary)
    console = (
        primary
        if primary is not audience and primary in screens
        else next(s for s in screens if s is not audience)
    )
    return (console, audience) if swapped else (audience, console)


def has_screen(number: int | None, count: int) -> TypeGuard[int]:
    """Whether screen ``number`` (None: none chosen) is one of ``count`` screens."""
    return number is not None and 0 <= number < count


def following_index(index: int | None, count: int) -> int | None:
    """The number of the screen after screen ``index`` (round to the first; None: not
    among them, so the first), or None with fewer than two screens."""
    if count < 2:
        return None
    return ((-1 if index is None else index) + 1) % count
