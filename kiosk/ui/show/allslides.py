"""The "All slides" button: the overview one touch away, for visitors with no keyboard.

It sits at the start of the audience window's navigation bar (the accessibility button is at
its end; both change sides in a right-to-left language), on every slide; it hides with the
bar's other buttons on the kiosk's attract screen, and with the whole bar on a presenter's
audience screen. On a bar too narrow for it and the progress dots (a kiosk under 800 px wide)
it gives way to the dots, which reach every slide too. It opens the overview as the O key does
(``Action.OVERVIEW``), where a touch on a slide goes there and its Close button closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.content.actions import Action
from kiosk.ui.show.state import Show
from kiosk.ui.style import Style
from kiosk.ui.widgets.buttons import RoundButton


class AllSlidesControl(QObject):
    """The navigation bar's "All slides" button (added to ``row``) for ``show``."""

    def __init__(self, show: Show, host: QWidget, style: Style, row: QHBoxLayout) -> None:
        super().__init__(host)
        self.style_ = style
        self.button = RoundButton("overview", "")
        self.button.setObjectName("all-slides-button")
        self.fits = True
        """False while the navigation bar is too narrow for it and the progress dots: it gives
        way (the dots reach every slide too)."""
        row.addWidget(self.button)
        self.button.clicked.connect(lambda: show.perform(Action.OVERVIEW))

    def refresh(self) -> None:
        """Its name in the show's language (what a screen reader and the tooltip say)."""
        self.button.set_symbol("overview", self.style_.label("all_slides"))
