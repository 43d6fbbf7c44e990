"""The kiosk's layers for visitors: the attract banner and the "Still there?" countdown."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QTransform
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.show.window import MainWindow
from kiosk.ui.style import MIN_TOUCH, Style
from kiosk.ui.widgets.announce import announce
from kiosk.ui.widgets.buttons import LabelButton
from kiosk.ui.widgets.layer import Card, Layer


class AttractBanner(Layer):
    """ "Touch to explore": a large call to action with a hand, while the slides cycle by
    themselves. Its ripples pulse slowly (one breath every :attr:`PULSE_MS`); a touch
    anywhere starts the visit, so the banner lets every press through.

    On a video slide the call sits in the footer band below the video: a video picture
    paints over any widget laid on it (see ``hides_video``), and the video is the show.
    """

    hides_video = False
    PULSE_MS = 2600

    def __init__(self, style: Style, window: MainWindow) -> None:
        super().__init__(window)
        self.style_ = style
        self.window_ = window
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.label = QLabel(style.label("touch_to_explore"), self)
        self.label.setObjectName("attract")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cta = QRect()
        """The call to action's pill, in the banner's coordinates."""
        self.phase = 0.0
        self.over_video = False
        """0 to 1: where the pulse is in its breath."""
        self.pulse = QVariantAnimation(self)
        self.pulse.setStartValue(0.0)
        self.pulse.setEndValue(1.0)
        self.pulse.setDuration(self.PULSE_MS)
        self.pulse.setLoopCount(-1)
        self.pulse.valueChanged.connect(self._on_pulse)
        self.visibility_changed.connect(self._breathe)
        window.show_state.access.changed.connect(lambda _name: self._breathe(self.isVisible()))
        window.slide_changed.connect(self._on_slide_changed)

    def _breathe(self, shown: bool) -> None:
        """Pulse while shown only (no timer runs behind a visit), and never when the visitor
        asked for reduced motion (the ripples then stand still)."""
        if shown and not self.window_.show_state.access.reduced_motion:
            self.pulse.start()
        else:
            self.pulse.stop()
            self.phase = 0.0
            self.update()

    def _on_pulse(self, value: float) -> None:
        self.phase = float(value)
        side = self.cta.height()
        self.update(QRect(self.cta.left(), self.cta.top(), 2 * side, side))

    def _on_slide_changed(self, _index: int) -> None:
        if self.isVisible():
            self.apply_style()
            self.update()

    def apply_style(self) -> None:
        style, px = self.style_, self.px
        self.label.setText(style.label("touch_to_explore"))
        self.over_video = over_video = self.window_.show_state.media is not None
        footer = self.window_.footer.geometry()
        height = max(MIN_TOUCH, footer.height() - px(12)) if over_video else px(190)
        font = style.base_font()
        font.setPixelSize(round(height * 0.36))
        font.setBold(True)
        self.label.setFont(font)
        self.label.setStyleSheet(f"color: {style.colour('accent_text').name()};")
        self.label.adjustSize()
        width = min(self.width() - 2 * px(40), height * 1.35 + self.label.width())
        # Centred; on a video slide, in the footer's band below the video's controls.
        top = footer.center().y() - height // 2 if over_video else (self.height() - height) // 2
        self.cta = QRect(round((self.width() - width) / 2), top, round(width), height)
        text_left = self.cta.left() + round(height * 1.05)
        self.label.setGeometry(
            text_left, self.cta.top(), self.cta.right() - text_left - height // 4, height
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.cta.isEmpty():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = self.style_.colour("accent")
        if not self.over_video:
            # A light veil: the slides still cycle behind it, the call is the one clear thing.
            veil = self.style_.colour("background")
            veil.setAlphaF(0.8)
            painter.fillRect(self.rect(), veil)
        pill = QRectF(self.cta)
        radius = pill.height() / 2
        # A soft shadow lifts the pill off the slide.
        shadow = QColor(0, 0, 0, 40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(shadow)
        painter.drawRoundedRect(pill.translated(0, radius / 8), radius, radius)
        painter.setBrush(accent)
        painter.drawRoundedRect(pill, radius, radius)
        hand_centre = QPointF(pill.left() + radius * 1.05, pill.center().y() + radius * 0.08)
        draw_hand(
            painter, hand_centre, radius * 1.25, self.style_.colour("accent_text"), self.phase
        )
        painter.end()


def draw_hand(
    painter: QPainter, centre: QPointF, size: float, colour: QColor, phase: float
) -> None:
    """A hand pointing up, its fingertip touching: ``size`` pixels tall, centred on
    ``centre``; ``phase`` (0 to 1) grows and fades the touch's ripples."""
    painter.save()
    painter.translate(centre)
    painter.scale(size / 100, size / 100)  # a 100x100 grid centred on (0, 0)
    hand = QPainterPath()
    hand.setFillRule(Qt.FillRule.WindingFill)
    hand.addRoundedRect(QRectF(-13, -26, 16, 52), 8, 8)  # the index finger
    hand.addRoundedRect(QRectF(1, -2, 14, 26), 7, 7)  # the folded fingers
    hand.addRoundedRect(QRectF(13, 2, 13, 24), 6.5, 6.5)
    hand.addRoundedRect(QRectF(24, 6, 12, 22), 6, 6)
    hand.addRoundedRect(QRectF(-13, 10, 49, 40), 14, 14)  # the palm
    thumb = QPainterPath()
    thumb.addRoundedRect(QRectF(-34, 6, 14, 30), 7, 7)
    rotate = QTransform().translate(-27, 21).rotate(-35).translate(27, -21)
    hand.addPath(rotate.map(thumb))
    hand.addRoundedRect(QRectF(-28, 14, 20, 30), 8, 8)
    painter.fillPath(hand.simplified(), colour)
    # The touch: two rings round the fingertip, growing and fading with the pulse.
    tip = QPointF(-5, -24)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for ring in (0.0, 0.5):
        grow = (phase + ring) % 1.0
        ripple = QColor(colour)
        ripple.setAlphaF(0.9 * (1.0 - grow))
        pen = QPen(ripple, 3.5)
        painter.setPen(pen)
        radius = 12 + 16 * grow
        painter.drawArc(
            QRectF(tip.x() - radius, tip.y() - radius, 2 * radius, 2 * radius), 20 * 16, 140 * 16
        )
    painter.restore()


class CountdownOverlay(Card):
    """ "Still there?" with the seconds left before the kiosk starts again, and a "More
    time" button (the visit's idle timeout doubled). A screen reader hears it start, and
    every ten seconds while it runs."""

    click_outside_closes = False
    card_margin = 56
    more_time = Signal()
    """The visitor pressed "More time" (a screen reader's press, or a key on the button)."""

    def __init__(self, style: Style, parent: QWidget) -> None:
        super().__init__(parent, style)
        self.setAccessibleName(style.label("still_there"))
        self.title = QLabel(style.label("still_there"))
        self.title.setObjectName("still-there")
        self.hint = QLabel(style.label("keep_going"))
        self.seconds_label = QLabel()
        self.seconds_label.setObjectName("seconds")
        for label in (self.title, self.hint, self.seconds_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        for label in (self.title, self.hint, self.seconds_label):
            self.card_layout.addWidget(label)
        self.more_time_button = LabelButton("play", style.label("more_time"))
        self.more_time_button.setObjectName("more-time")
        self.more_time_button.primary = True
        self.more_time_button.clicked.connect(self.more_time)
        self.card_layout.addWidget(self.more_time_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.seconds = 0
        self.set_seconds(20)

    def start(self, seconds: int) -> None:
        """Show the countdown from ``seconds``, and tell a screen reader (interrupting it)."""
        self.set_seconds(seconds)
        self.show()
        self._announce()

    def set_seconds(self, seconds: int) -> None:
        """Show ``seconds`` (whole seconds) left; a screen reader hears every tenth."""
        changed = seconds != self.seconds
        self.seconds = seconds
        self.seconds_label.setText(self.style_.label("restarting_in", seconds=seconds))
        if changed and self.isVisible() and seconds % 10 == 0:
            announce(self, self.seconds_label.text(), assertive=True)

    def _announce(self) -> None:
        words = (self.title.text(), self.hint.text(), self.seconds_label.text())
        announce(self, " ".join(words), assertive=True)

    def apply_style(self) -> None:
        style, px = self.style_, self.px
        self.title.setText(style.label("still_there"))
        self.hint.setText(style.label("keep_going"))
        self.set_seconds(self.seconds)
        button = self.more_time_button
        button.set_symbol("play", style.label("more_time"))
        button.set_text(style.label("more_time"))
        button.set_side(max(px(88), MIN_TOUCH))
        button.background = style.colour("accent")
        button.foreground = style.colour("accent_text")
        self.title.setStyleSheet(f"font-size: {px(72)}px; font-weight: bold;")
        self.hint.setStyleSheet(f"font-size: {px(40)}px;")
        self.seconds_label.setStyleSheet(
            f"font-size: {px(40)}px; color: {style.colour('accent').name()};"
        )
        super().apply_style()

    def card_width(self) -> int:
        return min(self.width() - 2 * self.px(40), self.px(1100))
