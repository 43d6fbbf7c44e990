"""The length of a video file, read from its header without decoding it. Qt-free.

The video slide shows the length before the video plays, also in still pictures (``kiosk
render``), where no player opens the file. WebM and Matroska files keep it in their
Segment Info (``Duration`` in units of ``TimestampScale``); other files answer None, and the
player's own duration arrives once it opened the file.
"""

from __future__ import annotations

import struct
from pathlib import Path

_EBML, _SEGMENT, _INFO = 0x1A45DFA3, 0x18538067, 0x1549A966
_TIMESTAMP_SCALE, _DURATION = 0x2AD7B1, 0x4489
_HEAD_BYTES = 256 * 1024


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
        element, at = _vint(data, at, keep_marker=True)
        size, at = _vint(data, at, keep_marker=False)
        stop = min(end, at + size)
        found.append((element, at, stop))
        at = stop
    return found


def video_duration_ms(path: Path) -> int | None:
    """The length of the WebM/Matroska video at ``path`` in milliseconds, or None."""
    try:
        with path.open("rb") as file:
            data = file.read(_HEAD_BYTES)
        top = _elements(data, 0, len(data))
        if not top or top[0][0] != _EBML:
            return None
        segment = next(((s, e) for i, s, e in top if i == _SEGMENT), None)
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
