"""Typed, immutable content objects. Plain Python: this module imports no Qt."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kiosk.content.actions import Action
from kiosk.content.errors import Problem
from kiosk.content.interface_words import INTERFACE_LABELS

Direction = Literal["ltr", "rtl"]


@dataclass(frozen=True)
class Text:
    """A visible text in one or more languages; ``default`` names the fallback language."""

    values: Mapping[str, str]
    default: str

    def get(self, language: str | None = None) -> str:
        """Return the text in ``language``, falling back to the default language."""
        if language is not None and language in self.values:
            return self.values[language]
        if self.default in self.values:
            return self.values[self.default]
        return next(iter(self.values.values()), "")

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    direction: Direction = "ltr"


@dataclass(frozen=True)
class Presentation:
    title: Text
    organisation: Text
    language: str
    languages: tuple[Language, ...]


@dataclass(frozen=True)
class Theme:
    """Colours as ``#RRGGBB`` strings; ``font`` is a font family name."""

    background: str = "#F0F4F5"
    surface: str = "#FFFFFF"
    text: str = "#212B32"
    muted_text: str = "#4C6272"
    accent: str = "#005EB8"
    accent_text: str = "#FFFFFF"
    font: str = "Noto Sans"
    logo_text: Text | None = None


DEFAULT_LABELS: Mapping[str, str] = {
    "previous": "Previous slide",
    "next": "Next slide",
    "slide_of": "{number} of {total}",
    "go_to": "Go to slide {number}",
    "play": "Play video",
    "pause": "Pause video",
    "replay": "Play again",
    "mute": "Mute",
    "unmute": "Unmute",
    "captions": "Captions",
    "seek": "Video position",
    "video_unavailable": "Sorry, this video cannot be played right now.",
    "image_unavailable": "Sorry, this picture cannot be shown right now.",
    "home": "Back to the start",
    "home_button": "Home",
    "start_again": "Start again",
    "touch_to_explore": "Touch to explore",
    "still_there": "Still there?",
    "keep_going": "Touch the screen to carry on.",
    "restarting_in": "Starting again in {seconds}",
    "more_time": "More time",
    "slide_announcement": "Slide {number} of {total}: {title}",
    "time_of": "{position} of {duration}",
    "language": "Language",
    "choose_language": "Choose your language",
    **INTERFACE_LABELS,
    "accessibility": "Accessibility",
    "larger_text": "Larger text ({percent} %)",
    "high_contrast": "High contrast",
    "easy_read": "Easy read",
    "transcript": "Transcript",
    "reduce_motion": "Reduce motion",
    "close": "Close",
    "time_left": "{time} left",
    "overtime": "{time} over",
    "pace_ahead": "{time} ahead",
    "pace_behind": "{time} behind",
    "pace_on_time": "On time",
    "pointer_on": "Pointer on",
    "spotlight_on": "Spotlight on",
    "zoom_pick": "Zoom: click or drag on Now",
    "zoomed": "Zoomed 2x",
}
"""Words on buttons and messages; content.yaml's ``labels`` section overrides each (the
staff panel's, the talk's and the presenter console's are in :mod:`.interface_words`)."""


KEY_ACTIONS: Mapping[str, str] = {action.value: action.meaning for action in Action}
"""Everything a key can do, and what it does (from :class:`~kiosk.content.actions.Action`)."""


def placeholders(template: str) -> set[str]:
    """The ``{names}`` in a label template; ``ValueError`` if its braces do not pair up."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


class _KeepMissing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return f"{{{key}}}"


@dataclass(frozen=True)
class Labels:
    """Interface words, translatable like slide text."""

    values: Mapping[str, Text] = field(default_factory=dict)

    def get(self, name: str, language: str | None = None, /, **fields: object) -> str:
        """The label ``name`` in ``language``, with ``{placeholders}`` filled from ``fields``.

        ``{{`` and ``}}`` give literal braces; a placeholder without a value stays as written.
        """
        text = self.values.get(name)
        template = text.get(language) if text is not None else DEFAULT_LABELS[name]
        return template.format_map(_KeepMissing(fields))


@dataclass(frozen=True)
class Slide:
    """Fields every slide has. ``duration`` is in seconds (used by the kiosk attract loop)."""

    id: str
    title: Text
    notes: Text | None = None
    easy_read: Text | None = None
    """The slide's words in easy read, for a visitor who chooses it (None: none given)."""
    duration: float | None = None
    line: int = 0
    kind: str = field(default="", init=False)


@dataclass(frozen=True)
class TitleSlide(Slide):
    subtitle: Text | None = None
    body: Text | None = None
    kind: str = field(default="title", init=False)


@dataclass(frozen=True)
class WorkstreamSlide(Slide):
    number: int = 0
    body: Text | None = None
    lead: Text | None = None
    """One short line above the body: the workstream in a sentence."""
    icon: Path | None = None
    """The workstream's pictogram (SVG), shown large beside (or above) the text."""
    kind: str = field(default="workstream", init=False)


@dataclass(frozen=True)
class ImageSlide(Slide):
    file: Path = Path()
    alt: Text | None = None
    caption: Text | None = None
    portrait: Path | None = None
    """The picture drawn on a portrait screen instead of ``file``."""
    links: Mapping[str, str] = field(default_factory=dict)
    """SVG element id -> slide id: touching the element goes to that slide."""
    kind: str = field(default="image", init=False)


@dataclass(frozen=True)
class VideoSlide(Slide):
    file: Path = Path()
    captions: Path | None = None
    """The default language's captions."""
    poster: Path | None = None
    description: Text | None = None
    autoplay: bool = False
    """Start playing when the slide appears (otherwise the presenter presses play)."""
    caption_tracks: Mapping[str, Path] = field(default_factory=dict)
    """Language code -> captions, when content.yaml gives one file per language."""
    kind: str = field(default="video", init=False)

    def captions_for(self, language: str | None) -> Path | None:
        """The captions in ``language``, else the default language's."""
        return self.caption_tracks.get(language or "", self.captions)


@dataclass(frozen=True)
class LinkSlide(Slide):
    url: str = ""
    label: Text | None = None
    body: Text | None = None
    kind: str = field(default="link", init=False)


COUNTDOWN_RANGE = (20.0, 120.0)
"""Shortest and longest "Still there?" countdown, in seconds, for content.yaml and the CLI:
at least 20 s to react (WCAG 2.2.1, timing adjustable)."""


@dataclass(frozen=True)
class KioskSettings:
    """How an unattended kiosk behaves. Times are in seconds."""

    idle_timeout: float = 90.0
    """No input for this long (a playing video counts as input) starts the countdown."""
    countdown: float = 20.0
    """Length of the "Still there?" countdown before the kiosk resets (see
    :data:`COUNTDOWN_RANGE`)."""
    slide_duration: float = 12.0
    """Attract-loop time for a slide without its own ``duration``."""
    attract_video: Literal["muted", "skip"] = "muted"
    """In the attract loop, play the video muted with captions, or skip its slide."""
    record: bool = True
    """Record anonymous usage figures (visits, slides, video, language) on this kiosk."""
    name: str = "kiosk"
    """This kiosk's name in usage figures and reports (the only thing that tells kiosks apart)."""


@dataclass(frozen=True)
class PresenterSettings:
    """The presenter console's settings."""

    talk_minutes: float | None = None
    """The talk's planned length (None: no countdown and no pace hint)."""


@dataclass(frozen=True)
class Content:
    """A validated content file. Asset paths are absolute and lie inside ``base_dir``."""

    path: Path
    base_dir: Path
    presentation: Presentation
    theme: Theme
    slides: tuple[Slide, ...]
    labels: Labels = field(default_factory=Labels)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    keys: Mapping[Action, tuple[str, ...]] = field(default_factory=dict)
    """content.yaml's ``keys``: action -> key names that replace its default keys."""
    warnings: tuple[Problem, ...] = ()
    """What :func:`~kiosk.content.schema.validate` warns of (e.g. a missing translation)."""
    presenter: PresenterSettings = field(default_factory=PresenterSettings)

    def index_of(self, slide_id: str) -> int:
        """Return the position of the slide with ``slide_id``; ``ValueError`` if absent."""
        for index, slide in enumerate(self.slides):
            if slide.id == slide_id:
                return index
        raise ValueError(slide_id)

    def direction(self, language: str | None = None) -> Direction:
        """Return the writing direction of ``language`` (default: the presentation's)."""
        code = language or self.presentation.language
        for candidate in self.presentation.languages:
            if candidate.code == code:
                return candidate.direction
        return "ltr"
