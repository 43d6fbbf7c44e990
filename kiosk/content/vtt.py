"""A small WebVTT reader: cue times and text, enough to draw captions."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_TIMING = re.compile(
    r"^\s*((?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{2}:\d{2}\.\d{3})(?:\s.*)?$"
)
_TAG = re.compile(r"<[^>]*>")


class VttError(ValueError):
    """The captions text is not WebVTT; the message names the line."""


@dataclass(frozen=True)
class Cue:
    """One caption. ``start`` and ``end`` are in milliseconds."""

    start: int
    end: int
    text: str


def _milliseconds(stamp: str) -> int:
    parts = stamp.split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[-3]) if len(parts) == 3 else 0
    return round(((hours * 60 + minutes) * 60 + seconds) * 1000)


def parse_vtt(text: str) -> list[Cue]:
    """Return the cues of a WebVTT document in start order; raise :class:`VttError`."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header = lines[0]
    if header != "WEBVTT" and not header.startswith(("WEBVTT ", "WEBVTT\t")):
        raise VttError("line 1: a WebVTT file starts with 'WEBVTT'")
    cues: list[Cue] = []
    index = 1
    while index < len(lines):
        line = lines[index]
        if "-->" not in line:
            index += 1
            continue
        match = _TIMING.match(line)
        if not match:
            raise VttError(f"line {index + 1}: cannot read the cue timing {line.strip()!r}")
        start, end = _milliseconds(match.group(1)), _milliseconds(match.group(2))
        if end <= start:
            raise VttError(f"line {index + 1}: the cue ends before it starts")
        index += 1
        body: list[str] = []
        while index < len(lines) and lines[index].strip():
            # Drop <v Name>, <i> and the like, then decode &amp; &lt; &gt; &nbsp; ...
            body.append(_unescape(_TAG.sub("", lines[index])).strip())
            index += 1
        cues.append(Cue(start, end, "\n".join(body)))
    cues.sort(key=lambda cue: cue.start)
    return cues


class CueTrack:
    """Finds the cue showing at a position, for a caption strip."""

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = cues
        self._starts = [cue.start for cue in cues]

    def text_at(self, position: int) -> str:
        """Caption text at ``position`` milliseconds, or ``""`` between cues."""
        index = bisect.bisect_right(self._starts, position) - 1
        if index >= 0 and position < self.cues[index].end:
            return self.cues[index].text
        return ""


def _unescape(text: str) -> str:
    """``text`` with its character references decoded (``&amp;`` ...)."""
    if "&" not in text:
        return text
    import html  # with html.entities (10 ms): only for a caption that has a reference

    return html.unescape(text)
