"""Keyboard focus for people who use Tab, without taking a single key from a clicker.

The controls never take focus from a click or a touch (their focus policy is ``NoFocus``),
so a clicker's keys reach the slides exactly as they always did. Tab (Shift+Tab: back) gives
focus to the next visible, enabled control in reading order (by rows, right to left when the
layout is) and draws a ring round it; Enter or Space then presses it. A click, a touch or a
key the show acts on takes focus away and hides the ring: the ring shows only after a Tab,
as a browser's ``:focus-visible`` does. Qt's own focus chain would not do: it follows the
order the widgets were made in, and it would give focus on every click. Screen readers follow
the focus, which ``setFocus`` reports to them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QApplication, QSlider, QWidget

from kiosk.ui.style import scale_for
from kiosk.ui.widgets.layer import Layer

RING_COLOUR = QColor("#FFEB3B")
"""NHS focus yellow: seen on white, on NHS Blue and on the near-black player frame."""
RING_EDGE = QColor("#212B32")
"""A dark line round the yellow, so the ring shows on a pale background too."""
PRESS_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Select}
MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
    Qt.Key.Key_CapsLock,
}
"""Keys that come before Shift+Tab and the like: they do not end Tab travel."""


class FocusRing(QWidget):
    """Tab travel through ``host``'s controls, and the ring round the focused one.

    ``host`` calls :meth:`travel` from its ``focusNextPrevChild`` and offers each key press to
    :meth:`handle_key` first. Inside an open modal layer (a PIN pad, a prompt) Tab travels
    through that layer's controls only.
    """

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.host = host
        self.active = False
        self.setObjectName("focus-ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def controls(self) -> list[QWidget]:
        """The controls Tab visits now, in reading order."""
        scope = self._scope()
        found: list[QWidget] = [
            widget
            for widget in scope.findChildren(QWidget)
            if isinstance(widget, QAbstractButton | QSlider)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.window() is self.host.window()
        ]
        row = max(1, self.host.height() // 40)  # controls this close in height share a row
        sign = -1 if self.host.layoutDirection() == Qt.LayoutDirection.RightToLeft else 1

        def reading_order(widget: QWidget) -> tuple[int, int]:
            centre = widget.mapTo(self.host, widget.rect().center())
            return centre.y() // row, sign * centre.x()

        return sorted(found, key=reading_order)

    def _scope(self) -> QWidget:
        """The topmost open modal layer, else the whole host."""
        layers = [
            child
            for child in self.host.findChildren(Layer)
            if child.modal and child.isVisible() and child.parentWidget() is self.host
        ]
        return layers[-1] if layers else self.host

    def focused(self) -> QWidget | None:
        """The control that has the keyboard focus in ``host`` (None: none has)."""
        widget = self.host.focusWidget()  # also when the host is not the active window
        return None if widget is None or widget is self.host else widget

    def travel(self, forward: bool) -> bool:
        """Focus the next (``forward``) or previous control; False if there is none."""
        controls = self.controls()
        if not controls:
            return False
        current = self.focused()
        if current in controls:
            index = (controls.index(current) + (1 if forward else -1)) % len(controls)
        else:
            index = 0 if forward else len(controls) - 1
        target = controls[index]
        target.setFocus(Qt.FocusReason.TabFocusReason)
        self.active = True
        self._watch_clicks(True)
        self._follow(target)
        return True

    def handle_key(self, event: QKeyEvent) -> bool:
        """Press the focused control on Enter or Space; any other key ends Tab travel (and
        is left to the show). True if the key was used."""
        if not self.active or event.key() in MODIFIER_KEYS:
            return False
        target = self.focused()
        if event.key() in PRESS_KEYS and isinstance(target, QAbstractButton):
            target.click()
            if target.isVisible() and target is self.focused():
                self._follow(target)
            return True
        self.leave()
        return False

    def leave(self) -> None:
        """End Tab travel: no control keeps focus, and the ring hides."""
        if not self.active:
            return
        self.active = False
        self._watch_clicks(False)
        target = self.focused()
        if target is not None:
            target.clearFocus()
        self.hide()

    def _watch_clicks(self, on: bool) -> None:
        """Watch every click and touch of the app (to end Tab travel) only while it lasts:
        a Python event filter on the whole app, from the start, cost about 30 ms before the
        first slide was painted (PySide made the Python types of every object and event it
        passed on) and a Python call per event for as long as the app ran."""
        app = QApplication.instance()
        if app is not None:
            if on:
                app.installEventFilter(self)
            else:
                app.removeEventFilter(self)

    def _follow(self, target: QWidget) -> None:
        margin = max(3, round(6 * scale_for(self.host.width(), self.host.height())))
        top_left = target.mapTo(self.host, target.rect().topLeft())
        rect = QRect(top_left, target.size()).adjusted(-margin, -margin, margin, margin)
        self.setGeometry(rect.intersected(self.host.rect()))
        self.raise_()
        self.show()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A click or a touch anywhere ends Tab travel; the press itself goes on as before.
        if self.active and event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
        ):
            self.leave()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(3.0, self.height() / 16)
        rect = QRectF(self.rect()).adjusted(width, width, -width, -width)
        round_target = abs(rect.width() - rect.height()) < 0.2 * max(rect.width(), 1.0)
        radius = min(rect.width(), rect.height()) / 2 if round_target else width * 3
        painter.setPen(QPen(RING_EDGE, width * 1.8))
        painter.drawRoundedRect(rect, radius, radius)
        painter.setPen(QPen(RING_COLOUR, width))
        painter.drawRoundedRect(rect, radius, radius)
        painter.end()
