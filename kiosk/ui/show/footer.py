"""How the navigation bar shares its width: buttons, the kiosk's Home, the counter, the dots.

Pure arithmetic on pixel widths, so the window's styling stays short and this stays testable.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.ui.style import MIN_TOUCH


@dataclass(frozen=True)
class FooterFit:
    """Where the bar's parts go: its side margin and each dot's side, pixels."""

    margin: int
    dot_side: int
    dots_fit: bool
    counter_fits: bool = True
    spare_fits: bool = True
    """Whether the button that gives way before the dots ("All slides") has its room."""


def fit_footer(
    width: int,
    fixed: int,
    margins: tuple[int, ...],
    spacing: int,
    dots: int,
    largest: int,
    counter: int = 0,
    spare: int = 0,
) -> FooterFit:
    """Fit ``dots`` progress dots in a bar ``width`` pixels wide beside ``fixed`` pixels of
    buttons, the ``counter``'s width ("n of N") and a ``spare`` button's, with six gaps of
    ``spacing`` pixels between the bar's parts. Each side margin of ``margins`` is tried in
    turn (the grid's first: on a small or narrow screen the margin gives way before the dots
    do), then without the counter (the dots say as much), then without the spare button (the
    dots reach every slide too). Each dot is as large as the room allows up to ``largest``,
    never under MIN_TOUCH; ``dots_fit`` is False when even that is too wide (the dots are
    then hidden; counter and spare button stay)."""
    fit = FooterFit(margins[0], MIN_TOUCH, False)
    for spare_shown in (True, False):
        for counter_shown in (True, False):
            for margin in margins:
                gaps = 6 - (not counter_shown) - (not spare_shown)
                buttons = fixed + spare * spare_shown + counter * counter_shown
                room = width - buttons - 2 * margin - gaps * spacing
                side = max(MIN_TOUCH, min(largest, room // max(1, dots)))
                fit = FooterFit(margin, side, dots * side <= room, counter_shown, spare_shown)
                if fit.dots_fit:
                    return fit
    return FooterFit(fit.margin, fit.dot_side, False, True, True)
