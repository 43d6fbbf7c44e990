"""The audience window's header and navigation bar: their words in the shown language, and at
the window's size their margins, the buttons' side and colours, and which of the bar's
parts fit (:func:`fit_footer`).

A portrait window whose bar would squeeze its parts (a kiosk's Home and "Start again" beside
the dots) gives the dots and "n of N" a row of their own above the buttons: a portrait
screen has height to spare, not width."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QHBoxLayout, QLabel

from kiosk.content import Text
from kiosk.ui.show.accessmenu import AccessControl
from kiosk.ui.show.allslides import AllSlidesControl
from kiosk.ui.show.footer import fit_footer
from kiosk.ui.show.languages import LanguageControl
from kiosk.ui.style import MIN_TOUCH, Style
from kiosk.ui.widgets.buttons import DotButton, LabelButton, RoundButton, in_accent


class Bars(Protocol):
    """What of the audience window (:class:`~kiosk.ui.show.window.MainWindow`) is styled."""

    style_: Style
    logo_label: QLabel
    counter_label: QLabel
    header_row: QHBoxLayout
    footer_row: QHBoxLayout
    track_row: QHBoxLayout
    track: QHBoxLayout
    previous_button: RoundButton
    next_button: RoundButton
    home_button: LabelButton
    start_again_button: LabelButton
    languages: LanguageControl
    access: AccessControl
    all_slides: AllSlidesControl
    dots: list[DotButton]
    sealed: bool
    navigation_visible: bool

    def width(self) -> int: ...


def word_bars(window: Bars, logo: Text) -> None:
    """The header's name (``logo``) and the bar's buttons' names in the shown language."""
    style = window.style_
    window.logo_label.setText(style.text(logo))
    window.previous_button.set_symbol("previous", style.label("previous"))
    window.next_button.set_symbol("next", style.label("next"))
    window.home_button.set_symbol("home", style.label("home"))
    window.home_button.set_text(style.label("home_button"))
    window.start_again_button.set_symbol("restart", style.label("start_again"))
    window.start_again_button.set_text(style.label("start_again"))


def style_bars(window: Bars) -> None:
    """Size and colour ``window``'s header and navigation bar for its style's scale."""
    style = window.style_
    window.logo_label.setStyleSheet(
        f"color: {style.colour('accent').name()}; font-size: {style.px(30)}px; font-weight: bold;"
    )
    window.counter_label.setStyleSheet(
        f"color: {style.colour('muted_text').name()}; font-size: {max(style.px(28), 16)}px;"
    )
    margin = style.margin()  # the grid's left edge, shared with every slide's text
    window.header_row.setContentsMargins(margin, style.px(20), margin, 0)
    window.header_row.setSpacing(style.px(24))  # the name never touches the language button
    window.footer_row.setSpacing(style.px(12))
    side = max(style.px(80), MIN_TOUCH)
    home, again = window.home_button, window.start_again_button
    bar = (window.previous_button, window.next_button, home, again, window.access.button)
    for button in (*bar, window.languages.button, window.all_slides.button):
        in_accent(button, style, side)
    # Every side at least MIN_TOUCH: a small dot drawn in a finger-sized target.
    ends = max(home.width(), again.width() - side) if window.sealed else 0  # the kiosk's
    window.counter_label.ensurePolished()
    counter = window.counter_label.sizeHint().width()
    margins = (margin, min(margin, style.px(40)), min(margin, style.px(16)))
    # Previous, next and accessibility; the dots, "n of N" and "All slides" if there is room.
    spacing, dots, largest = window.footer_row.spacing(), len(window.dots), style.px(64)
    width = window.width()
    fit = fit_footer(width, 3 * side + ends, margins, spacing, dots, largest, counter, side)
    squeezed = fit.margin != margin or not (fit.dots_fit and fit.counter_fits and fit.spare_fits)
    above = style.portrait and squeezed
    bar_margin = fit.margin
    if above:  # the buttons' row has its margins; the dots' row has the dots and "n of N"
        bar_margin = margin
        fit = fit_footer(width, 0, margins, spacing, dots, largest, counter)
    _place_track(window, above)
    window.track_row.setContentsMargins(fit.margin, style.px(8) if above else 0, fit.margin, 0)
    window.footer_row.setContentsMargins(bar_margin, style.px(8), bar_margin, style.px(20))
    shown = window.navigation_visible
    window.counter_label.setVisible(fit.counter_fits and shown)
    window.all_slides.fits = fit.spare_fits
    window.all_slides.button.setVisible(fit.spare_fits and shown)
    for dot in window.dots:
        dot.style_ = style
        dot.drawn_side = style.px(64)
        dot.setFixedSize(fit.dot_side, fit.dot_side)
        dot.setVisible(fit.dots_fit and shown)


def _place_track(window: Bars, above: bool) -> None:
    """The dots and "n of N": in a row of their own above the buttons, or between them."""
    track, row = window.track, window.footer_row
    if (window.track_row.indexOf(track) >= 0) == above:
        return
    (window.track_row if not above else row).removeItem(track)
    track.setParent(None)  # to be added to the other row
    if above:
        window.track_row.addStretch(1)
        window.track_row.addLayout(track)
        window.track_row.addStretch(1)
    else:
        while window.track_row.count():
            window.track_row.takeAt(0)
        row.insertLayout(row.indexOf(window.home_button) + 2, track)
