"""Where the presenter points, without Qt: from the console's "Now" pane to the audience
slide, and the region a zoom magnifies.

The "Now" pane letterboxes the slide picture (fitted, centred across, at the top); the
picture has the audience window's shape, so a point's fraction of the picture is its
fraction of the audience window, whatever the two screens' sizes and shapes.
"""

from __future__ import annotations

ZOOM = 2.0
"""How much a zoom magnifies."""

Fraction = tuple[float, float]
"""A point as fractions of the slide's width and height, 0 to 1."""


def picture_fraction(
    x: float, y: float, picture: tuple[float, float, float, float]
) -> Fraction | None:
    """The point (``x``, ``y``) of the pane as a fraction of ``picture`` (its left, top,
    width and height in the pane); None outside the picture."""
    left, top, width, height = picture
    if width <= 0 or height <= 0:
        return None
    fx, fy = (x - left) / width, (y - top) / height
    if not (0 <= fx <= 1 and 0 <= fy <= 1):
        return None
    return fx, fy


def to_window(point: Fraction, width: float, height: float) -> tuple[float, float]:
    """``point`` in a window of ``width`` x ``height`` pixels showing the whole slide."""
    return point[0] * width, point[1] * height


def zoom_region(centre: Fraction, zoom: float = ZOOM) -> tuple[float, float, float, float]:
    """The part of the slide a ``zoom`` times magnification shows around ``centre``: left,
    top, width and height as fractions, kept inside the slide."""
    size = 1 / zoom
    left = min(max(centre[0] - size / 2, 0.0), 1 - size)
    top = min(max(centre[1] - size / 2, 0.0), 1 - size)
    return left, top, size, size


def drag_centre(start: Fraction, end: Fraction) -> Fraction:
    """The centre of a drag from ``start`` to ``end``: what a drag zooms into."""
    return (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
