"""Placing the audience window and the presenter console on the screens there are.

:func:`~kiosk.logic.screens.plan_screens` decides (Qt-free); :class:`PresenterSession`
puts both windows where it says, again when a projector is plugged in or out, and ``S`` swaps
them. It carries out F5 while the console runs (the audience window back on its screen).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRect, QSize, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QScreen

from kiosk.content.actions import Action
from kiosk.logic.screens import has_screen, plan_screens
from kiosk.ui.presenter.console import PresenterConsole
from kiosk.ui.show.state import Blank
from kiosk.ui.show.window import MainWindow
from kiosk.ui.widgets.screens import fill_screen

log = logging.getLogger(__name__)


class PresenterSession(QObject):
    """Keeps the audience window and the console on the right screens.

    Two or more screens: the audience window fullscreen on the audience screen (see
    :func:`plan_screens`), the console fullscreen on another. One screen: the audience
    window fullscreen and the console as an ordinary window over it, to move or resize.
    Screens plugged in or out re-place both after ``settle_ms`` (changes come in bursts);
    the slide, the timer and everything else stay as they were.
    """

    placed = Signal()

    def __init__(
        self,
        audience: MainWindow,
        console: PresenterConsole,
        *,
        screen_index: int | None = None,
        settle_ms: int = 300,
    ) -> None:
        super().__init__(console)
        self.audience = audience
        self.console = console
        self.screen_index = screen_index
        self.swapped = False
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(settle_ms)
        self.settle.timeout.connect(self.place)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screens_changed)
        app.primaryScreenChanged.connect(self._screens_changed)
        console.swap_requested.connect(self.swap)
        audience.show_state.actions.register(Action.START, self.start_show, owner=self)

    def plan(self) -> tuple[QScreen, QScreen | None]:
        screens = QGuiApplication.screens()
        if self.screen_index is not None and not has_screen(self.screen_index, len(screens)):
            log.warning("there is no screen %d; using the usual choice", self.screen_index)
        return plan_screens(
            screens, QGuiApplication.primaryScreen(), self.screen_index, self.swapped
        )

    @Slot()
    def place(self) -> None:
        """Put both windows where :meth:`plan` says."""
        audience_screen, console_screen = self.plan()
        log.info(
            "screens: %s; audience on %s, console on %s",
            ", ".join(
                f"{n} = {s.name()} {s.geometry().width()}x{s.geometry().height()}"
                for n, s in enumerate(QGuiApplication.screens())
            ),
            audience_screen.name(),
            console_screen.name() if console_screen else "a window",
        )
        self.audience.show_fullscreen(audience_screen)
        console = self.console
        if console_screen is not None:
            fill_screen(console, console_screen)
        else:
            was_full = console.isFullScreen()
            if was_full:
                console.showNormal()
            area = audience_screen.availableGeometry()
            if was_full or not console.isVisible() or not area.contains(console.geometry()):
                size = QSize(area.width() * 2 // 3, area.height() * 2 // 3)
                console.setScreen(audience_screen)
                console.setGeometry(
                    QRect(area.center() - QRect(0, 0, *size.toTuple()).center(), size)
                )
            console.show()
            console.raise_()
        console.activateWindow()
        self.placed.emit()

    def _screens_changed(self, *_args: object) -> None:
        self.settle.start()

    def swap(self) -> None:
        """Exchange the audience and console screens (the S key)."""
        if len(QGuiApplication.screens()) < 2:
            log.info("one screen: nothing to swap")
            return
        self.swapped = not self.swapped
        self.place()

    def start_show(self) -> None:
        """F5: the audience window back to fullscreen on its screen, the slide showing."""
        self.audience.show_state.set_blank(Blank.NONE)
        self.place()


def show_touch_controls(audience: MainWindow, shown: bool) -> None:
    """Show or hide all there is to press in ``audience``: the header, the navigation bar
    (buttons, dots, "n of N") and the slides' own controls (the video's play button and
    bar). ``kiosk --presenter`` hides them: the audience screen shows the slide only."""
    audience.touch_controls = shown  # slide views made later (a content reload) follow it
    audience.header.setVisible(shown)
    audience.footer.setVisible(shown)
    for view in audience.views:
        view.set_touch_controls(shown)


def start_presenter(
    audience: MainWindow, *, screen_index: int | None = None, talk_minutes: float | None = None
) -> tuple[PresenterConsole, PresenterSession]:
    """Open the console for ``audience`` and place both windows (``kiosk --presenter``).

    Keep the returned console: it owns the session.
    """
    show_touch_controls(audience, False)  # the audience sees the slide only
    console = PresenterConsole(audience, talk_minutes=talk_minutes)
    session = PresenterSession(audience, console, screen_index=screen_index)
    session.place()
    return console, session
