"""The show: the one owner of what the audience is shown, and of the actions that change it.

:class:`Show` holds the current slide (through its :class:`Navigator`), the blank screen, the
language the audience reads (:meth:`Show.set_language`), the slide number typed so far, the
video of the current slide, the visitor's accessibility choices (:attr:`Show.access`) and the
action registry. The audience window, the presenter console, the kiosk controller and the
talk layers watch it through its signals and call its methods; none of them keeps a copy of
this state or reads it back from a widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QElapsedTimer, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent

from kiosk.content import Content, Slide, Text
from kiosk.content.actions import MOVES, Action
from kiosk.content.languages import language_codes
from kiosk.logic.keyrepeat import RepeatFilter
from kiosk.ui.show.access import Accessibility
from kiosk.ui.show.actions import ActionRegistry
from kiosk.ui.show.keys import DIGIT_KEYS, KeyMap
from kiosk.ui.show.navigation import Navigator

if TYPE_CHECKING:
    from kiosk.ui.slides.player import VideoPlayer  # made with the first video slide's view

log = logging.getLogger(__name__)

NUMBER_TIMEOUT_MS = 4000
"""Digits typed further apart than this start a new number."""
SEEK_STEP_MS = 10_000
"""How far the J and L keys move the video."""
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class Blank(StrEnum):
    """What covers the slide: nothing, or a black or white screen (the B and W keys)."""

    NONE = ""
    BLACK = "black"
    WHITE = "white"


class Show(QObject):
    """The state of one show of ``content``; see the module docstring."""

    slide_changed = Signal(int, int)
    """(previous index, new index)."""
    blank_changed = Signal(object)
    """The new :class:`Blank` (a ``str``: ``"black"``, ``"white"`` or ``""``)."""
    typed_number_changed = Signal(str)
    """The slide number typed so far (``""`` when none)."""
    content_changed = Signal(object)
    """New :class:`Content`, shown from its first slide."""
    media_state_changed = Signal(object)
    """The :class:`~kiosk.ui.slides.player.PlayState` of the current slide's video, when it
    changes."""
    language_changed = Signal(str)
    """The new language code: every view shows its texts, words and direction in it."""

    def __init__(
        self, content: Content, *, language: str | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.content = content
        self.language = language or content.presentation.language
        self.default_language = self.language
        """Where the kiosk's idle reset returns: ``--language``, else the content's."""
        self.navigator = Navigator(len(content.slides), self)
        self.keymap = KeyMap(overrides=content.keys)
        self.repeats = RepeatFilter()
        self.actions = ActionRegistry()
        """Who carries out each :class:`Action`; others add theirs (see kiosk.ui.show.actions)."""
        self.access = Accessibility(self)
        """The visitor's accessibility choices (the accessibility menu)."""
        self._blank = Blank.NONE
        self._typed = ""
        self._typed_clock = QElapsedTimer()
        self._media: Sequence[VideoPlayer | None] = ()
        self._followed: VideoPlayer | None = None
        self.navigator.changed.connect(self._on_moved)
        self.actions.register_all(
            {
                Action.NEXT: self.navigator.next,
                Action.PREVIOUS: self.navigator.previous,
                Action.FIRST: self.navigator.first,
                Action.LAST: self.navigator.last,
                Action.BLACK: lambda: self.toggle_blank(Blank.BLACK),
                Action.WHITE: lambda: self.toggle_blank(Blank.WHITE),
                Action.VIDEO_TOGGLE: lambda: self._video(lambda media: media.toggle()),
                Action.VIDEO_RESTART: lambda: self._video(lambda media: media.restart()),
                Action.MUTE: lambda: self._video(lambda media: media.toggle_muted()),
                Action.SEEK_BACK: lambda: self._video(lambda media: media.skip(-SEEK_STEP_MS)),
                Action.SEEK_FORWARD: lambda: self._video(lambda media: media.skip(SEEK_STEP_MS)),
            }
        )

    # --- the slide ----------------------------------------------------------------------
    @property
    def index(self) -> int:
        """The current slide, counting from 0."""
        return self.navigator.index

    @property
    def count(self) -> int:
        return self.navigator.count

    @property
    def slide(self) -> Slide:
        return self.content.slides[self.navigator.index]

    def go(self, index: int) -> bool:
        """Show slide ``index`` (0-based, clamped); True if the slide changed."""
        return self.navigator.go(index)

    def jump(self, index: int) -> None:
        """Go to slide ``index`` with the slide showing (a prompt, the overview, a number)."""
        self.set_blank(Blank.NONE)
        self.navigator.go(index)

    def text(self, value: Text | None) -> str:
        """A content text in the show's language ("" for a missing optional text)."""
        return value.get(self.language) if value is not None else ""

    # --- the language -----------------------------------------------------------------
    @property
    def languages(self) -> tuple[str, ...]:
        """The content's language codes, the default one among them."""
        return language_codes(self.content)

    @property
    def right_to_left(self) -> bool:
        return self.content.direction(self.language) == "rtl"

    def set_language(self, language: str) -> None:
        """Show everything in ``language`` (one of :attr:`languages`), on the same slide."""
        if language not in self.languages:
            raise ValueError(f"{language!r} is not one of the content's languages")
        if language != self.language:
            self.language = language
            self.language_changed.emit(language)

    def reset_language(self) -> None:
        """Back to the default language (the kiosk's idle reset)."""
        default = self.default_language
        self.set_language(
            default if default in self.languages else self.content.presentation.language
        )

    def set_content(self, content: Content) -> None:
        """Show new content from its first slide (the kiosk's live reload)."""
        self.content = content
        default = self.default_language
        self.language = default if default in self.languages else content.presentation.language
        self.navigator.reset(len(content.slides))
        self.keymap = KeyMap(overrides=content.keys)
        self.set_blank(Blank.NONE)
        self._set_typed("")
        self.set_media(())
        self.content_changed.emit(content)

    @Slot(int, int)
    def _on_moved(self, previous: int, index: int) -> None:
        self._follow()
        self.slide_changed.emit(previous, index)

    # --- the video ----------------------------------------------------------------------
    @property
    def media(self) -> VideoPlayer | None:
        """The current slide's video player, if the slide has a video."""
        index = self.navigator.index
        return self._media[index] if index < len(self._media) else None

    def set_media(self, media: Sequence[VideoPlayer | None]) -> None:
        """The video player of each slide (None for slides without one), from the deck."""
        self._media = tuple(media)
        self._follow()

    def _follow(self) -> None:
        """Relay the current slide's player state as ``media_state_changed``."""
        media = self.media
        if media is self._followed:
            return
        if self._followed is not None and shiboken6.isValid(self._followed):
            self._followed.state_changed.disconnect(self.media_state_changed)
        self._followed = media
        if media is not None:
            media.state_changed.connect(self.media_state_changed)

    def _video(self, act: Callable[[VideoPlayer], object]) -> None:
        media = self.media
        if media is not None:
            self.set_blank(Blank.NONE)
            act(media)

    # --- blank screen -------------------------------------------------------------------
    @property
    def blank(self) -> Blank:
        return self._blank

    def set_blank(self, blank: Blank | str) -> None:
        """Cover the slide with a black or white screen, or show it again (``""``)."""
        blank = Blank(blank)
        if blank == self._blank:
            return
        self._blank = blank
        media = self.media
        if blank and media is not None and media.playing:
            media.pause()
        self.blank_changed.emit(blank)

    def toggle_blank(self, blank: Blank) -> None:
        self.set_blank(Blank.NONE if self._blank == blank else blank)

    # --- a typed slide number -----------------------------------------------------------
    @property
    def typed(self) -> str:
        return self._typed

    def type_digit(self, digit: int) -> None:
        """Add ``digit`` to the number typed so far (a long pause starts a new one)."""
        if not self._typed_clock.isValid() or self._typed_clock.elapsed() > NUMBER_TIMEOUT_MS:
            self._typed = ""
        self._set_typed((self._typed + str(digit))[-4:])
        self._typed_clock.start()

    def go_to_typed(self) -> None:
        """Go to the slide numbered as typed (if there is one), with the slide showing."""
        number = int(self._typed)
        self._set_typed("")
        if 1 <= number <= self.count:
            self.jump(number - 1)
        else:
            log.info("no slide %d; staying on this one", number)

    def _set_typed(self, typed: str) -> None:
        if typed != self._typed:
            self._typed = typed
            self.typed_number_changed.emit(typed)

    # --- input --------------------------------------------------------------------------
    def perform(self, action: Action) -> bool:
        """Carry out ``action``; False if nothing handles it.

        The first move after a blank screen only brings the slide back.
        """
        self._set_typed("")
        if action in MOVES and self._blank:
            self.set_blank(Blank.NONE)
            return True
        return self.actions.run(action)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Digits, Enter after digits, then the key map; True if the key was used.

        A held move key moves once: the presses X and Wayland repeat while it is held are
        used up and ignored, so holding Next moves one slide.
        """
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = not modifiers & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if key in DIGIT_KEYS and plain:
            self.type_digit(DIGIT_KEYS[key])
            return True
        if key in _ENTER_KEYS and self._typed and plain:
            self.go_to_typed()
            return True
        action = self.keymap.action_for(event)
        # A held key moves one slide, and a held B does not flicker. Not every action: Qt
        # flags a program's second press of a key (xdotool's F11, F11) as a repeat when it
        # never saw the release between.
        if action in MOVES and self.repeats.is_repeat(
            _key_of(event), event.timestamp(), flagged=event.isAutoRepeat()
        ):
            return True
        if action in (Action.BLACK, Action.WHITE) and event.isAutoRepeat():
            return True
        return action is not None and self.perform(action)

    def note_key_release(self, event: QKeyEvent) -> None:
        """A key went up: its next press within a moment is a repeat (logic/keyrepeat.py)."""
        if not event.isAutoRepeat():
            self.repeats.released(_key_of(event), event.timestamp())


def _key_of(event: QKeyEvent) -> tuple[int, int]:
    return event.key(), event.nativeScanCode()
