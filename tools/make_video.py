"""Build the offline explainer video for the "Our Priorities" presentation.

The video is made only from words that are already in ``content.yaml`` (which holds
the seed page's texts verbatim): the narration list ``SEGMENTS`` below names, for each
segment, the slide the words come from and the (verbatim or lightly trimmed) phrases
to say. Titles, the description and the web address are read from the content file
by slide id, and every other phrase is checked to still occur in its slide, so the
video follows the content and says nothing the content does not.

For every segment the script

1. speaks the narration with espeak-ng (British English voice) to a WAV file and
   measures its length with ffprobe,
2. draws one still frame (1280x720 pixels) with PySide6's QPainter, using the
   bundled Noto Sans fonts, and
3. joins the frames and the padded narration with ffmpeg into a VP9 + Opus WebM.

It writes three files (by default the paths that the ``explainer-video`` slide of
``content.yaml`` names, normally under ``assets/video/``):

* ``explainer.webm``        the video (VP9 video, Opus mono audio, 25 fps),
* ``explainer.vtt``         WebVTT captions, one cue per sentence or phrase,
* ``explainer-poster.png``  the poster frame (the title card).

Usage::

    python tools/make_video.py [--content content.yaml] [--out-dir assets/video]

Needs the Debian packages ``espeak-ng`` and ``ffmpeg`` (ffmpeg built with libvpx
and libopus, as Debian's is), and the Python packages PySide6 and PyYAML.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import string
import subprocess
import sys
import tempfile
from dataclasses import dataclass
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
CONTENT_TOP = 128  # top of the area for slide text, pixels
CONTENT_BOTTOM = int(HEIGHT * 0.85) - 24  # no text below this line, pixels

VOICE = "en-gb"  # espeak-ng voice
WORDS_PER_MINUTE = 150  # espeak-ng speed
LEAD_IN = 0.6  # silence before the first segment, seconds
GAP = 0.4  # silence after each segment, seconds
TAIL = 1.6  # silence after the last segment, seconds

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
    """One narrated segment of the video, shown as one still frame.

    Texts are ``str.format`` templates. Fields: ``{organisation}`` and
    ``{presentation_title}`` (from ``presentation:``); ``{title}``, ``{description}``,
    ``{number}``, ``{number_word}`` and ``{site}`` (the url's host) from the slide.
    Literal phrases of three or more words must occur in the slide's texts.

    slide:   id of the slide in content.yaml the words come from.
    layout:  "title", "statement", "text", "workstream" or "link".
    heading: large title drawn on the frame ("" for none).
    lead:    narrated first, but shown as the heading (not repeated as body text).
    said:    narrated after ``lead`` and shown as the frame's body text.
    show:    body text to show instead of ``said`` (None: show ``said``).
    """

    slide: str
    layout: str
    heading: str = ""
    lead: str = ""
    said: str = ""
    show: str | None = None


# The narration, in order. Every phrase is from the seed page (via content.yaml),
# verbatim or trimmed at a clause boundary.
SEGMENTS: tuple[Segment, ...] = (
    Segment(
        "intro",
        "title",
        heading="{presentation_title}",
        lead="The {organisation}. {presentation_title}.",
    ),
    Segment("explainer-video", "statement", said="{description}"),
    Segment(
        "intro",
        "text",
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


def load_frames(content_path: Path) -> tuple[list[Frame], list[str], Theme, VideoSlide | None]:
    """Read content.yaml (through the app's own content model) and resolve SEGMENTS into
    frames and narration strings.

    Returns (frames, narration texts, theme, the video slide if there is one).
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
        frames.append(Frame(segment.layout, heading, " ".join(body.split()), number, organisation))
    video_slide = next((s for s in content.slides if isinstance(s, VideoSlide)), None)
    return frames, narration, content.theme, video_slide


# --------------------------------------------------------------------------- frames


def render_frames(frames: list[Frame], theme: Theme, paths: list[Path]) -> None:
    """Draw each frame to a WIDTH x HEIGHT PNG at the matching path."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    families: set[str] = set()
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        if font_id < 0:
            fail(f"cannot load the font {FONT_DIR / name}")
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    if "Noto Sans" not in families:
        fail(f"the bundled fonts in {FONT_DIR} are not 'Noto Sans' (got {families})")
    painter = FramePainter(theme, "Noto Sans")
    for frame, path in zip(frames, paths, strict=True):
        if not painter.render(frame).save(str(path), "PNG"):
            fail(f"cannot write {path}")
    del app


class FramePainter:
    """Draws the still frames: calm NHS-like layout, text never clipped."""

    def __init__(self, theme: Theme, family: str) -> None:
        """Keep the theme colours and the font family to draw with."""
        self.theme = theme
        self.family = family

    def font(self, pixels: int, bold: bool = False) -> Any:
        """Return a QFont of the family, ``pixels`` high (pixel size)."""
        from PySide6.QtGui import QFont

        font = QFont(self.family)
        font.setPixelSize(pixels)
        font.setWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return font

    def fit(
        self,
        text: str,
        width: int,
        max_height: int,
        largest: int,
        smallest: int,
        bold: bool = False,
    ) -> tuple[Any, int]:
        """Return the largest font (``largest``..``smallest`` pixels) whose word-wrapped
        ``text`` fits ``width`` x ``max_height`` pixels, and the wrapped height (pixels).
        """
        from PySide6.QtCore import QRect, Qt
        from PySide6.QtGui import QFontMetrics

        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        for pixels in range(largest, smallest - 1, -2):
            font = self.font(pixels, bold)
            box = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10_000), flags, text)
            if box.width() <= width and box.height() <= max_height:
                return font, box.height()
        fail(f"text does not fit on the frame even at {smallest} px: {text!r}")

    def wrapped_width(self, text: str, font: Any, width: int) -> int:
        """Return the width of ``text`` word-wrapped to ``width`` pixels, pixels."""
        from PySide6.QtCore import QRect, Qt
        from PySide6.QtGui import QFontMetrics

        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        return QFontMetrics(font).boundingRect(QRect(0, 0, width, 10_000), flags, text).width()

    def text(
        self,
        painter: Any,
        text: str,
        font: Any,
        x: int,
        y: int,
        width: int,
        height: int,
        colour: str,
    ) -> None:
        """Draw word-wrapped ``text`` in the rectangle (x, y, width, height), pixels."""
        from PySide6.QtCore import QRect, Qt
        from PySide6.QtGui import QColor

        painter.setFont(font)
        painter.setPen(QColor(colour))
        flags = (
            int(Qt.AlignmentFlag.AlignLeft)
            | int(Qt.AlignmentFlag.AlignTop)
            | int(Qt.TextFlag.TextWordWrap)
        )
        painter.drawText(QRect(x, y, width, height), flags, text)

    def render(self, frame: Frame) -> Any:
        """Return a QImage (WIDTH x HEIGHT pixels) showing ``frame``."""
        from PySide6.QtCore import QRect, QRectF, Qt
        from PySide6.QtGui import QColor, QImage, QPainter

        theme = self.theme
        image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
        image.fill(QColor(theme.background))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)

        # Header: an accent strip and the organisation name, small.
        painter.fillRect(0, 0, WIDTH, 8, QColor(theme.accent))
        self.text(
            painter,
            frame.organisation,
            self.font(24, bold=True),
            MARGIN,
            40,
            WIDTH - 2 * MARGIN,
            40,
            theme.accent,
        )

        width = WIDTH - 2 * MARGIN
        room = CONTENT_BOTTOM - CONTENT_TOP
        if frame.layout == "title":
            title_font, title_h = self.fit(frame.heading, width, room // 2, 112, 56, True)
            sub_font, sub_h = self.fit(frame.organisation, width, room // 4, 40, 24)
            rule_gap, rule_h = 36, 10
            total = title_h + rule_gap + rule_h + rule_gap + sub_h
            y = CONTENT_TOP + (room - total) // 2
            self.text(painter, frame.heading, title_font, MARGIN, y, width, title_h, theme.text)
            y += title_h + rule_gap
            painter.fillRect(MARGIN, y, 160, rule_h, QColor(theme.accent))
            y += rule_h + rule_gap
            self.text(
                painter, frame.organisation, sub_font, MARGIN, y, width, sub_h, theme.muted_text
            )
        elif frame.layout == "statement":
            bar, pad = 10, 36
            inner = width - bar - pad
            font, body_h = self.fit(frame.body, inner, room, 46, 24)
            y = CONTENT_TOP + (room - body_h) // 2
            painter.fillRect(MARGIN, y, bar, body_h, QColor(theme.accent))
            self.text(painter, frame.body, font, MARGIN + bar + pad, y, inner, body_h, theme.text)
        elif frame.layout == "text":
            gap = 32
            head_font, head_h = self.fit(frame.heading, width, room // 3, 72, 36, True)
            body_font, body_h = self.fit(frame.body, width, room - head_h - gap, 46, 24)
            y = CONTENT_TOP + (room - head_h - gap - body_h) // 2
            self.text(painter, frame.heading, head_font, MARGIN, y, width, head_h, theme.text)
            self.text(
                painter, frame.body, body_font, MARGIN, y + head_h + gap, width, body_h, theme.text
            )
        elif frame.layout == "workstream":
            circle, gap = 128, 40
            head_x = MARGIN + circle + gap
            head_w = WIDTH - MARGIN - head_x
            head_font, head_h = self.fit(frame.heading, head_w, 2 * circle, 60, 32, True)
            top_h = max(circle, head_h)
            body_font, body_h = self.fit(frame.body, width, room - top_h - gap, 42, 24)
            y = CONTENT_TOP + (room - top_h - gap - body_h) // 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.accent))
            circle_y = y + (top_h - circle) // 2
            painter.drawEllipse(QRectF(MARGIN, circle_y, circle, circle))
            painter.setFont(self.font(68, bold=True))
            painter.setPen(QColor(theme.accent_text))
            painter.drawText(
                QRect(MARGIN, circle_y, circle, circle),
                int(Qt.AlignmentFlag.AlignCenter),
                str(frame.number or ""),
            )
            self.text(
                painter,
                frame.heading,
                head_font,
                head_x,
                y + (top_h - head_h) // 2,
                head_w,
                head_h,
                theme.text,
            )
            self.text(
                painter, frame.body, body_font, MARGIN, y + top_h + gap, width, body_h, theme.text
            )
        elif frame.layout == "link":
            gap, pad = 48, 36
            head_font, head_h = self.fit(frame.heading, width, room // 2, 56, 32, True)
            link_font, link_h = self.fit(frame.body, width - 2 * pad, room // 3, 72, 32, True)
            link_w = self.wrapped_width(frame.body, link_font, width - 2 * pad)
            box_w, box_h = link_w + 2 * pad, link_h + 2 * pad
            y = CONTENT_TOP + (room - head_h - gap - box_h) // 2
            self.text(painter, frame.heading, head_font, MARGIN, y, width, head_h, theme.text)
            y += head_h + gap
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.accent))
            painter.drawRoundedRect(QRectF(MARGIN, y, box_w, box_h), 16, 16)
            self.text(
                painter,
                frame.body,
                link_font,
                MARGIN + pad,
                y + pad,
                link_w,
                link_h,
                theme.accent_text,
            )
        else:
            painter.end()
            fail(f"unknown segment layout {frame.layout!r}")
        painter.end()
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


def encode(frame_paths: list[Path], slots: list[float], audio: Path, work: Path, out: Path) -> None:
    """Encode the still frames (each shown for its slot, seconds) and the narration
    into a 25 fps VP9 + Opus WebM at ``out``.
    """
    listing = ["ffconcat version 1.0"]
    for path, slot in zip(frame_paths, slots, strict=True):
        listing += [f"file '{path.name}'", f"duration {slot:.3f}"]
    listing.append(f"file '{frame_paths[-1].name}'")  # the concat demuxer needs this
    concat = work / "frames.ffconcat"
    concat.write_text("\n".join(listing) + "\n", encoding="utf-8")
    total = sum(slots)
    run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(concat),
            "-i",
            str(audio),
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-vf",
            f"fps={FPS},scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
            "-c:v",
            "libvpx-vp9",
            "-crf",
            "40",
            "-b:v",
            "0",
            "-row-mt",
            "1",
            "-deadline",
            "good",
            "-cpu-used",
            "4",
            "-g",
            str(2 * FPS),
            "-keyint_min",
            str(2 * FPS),
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
            f"{total:.3f}",
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
    )


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Build the video, captions and poster; return the exit status."""
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
    args = parser.parse_args(argv)

    require_tools()
    content = args.content.resolve()
    frames, narration, theme, video_slide = load_frames(content)

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
    for path in targets.values():
        path.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="make_video-") as tmp:
        work = Path(tmp)
        wavs = [work / f"segment-{i:02d}.wav" for i in range(len(narration))]
        speech = []
        for text, wav in zip(narration, wavs, strict=True):
            speech.append(speak(text, wav))
            print(f"  {speech[-1]:5.2f} s  {text}")
        audio = work / "narration.wav"
        slots = build_narration(wavs, speech, audio)

        frame_paths = [work / f"frame-{i:02d}.png" for i in range(len(frames))]
        render_frames(frames, theme, frame_paths)

        encode(frame_paths, slots, audio, work, targets["file"])
        shutil.copyfile(frame_paths[0], targets["poster"])
    write_vtt(make_cues(narration, speech, slots), targets["captions"])

    size = targets["file"].stat().st_size
    print(f"wrote {targets['file']} ({duration(targets['file']):.2f} s, {size / 1_000_000:.2f} MB)")
    print(f"wrote {targets['captions']}")
    print(f"wrote {targets['poster']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
