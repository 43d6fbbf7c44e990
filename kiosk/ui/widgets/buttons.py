"""Finger-sized buttons that draw their own shapes: progress dots and round symbol buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.ui.style import DEFAULT_THEME, Style


class DotButton(QAbstractButton):
    """One progress dot: a small circle inside a finger-sized target."""

    def __init__(self, number: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.setAccessibleName(name)
        self.setToolTip(name)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.style_: Style | None = None
        self.drawn_side = 0
        """The side the dot is drawn for (0: the whole button): a small dot, a large target."""

    def paintEvent(self, event: object) -> None:
        if self.style_ is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.drawn_side or self.width())
        diameter = side * (0.42 if self.isChecked() else 0.3)
        centre = QPointF(self.width() / 2, self.height() / 2)
        circle = QRectF(centre.x() - diameter / 2, centre.y() - diameter / 2, diameter, diameter)
        accent = self.style_.colour("accent")
        painter.setPen(QPen(accent, max(1.5, side / 28)))
        painter.setBrush(accent if self.isChecked() else self.style_.colour("surface"))
        painter.drawEllipse(circle)
        painter.end()


class RoundButton(QAbstractButton):
    """A large, finger-sized round button that draws a symbol instead of a font glyph.

    ``symbol`` is one of: previous, next, home, restart, play, pause, replay, mute, unmute,
    captions, captions-off, language, access, transcript, overview. In a right-to-left layout
    the arrows (previous, next) mirror: "next" points left, the way a right-to-left reader
    goes on.
    The accessible name carries the words. Buttons never take keyboard focus, so the
    clicker's Space and arrow keys always reach the window.
    """

    def __init__(self, symbol: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.symbol = symbol
        self.setAccessibleName(name)
        self.setToolTip(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.background = QColor(DEFAULT_THEME.accent)
        self.foreground = QColor(DEFAULT_THEME.accent_text)
        self.setFixedSize(64, 64)

    def set_side(self, pixels: int) -> None:
        """Diameter of the button, in pixels."""
        self.setFixedSize(pixels, pixels)

    def set_symbol(self, symbol: str, name: str) -> None:
        self.symbol = symbol
        self.setAccessibleName(name)
        self.setToolTip(name)
        self.update()

    def sizeHint(self) -> QSize:
        return self.size()

    @property
    def mirrored(self) -> bool:
        """True when the symbol is drawn mirrored (an arrow in a right-to-left layout)."""
        return self.symbol in MIRRORED_SYMBOLS and self.isRightToLeft()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        background = QColor(self.background)
        if self.isDown():
            background = background.darker(130)
        if not self.isEnabled():
            background.setAlphaF(0.35)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawEllipse(QRectF(0, 0, side, side).adjusted(1, 1, -1, -1))
        pen = QPen(self.foreground, side / 12)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.translate(side / 2, side / 2)
        painter.scale(side / 100, side / 100)  # draw symbols on a 100x100 grid
        if self.mirrored:
            painter.scale(-1, 1)
        _draw_symbol(painter, self.symbol, self.foreground)
        painter.end()


class LabelButton(RoundButton):
    """A pill with a symbol and its words: for a control a visitor must understand at once
    ("Start again", "Home"). ``primary`` fills it with the accent colour; otherwise it is
    outlined in the accent colour on the surface colour."""

    def __init__(
        self, symbol: str, name: str, text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(symbol, name, parent)
        self.text_ = text
        self.primary = False
        self.surface = QColor(DEFAULT_THEME.surface)

    def set_text(self, text: str) -> None:
        self.text_ = text
        self.set_side(self.height())

    def set_side(self, pixels: int) -> None:
        """Height of the pill, in pixels; its width fits the words."""
        font = self._font(pixels)
        width = QFontMetricsF(font).horizontalAdvance(self.text_)
        ends = pixels * 1.25 if self.symbol else pixels * 1.3
        self.setFixedSize(round(ends + width + pixels * 0.45), pixels)

    def _font(self, height: int) -> QFont:
        font = QFont(self.font())  # the window's, in its language's families (Nastaliq for Urdu)
        font.setPixelSize(max(1, round(height * 0.36)))
        font.setBold(True)
        return font

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        height = float(self.height())
        fill = QColor(self.background if self.primary else self.surface)
        ink = QColor(self.foreground if self.primary else self.background)
        if self.isDown():
            fill = fill.darker(120)
        border = QPen(self.background, max(2.0, height / 20))
        painter.setPen(border)
        painter.setBrush(fill)
        inset = border.widthF() / 2
        painter.drawRoundedRect(
            QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), height / 2, height / 2
        )
        painter.setFont(self._font(self.height()))
        painter.setPen(ink)
        # The symbol leads the words: on the left, or on the right in a right-to-left layout.
        lead, trail = (height * 0.95, height * 0.35) if self.symbol else (height * 0.65,) * 2
        rtl = self.isRightToLeft()
        painter.drawText(
            QRectF(trail if rtl else lead, 0, self.width() - lead - trail, height),
            int(
                Qt.AlignmentFlag.AlignVCenter
                | (Qt.AlignmentFlag.AlignLeading if self.symbol else Qt.AlignmentFlag.AlignHCenter)
            ),
            self.text_,
        )
        pen = QPen(ink, height / 14)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.translate(self.width() - height * 0.55 if rtl else height * 0.55, height / 2)
        painter.scale(height / 120, height / 120)
        _draw_symbol(painter, self.symbol, ink)
        painter.end()


MIRRORED_SYMBOLS = frozenset({"previous", "next"})
"""Symbols that point the way of reading, so mirror in a right-to-left layout."""


def in_accent(button: RoundButton, style: Style, side: int) -> None:
    """Size ``button`` (``side`` pixels high) and colour it in the theme's accent, as every
    button of the audience window's header and navigation bar is."""
    button.set_side(side)
    button.background = style.colour("accent")
    button.foreground = style.colour("accent_text")
    if isinstance(button, LabelButton):
        button.surface = style.colour("surface")


def _draw_access_symbol(painter: QPainter, symbol: str) -> bool:
    """The accessibility and overview symbols (access, transcript, overview); False for any
    other."""
    if symbol == "access":  # a person with open arms, the usual accessibility sign
        painter.drawEllipse(QRectF(-6, -30, 12, 12))
        painter.drawLine(QPointF(-24, -10), QPointF(24, -10))
        painter.drawPolyline([QPointF(-14, 28), QPointF(0, 0), QPointF(14, 28)])
        painter.drawLine(QPointF(0, -10), QPointF(0, 0))
    elif symbol == "transcript":  # lines of text on a page
        painter.drawRoundedRect(QRectF(-22, -28, 44, 56), 6, 6)
        for y in (-14, -2, 10):
            painter.drawLine(QPointF(-12, y), QPointF(12, y))
    elif symbol == "overview":  # four slides in a grid, filled: all slides at a glance
        painter.save()
        painter.setBrush(painter.pen().color())
        painter.setPen(Qt.PenStyle.NoPen)
        for x in (-27, 3):
            for y in (-21, 3):
                painter.drawRoundedRect(QRectF(x, y, 24, 18), 3, 3)
        painter.restore()
    return symbol in ("access", "transcript", "overview")


def _draw_symbol(painter: QPainter, symbol: str, colour: QColor) -> None:
    """Draw ``symbol`` centred on (0, 0) in a 100x100 grid with the current pen."""
    if _draw_access_symbol(painter, symbol):
        return
    if symbol == "previous":
        painter.drawPolyline([QPointF(8, -22), QPointF(-12, 0), QPointF(8, 22)])
    elif symbol == "next":
        painter.drawPolyline([QPointF(-8, -22), QPointF(12, 0), QPointF(-8, 22)])
    elif symbol == "play":
        path = QPainterPath(QPointF(-12, -22))
        path.lineTo(22, 0)
        path.lineTo(-12, 22)
        path.closeSubpath()
        painter.fillPath(path, colour)
    elif symbol == "language":  # a globe
        painter.drawEllipse(QRectF(-26, -26, 52, 52))
        painter.drawEllipse(QRectF(-11, -26, 22, 52))
        painter.drawLine(QPointF(-26, 0), QPointF(26, 0))
    elif symbol == "home":
        painter.drawPolyline([QPointF(-24, -2), QPointF(0, -24), QPointF(24, -2)])
        painter.drawPolyline([QPointF(-16, -8), QPointF(-16, 22), QPointF(16, 22), QPointF(16, -8)])
    elif symbol == "restart":
        painter.drawArc(QRectF(-22, -22, 44, 44), 120 * 16, 270 * 16)
        path = QPainterPath(QPointF(-30, -24))
        path.lineTo(-8, -26)
        path.lineTo(-22, -6)
        path.closeSubpath()
        painter.fillPath(path, colour)
    elif symbol == "pause":
        painter.drawLine(QPointF(-10, -20), QPointF(-10, 20))
        painter.drawLine(QPointF(10, -20), QPointF(10, 20))
    elif symbol == "replay":
        painter.drawArc(QRectF(-22, -22, 44, 44), 90 * 16, 290 * 16)
        path = QPainterPath(QPointF(-4, -32))
        path.lineTo(10, -22)
        path.lineTo(-4, -12)
        path.closeSubpath()
        painter.fillPath(path, colour)
    elif symbol in ("mute", "unmute"):
        speaker = QPainterPath(QPointF(-26, -9))
        for x, y in ((-14, -9), (0, -22), (0, 22), (-14, 9), (-26, 9)):
            speaker.lineTo(x, y)
        speaker.closeSubpath()
        painter.fillPath(speaker, colour)
        if symbol == "unmute":  # sound is off: show a cross, the button turns it on
            painter.drawLine(QPointF(10, -10), QPointF(28, 10))
            painter.drawLine(QPointF(10, 10), QPointF(28, -10))
        else:
            painter.drawArc(QRectF(-6, -14, 24, 28), -60 * 16, 120 * 16)
            painter.drawArc(QRectF(-10, -26, 40, 52), -60 * 16, 120 * 16)
    elif symbol in ("captions", "captions-off"):
        painter.drawRoundedRect(QRectF(-28, -20, 56, 40), 8, 8)
        font = QFont()
        font.setPixelSize(22)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(-28, -20, 56, 40), int(Qt.AlignmentFlag.AlignCenter), "CC")
        if symbol == "captions-off":
            painter.drawLine(QPointF(-34, 28), QPointF(34, -28))


def make_dots(count: int, style: Style, go: Callable[[int], object]) -> list[DotButton]:
    """One progress dot per slide; pressing dot ``i`` (from 0) calls ``go(i)``."""
    dots = []
    for number in range(1, count + 1):
        dot = DotButton(number, style.label("go_to", number=number))
        dot.clicked.connect(lambda _=False, index=number - 1: go(index))
        dots.append(dot)
    return dots
