"""The talk's time left and pace on the presenter console (the decisions are in
:mod:`kiosk.logic.pace`): "12:34 left" turning amber at 5 minutes and red at 2, "+1:23 over"
past the end, and "1:20 ahead", "On time" or "0:45 behind" the slides' plan."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from kiosk.logic.pace import (
    TimeLeft,
    pace_ms,
    pace_words,
    plan_starts,
    remaining_ms,
    remaining_text,
    time_left,
)
from kiosk.ui.presenter.look import repolish
from kiosk.ui.show.window import MainWindow


class PaceDisplay:
    """Fills ``left_label`` and ``pace_label`` for a talk of ``talk_minutes`` (None: the
    content's ``presenter.talk_minutes``; neither: both labels stay hidden)."""

    def __init__(
        self,
        audience: MainWindow,
        left_label: QLabel,
        pace_label: QLabel,
        talk_minutes: float | None = None,
    ) -> None:
        self.audience = audience
        self.left_label = left_label
        self.pace_label = pace_label
        self.talk_minutes = talk_minutes
        self.state: TimeLeft | None = None

    def talk_ms(self) -> int | None:
        minutes = self.talk_minutes or self.audience.content.presenter.talk_minutes
        return None if minutes is None else round(minutes * 60_000)

    def refresh(self, elapsed_ms: int) -> None:
        talk = self.talk_ms()
        if talk is None:
            self.left_label.hide()
            self.pace_label.hide()
            return
        style, show = self.audience.style_, self.audience.show_state
        remaining = remaining_ms(talk, elapsed_ms)
        state = time_left(remaining)
        name = "overtime" if state is TimeLeft.OVER else "time_left"
        self.left_label.setText(style.label(name, time=remaining_text(remaining)))
        if state is not self.state:
            self.state = state
            self.left_label.setProperty("state", state.value)
            repolish(self.left_label)
        content = show.content
        durations = [slide.duration for slide in content.slides]
        starts = plan_starts(durations, talk, content.kiosk.slide_duration)
        words, amount = pace_words(pace_ms(starts, show.index, elapsed_ms))
        self.pace_label.setText(style.label(words, time=amount))
        self.left_label.show()
        self.pace_label.show()
