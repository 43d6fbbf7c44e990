"""The audience window's header and navigation bar: the bar's buttons (:func:`build_footer`),
their words in the shown language, and at the window's size their margins, the buttons' side
and colours, and which of the bar's parts fit (:func:`fit_footer`).

A portrait window whose bar would squeeze its parts (a kiosk's Home and "Start again" beside
the dots) gives the dots and "n of N" a row of their own above the buttons: a portrait
screen has height to spare, not width."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.content import Text
from kiosk.ui.show.accessmenu import AccessControl
from kiosk.ui.show.allslides import AllSlidesControl
from kiosk.ui.show.footer import fit_footer
from kiosk.ui.show.languages import LanguageControl
from kiosk.ui.show.state import Show
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


class Footer(Bars, Protocol):
    """What :func:`build_footer` makes on the audience window, and what it needs of it."""

    show_state: Show
    footer: QWidget
    dots_row: QHBoxLayout


def build_footer(window: Footer, host: QWidget, rebuild: Callable[[], None]) -> None:
    """The navigation bar (``window.footer``): previous, home, the dots and "n of N", next,
    start again, accessibility (``rebuild`` redraws the slides for a new look), all slides.
    ``host`` is the window as a widget: the menus and the overview open over it."""
    window.dots_row = QHBoxLayout()
    window.dots_row.setSpacing(0)
    window.previous_button = RoundButton("previous", "")
    window.next_button = RoundButton("next", "")
    # The footer keeps its height while the kiosk's attract screen hides its buttons:
    # the slide does not jump, and the call to touch has the footer's band.
    policy = window.previous_button.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    window.previous_button.setSizePolicy(policy)
    window.home_button = LabelButton("home", "")
    window.home_button.setVisible(False)  # kiosk mode shows it
    window.start_again_button = LabelButton("restart", "")
    window.start_again_button.primary = True
    window.start_again_button.setVisible(False)  # kiosk mode, on the last slide
    window.counter_label = QLabel()
    window.counter_label.setObjectName("counter")
    window.footer = QWidget()
    footer_column = QVBoxLayout(window.footer)
    footer_column.setContentsMargins(0, 0, 0, 0)
    window.track_row = QHBoxLayout()  # the dots' own row, when they need one
    window.footer_row = row = QHBoxLayout()
    footer_column.addLayout(window.track_row)
    footer_column.addLayout(row)
    show, style = window.show_state, window.style_
    window.all_slides = AllSlidesControl(show, host, style, row)
    row.addWidget(window.previous_button)
    row.addWidget(window.home_button)
    row.addStretch(1)
    window.track = QHBoxLayout()  # the dots and "n of N"
    window.track.addLayout(window.dots_row)
    window.track.addWidget(window.counter_label)
    row.addLayout(window.track)
    row.addStretch(1)
    row.addWidget(window.next_button)
    row.addWidget(window.start_again_button)
    window.access = AccessControl(show, host, style, row, rebuild)
    # The bar's width is the window's, never more: sized for the old scale while the
    # window shrinks (a 1080p screen to a 1024x768 one), it must not hold the window wide.
    window.footer.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)


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
