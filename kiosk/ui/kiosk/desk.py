"""The staff desk: the PIN pad, the staff panel, and what their buttons do.

The kiosk controller opens the desk after the staff gesture and hears from it when staff go
back to the visitors (``done``), exit the kiosk (``exit_requested``) or reloaded valid content
(``content_reloaded``). The desk itself checks the PIN, says where the kiosk is and moves it to
the next screen.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.content import Content, ContentError
from kiosk.system.pin import PinStatus, PinStore
from kiosk.ui.kiosk.settings import describe_screen, following_screen
from kiosk.ui.kiosk.staff import PinPad, StaffPanel
from kiosk.ui.show.window import MainWindow

log = logging.getLogger("kiosk.ui.kiosk.controller")  # the kiosk's log, as before the split


class StaffDesk(QObject):
    """The PIN pad and the staff panel over ``window``; ``reload_content`` returns fresh
    content (or raises ``ContentError``) for "Reload content"."""

    done = Signal()
    """Staff went back to the visitors (Cancel on the PIN pad, Back on the panel)."""
    exit_requested = Signal()
    content_reloaded = Signal(object)
    """Valid content from "Reload content", to show at the next attract loop."""

    def __init__(
        self,
        window: MainWindow,
        pins: PinStore,
        reload_content: Callable[[], Content] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.pins = pins
        self.reload_content = reload_content
        self.usage_line: Callable[[], str] | None = None
        """Today's usage figures at a glance (set by kiosk.ui.kiosk.usage)."""
        style = window.style_
        self.pin_pad = PinPad(style, window)
        self.staff_panel = StaffPanel(style, window)
        self.pin_pad.submitted.connect(self._check_pin)
        self.pin_pad.cancelled.connect(self.done.emit)
        self.staff_panel.exit_requested.connect(self.exit_requested.emit)
        self.staff_panel.reload_requested.connect(self._reload)
        self.staff_panel.screen_requested.connect(self._next_screen)
        self.staff_panel.closed.connect(self.done.emit)

    def open(self) -> None:
        """The PIN pad (or, with no PIN set, the staff panel straight away)."""
        if self.pins.is_set():
            self.pin_pad.reset()
            self.pin_pad.show()
        else:
            log.warning("kiosk: staff panel opened without a PIN (none is set)")
            self.show_panel()

    def hide(self) -> None:
        self.pin_pad.hide()
        self.staff_panel.hide()

    def show_panel(self) -> None:
        """The staff panel, with what the kiosk shows and where."""
        self._describe()
        self.staff_panel.screen_button.setVisible(
            following_screen(self.window.screen()) is not None
        )
        self.pin_pad.hide()
        self.staff_panel.show()

    def _describe(self) -> None:
        show, label = self.window.show_state, self.window.style_.label
        self.staff_panel.info.setText(
            "\n".join(
                (
                    # a path reads left to right: isolated, its leading "/" stays at its
                    # start in a right-to-left language's line (Unicode LRI ... PDI)
                    label("staff_content", path=f"\u2066{show.content.path}\u2069"),
                    label("staff_slide", number=show.index + 1, total=show.count, id=show.slide.id),
                    describe_screen(self.window.screen(), label),
                    *([self.usage_line()] if self.usage_line else []),
                )
            )
        )

    @Slot()
    def _next_screen(self) -> None:
        """Move the kiosk to the next screen (for a stand whose big screen is not the first)."""
        following = following_screen(self.window.screen())
        if following is None:
            self.staff_panel.info.setText(
                self.staff_panel.info.text() + "\n" + self.window.style_.label("only_one_screen")
            )
            return
        log.info("kiosk: staff moved the kiosk to screen %s", following.name())
        self.window.show_fullscreen(following)
        self._describe()

    @Slot(str)
    def _check_pin(self, digits: str) -> None:
        result = self.pins.check(digits)
        if result.ok:
            log.info("kiosk: staff PIN accepted")
            self.show_panel()
        elif result.status is PinStatus.LOCKED or result.retry_after > 0:
            seconds = math.ceil(result.retry_after)
            log.warning("kiosk: PIN pad locked for %d s after wrong PINs", seconds)
            self.pin_pad.reset(self.window.style_.label("pin_locked", seconds=seconds))
        else:
            log.warning("kiosk: wrong staff PIN")
            self.pin_pad.reset(self.window.style_.label("wrong_pin"))

    @Slot()
    def _reload(self) -> None:
        if self.reload_content is None:
            return
        try:
            content = self.reload_content()
        except ContentError as error:
            self.staff_panel.info.setText(
                "\n".join(
                    [self.window.style_.label("content_problems")]
                    + [str(problem) for problem in error.problems[:6]]
                )
            )
            return
        self.content_reloaded.emit(content)
