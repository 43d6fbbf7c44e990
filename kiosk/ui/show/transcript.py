"""The video's transcript: its captions as text to read, in the show's language.

Opened from the accessibility menu and from the transcript button on the video slide. The
text comes from the captions file of the current language (:meth:`VideoSlide.captions_for`),
each cue a line, in a card that scrolls when the film is long.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

from kiosk.content import VideoSlide
from kiosk.content.vtt import VttError, parse_vtt
from kiosk.ui.show.state import Show
from kiosk.ui.style import MIN_TOUCH, Style
from kiosk.ui.widgets.announce import HeadingLabel, mark_heading
from kiosk.ui.widgets.buttons import LabelButton
from kiosk.ui.widgets.layer import Card

log = logging.getLogger(__name__)


def transcript_slide(show: Show) -> VideoSlide | None:
    """The video slide whose transcript to show: the current slide if it is one with
    captions, else the content's first video slide with captions."""
    slides = [show.slide, *show.content.slides]
    return next(
        (s for s in slides if isinstance(s, VideoSlide) and s.captions_for(show.language)),
        None,
    )


def transcript_lines(show: Show) -> list[str]:
    """The cue texts of the video's captions in the show's language, in order ([]: none)."""
    slide = transcript_slide(show)
    path = slide.captions_for(show.language) if slide is not None else None
    if path is None:
        return []
    try:
        cues = parse_vtt(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, VttError) as exc:
        log.warning("transcript %s unusable: %s", path, exc)
        return []
    lines: list[str] = []
    for cue in cues:
        text = " ".join(cue.text.split())
        if text and (not lines or lines[-1] != text):
            lines.append(text)
    return lines


class TranscriptLayer(Card):
    """The transcript in a card: a heading, the text (scrolling) and a Close button."""

    modal = True

    def __init__(self, host: QWidget, style: Style, show: Show) -> None:
        super().__init__(host, style)
        self.setObjectName("transcript")
        self.show_state = show
        self.title_label = HeadingLabel()
        self.text_label = QLabel()
        self.text_label.setObjectName("transcript-text")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.scroller = QScrollArea()
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(self.text_label)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.close_button = LabelButton("", "")
        self.close_button.setObjectName("transcript-close")
        self.close_button.clicked.connect(self.close_layer)
        self.card_layout.addWidget(self.title_label)
        self.card_layout.addWidget(self.scroller, 1)
        self.card_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)

    def open(self) -> None:
        style = self.style_
        mark_heading(self.title_label, style.label("transcript"))
        self.title_label.setText(style.label("transcript"))
        self.text_label.setText("\n\n".join(transcript_lines(self.show_state)))
        self.text_label.setAccessibleName(style.label("transcript"))
        self.close_button.set_symbol("", style.label("close"))
        self.close_button.set_text(style.label("close"))
        super().open()

    def card_width(self) -> int:
        return min(self.width() - 2 * self.px(40), max(self.px(1200), self.width() * 3 // 4))

    def card_sheet(self) -> str:
        style = self.style_
        return super().card_sheet() + (
            f"QScrollArea, #transcript-text {{ background: {style.colour('surface').name()}; }}"
        )

    def apply_style(self) -> None:
        style = self.style_
        self.title_label.setStyleSheet(
            f"font-size: {style.font_px('title')}px; font-weight: bold;"
            f" color: {style.colour('accent').name()};"
        )
        self.text_label.setStyleSheet(f"font-size: {style.font_px('body')}px;")
        button = self.close_button
        button.primary = True
        button.background = style.colour("accent")
        button.foreground = style.colour("accent_text")
        button.surface = style.colour("surface")
        button.set_side(max(style.target_px(80), MIN_TOUCH))
        # The text scrolls: the card takes most of the window's height, whatever its length.
        room = self.height() - 2 * self.px(40) - 2 * self.px(self.card_margin)
        used = self.title_label.sizeHint().height() + button.height() + 2 * self.px(16)
        self.scroller.setFixedHeight(max(style.line_px("body"), room - used))
        super().apply_style()

    def handle_key(self, event: QKeyEvent) -> bool:
        key, bar = Qt.Key(event.key()), self.scroller.verticalScrollBar()
        steps = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5}
        steps[Qt.Key.Key_PageDown] = 5
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_Back):
            self.close_layer()
        elif key in steps:
            bar.setValue(bar.value() + steps[key] * bar.singleStep() * 4)
        return True  # swallowed: a stray clicker key must not move the show meanwhile
