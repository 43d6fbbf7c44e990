"""Build the offline explainer film for the "Our Priorities" presentation.

The video is made only from words that are already in ``content.yaml`` (which holds
the seed page's texts verbatim): the narration list ``SEGMENTS`` below names, for each
segment, the slide the words come from and the (verbatim or lightly trimmed) phrases
to say. Titles, the description and the web address are read from the content file
by slide id, and every other phrase is checked to still occur in its slide, so the
video follows the content and says nothing the content does not. Its pictures are the
workstream icons of ``assets/icons/`` (one SVG per workstream slide, named by its id).

The script

1. speaks each segment's narration with espeak-ng (British English voice) to a WAV
   file, measures its length with ffprobe and joins the padded WAVs; each segment
   lasts its speech plus a short silence, in whole frames;
2. draws every frame of the film (1280x720 pixels, 25 fps) with PySide6's QPainter in
   the NHS identity (NHS Blue, white, dark grey text, the bundled Noto Sans) and pipes
   it raw to ffmpeg, which encodes it with the narration into a VP9 + Opus WebM. The
   segments are animated scenes (see FilmPainter): elements build in (fade in while
   sliding or growing into place), body text line by line as the narration reaches it
   (words take equal time, as in the captions), a large icon then grows very slowly (a
   Ken Burns push-in), and each segment cross-fades into the next in the silence
   after it. Backgrounds are flat and the text still once built, so the film stays
   small (about 2 MB for 70 s at CRF 38);
3. writes the captions: one cue per sentence or phrase, timed from the measured
   speech.

It writes three files (by default the paths that the ``explainer-video`` slide of
``content.yaml`` names, normally under ``assets/video/``):

* ``explainer.webm``        the video (VP9 video, Opus mono audio, 25 fps),
* ``explainer.vtt``         WebVTT captions, one cue per sentence or phrase,
* ``explainer-poster.png``  the poster: a frame of the film, the overview with all
                            five workstream cards built (see poster_frame).

The build is reproducible: the same content, icons, fonts and tool versions give the
same bytes (ffmpeg encodes on one thread with bit-exact flags and no metadata, and
nothing depends on the clock). ``--check`` builds into a temporary folder and compares
with the files in place. A build takes about two minutes (mostly the VP9 encode).

Usage::

    python tools/make_video.py [--content content.yaml] [--out-dir assets/video] [--check]

Needs the Debian packages ``espeak-ng`` and ``ffmpeg`` (ffmpeg built with libvpx
and libopus, as Debian's is), and the Python packages PySide6 and PyYAML.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # run from a checkout: the app's content model

from kiosk.content import (  # noqa: E402
    ContentError,
    LinkSlide,
    Text,
    Theme,
    VideoSlide,
    WorkstreamSlide,
    load_content,
)

FONT_DIR = REPO_ROOT / "kiosk" / "fonts"

WIDTH = 1280  # frame width, pixels
HEIGHT = 720  # frame height, pixels
FPS = 25  # frames per second
MARGIN = 80  # left/right margin, pixels
FONT_FAMILY = "Noto Sans"  # the bundled font (kiosk/fonts)

# Motion. Every element builds in (fades in while it slides or grows into place, eased)
# over BUILD seconds from its own start time; the picture then grows very slowly (a
# "Ken Burns" push-in) until the next segment; segments cross-fade during the silence
# after each one.
BUILD = 0.6  # seconds an element takes to build in, unless a layout says otherwise
LINE_STAGGER = 0.12  # seconds between the lines of a paragraph building in, at least
SAY_AHEAD = 0.25  # seconds a line of text builds in before the narration reaches it
CARD_STAGGER = 0.3  # seconds between the workstream cards of the overview
ROW_STAGGER = 0.12  # seconds between the icons of a row
ZOOM_PER_SECOND = 0.008  # the push-in: growth of a large icon's scale per second
FADE_FRAMES = 10  # cross-fade between segments, frames: 0.4 s, the silence (GAP) after each
ROW_DISC = 88  # diameter of the discs of an icon row, pixels
ROW_GAP = 24  # space between the discs of an icon row, pixels
ICON_COLOUR = "#005EB8"  # the colour the icons in assets/icons/ are drawn in
DARK_LAYOUTS = ("title", "overview", "link")  # layouts drawn on the accent colour
DOT_COLOUR = "#AEB7BD"  # NHS Mid Grey: the other workstreams' dots
DOTS_Y = 664  # middle of the row of workstream dots, pixels

VOICE = "en-gb"  # espeak-ng voice
WORDS_PER_MINUTE = 150  # espeak-ng speed
LEAD_IN = 0.6  # silence before the first segment, seconds
GAP = 0.4  # silence after each segment, seconds
TAIL = 1.6  # silence after the last segment, seconds

CRF = 38  # VP9 constant quality (lower: better and bigger)
CPU_USED = 4  # libvpx speed, 0 (slowest, smallest) .. 5
KEYFRAME_SECONDS = 5  # a keyframe every this many seconds (where a seek lands)

CAPTION_LINE = 42  # longest caption line, characters
CAPTION_LINES = 2  # most lines in one caption cue

NUMBER_WORDS = {
    1: "One",
    2: "Two",
    3: "Three",
    4: "Four",
    5: "Five",
    6: "Six",
    7: "Seven",
    8: "Eight",
    9: "Nine",
}

# Written words that espeak-ng would mispronounce, and how to say them instead.
# Only the audio uses these; captions and frames show the written form.
SPOKEN_FORMS = {"nhsrho.org": "N H S R H O dot org"}


@dataclass(frozen=True)
class Segment:
    """One narrated segment of the video, shown as one animated scene.

    Texts are ``str.format`` templates. Fields: ``{organisation}`` and
    ``{presentation_title}`` (from ``presentation:``); ``{title}``, ``{description}``,
    ``{number}``, ``{number_word}`` and ``{site}`` (the url's host) from the slide.
    Literal phrases of three or more words must occur in the slide's texts.

    slide:   id of the slide in content.yaml the words come from.
    layout:  "title", "statement", "overview", "workstream" or "link" (see FilmPainter).
    heading: large title drawn on the frame ("" for none).
    lead:    narrated first, but shown as the heading (not repeated as body text).
    said:    narrated after ``lead`` and shown as the frame's body text.
    show:    body text to show instead of ``said`` (None: show ``said``).
    icon:    id of the workstream slide whose icon a "statement" shows ("": none).
    """

    slide: str
    layout: str
    heading: str = ""
    lead: str = ""
    said: str = ""
    show: str | None = None
    icon: str = ""


# The narration, in order. Every phrase is from the seed page (via content.yaml),
# verbatim or trimmed at a clause boundary.
SEGMENTS: tuple[Segment, ...] = (
    Segment(
        "intro",
        "title",
        heading="{presentation_title}",
        lead="The {organisation}. {presentation_title}.",
    ),
    Segment(
        "explainer-video",
        "statement",
        said="{description}",
        icon="empowering-vulnerable-communities",
    ),
    Segment(
        "intro",
        "overview",
        heading="{presentation_title}",
        said="Over our first three years, we will work across five core workstreams.",
    ),
    Segment(
        "improving-health-and-care",
        "workstream",
        heading="{title}",
        lead="{number_word}. {title}.",
        said="We will focus on areas in health and care that have long shown ethnic inequalities.",
    ),
    Segment(
        "empowering-vulnerable-communities",
        "workstream",
        heading="{title}",
        lead="{number_word}. {title}.",
        said="We will aim to remain responsive to emerging ethnic health inequalities.",
    ),
    Segment(
        "innovating-for-all",
        "workstream",
        heading="{title}",
        lead="{number_word}. {title}.",
        said="We look at the development and deployment of digital tools, "
        "and help gather evidence on how they can be used equitably.",
    ),
    Segment(
        "creating-equitable-environments",
        "workstream",
        heading="{title}",
        lead="{number_word}. {title}.",
        said="We are committed to rebuilding and supporting health and care systems.",
    ),
    Segment(
        "collaborating-globally",
        "workstream",
        heading="{title}",
        lead="{number_word}. {title}.",
        said="We work both nationally and internationally.",
    ),
    Segment(
        "find-out-more", "link", heading="{title}", lead="{title}", said="at {site}.", show="{site}"
    ),
)


@dataclass(frozen=True)
class Frame:
    """The resolved texts of one segment (no templates left)."""

    layout: str
    heading: str
    body: str
    number: int | None
    organisation: str
    slide: str  # id of the segment's slide (a workstream's names its icon)
    icon: str  # id of the workstream whose icon a statement shows ("" for none)
    lead_words: int  # words said before the body text
    words: int  # words said in all
    speech_start: float = 0.0  # when the narration starts, seconds into the segment
    speech: float = 0.0  # how long it lasts, seconds (both set once it is spoken)

    def said_at(self, words_before: int) -> float:
        """When the narration reaches the body's word ``words_before`` (counting from 0),
        seconds into the segment: words take equal time, as in the captions.
        """
        share = (self.lead_words + words_before) / max(1, self.words)
        return self.speech_start + self.speech * share


@dataclass(frozen=True)
class Workstream:
    """One workstream slide, as the overview and the icon rows show it."""

    slide: str  # its id, which names its icon: assets/icons/<id>.svg
    number: int
    title: str


@dataclass(frozen=True)
class Cue:
    """One caption cue: start and end in seconds, text with at most two lines."""

    start: float
    end: float
    text: str


# --------------------------------------------------------------------------- content


def fail(message: str) -> NoReturn:
    """Stop the script with a message on stderr and exit status 1."""
    raise SystemExit(f"make_video: {message}")


def normalise(text: str) -> str:
    """Lower-case ``text`` and collapse its whitespace, for phrase matching."""
    return " ".join(text.lower().split())


def check_phrases(template: str, source: str, where: str) -> None:
    """Fail unless each literal clause of 3+ words in ``template`` occurs in ``source``."""
    haystack = normalise(source)
    for literal, *_ in string.Formatter().parse(template):
        for clause in re.split(r"[.,;:!?]", literal):
            clause = normalise(clause)
            if len(clause.split()) >= 3 and clause not in haystack:
                fail(
                    f"segment for slide {where!r}: the phrase {clause!r} is not in that "
                    "slide's text in content.yaml; update SEGMENTS in tools/make_video.py"
                )


@dataclass(frozen=True)
class Script:
    """Everything the film is made from, read from the content file."""

    frames: list[Frame]  # one per segment
    narration: list[str]  # what each segment says
    theme: Theme
    video_slide: VideoSlide | None
    workstreams: list[Workstream]  # in the content's order
    icons: dict[str, bytes]  # SVG of each workstream's icon, by slide id


def load_script(content_path: Path) -> Script:
    """Read content.yaml (through the app's own content model), resolve SEGMENTS into
    frames and narration strings, and read the workstream icons from ``assets/icons/``
    beside it.
    """
    try:
        # The video's files are this script's outputs: they need not exist yet.
        content = load_content(content_path, check_files=False)
    except ContentError as error:
        fail(f"{content_path} has problems:\n{error}")
    language = content.presentation.language
    slides = {slide.id: slide for slide in content.slides}

    def say(text: Text | None) -> str:
        return text.get(language) if text is not None else ""

    organisation = say(content.presentation.organisation)
    frames: list[Frame] = []
    narration: list[str] = []
    for segment in SEGMENTS:
        slide = slides.get(segment.slide)
        if slide is None:
            fail(f"content.yaml has no slide with id {segment.slide!r}")
        number = slide.number if isinstance(slide, WorkstreamSlide) else None
        host = urlparse(slide.url).hostname or "" if isinstance(slide, LinkSlide) else ""
        fields = {
            "organisation": organisation,
            "presentation_title": say(content.presentation.title),
            "title": say(slide.title),
            "description": say(getattr(slide, "description", None)),
            "number": "" if number is None else str(number),
            "number_word": NUMBER_WORDS.get(number, str(number)) if number else "",
            "site": host.removeprefix("www."),
        }
        source = " ".join(
            say(getattr(slide, key, None)) for key in ("title", "body", "description", "alt")
        )
        for template in (segment.lead, segment.said):
            check_phrases(template, source, segment.slide)
        try:
            lead, said, heading = (
                t.format(**fields).strip() for t in (segment.lead, segment.said, segment.heading)
            )
            body = said if segment.show is None else segment.show.format(**fields)
        except KeyError as error:
            fail(f"segment for slide {segment.slide!r} uses unknown field {error}")
        text = " ".join(part for part in (lead, said) if part)
        if not text:
            fail(f"segment for slide {segment.slide!r} has nothing to say")
        narration.append(" ".join(text.split()))
        frames.append(
            Frame(
                segment.layout,
                heading,
                " ".join(body.split()),
                number,
                organisation,
                segment.slide,
                segment.icon,
                len(lead.split()),
                len(text.split()),
            )
        )
    video_slide = next((s for s in content.slides if isinstance(s, VideoSlide)), None)
    workstreams = [
        Workstream(slide.id, slide.number, say(slide.title))
        for slide in content.slides
        if isinstance(slide, WorkstreamSlide)
    ]
    icons: dict[str, bytes] = {}
    for workstream in workstreams:
        path = content_path.parent / "assets" / "icons" / f"{workstream.slide}.svg"
        try:
            icons[workstream.slide] = path.read_bytes()
        except OSError as error:
            fail(f"cannot read the icon of workstream {workstream.slide!r}: {error}")
    for frame in frames:
        if frame.icon and frame.icon not in icons:
            fail(f"segment for slide {frame.slide!r}: no workstream {frame.icon!r} for its icon")
    return Script(frames, narration, content.theme, video_slide, workstreams, icons)


# --------------------------------------------------------------------------- film


def clamp(value: float) -> float:
    """``value`` limited to 0..1."""
    return min(1.0, max(0.0, value))


def ease_out(progress: float) -> float:
    """Cubic ease-out of a 0..1 progress: a quick start and a gentle landing."""
    return 1.0 - (1.0 - progress) ** 3


def smooth(progress: float) -> float:
    """Smoothstep of a 0..1 progress: gentle at both ends."""
    return progress * progress * (3.0 - 2.0 * progress)


@dataclass(frozen=True)
class Build:
    """How far one element has built in at a moment of its segment."""

    opacity: float  # 0 (not shown) .. 1; reaches 1 two thirds of the way through the move
    done: float  # eased share of its move (slide or scale) done, 0 .. 1

    def offset(self, distance: float) -> float:
        """The distance still to travel, pixels: ``distance`` at the start, 0 in place."""
        return distance * (1.0 - self.done)

    def scale(self, start: float) -> float:
        """The element's scale: ``start`` at the start, 1 in place."""
        return start + (1.0 - start) * self.done


def build(local: float, start: float, length: float = BUILD) -> Build:
    """The state of an element that builds in from ``start`` for ``length`` seconds."""
    progress = clamp((local - start) / length)
    return Build(smooth(clamp(progress * 1.5)), ease_out(progress))


@dataclass(frozen=True)
class Shot:
    """What one video frame shows: a segment at a time into it, seconds, and during a
    cross-fade the next segment (at a time before its start) on top with ``fade`` opacity.
    """

    segment: int
    local: float
    fade: float = 0.0
    next_local: float = 0.0


def slot_frames(slots: list[float]) -> list[int]:
    """The slots' lengths in whole video frames (they are whole frames, see frame_ceil)."""
    return [round(slot * FPS) for slot in slots]


def shot_at(index: int, frames: list[int]) -> Shot:
    """The shot of video frame ``index``, given each segment's length in frames.

    The last FADE_FRAMES frames of a segment (its silence) cross-fade into the next one.
    """
    start = 0
    for segment, length in enumerate(frames):
        end = start + length
        if index < end or segment == len(frames) - 1:
            local = (index - start) / FPS
            into_fade = index - (end - FADE_FRAMES) + 1
            if segment == len(frames) - 1 or into_fade <= 0:
                return Shot(segment, local)
            fade = smooth(into_fade / (FADE_FRAMES + 1))
            return Shot(segment, local, fade, (index - end) / FPS)
        start = end
    raise ValueError("no segments")


def poster_frame(frames: list[Frame], lengths: list[int]) -> int:
    """The video frame used as the poster: the overview with every workstream card built
    (its last frame before the cross-fade), else the last frame of the film.
    """
    start = 0
    for frame, length in zip(frames, lengths, strict=True):
        if frame.layout == "overview":
            return start + length - FADE_FRAMES - 1
        start += length
    return start - 1


@dataclass(frozen=True)
class Block:
    """Word-wrapped text laid out in one font."""

    font: Any
    lines: list[str]
    step: float  # distance between baselines, pixels
    ascent: float  # baseline below the top of a line, pixels

    @property
    def height(self) -> float:
        """Height of the block, pixels."""
        return len(self.lines) * self.step


class FilmPainter:
    """Draws the film's frames: NHS Blue and white, flat backgrounds, gentle builds.

    One scene per segment layout:

    title       on NHS Blue: the organisation, the presentation's title, a rule, and
                the five workstream icons in white discs, popping in one by one;
    statement   a sentence, line by line beside an accent bar, and a workstream's icon
                large in a white disc;
    overview    on NHS Blue: the title and the summary sentence, then the five
                workstream cards (icon, number, title) rising in one by one;
    workstream  its icon large in a white disc; its number, title and sentence; a row
                of five dots saying which workstream it is;
    link        on NHS Blue: where to find out more, the address in a white pill, and
                the five icons again.

    Text is filled as glyph outlines (not hinted to the pixel grid) so that it moves and
    scales smoothly; icons are the workstream SVGs of assets/icons/, drawn as vectors.
    """

    def __init__(
        self,
        theme: Theme,
        family: str,
        workstreams: list[Workstream],
        icons: dict[str, bytes],
    ) -> None:
        """Keep the theme, the font family and the workstreams; load the icons (given as
        SVG bytes by slide id) in the accent colour and in white.
        """
        from PySide6.QtCore import QByteArray
        from PySide6.QtSvg import QSvgRenderer

        self.theme = theme
        self.family = family
        self.workstreams = workstreams
        self.blocks: dict[tuple[Any, ...], Block] = {}  # fit()'s answers: every frame asks
        self.icons: dict[tuple[str, bool], Any] = {}
        for slide_id, svg in icons.items():
            for white in (False, True):
                colour = theme.accent_text if white else theme.accent
                data = svg.replace(ICON_COLOUR.encode(), colour.encode())
                renderer = QSvgRenderer(QByteArray(data))
                if not renderer.isValid():
                    fail(f"the icon for {slide_id!r} is not a valid SVG")
                self.icons[slide_id, white] = renderer

    # ------------------------------------------------------------------ text

    def font(self, pixels: float, bold: bool = False) -> Any:
        """Return a QFont of the family, ``pixels`` high (pixel size), unhinted."""
        from PySide6.QtGui import QFont

        font = QFont(self.family)
        font.setPixelSize(round(pixels))
        font.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        font.setKerning(True)
        return font

    def advance(self, text: str, font: Any) -> float:
        """Width of ``text`` on one line, pixels."""
        from PySide6.QtGui import QFontMetricsF

        return float(QFontMetricsF(font).horizontalAdvance(text))

    def wrap(self, text: str, font: Any, width: float) -> list[str]:
        """Break ``text`` into as few lines no wider than ``width`` pixels as it can, and
        among those breaks the one with the most even lines (no short last word alone).
        """
        words = text.split()
        greedy = 0
        line = ""
        for word in words:
            trial = f"{line} {word}" if line else word
            if line and self.advance(trial, font) > width:
                greedy += 1
                line = word
            else:
                line = trial
        count = greedy + (1 if line else 0)
        # best[lines][end]: (cost, start of the last line) of words[:end] on that many lines;
        # a line's cost is the square of its room left (an overlong line costs a lot more).
        best: list[dict[int, tuple[float, int]]] = [{0: (0.0, 0)}]
        for lines in range(1, count + 1):
            row: dict[int, tuple[float, int]] = {}
            for end in range(1, len(words) + 1):
                for begin, (before, _) in best[lines - 1].items():
                    if begin >= end:
                        continue
                    room = width - self.advance(" ".join(words[begin:end]), font)
                    cost = before + (room * room if room >= 0 else 1e12 + room * room)
                    if end not in row or cost < row[end][0]:
                        row[end] = (cost, begin)
            best.append(row)
        result: list[str] = []
        end = len(words)
        for lines in range(count, 0, -1):
            begin = best[lines][end][1]
            result.insert(0, " ".join(words[begin:end]))
            end = begin
        return result

    def fit(
        self,
        text: str,
        width: float,
        max_height: float,
        largest: int,
        smallest: int,
        bold: bool = False,
        leading: float = 1.3,
    ) -> Block:
        """The largest block (``largest``..``smallest`` pixels) of ``text`` wrapped to
        ``width`` that is at most ``max_height`` pixels high.
        """
        key = (text, width, max_height, largest, smallest, bold, leading)
        if key not in self.blocks:
            self.blocks[key] = self.layout(*key)
        return self.blocks[key]

    def layout(
        self,
        text: str,
        width: float,
        max_height: float,
        largest: int,
        smallest: int,
        bold: bool,
        leading: float,
    ) -> Block:
        """Lay out a block for fit() (which keeps the answer)."""
        from PySide6.QtGui import QFontMetricsF

        for pixels in range(largest, smallest - 1, -2):
            font = self.font(pixels, bold)
            lines = self.wrap(text, font, width)
            step = pixels * leading
            if len(lines) * step <= max_height and all(
                self.advance(line, font) <= width for line in lines
            ):
                metrics = QFontMetricsF(font)
                ascent = (step - metrics.ascent() - metrics.descent()) / 2 + metrics.ascent()
                return Block(font, lines, step, ascent)
        fail(f"text does not fit on the frame even at {smallest} px: {text!r}")

    def line(
        self,
        painter: Any,
        text: str,
        font: Any,
        x: float,
        baseline: float,
        colour: str,
        centre_in: float = 0.0,
    ) -> None:
        """Fill one line of text with its baseline at ``baseline``; centred in the
        ``centre_in`` pixels right of ``x`` when that is given.
        """
        from PySide6.QtGui import QColor, QPainterPath

        if centre_in:
            x += (centre_in - self.advance(text, font)) / 2
        path = QPainterPath()
        path.addText(x, baseline, font, text)
        painter.fillPath(path, QColor(colour))

    def block(
        self,
        painter: Any,
        block: Block,
        x: float,
        top: float,
        colour: str,
        centre_in: float = 0.0,
    ) -> None:
        """Draw every line of ``block`` from ``top``."""
        for index, text in enumerate(block.lines):
            baseline = top + index * block.step + block.ascent
            self.line(painter, text, block.font, x, baseline, colour, centre_in)

    # ------------------------------------------------------------------ shapes

    @contextmanager
    def scaled(self, painter: Any, x: float, y: float, scale: float) -> Iterator[None]:
        """Draw the body of the ``with`` block scaled by ``scale`` about (x, y)."""
        painter.save()
        painter.translate(x, y)
        painter.scale(scale, scale)
        painter.translate(-x, -y)
        try:
            yield
        finally:
            painter.restore()

    @contextmanager
    def group(self, painter: Any, opacity: float) -> Iterator[Any]:
        """Yield a painter whose drawing appears at ``opacity`` as one piece (a card
        fading in does not show its text through its background).
        """
        from PySide6.QtGui import QColor, QImage, QPainter

        if opacity >= 1.0:
            painter.save()
            painter.setOpacity(1.0)
            try:
                yield painter
            finally:
                painter.restore()
            return
        layer = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
        layer.fill(QColor(0, 0, 0, 0))
        inner = QPainter(layer)
        inner.setRenderHints(painter.renderHints())
        inner.setTransform(painter.transform())
        try:
            yield inner
        finally:
            inner.end()
            if opacity > 0.0:
                painter.save()
                painter.resetTransform()
                painter.setOpacity(opacity)
                painter.drawImage(0, 0, layer)
                painter.restore()

    def disc(self, painter: Any, x: float, y: float, diameter: float, colour: str) -> None:
        """Fill a circle of ``diameter`` pixels centred on (x, y)."""
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        radius = diameter / 2
        painter.drawEllipse(QRectF(x - radius, y - radius, diameter, diameter))

    def rounded(
        self, painter: Any, x: float, y: float, w: float, h: float, radius: float, colour: str
    ) -> None:
        """Fill a rounded rectangle."""
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(QRectF(x, y, w, h), radius, radius)

    def icon(
        self, painter: Any, slide_id: str, x: float, y: float, size: float, white: bool = False
    ) -> None:
        """Draw the workstream icon of ``slide_id``, ``size`` pixels square, centred on (x, y)."""
        from PySide6.QtCore import QRectF

        half = size / 2
        self.icons[slide_id, white].render(painter, QRectF(x - half, y - half, size, size))

    def badge(self, painter: Any, number: int, x: float, y: float, diameter: float) -> None:
        """A workstream's number, white on an accent disc centred on (x, y)."""
        from PySide6.QtGui import QFontMetricsF

        self.disc(painter, x, y, diameter, self.theme.accent)
        font = self.font(diameter * 0.55, bold=True)
        metrics = QFontMetricsF(font)
        text = str(number)
        # Digits sit on the baseline and reach about the cap height: centre that.
        baseline = y + metrics.capHeight() / 2
        self.line(painter, text, font, x - self.advance(text, font) / 2, baseline, "#FFFFFF")

    # ------------------------------------------------------------------ frames

    def render(self, frame: Frame, local: float) -> Any:
        """Return a QImage (WIDTH x HEIGHT, RGB32) of ``frame``'s segment ``local``
        seconds after its start (before its start: nothing built yet).
        """
        from PySide6.QtGui import QColor, QImage, QPainter

        theme = self.theme
        dark = frame.layout in DARK_LAYOUTS
        image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
        image.fill(QColor(theme.accent if dark else theme.background))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)

        # The still chrome: an accent strip (on light frames) and the organisation's name.
        if not dark:
            painter.fillRect(0, 0, WIDTH, 8, QColor(theme.accent))
        if frame.layout != "title":
            name = self.fit(frame.organisation, WIDTH - 2 * MARGIN, 40, 24, 24, bold=True)
            self.block(painter, name, MARGIN, 34, theme.accent_text if dark else theme.accent)

        draw = {
            "title": self.title,
            "statement": self.statement,
            "overview": self.overview,
            "workstream": self.workstream,
            "link": self.link,
        }.get(frame.layout)
        if draw is None:
            painter.end()
            fail(f"unknown segment layout {frame.layout!r}")
        draw(painter, frame, max(0.0, local))
        if frame.layout == "workstream":
            self.dots(painter, frame.number or 0)
        painter.end()
        return image

    def line_starts(self, frame: Frame, body: Block, first: float) -> list[float]:
        """When each line of the body text builds in, seconds into the segment: as the
        narration reaches it (a little ahead), but no sooner than ``first`` and a
        LINE_STAGGER after the line above.
        """
        starts: list[float] = []
        words = 0
        for index, text in enumerate(body.lines):
            start = max(first + LINE_STAGGER * index, frame.said_at(words) - SAY_AHEAD)
            starts.append(start)
            words += len(text.split())
        return starts

    def dots(self, painter: Any, number: int) -> None:
        """Which workstream of the five this is: a row of dots, this one's a long one."""
        theme = self.theme
        count = len(self.workstreams)
        dot, wide, gap = 12, 36, 12
        x = (WIDTH - (count - 1) * (dot + gap) - wide) / 2
        for index in range(1, count + 1):
            width = wide if index == number else dot
            colour = theme.accent if index == number else DOT_COLOUR
            self.rounded(painter, x, DOTS_Y - dot / 2, width, dot, dot / 2, colour)
            x += width + gap

    def icon_row(self, painter: Any, left: float, top: float, local: float, start: float) -> None:
        """The five workstream icons, white discs in a row, popping in one by one."""
        for index, workstream in enumerate(self.workstreams):
            state = build(local, start + ROW_STAGGER * index)
            x = left + ROW_DISC / 2 + index * (ROW_DISC + ROW_GAP)
            y = top + ROW_DISC / 2
            with (
                self.group(painter, state.opacity) as layer,
                self.scaled(layer, x, y, state.scale(0.6)),
            ):
                self.disc(layer, x, y, ROW_DISC, self.theme.accent_text)
                self.icon(layer, workstream.slide, x, y, ROW_DISC * 0.62)

    def title(self, painter: Any, frame: Frame, local: float) -> None:
        """The opening: the organisation, the presentation's title, the five icons."""
        white = self.theme.accent_text
        width = WIDTH - 2 * MARGIN
        eyebrow = self.fit(frame.organisation, width, 60, 36, 24, bold=True)
        heading = self.fit(frame.heading, width, 280, 116, 64, bold=True, leading=1.12)
        rule_gap, rule_h, row_gap = 28, 10, 64
        total = eyebrow.height + heading.height + rule_gap + rule_h + row_gap + ROW_DISC
        top = (HEIGHT - total) / 2

        state = build(local, 0.2)
        painter.setOpacity(state.opacity * 0.9)
        self.block(painter, eyebrow, MARGIN, top + state.offset(24), white)
        top += eyebrow.height
        state = build(local, 0.5, 0.9)
        painter.setOpacity(state.opacity)
        self.block(painter, heading, MARGIN, top + state.offset(48), white)
        top += heading.height + rule_gap
        painter.setOpacity(1.0)
        grow = ease_out(clamp((local - 1.0) / 0.7))
        self.rounded(painter, MARGIN, top, 180 * grow, rule_h, rule_h / 2, white)
        top += rule_h + row_gap
        self.icon_row(painter, MARGIN, top, local, 1.4)

    def statement(self, painter: Any, frame: Frame, local: float) -> None:
        """A statement, line by line beside an accent bar, and a large icon in a disc."""
        theme = self.theme
        bar, pad, column = 10, 36, 620
        body = self.fit(frame.body, column, 480, 44, 26, leading=1.36)
        top = (HEIGHT - body.height) / 2 + 12
        grow = ease_out(clamp((local - 0.1) / 0.8))
        self.rounded(painter, MARGIN, top, bar, body.height * grow, bar / 2, theme.accent)
        for index, start in enumerate(self.line_starts(frame, body, 0.35)):
            state = build(local, start)
            painter.setOpacity(state.opacity)
            baseline = top + index * body.step + body.ascent + state.offset(24)
            self.line(
                painter, body.lines[index], body.font, MARGIN + bar + pad, baseline, theme.text
            )
        self.illustration(painter, frame.icon, 1000, HEIGHT / 2 + 12, 380, local, 0.5)

    def illustration(
        self,
        painter: Any,
        slide_id: str,
        x: float,
        y: float,
        diameter: float,
        local: float,
        start: float,
    ) -> None:
        """A workstream icon, large, in a white disc: the disc grows in, then the icon,
        which then keeps growing very slowly (a Ken Burns push-in) until the next segment.
        """
        disc = build(local, start, 0.8)
        painter.setOpacity(disc.opacity)
        with self.scaled(painter, x, y, disc.scale(0.85)):
            self.disc(painter, x, y, diameter, self.theme.surface)
        picture = build(local, start + 0.3, 0.9)
        painter.setOpacity(picture.opacity)
        push = 1.0 + ZOOM_PER_SECOND * max(0.0, local - start)
        with self.scaled(painter, x, y, picture.scale(0.7) * push):
            self.icon(painter, slide_id, x, y, diameter * 0.6)
        painter.setOpacity(1.0)

    def overview(self, painter: Any, frame: Frame, local: float) -> None:
        """The presentation's title, its summary sentence, then the five workstream
        cards one by one: icon, number and title.
        """
        theme = self.theme
        white = theme.accent_text
        width = WIDTH - 2 * MARGIN
        heading = self.fit(frame.heading, width, 90, 60, 40, bold=True, leading=1.15)
        sub = self.fit(frame.body, width, 90, 30, 22, leading=1.3)
        count = len(self.workstreams)
        gap = 20
        card_w = (width - (count - 1) * gap) / count
        pad = 16
        titles = [
            self.fit(w.title, card_w - 2 * pad, 3 * 30, 24, 16, bold=True, leading=1.25)
            for w in self.workstreams
        ]
        size = min(block.font.pixelSize() for block in titles)  # one size for every card
        titles = [
            self.fit(w.title, card_w - 2 * pad, 3 * 30, size, size, bold=True, leading=1.25)
            for w in self.workstreams
        ]
        icon_size, badge = 112, 44
        card_h = 36 + icon_size + 28 + badge + 16 + max(b.height for b in titles) + 28
        top = (HEIGHT - heading.height - 8 - sub.height - 40 - card_h) / 2 + 16

        state = build(local, 0.0)
        painter.setOpacity(state.opacity)
        self.block(painter, heading, MARGIN, top + state.offset(32), white)
        top += heading.height + 8
        state = build(local, 0.25)
        painter.setOpacity(state.opacity * 0.9)
        self.block(painter, sub, MARGIN, top + state.offset(24), white)
        top += sub.height + 40

        for index, (workstream, title) in enumerate(zip(self.workstreams, titles, strict=True)):
            start = 0.8 + CARD_STAGGER * index
            card = build(local, start, 0.7)
            x = MARGIN + index * (card_w + gap)
            y = top + card.offset(56)
            with self.group(painter, card.opacity) as layer:
                self.rounded(layer, x, y, card_w, card_h, 16, theme.surface)
                centre = x + card_w / 2
                picture = build(local, start + 0.15, 0.8)
                layer.setOpacity(picture.opacity)
                icon_y = y + 36 + icon_size / 2
                with self.scaled(layer, centre, icon_y, picture.scale(0.6)):
                    self.icon(layer, workstream.slide, centre, icon_y, icon_size)
                layer.setOpacity(1.0)
                badge_y = y + 36 + icon_size + 28 + badge / 2
                self.badge(layer, workstream.number, centre, badge_y, badge)
                title_top = badge_y + badge / 2 + 16
                self.block(layer, title, x + pad, title_top, theme.text, card_w - 2 * pad)

    def workstream(self, painter: Any, frame: Frame, local: float) -> None:
        """One workstream: its icon large in a disc; its number, title and a sentence;
        and where it is among the five, as dots.
        """
        theme = self.theme
        left, column = 600, WIDTH - MARGIN - 600
        badge = 80
        heading = self.fit(frame.heading, column, 2 * 66, 56, 36, bold=True, leading=1.15)
        body = self.fit(frame.body, column, 260, 36, 24, leading=1.38)
        total = badge + 28 + heading.height + 24 + body.height
        top = (HEIGHT - total) / 2

        self.illustration(painter, frame.slide, 330, HEIGHT / 2, 400, local, 0.0)

        state = build(local, 0.2, 0.6)
        painter.setOpacity(state.opacity)
        with self.scaled(painter, left + badge / 2, top + badge / 2, state.scale(0.5)):
            self.badge(painter, frame.number or 0, left + badge / 2, top + badge / 2, badge)
        top += badge + 28
        state = build(local, 0.35, 0.8)
        painter.setOpacity(state.opacity)
        self.block(painter, heading, left + state.offset(48), top, theme.text)
        top += heading.height + 24
        for index, start in enumerate(self.line_starts(frame, body, 0.75)):
            state = build(local, start)
            painter.setOpacity(state.opacity)
            baseline = top + index * body.step + body.ascent + state.offset(20)
            self.line(painter, body.lines[index], body.font, left, baseline, theme.text)
        painter.setOpacity(1.0)

    def link(self, painter: Any, frame: Frame, local: float) -> None:
        """The close: where to find out more, the address in a white pill, the five icons."""
        theme = self.theme
        width = WIDTH - 2 * MARGIN
        heading = self.fit(frame.heading, width, 160, 60, 36, bold=True, leading=1.15)
        pad_x, pad_y = 44, 22
        address = self.fit(frame.body, width - 2 * pad_x, 120, 76, 36, bold=True, leading=1.2)
        pill_w = max(self.advance(text, address.font) for text in address.lines) + 2 * pad_x
        pill_h = address.height + 2 * pad_y
        row_gap = 72
        top = (HEIGHT - heading.height - 40 - pill_h - row_gap - ROW_DISC) / 2 + 16

        state = build(local, 0.15)
        painter.setOpacity(state.opacity)
        self.block(painter, heading, MARGIN, top + state.offset(32), theme.accent_text)
        top += heading.height + 40
        pill_start = max(0.6, frame.said_at(0) - SAY_AHEAD)
        state = build(local, pill_start, 0.8)
        with (
            self.group(painter, state.opacity) as layer,
            self.scaled(layer, MARGIN, top + pill_h / 2, state.scale(0.9)),
        ):
            self.rounded(layer, MARGIN, top, pill_w, pill_h, pill_h / 2, theme.surface)
            self.block(layer, address, MARGIN + pad_x, top + pad_y, theme.accent)
        self.icon_row(painter, MARGIN, top + pill_h + row_gap, local, pill_start + 0.5)


def start_qt() -> Any:
    """Start Qt offscreen, register the bundled fonts and return the QGuiApplication
    (keep it while painting).
    """
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    families: set[str] = set()
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        if font_id < 0:
            fail(f"cannot load the font {FONT_DIR / name}")
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    if FONT_FAMILY not in families:
        fail(f"the bundled fonts in {FONT_DIR} are not {FONT_FAMILY!r} (got {families})")
    return app


def render_shot(painter: FilmPainter, frames: list[Frame], shot: Shot) -> Any:
    """The QImage of one shot: its segment, with the next one cross-faded on top."""
    from PySide6.QtGui import QPainter

    image = painter.render(frames[shot.segment], shot.local)
    if shot.fade > 0.0:
        following = painter.render(frames[shot.segment + 1], shot.next_local)
        blend = QPainter(image)
        blend.setOpacity(shot.fade)
        blend.drawImage(0, 0, following)
        blend.end()
    return image


# --------------------------------------------------------------------------- audio


def run(command: list[str]) -> str:
    """Run a command, fail with its stderr if it fails, and return its stdout."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        fail(f"{command[0]} failed ({result.returncode}):\n{result.stderr.strip()}")
    return result.stdout


def require_tools() -> None:
    """Fail with an install hint if espeak-ng, ffmpeg or ffprobe is missing."""
    for tool, package in (("espeak-ng", "espeak-ng"), ("ffmpeg", "ffmpeg"), ("ffprobe", "ffmpeg")):
        if shutil.which(tool) is None:
            fail(
                f"'{tool}' was not found on PATH; install the Debian package "
                f"'{package}' (apt-get install {package})"
            )


def spoken(text: str) -> str:
    """Return ``text`` as espeak-ng should read it (see SPOKEN_FORMS)."""
    for written, said in SPOKEN_FORMS.items():
        text = text.replace(written, said)
    return text


def duration(path: Path) -> float:
    """Return the duration of a media file, seconds (from ffprobe)."""
    out = run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "default=noprint_wrappers=1:nokey=1",
            str(path),
        ]
    )
    try:
        return float(out.strip())
    except ValueError:
        fail(f"ffprobe gave no duration for {path}: {out!r}")


def speak(text: str, wav: Path) -> float:
    """Speak ``text`` with espeak-ng into ``wav``; return its duration, seconds."""
    text_file = wav.with_suffix(".txt")
    text_file.write_text(spoken(text), encoding="utf-8")
    run(
        [
            "espeak-ng",
            "-v",
            VOICE,
            "-s",
            str(WORDS_PER_MINUTE),
            "-w",
            str(wav),
            "-f",
            str(text_file),
        ]
    )
    return duration(wav)


def timed(frames: list[Frame], speech: list[float]) -> list[Frame]:
    """The frames with their narration's start and length, seconds (as build_narration
    places it: after LEAD_IN in the first segment, at the start of every other).
    """
    return [
        replace(frame, speech_start=LEAD_IN if index == 0 else 0.0, speech=length)
        for index, (frame, length) in enumerate(zip(frames, speech, strict=True))
    ]


def frame_ceil(seconds: float) -> float:
    """Round ``seconds`` up to a whole number of video frames, seconds."""
    return math.ceil(seconds * FPS - 1e-6) / FPS


def build_narration(wavs: list[Path], speech: list[float], out: Path) -> list[float]:
    """Pad and join the segment WAVs into ``out`` (48 kHz mono).

    Each segment gets a slot: its speech plus GAP seconds of silence (LEAD_IN before
    the first, TAIL after the last), rounded up to whole video frames. Returns the
    slot lengths, seconds.
    """
    slots: list[float] = []
    inputs: list[str] = []
    chains: list[str] = []
    for index, (wav, length) in enumerate(zip(wavs, speech, strict=True)):
        lead = LEAD_IN if index == 0 else 0.0
        after = TAIL if index == len(wavs) - 1 else GAP
        slot = frame_ceil(lead + length + after)
        slots.append(slot)
        inputs += ["-i", str(wav)]
        delay = f"adelay={round(lead * 1000)}:all=1," if lead else ""
        chains.append(
            f"[{index}:a]aresample=48000,{delay}apad=whole_dur={slot:.3f},"
            f"atrim=duration={slot:.3f}[a{index}]"
        )
    joined = "".join(f"[a{i}]" for i in range(len(wavs)))
    graph = ";".join(chains) + f";{joined}concat=n={len(wavs)}:v=0:a=1[out]"
    run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            *inputs,
            "-filter_complex",
            graph,
            "-map",
            "[out]",
            "-ac",
            "1",
            "-ar",
            "48000",
            "-c:a",
            "pcm_s16le",
            str(out),
        ]
    )
    return slots


# --------------------------------------------------------------------------- captions


# Words a caption line or cue should not end on.
WEAK_ENDINGS = {
    "a",
    "an",
    "and",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "that",
    "to",
    "with",
}


def break_cost(word: str) -> int:
    """Penalty for a line or cue break after ``word`` (lower is a better break)."""
    if word.endswith((".", "!", "?", ",", ";", ":")):
        return 0
    return 30 if word.lower() in WEAK_ENDINGS else 10


def two_lines(text: str) -> str | None:
    """Wrap ``text`` into at most CAPTION_LINES (2) lines of CAPTION_LINE characters,
    balanced and breaking at a good word; None if it does not fit.
    """
    if len(text) <= CAPTION_LINE:
        return text
    words = text.split()
    best: tuple[int, str] | None = None
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if len(first) <= CAPTION_LINE and len(second) <= CAPTION_LINE:
            score = abs(len(first) - len(second)) + break_cost(words[cut - 1])
            if best is None or score < best[0]:
                best = (score, f"{first}\n{second}")
    return None if best is None else best[1]


def split_phrase(text: str) -> list[str]:
    """Split a sentence into the fewest phrases that each fit one caption cue,
    breaking after commas where possible and keeping the phrases even in length.
    """
    words = text.split()
    count = len(words)
    # best[i] = (cues, cost, previous cut) for the first i words
    best: list[tuple[int, float, int] | None] = [None] * (count + 1)
    best[0] = (0, 0.0, 0)
    for end in range(1, count + 1):
        for begin in range(end):
            before = best[begin]
            chunk = " ".join(words[begin:end])
            if before is None or two_lines(chunk) is None:
                continue
            cost = before[1] + (break_cost(words[end - 1]) if end < count else 0)
            cost += (CAPTION_LINE * CAPTION_LINES - len(chunk)) / 4
            candidate = (before[0] + 1, cost, begin)
            current = best[end]
            if current is None or candidate[:2] < current[:2]:
                best[end] = candidate
    final = best[count]
    if final is None:
        fail(f"a word is too long for a caption line: {text!r}")
    phrases: list[str] = []
    end = count
    while end > 0:
        entry = best[end]
        assert entry is not None
        phrases.insert(0, " ".join(words[entry[2] : end]))
        end = entry[2]
    return phrases


def caption_texts(narration: str) -> list[str]:
    """Split one segment's narration into cue texts (sentences or shorter phrases).

    A sentence of one or two words (such as "One.") joins the next one.
    """
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", narration.strip()) if s]
    merged: list[str] = []
    carry = ""
    for index, sentence in enumerate(sentences):
        sentence = f"{carry} {sentence}".strip()
        if len(sentence.split()) <= 2 and index < len(sentences) - 1:
            carry = sentence
            continue
        carry = ""
        merged.append(sentence)
    return [phrase for sentence in merged for phrase in split_phrase(sentence)]


def make_cues(narration: list[str], speech: list[float], slots: list[float]) -> list[Cue]:
    """Time the cues of every segment, seconds.

    Each segment's speech starts at its slot's start (after LEAD_IN for the first) and
    lasts its measured duration; its cues share that time in proportion to their words.
    """
    cues: list[Cue] = []
    slot_start = 0.0
    for index, (text, length, slot) in enumerate(zip(narration, speech, slots, strict=True)):
        start = slot_start + (LEAD_IN if index == 0 else 0.0)
        phrases = caption_texts(text)
        words = [len(p.split()) for p in phrases]
        total = sum(words)
        done = 0
        for phrase, count in zip(phrases, words, strict=True):
            begin = start + length * done / total
            done += count
            end = start + length * done / total
            wrapped = two_lines(phrase)
            assert wrapped is not None
            cues.append(Cue(round(begin, 3), round(end, 3), wrapped))
        slot_start += slot
    return cues


def timestamp(seconds: float) -> str:
    """Format ``seconds`` as a WebVTT HH:MM:SS.mmm timestamp."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def write_vtt(cues: list[Cue], path: Path) -> None:
    """Write ``cues`` as a WebVTT file (UTF-8, numbered cues)."""
    blocks = ["WEBVTT\n"]
    for number, cue in enumerate(cues, start=1):
        blocks.append(f"{number}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n{cue.text}\n")
    path.write_text("\n".join(blocks), encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------- video


def encoder_command(audio: Path, out: Path, seconds: float) -> list[str]:
    """The ffmpeg command that encodes raw frames from its stdin and the narration into
    a 25 fps VP9 + Opus WebM at ``out``: deterministic (one thread, bit-exact, no
    metadata), so that the same frames and narration give the same bytes.
    """
    # QImage's RGB32 is 0xffRRGGBB in native byte order: B, G, R, 0xff in memory on
    # little-endian machines.
    pixels = "bgr0" if sys.byteorder == "little" else "0rgb"
    return [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        pixels,
        "-s",
        f"{WIDTH}x{HEIGHT}",
        "-r",
        str(FPS),
        "-i",
        "pipe:0",
        "-i",
        str(audio),
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-vf",
        "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
        "-c:v",
        "libvpx-vp9",
        "-crf",
        str(CRF),
        "-b:v",
        "0",
        "-deadline",
        "good",
        "-cpu-used",
        str(CPU_USED),
        "-threads",
        "1",
        "-row-mt",
        "0",
        "-tile-columns",
        "0",
        "-g",
        str(KEYFRAME_SECONDS * FPS),
        "-keyint_min",
        str(KEYFRAME_SECONDS * FPS),
        "-colorspace",
        "bt709",
        "-color_primaries",
        "bt709",
        "-color_trc",
        "bt709",
        "-color_range",
        "tv",
        "-c:a",
        "libopus",
        "-b:a",
        "48k",
        "-ac",
        "1",
        "-ar",
        "48000",
        "-t",
        f"{seconds:.3f}",
        "-shortest",
        "-map_metadata",
        "-1",
        "-fflags",
        "+bitexact",
        "-flags:v",
        "+bitexact",
        "-flags:a",
        "+bitexact",
        str(out),
    ]


def encode(script: Script, slots: list[float], audio: Path, out: Path, poster: Path) -> int:
    """Draw every frame of the film and pipe it, raw, to ffmpeg, which encodes it with
    the narration into ``out``; save the poster frame (see poster_frame) as a PNG at
    ``poster``. Returns the number of frames.
    """
    from PySide6.QtGui import QImage

    painter = FilmPainter(script.theme, FONT_FAMILY, script.workstreams, script.icons)
    lengths = slot_frames(slots)
    total = sum(lengths)
    poster_index = poster_frame(script.frames, lengths)
    command = encoder_command(audio, out, total / FPS)
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors
        )
        assert process.stdin is not None
        try:
            for index in range(total):
                image = render_shot(painter, script.frames, shot_at(index, lengths))
                if image.format() != QImage.Format.Format_RGB32 or image.bytesPerLine() != (
                    WIDTH * 4
                ):
                    fail("a frame is not packed 32-bit RGB")
                if index == poster_index and not image.save(str(poster), "PNG"):
                    fail(f"cannot write {poster}")
                process.stdin.write(image.constBits())
        except BrokenPipeError:
            pass  # ffmpeg stopped: its message is below
        finally:
            with suppress(BrokenPipeError):
                process.stdin.close()
            status = process.wait()
        if status != 0:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip()
            fail(f"ffmpeg failed ({status}):\n{message}")
    return total


# --------------------------------------------------------------------------- main


def build_all(script: Script, targets: dict[str, Path]) -> None:
    """Speak, draw and encode: write the video, captions and poster to ``targets``
    (keys "file", "captions" and "poster").
    """
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="make_video-") as tmp:
        work = Path(tmp)
        wavs = [work / f"segment-{i:02d}.wav" for i in range(len(script.narration))]
        speech = []
        for text, wav in zip(script.narration, wavs, strict=True):
            speech.append(speak(text, wav))
            print(f"  {speech[-1]:5.2f} s  {text}")
        audio = work / "narration.wav"
        slots = build_narration(wavs, speech, audio)
        script = replace(script, frames=timed(script.frames, speech))

        app = start_qt()
        frames = encode(script, slots, audio, targets["file"], targets["poster"])
        del app
    write_vtt(make_cues(script.narration, speech, slots), targets["captions"])

    size = targets["file"].stat().st_size
    print(
        f"wrote {targets['file']} ({duration(targets['file']):.2f} s, {frames} frames, "
        f"{size / 1_000_000:.2f} MB) in {time.monotonic() - started:.0f} s"
    )
    print(f"wrote {targets['captions']}")
    print(f"wrote {targets['poster']}")


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    """Build the video, captions and poster (or check them); return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--content",
        type=Path,
        default=REPO_ROOT / "content.yaml",
        help="content file to read (default: %(default)s)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=None,
        help="folder for the three files (default: where the content's "
        "video slide says, normally assets/video)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="build into a temporary folder and compare with the files in place, byte "
        "for byte (exit status 1 if any differs)",
    )
    args = parser.parse_args(argv)

    require_tools()
    content = args.content.resolve()
    script = load_script(content)
    video_slide = script.video_slide

    names = {
        "file": "explainer.webm",
        "captions": "explainer.vtt",
        "poster": "explainer-poster.png",
    }
    # Where the content's video slide says (paths already resolved inside its folder).
    named: dict[str, Path] = {
        key: content.parent / "assets" / "video" / name for key, name in names.items()
    }
    if video_slide is not None:
        for key in names:
            value = getattr(video_slide, key)
            if isinstance(value, Path):
                named[key] = value
    out_dir = args.out_dir
    targets = {key: out_dir / path.name if out_dir else path for key, path in named.items()}
    if not args.check:
        for path in targets.values():
            path.parent.mkdir(parents=True, exist_ok=True)
        build_all(script, targets)
        return 0

    with tempfile.TemporaryDirectory(prefix="make_video-check-") as tmp:
        fresh = {key: Path(tmp) / path.name for key, path in targets.items()}
        build_all(script, fresh)
        differ = 0
        for key, path in targets.items():
            new = sha256(fresh[key])
            old = sha256(path) if path.is_file() else "(missing)"
            same = new == old
            differ += not same
            print(f"{'same' if same else 'DIFFERS'}  {new}  {path}")
            if not same:
                print(f"        in place: {old}")
    if differ:
        print(f"make_video: {differ} file(s) differ from a fresh build", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
