"""The accessibility button and its menu: larger text, high contrast, captions, easy read,
the transcript, reduced motion, the keys (the ``?`` key map, for a visitor who has no ``?``
key to press or does not know it) and, in kiosk mode, more time.

The button sits at the end of the audience window's navigation bar, on every slide and in
kiosk mode, one touch away (in the header it would make the header taller than the logo, and
the film smaller than three quarters of the window). Each entry changes the show's
:class:`Accessibility` (``show.access``); :class:`AccessControl` watches it and redraws the
window's slides when the look changes (text size, contrast, easy read), or sets the video
slides' captions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk.content.actions import Action
from kiosk.ui.show.access import (
    CAPTIONS,
    CONTRAST,
    EASY_READ,
    LOOKS,
    MOTION,
    TEXT_SIZE,
    Accessibility,
)
from kiosk.ui.show.state import Show
from kiosk.ui.slides.base import SlideView
from kiosk.ui.style import MIN_TOUCH, Style
from kiosk.ui.widgets.buttons import LabelButton, RoundButton
from kiosk.ui.widgets.layer import Card

if TYPE_CHECKING:
    from kiosk.ui.show.transcript import TranscriptLayer  # made when first opened
    from kiosk.ui.slides.video import VideoSlideView  # made only when shown (slides/factory.py)

TRANSCRIPT, KEYS, MORE_TIME, CLOSE = "transcript", "keys", "more_time", "close"
ENTRIES = (TEXT_SIZE, CONTRAST, CAPTIONS, EASY_READ, TRANSCRIPT, MOTION, KEYS, MORE_TIME, CLOSE)
"""The menu's entries in reading order (two columns); also their labels' names."""
_LABELS = {TEXT_SIZE: "larger_text", MOTION: "reduce_motion", KEYS: "keys_for_keyboards"}
_SWITCHES = (CONTRAST, CAPTIONS, EASY_READ, MOTION)


def _is_on(access: Accessibility, name: str) -> bool:
    return name in _SWITCHES and bool(getattr(access, name))


class AccessMenu(Card):
    """The accessibility menu: one button per entry; a setting that is on is filled."""

    chosen = Signal(str)
    """The entry a visitor touched (one of :data:`ENTRIES`)."""

    modal = True

    def __init__(self, host: QWidget, style: Style, show: Show) -> None:
        super().__init__(host, style)
        self.setObjectName("access-menu")
        self.show_state = show
        self.title_label = QLabel()
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_layout.addWidget(self.title_label)
        self.grid = QGridLayout()
        self.card_layout.addLayout(self.grid)
        self.entries: dict[str, LabelButton] = {}
        for number, name in enumerate(ENTRIES):
            entry = LabelButton("", "")
            entry.setObjectName(f"access-{name.replace('_', '-')}")
            entry.setCheckable(name in _SWITCHES)
            entry.clicked.connect(lambda _=False, chosen=name: self.chosen.emit(chosen))
            self.entries[name] = entry
            self.grid.addWidget(entry, number // 2, number % 2)
        self.kiosk = False
        """Kiosk mode: offer "More time"."""
        self.has_transcript = False

    def open(self) -> None:
        self.sync()
        super().open()

    def sync(self) -> None:
        """Words, and which settings are on, from the show's state."""
        access, style = self.show_state.access, self.style_
        self.title_label.setText(style.label("accessibility"))
        for name, entry in self.entries.items():
            label = _LABELS.get(name, name)
            text = style.label(label, percent=round(access.text_scale * 100))
            entry.set_symbol("", text)
            entry.set_text(text)
            on = access.text_step > 0 if name == TEXT_SIZE else _is_on(access, name)
            entry.setChecked(on)
            entry.primary = on or name == CLOSE
            entry.update()
        self.entries[MORE_TIME].setVisible(self.kiosk)
        self.entries[TRANSCRIPT].setVisible(self.has_transcript)
        self.entries[CAPTIONS].setVisible(self.has_transcript)  # both need captions
        if self.isVisible():
            self.apply_style()

    def apply_style(self) -> None:
        style = self.style_
        self.title_label.setStyleSheet(f"font-size: {self.px(40)}px; font-weight: bold;")
        side = max(style.target_px(80), MIN_TOUCH)
        for entry in self.entries.values():
            entry.background = style.colour("accent")
            entry.foreground = style.colour("accent_text")
            entry.surface = style.colour("surface")
            entry.set_side(side)
        widest = max(entry.width() for entry in self.entries.values())
        for entry in self.entries.values():
            # Two columns where they fit; never narrower than a finger (a tiny window).
            entry.setFixedWidth(max(MIN_TOUCH, min(widest, (self.width() - self.px(160)) // 2)))
        self.grid.setSpacing(self.px(16))
        super().apply_style()

    def handle_key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Back):
            self.close_layer()
        return True  # swallowed: a stray clicker key must not move the show meanwhile


class AccessControl(QObject):
    """The accessibility button (in ``row``), its menu and the transcript, for ``host``.

    ``rebuild`` redraws every slide (the window's, after a new language too); ``more_time``
    fires when a visitor asks for more time (the kiosk controller gives it).
    """

    more_time = Signal()

    def __init__(
        self, show: Show, host: QWidget, style: Style, row: QHBoxLayout, rebuild: Callable[[], None]
    ) -> None:
        super().__init__(host)
        self.show_state, self.host, self.style_, self.rebuild = show, host, style, rebuild
        self.button = RoundButton("access", "")
        self.button.setObjectName("access-button")
        row.addWidget(self.button)
        self.views: list[SlideView] = []
        self._menu: AccessMenu | None = None
        self._transcript: TranscriptLayer | None = None
        self.button.clicked.connect(self.open_menu)
        show.access.changed.connect(self._on_changed)

    @property
    def menu(self) -> AccessMenu:
        """The menu, made when first opened (not while the app starts)."""
        if self._menu is None:
            self._menu = AccessMenu(self.host, self.style_, self.show_state)
            self._menu.chosen.connect(self._on_chosen)
        return self._menu

    @property
    def transcript(self) -> TranscriptLayer:
        """The transcript's layer, made when first opened (not while the app starts)."""
        if self._transcript is None:
            from kiosk.ui.show.transcript import TranscriptLayer  # lazy: start-up (WebVTT)

            self._transcript = TranscriptLayer(self.host, self.style_, self.show_state)
        return self._transcript

    def open_transcript(self) -> None:
        self.transcript.open()

    def _close_transcript(self) -> None:
        if self._transcript is not None:
            self._transcript.close_layer()

    def open_menu(self) -> None:
        from kiosk.ui.show.transcript import transcript_lines  # lazy: start-up (WebVTT)

        self.menu.kiosk = bool(getattr(self.host, "sealed", False))
        self.menu.has_transcript = bool(transcript_lines(self.show_state))
        self.menu.open()

    @Slot(str)
    def _on_chosen(self, name: str) -> None:
        access = self.show_state.access
        if name == TEXT_SIZE:
            access.next_text_step()
        elif name in _SWITCHES:
            access.toggle(name)
        elif name == TRANSCRIPT:
            self.menu.close_layer()
            self.open_transcript()
        elif name == KEYS:
            self.menu.close_layer()
            self.show_state.perform(Action.HELP)  # the key map, as the ? key opens it
        elif name == MORE_TIME:
            self.menu.close_layer()
            self.more_time.emit()
        else:
            self.menu.close_layer()

    @Slot(str)
    def _on_changed(self, name: str) -> None:
        access = self.show_state.access
        if name in LOOKS:
            access.apply(self.style_)
            self.rebuild()
        elif name == CAPTIONS:
            for view in self._videos():
                if view.captions_on != access.captions:
                    view.set_captions(access.captions, spoken=access.captions)
        if self._menu is not None:
            self._menu.sync()

    def _videos(self) -> list[VideoSlideView]:
        return [cast("VideoSlideView", view) for view in self.views if view.has_captions()]

    def refresh(self, views: Sequence[SlideView]) -> None:
        """New slide views (new content, language or look): words, captions, transcript.
        Views made later come one by one to :meth:`adopt`."""
        self.views = []
        self.button.set_symbol("access", self.style_.label("accessibility"))
        for view in views:
            self.adopt(view)
        self._close_transcript()

    def adopt(self, view: SlideView) -> None:
        """A new slide view: its transcript button, and a video's captions as chosen."""
        access = self.show_state.access
        self.views.append(view)
        view.transcript_requested.connect(self.open_transcript)
        if view.has_captions():
            video = cast("VideoSlideView", view)
            video.set_captions(access.captions)
            # Queued: a click checks the button before the view's own slot runs.
            queued = Qt.ConnectionType.QueuedConnection
            video.captions_button.toggled.connect(access.set_captions, queued)

    def close(self) -> None:
        """Close the menu and the transcript (the kiosk's idle reset)."""
        if self._menu is not None:
            self._menu.close_layer()
        self._close_transcript()
