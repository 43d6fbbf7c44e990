"""Putting a window on a screen: fullscreen (with or without a window manager), or moved."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def fill_screen(window: QWidget, screen: QScreen) -> None:
    """Show ``window`` fullscreen on ``screen``, with or without a window manager.

    On a bare X session nothing honours a fullscreen request, so the window is also
    frameless and given the screen's geometry explicitly.
    """
    if window.isFullScreen() and window.screen() is not screen:
        window.showNormal()  # a window manager moves a fullscreen window only once normal
    window.setScreen(screen)
    window.setGeometry(screen.geometry())
    window.showFullScreen()


def move_to_screen(window: QWidget, number: int) -> None:
    """Put ``window`` on screen ``number`` (0 = first); unknown numbers keep the primary."""
    screens = QGuiApplication.screens()
    if not 0 <= number < len(screens):
        log.warning(
            "there is no screen %d (found %d); using the primary screen", number, len(screens)
        )
        return
    screen = screens[number]
    window.setScreen(screen)
    window.move(screen.geometry().topLeft())


def bring_onto_screen(window: QWidget, screen: QScreen) -> bool:
    """Centre ``window`` on ``screen`` (shrunk to fit) if its centre lies on no screen;
    True if it moved (a projector it was on went away)."""
    centre = window.geometry().center()
    if any(s.geometry().contains(centre) for s in QGuiApplication.screens()):
        return False
    available = screen.availableGeometry()
    geometry = QRect(window.geometry())
    geometry.setSize(geometry.size().boundedTo(available.size()))
    geometry.moveCenter(available.center())
    window.setGeometry(geometry)
    return True


def show_windowed(window: QWidget, normal_geometry: QRect | None) -> None:
    """Leave fullscreen for ``normal_geometry`` (the window's size before it), centred on its
    screen if it was never shown there."""
    screen = window.screen()
    window.showNormal()
    if normal_geometry is not None:
        geometry = QRect(normal_geometry)
        if not screen.geometry().intersects(geometry):
            geometry.moveCenter(screen.availableGeometry().center())
        window.setGeometry(geometry)


def fit_to_screen(window: QWidget, fullscreen: Callable[[QScreen], None]) -> None:
    """Bring ``window`` back onto its screen if it lies off every screen (a screen went away);
    a fullscreen window fills its new screen through ``fullscreen``."""
    if not window.isVisible():
        return
    screen = window.screen()
    if window.isFullScreen():
        if window.geometry() != screen.geometry():
            log.info("a screen went away; filling %s", screen.name())
            fullscreen(screen)
        return
    if bring_onto_screen(window, screen):
        log.info("a screen went away; moved the window to %s", screen.name())
