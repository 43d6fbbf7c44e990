"""WebVTT captions, read by the W3C WebVTT parsing algorithm (https://www.w3.org/TR/webvtt1/,
section 6 "Parsing"), and the cue lookup used by the caption strip.

Why a hand-written parser rather than a library: the spec's algorithm is short and exact
(a page of steps; each step is cited below as "spec 6.1 step N"), and what we need from it is
not what caption libraries give. We must (1) drop a bad cue and keep the rest, as browsers
do, yet (2) say *which* cue was dropped, with its line and column, so that ``kiosk validate``
can warn the author before the event (the spec's parser drops silently); and (3) turn cue
text into the plain text our caption strip and Qt's video output draw. It also keeps
``kiosk.content`` free of dependencies (it ships frozen and as Debian packages, offline) and
small enough to be mutation-tested (tools/mutate.py).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

_WHITESPACE = " \t\n\f\r"
"""ASCII whitespace (the spec's word): not U+00A0, which &nbsp; must keep."""
_DIGITS = frozenset("0123456789")
_TAG_NAME_END = re.compile(r"[ \t\n\f.]")
_SPACES = re.compile(r"[ \t\f]+")
_WHITESPACE_RUN = re.compile(r"[ \t\n\f]+")
_TAG = re.compile(r"<([^>]*)>?")
"""A tag: from "<" to the next ">", or to the end of the cue text if there is none."""


class VttError(ValueError):
    """The text is not a WebVTT file (no ``WEBVTT`` header); the message names the line."""


@dataclass(frozen=True)
class VttWarning:
    """A cue or block the parser dropped or that never shows; ``line``/``column`` from 1."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


@dataclass(frozen=True)
class Cue:
    """One caption. ``start`` and ``end`` are in milliseconds; ``text`` is plain text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Captions:
    """A WebVTT file's cues (in the spec's cue order) and what the author should know."""

    cues: tuple[Cue, ...]
    warnings: tuple[VttWarning, ...]

    @property
    def shown(self) -> tuple[Cue, ...]:
        """The cues a viewer can see: with text, and lasting some time."""
        return tuple(cue for cue in self.cues if cue.text and cue.end > cue.start)


class _TimingError(Exception):
    def __init__(self, column: int, message: str) -> None:
        self.column = column
        self.message = message


def _digits(line: str, at: int) -> tuple[str, int]:
    """Spec: "collect a sequence of code points that are ASCII digits"."""
    end = at
    while end < len(line) and line[end] in _DIGITS:
        end += 1
    return line[at:end], end


def _expect(line: str, at: int, char: str, what: str) -> int:
    if at >= len(line) or line[at] != char:
        raise _TimingError(at + 1, f"expected {char!r} {what}")
    return at + 1


def _timestamp(line: str, at: int) -> tuple[int, int]:
    """Spec 6.3, "collect a WebVTT timestamp": (milliseconds, the position after it)."""
    begin = at
    if at >= len(line) or line[at] not in _DIGITS:  # steps 3-4
        raise _TimingError(at + 1, "expected a time such as 00:01.000")
    first, at = _digits(line, at)  # step 5
    hours = len(first) != 2 or int(first) > 59  # step 6: [h]h+: or mm:
    at = _expect(line, at, ":", "after the first field of the time")  # step 7
    second, after = _digits(line, at)  # steps 8-9
    if len(second) != 2:
        raise _TimingError(at + 1, "minutes and seconds have two digits")
    at = after
    if hours or (at < len(line) and line[at] == ":"):  # step 11
        at = _expect(line, at, ":", "before the seconds (hours:minutes:seconds.mmm)")
        third, after = _digits(line, at)
        if len(third) != 2:
            raise _TimingError(at + 1, "seconds have two digits")
        values = [int(first), int(second), int(third)]
        at = after
    else:
        values = [0, int(first), int(second)]
    at = _expect(line, at, ".", "before the milliseconds")  # step 12
    millis, after = _digits(line, at)  # step 13
    if len(millis) != 3:
        raise _TimingError(at + 1, "milliseconds have three digits")
    if values[1] > 59 or values[2] > 59:  # step 14
        raise _TimingError(begin + 1, "minutes and seconds go up to 59")
    return ((values[0] * 60 + values[1]) * 60 + values[2]) * 1000 + int(millis), after


def _skip_whitespace(line: str, at: int) -> int:
    while at < len(line) and line[at] in _WHITESPACE:
        at += 1
    return at


def _timings(line: str) -> tuple[int, int]:
    """Spec 6.3, "collect WebVTT cue timings and settings"; the settings (position, line,
    align, ...) place a cue on the picture, which our caption strip does not, so they are
    read past (a setting the spec does not know is ignored there too)."""
    at = _skip_whitespace(line, 0)  # step 2
    start, at = _timestamp(line, at)  # step 3
    at = _skip_whitespace(line, at)  # step 4
    for char in "-->":  # steps 5-7: spaces around the arrow are optional
        at = _expect(line, at, char, "in the arrow '-->'")
    end, _ = _timestamp(line, _skip_whitespace(line, at))  # steps 8-9
    return start, end


def _is_keyword_block(buffer: str, keyword: str) -> bool:
    """Spec 6.1, "collect a WebVTT block" step 11.6.1: STYLE or REGION, then only whitespace."""
    return buffer.startswith(keyword) and not buffer[len(keyword) :].strip(_WHITESPACE)


class _Parser:
    """The spec's parser over lines (the text after its preprocessing, split at LF)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.cues: list[Cue] = []
        self.warnings: list[VttWarning] = []
        self.seen_cue = False

    def warn(self, index: int, column: int, message: str) -> None:
        self.warnings.append(VttWarning(index + 1, column, message))

    def block(self, index: int, *, in_header: bool = False) -> int:
        """Spec 6.1, "collect a WebVTT block" from line ``index``; returns the next line."""
        first, previous, line_count, buffer = index, index, 0, ""
        seen_arrow, kind = False, ""
        timing: tuple[int, int] | None = None
        while index < len(self.lines):  # step 11; the end of the lines is "seen EOF"
            line = self.lines[index]
            index += 1
            line_count += 1
            if "-->" in line:  # step 11.4
                if in_header or not (line_count == 1 or (line_count == 2 and not seen_arrow)):
                    index = previous  # a timing line starts the next cue, blank line or not
                    break
                seen_arrow, previous = True, index
                try:
                    timing = _timings(line)
                except _TimingError as bad:  # the cue is dropped, not the file
                    timing = None
                    self.warn(index - 1, bad.column, f"cue dropped: {bad.message}")
                else:
                    buffer, self.seen_cue, first = "", True, index - 1
                continue
            if not line:  # step 11.5: only an empty line ends a block; a line of spaces is text
                break
            if not in_header and line_count == 2 and not self.seen_cue:  # step 11.6.1
                for keyword in ("STYLE", "REGION"):
                    if _is_keyword_block(buffer, keyword):
                        kind = keyword  # its text is not used: CSS and regions place cues
            buffer += ("\n" if buffer else "") + line  # steps 11.6.2-3
            previous = index
        if timing is not None:  # step 12
            self.add_cue(first, timing, buffer)
        elif not (in_header or seen_arrow or kind) and not _is_comment(buffer):
            self.warn(first, 1, _stray_block(buffer, late=self.seen_cue))
        return index

    def add_cue(self, index: int, timing: tuple[int, int], text: str) -> None:
        start, end = timing
        if end <= start:  # kept, as the spec does; it is never active
            self.warn(index, 1, "cue never shows: it ends when or before it starts")
        self.cues.append(Cue(start, end, cue_text(text)))


def _stray_block(buffer: str, *, late: bool) -> str:
    """Why a block that is no cue, comment, style or region is ignored (``late``: after a
    cue, where the spec reads no STYLE or REGION block)."""
    for keyword in ("STYLE", "REGION"):
        if late and _is_keyword_block(buffer.split("\n")[0], keyword):
            return f"{keyword} block ignored: it must come before the first cue"
    return "not a cue (no timing line such as 00:01.000 --> 00:02.000): ignored"


def _is_comment(buffer: str) -> bool:
    """A NOTE block: "NOTE" then a space, a tab, a line break or nothing."""
    return buffer == "NOTE" or buffer.startswith(("NOTE ", "NOTE\t", "NOTE\n"))


def _preprocess(text: str) -> str:
    """Spec 6.1: decoding drops a byte order mark; NUL becomes U+FFFD; CRLF and CR become LF."""
    text = text.removeprefix("\ufeff").replace("\x00", "\ufffd")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_header(text: str) -> None:
    """Spec 6.1 steps 3-5: "WEBVTT", then a space, a tab, a line break or the end."""
    if not text.startswith("WEBVTT") or text[6:7] not in ("", " ", "\t", "\n"):
        raise VttError("line 1: a WebVTT file starts with 'WEBVTT'")


def read_vtt(text: str) -> Captions:
    """Read a WebVTT file's text; raise :class:`VttError` only if it is not WebVTT at all."""
    text = _preprocess(text)
    _check_header(text)
    lines = text.split("\n")  # after a last line break, "": skipped as a blank line
    parser = _Parser(lines)
    index = 1  # steps 6-9: the header line
    if index < len(lines) and lines[index]:
        index = parser.block(index, in_header=True)  # step 10: header lines, e.g. "Kind: ..."
    while index < len(lines):  # step 13, the block loop
        if not lines[index]:  # steps 11 and 13.5: blank lines between blocks
            index += 1
            continue
        index = parser.block(index)
    # The spec's text track cue order: by start, then the longer first, then file order.
    cues = sorted(parser.cues, key=lambda cue: (cue.start, -cue.end))
    return Captions(tuple(cues), tuple(parser.warnings))


def parse_vtt(text: str) -> list[Cue]:
    """The cues of a WebVTT file in start order (see :func:`read_vtt`)."""
    return list(read_vtt(text).cues)


# --- cue text ------------------------------------------------------------------------------
def _tag_text(body: str, state: dict[str, bool]) -> str:
    """The plain text a tag stands for (spec 6.4 "cue text parsing rules"): ``<v Name>``
    gives "Name: ", ruby text goes in brackets; <b>, <i>, <u>, <c.class>, <lang xx>,
    timestamps and unknown tags give nothing, and the text inside them shows."""
    if body.startswith("/"):
        name = body[1:]
        if state["rt"] and name in ("rt", "ruby"):
            state["rt"] = False
            return ")"
        state["ruby"] = state["ruby"] and name != "ruby"
        return ""
    name = _TAG_NAME_END.split(body)[0]
    if name == "v":  # the annotation is what follows the first whitespace
        voice = " ".join(word for word in _WHITESPACE_RUN.split(html.unescape(body))[1:] if word)
        return f"{voice}: " if voice else ""
    if name == "ruby":
        state["ruby"] = True
    if name == "rt" and state["ruby"] and not state["rt"]:
        state["rt"] = True
        return "("
    return ""


def cue_text(raw: str) -> str:
    """A cue's text as plain text, per the spec's cue text parsing rules (6.4): tags out,
    character references decoded (as HTML does: &amp; &lt; &gt; &nbsp; &lrm; &rlm; &#...;).

    A tag runs from ``<`` to the next ``>`` or, if none, to the end of the cue: an unclosed
    ``<`` hides the rest of the cue, as in a browser. Lines are trimmed and spaces collapsed
    (the spec renders with CSS ``white-space: pre-line``); a line left empty is not drawn.
    """
    parts: list[str] = []
    state = {"ruby": False, "rt": False}
    at = 0
    for tag in _TAG.finditer(raw):
        parts.append(html.unescape(raw[at : tag.start()]))  # the data state's text
        parts.append(_tag_text(tag.group(1), state))
        at = tag.end()
    parts.append(html.unescape(raw[at:]))
    if state["rt"]:
        parts.append(")")
    lines = (_SPACES.sub(" ", line).strip(_WHITESPACE) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# --- lookup --------------------------------------------------------------------------------
class CueTrack:
    """Finds the cues showing at a position, for a caption strip."""

    def __init__(self, cues: list[Cue] | tuple[Cue, ...]) -> None:
        self.cues = sorted(cues, key=lambda cue: (cue.start, -cue.end))
        self._starts = [cue.start for cue in self.cues]
        self._reach: list[int] = []
        """The latest end among the cues up to each one: where a backward search stops."""
        for cue in self.cues:
            self._reach.append(max(cue.end, self._reach[-1] if self._reach else cue.end))

    def text_at(self, position: int) -> str:
        """The text of every cue active at ``position`` milliseconds (start <= position <
        end), one under the other in start order; ``""`` when none is."""
        index = bisect.bisect_right(self._starts, position) - 1
        active: list[str] = []
        while index >= 0 and self._reach[index] > position:
            cue = self.cues[index]
            if position < cue.end and cue.text:
                active.append(cue.text)
            index -= 1
        return "\n".join(reversed(active))
