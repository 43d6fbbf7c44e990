"""The presenter console's widgets, their layout and their style sheet (colours: CONSOLE)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.presenter.preview import PreviewPane
from kiosk.ui.style import BLACK, CONSOLE, WHITE, px

AMBER, RED = "#FFB81C", "#FF6B5E"
"""The time left at 5 and at 2 minutes: both clear on the console's dark background."""


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a property its rules test changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the console
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    return label


class ConsoleWidgets(QWidget):
    """The console's widgets, laid out: the top row (slide n of N, status, timer, clock),
    the current slide on the left (the video's time and the keys under it), the next slide
    and the notes on the right. Their words come from the console, in the show's language."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("presenter-console")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._make_top()
        self._make_body()
        self._lay_out_top()
        self._lay_out_body()

    def _make_top(self) -> None:
        self.counter_label = _label("console-counter")
        self.status_label = _label("console-status")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label.hide()
        self.left_label = _label("console-left")
        self.left_label.hide()
        self.pace_label = _label("console-pace")
        self.pace_label.hide()
        for label in (self.left_label, self.pace_label):
            label.setMinimumWidth(1)  # a small console window clips them rather than grows
        self.timer_label = _label("console-timer")
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.timer_button = _button("")
        self.timer_button.setObjectName("primary")
        self.reset_button = _button("")
        self.confirm_box = QFrame()
        self.confirm_box.setObjectName("confirm")
        self.confirm_label = _label("")
        self.confirm_reset_button = _button("")
        self.confirm_reset_button.setObjectName("danger")
        self.keep_button = _button("")
        confirm_row = QHBoxLayout(self.confirm_box)
        confirm_row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.confirm_label, self.confirm_reset_button, self.keep_button):
            confirm_row.addWidget(widget)
        self.confirm_box.hide()
        self.clock_label = _label("console-clock")

    def _make_body(self) -> None:
        self.now_label = _label("")
        self.current_pane = PreviewPane("")
        self.video_label = _label("console-video")
        self.video_label.hide()
        self.next_label = _label("console-next-title")
        self.next_pane = PreviewPane("")
        self.notes_label = _label("")
        self.smaller_button = _button("")
        self.larger_button = _button("")
        for button in (self.smaller_button, self.larger_button):
            button.setObjectName("small")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setReadOnly(True)
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows move slides, not text
        self.notes.setFrameShape(QFrame.Shape.NoFrame)
        # A fixed scroll bar: one shown only as needed narrows the text, which re-wraps so
        # the bar is not needed, and so on: at some sizes Qt flipped it forever (a frozen app).
        self.notes.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.notes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.keys_label = _label("console-keys")
        self.keys_label.setWordWrap(True)

    def _lay_out_top(self) -> None:
        self.top_row = top = QHBoxLayout()
        top.addWidget(self.counter_label)
        top.addStretch(1)
        top.addWidget(self.status_label)
        top.addStretch(1)
        top.addWidget(self.left_label)
        top.addWidget(self.pace_label)
        for widget in (self.timer_label, self.timer_button, self.reset_button, self.confirm_box):
            top.addWidget(widget)
        top.addSpacing(24)
        top.addWidget(self.clock_label)

    def _lay_out_body(self) -> None:
        self.left_column = left = QVBoxLayout()
        left.addWidget(self.now_label)
        left.addWidget(self.current_pane, 1)
        left.addWidget(self.video_label)
        left.addWidget(self.keys_label)
        notes_header = QHBoxLayout()
        notes_header.addWidget(self.notes_label, 1)
        notes_header.addWidget(self.smaller_button)
        notes_header.addWidget(self.larger_button)
        self.right_column = right = QVBoxLayout()
        right.addWidget(self.next_label)
        right.addWidget(self.next_pane, 2)
        right.addLayout(notes_header)
        right.addWidget(self.notes, 3)
        self.body_row = body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        self.column = column = QVBoxLayout(self)
        column.addLayout(self.top_row)
        column.addLayout(body, 1)

    def lay_out(self, unit: float) -> None:
        """Margins and spacing at scale ``unit``."""
        margin = px(24, unit)
        self.column.setContentsMargins(margin, px(16, unit), margin, px(12, unit))
        self.column.setSpacing(px(14, unit))
        self.body_row.setSpacing(px(28, unit))
        self.left_column.setSpacing(px(8, unit))
        self.right_column.setSpacing(px(8, unit))
        self.top_row.setSpacing(px(16, unit))

    def balance_columns(self, shape: float) -> None:
        """Widen the "Now" column until its picture (``shape`` = width / height) fills its
        height: no empty band under it; the next slide and the notes keep 30 % at least."""
        self.column.activate()
        body = self.body_row.geometry()
        if body.width() <= 0 or body.height() <= 0:
            return
        spacing = self.body_row.spacing()
        wanted = round(self.current_pane.height() * shape)
        left = max(body.width() // 2, min(wanted, round((body.width() - spacing) * 0.7)))
        self.body_row.setStretch(0, left)
        self.body_row.setStretch(1, max(1, body.width() - spacing - left))


def console_sheet(unit: float, notes_scale: float) -> str:
    """The console's style sheet at scale ``unit``, the notes' type ``notes_scale`` times."""
    c = CONSOLE

    def p(value: float) -> int:
        return px(value, unit)

    return (
        f"#presenter-console {{ background: {c.background}; }}"
        f"QLabel {{ color: {c.text}; font-size: {p(26)}px; }}"
        f"#console-counter {{ font-size: {p(40)}px; font-weight: bold; }}"
        f"#console-timer {{ font-size: {p(56)}px; font-weight: bold; color: {c.muted}; }}"
        f"#console-timer[running='true'] {{ color: {c.accent}; }}"
        f"#console-left {{ font-size: {p(44)}px; font-weight: bold; }}"
        f"#console-left[state='amber'] {{ color: {AMBER}; }}"
        f"#console-left[state='red'], #console-left[state='over'] {{ color: {RED}; }}"
        f"#console-pace {{ color: {c.muted}; }}"
        f"#console-clock {{ font-size: {p(48)}px; }}"
        f"#console-next-title {{ color: {c.muted}; }}"
        f"#console-video {{ font-size: {p(32)}px; font-weight: bold; }}"
        f"#console-keys {{ color: {c.muted}; font-size: {p(22)}px; }}"
        f"#console-status {{ font-size: {p(28)}px; font-weight: bold;"
        f" padding: {p(6)}px {p(16)}px; border-radius: {p(8)}px; }}"
        f"#console-status[kind='black'] {{ background: {BLACK}; color: {WHITE};"
        f" border: 2px solid {c.muted}; }}"
        f"#console-status[kind='white'] {{ background: {WHITE}; color: {BLACK}; }}"
        f"#console-status[kind='typed'] {{ background: {c.accent}; color: {BLACK}; }}"
        f"QPushButton {{ background: {c.panel}; color: {c.text}; border: 1px solid {c.muted};"
        f" border-radius: {p(12)}px; padding: {p(10)}px {p(24)}px;"
        f" font-size: {p(32)}px; min-height: {p(64)}px; }}"
        f"QPushButton#primary {{ background: {c.accent}; color: {BLACK};"
        f" border-color: {c.accent}; font-weight: bold; }}"
        f"QPushButton:pressed {{ background: {c.muted}; color: {c.background}; }}"
        f"QPushButton#danger {{ background: {c.danger}; border-color: {c.danger}; }}"
        f"QPushButton#small {{ padding: {p(2)}px {p(12)}px; min-height: {p(40)}px;"
        f" min-width: {p(56)}px; font-size: {p(26)}px; }}"
        f"#notes {{ background: {c.panel}; color: {c.text}; border-radius: {p(10)}px;"
        f" padding: {p(12)}px; font-size: {round(p(34) * notes_scale)}px; }}"
        f"#notes[empty='true'] {{ color: {c.muted}; }}"
    )
