"""A video file's length and its audio tracks' languages, read from its headers without
decoding it. Qt-free.

The video slide shows the length before the video plays, also in still pictures (``kiosk
render``), where no player opens the file. WebM and Matroska files keep it in their
Segment Info (``Duration`` in units of ``TimestampScale``); other files answer None, and the
player's own duration arrives once it opened the file. ``validate`` reads the audio tracks'
languages (Matroska's ``Tracks``, MP4's ``mdhd`` boxes) to warn of a language a film has no
sound track in; :func:`pick_audio_track` is how the player chooses one.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from kiosk.content.languages import THREE_LETTER

_EBML, _SEGMENT, _INFO = 0x1A45DFA3, 0x18538067, 0x1549A966
_TIMESTAMP_SCALE, _DURATION = 0x2AD7B1, 0x4489
_TRACKS, _TRACK_ENTRY, _TRACK_TYPE, _AUDIO = 0x1654AE6B, 0xAE, 0x83, 2
_LANGUAGE, _LANGUAGE_BCP47 = 0x22B59C, 0x22B59D
_HEAD_BYTES = 256 * 1024
_MOOV_BYTES = 16 * 1024 * 1024
"""An MP4's ``moov`` box larger than this is not read (a film of many hours)."""


def _vint(data: bytes, at: int, keep_marker: bool) -> tuple[int, int]:
    """(value, position after it) of the EBML variable-length integer at ``at``."""
    first = data[at]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or at + length > len(data):
        raise ValueError("bad EBML number")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[at + 1 : at + length]:
        value = (value << 8) | byte
    return value, at + length


def _elements(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    """(id, data start, data end) of each element in ``data[start:end]``."""
    found = []
    at = start
    while at < end:
        try:
            element, at = _vint(data, at, keep_marker=True)
            size, at = _vint(data, at, keep_marker=False)
        except (ValueError, IndexError):
            break  # the file's head was cut off in the middle of an element's header
        stop = min(end, at + size)
        found.append((element, at, stop))
        at = stop
    return found


def _segment(data: bytes) -> tuple[int, int] | None:
    """Where the Matroska Segment's data is in ``data`` (the file's head), or None."""
    top = _elements(data, 0, len(data))
    if not top or top[0][0] != _EBML:
        return None
    return next(((s, e) for i, s, e in top if i == _SEGMENT), None)


def video_duration_ms(path: Path) -> int | None:
    """The length of the WebM/Matroska video at ``path`` in milliseconds, or None."""
    try:
        with path.open("rb") as file:
            data = file.read(_HEAD_BYTES)
        segment = _segment(data)
        if segment is None:
            return None
        info = next(((s, e) for i, s, e in _elements(data, *segment) if i == _INFO), None)
        if info is None:
            return None
        scale, duration = 1_000_000, None
        for element, start, stop in _elements(data, *info):
            if element == _TIMESTAMP_SCALE:
                scale = int.from_bytes(data[start:stop], "big")
            elif element == _DURATION and stop - start in (4, 8):
                duration = struct.unpack(">f" if stop - start == 4 else ">d", data[start:stop])[0]
    except (OSError, ValueError, IndexError, struct.error):
        return None
    if duration is None or not duration > 0:
        return None
    return round(duration * scale / 1_000_000)


def audio_track_languages(path: Path) -> list[str] | None:
    """The language of each audio track of the MP4 or WebM/Matroska film at ``path``, in the
    file's order, as a two-letter code where one is known (``eng`` -> ``en``; ``""`` for a
    track without one, ``und``); None for a file of another kind or one that cannot be read."""
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD_BYTES)
            if head[4:8] == b"ftyp":
                codes = _mp4_audio_languages(file)
            else:
                codes = _matroska_audio_languages(head)
    except (OSError, ValueError, IndexError, struct.error):
        return None
    return None if codes is None else [_short(code) for code in codes]


def _short(code: str) -> str:
    """``eng`` -> ``en``, ``pt-BR`` -> ``pt``; undetermined -> ``""``."""
    base = code.strip().split("-")[0].lower()
    base = THREE_LETTER.get(base, base)
    return "" if base in ("und", "mul", "zxx", "mis", "") else base


def _matroska_audio_languages(data: bytes) -> list[str] | None:
    segment = _segment(data)
    if segment is None:
        return None
    tracks = next(((s, e) for i, s, e in _elements(data, *segment) if i == _TRACKS), None)
    if tracks is None:
        return None
    codes = []
    for element, start, stop in _elements(data, *tracks):
        if element != _TRACK_ENTRY:
            continue
        kind, language, bcp47 = 0, "eng", ""  # Matroska's default language is English
        for inner, begin, end in _elements(data, start, stop):
            value = data[begin:end]
            if inner == _TRACK_TYPE:
                kind = int.from_bytes(value, "big")
            elif inner == _LANGUAGE:
                language = value.rstrip(b"\0").decode("ascii", "replace")
            elif inner == _LANGUAGE_BCP47:
                bcp47 = value.rstrip(b"\0").decode("ascii", "replace")
        if kind == _AUDIO:
            codes.append(bcp47 or language)
    return codes


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, data start, data end) of each MP4 box in ``data[start:end]``."""
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", data[at + 8 : at + 16])[0], 16
        elif size == 0:
            size = end - at
        if size < header:
            return
        yield kind, at + header, min(end, at + size)
        at += size


def _moov(file: BinaryIO) -> bytes | None:
    """The ``moov`` box's data: top-level boxes are skipped by their headers (``mdat``, the
    pictures and sound, is most of the file; ``moov`` is often after it)."""
    file.seek(0, 2)
    length, at = file.tell(), 0
    while at + 8 <= length:
        file.seek(at)
        size, kind = struct.unpack(">I4s", file.read(8))
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", file.read(8))[0], 16
        elif size == 0:
            size = length - at
        if size < header:
            return None
        if kind == b"moov":
            return file.read(min(size - header, _MOOV_BYTES))
        at += size
    return None


def _mp4_audio_languages(file: BinaryIO) -> list[str] | None:
    moov = _moov(file)
    if moov is None:
        return None
    codes = []
    for kind, start, stop in _boxes(moov, 0, len(moov)):
        if kind != b"trak":
            continue
        media = next(((s, e) for k, s, e in _boxes(moov, start, stop) if k == b"mdia"), None)
        if media is None:
            continue
        handler, language = b"", ""
        for inner, begin, _end in _boxes(moov, *media):
            if inner == b"hdlr":
                handler = moov[begin + 8 : begin + 12]
            elif inner == b"mdhd":
                version = moov[begin]
                packed = struct.unpack(">H", moov[begin + (32 if version else 20) :][:2])[0]
                # Three letters of five bits each, offset from 0x60 (ISO 639-2/T).
                language = "".join(chr(((packed >> s) & 0x1F) + 0x60) for s in (10, 5, 0))
        if handler == b"soun":
            codes.append(language)
    return codes


def pick_audio_track(tracks: Sequence[str], language: str, default_language: str) -> int | None:
    """Which of the audio ``tracks`` (their languages, as :func:`audio_track_languages`
    gives them) to play for a visitor reading ``language``: the first in that language,
    else the first in the content's default language, else the first; None for no tracks."""
    if not tracks:
        return None
    for wanted in (language, default_language):
        short = _short(wanted)
        if short and short in tracks:
            return tracks.index(short)
    return 0


def missing_audio_languages(tracks: Sequence[str], languages: Sequence[str]) -> list[str]:
    """The ``languages`` a film with several audio ``tracks`` has no track in (a film with
    one sound track plays it to everyone: nothing is missing)."""
    if len(tracks) < 2:
        return []
    return [code for code in languages if _short(code) not in tracks]
