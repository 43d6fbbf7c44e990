"""Qt-free checks that an asset file is what its name says: an SVG that is safe to draw, a
picture whose size the app can hold in memory, a video container. Each returns the reason
a file cannot be used, or ``None``.

They read headers, not whole pictures or videos, so ``kiosk validate`` stays fast; a file
that passes may still fail to decode (the app then shows its calm fallback).
"""

from __future__ import annotations

import errno
import struct
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit

MAX_PICTURE_BYTES = 256 * 1024 * 1024
"""Largest decoded picture (4 bytes a pixel) the app shows: Qt's default allocation limit."""
MAX_PICTURE_PIXELS = MAX_PICTURE_BYTES // 4
"""That is 8192 x 8192 pixels; a 3840 x 2160 picture is already sharp on a 4K screen."""
MAX_SVG_BYTES = 32 * 1024 * 1024
"""Largest SVG file read; the bundled summary visual is about 9 KiB."""
HEADER_BYTES = 1024 * 1024
"""How much of a bitmap is read to find its size (a JPEG's size follows its metadata)."""

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_NS = " "  # expat's separator between a namespace and a local name


class _RefusedError(Exception):
    """Raised from an expat handler to stop parsing a file that must not be drawn."""


def svg_problem(data: bytes, folder: Path | None = None) -> str | None:
    """Why the SVG document ``data`` cannot be shown, or ``None``.

    Refused: anything that is not well-formed XML with an ``<svg>`` root, entity
    declarations other than small internal ones as Illustrator writes them (an "XML bomb"
    expands a few lines into gigabytes; an external entity reads another file), and references that
    leave the picture's folder (Qt's SVG renderer reads ``<image href="/any/file.png">``
    from anywhere on the machine). With ``folder`` (the SVG's folder), a relative reference
    must also name an existing file.
    """
    if len(data) > MAX_SVG_BYTES:
        return f"the SVG is larger than {MAX_SVG_BYTES // 1024 // 1024} MiB"
    from xml.parsers import expat  # an XML parser, loaded with the first SVG checked

    parser = expat.ParserCreate(namespace_separator=_NS)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[str] = []
    entities = _EntityCheck(data)

    def start(name: str, attributes: dict[str, str]) -> None:
        if not root:
            root.append(name)
            if name not in (f"{SVG_NAMESPACE}{_NS}svg", "svg"):
                raise _RefusedError(f"its root element is <{name.rsplit(_NS, 1)[-1]}>, not <svg>")
        if name.rsplit(_NS, 1)[-1] == "a":
            return  # a hyperlink is only text to the app; it is never followed
        for attribute, value in attributes.items():
            if attribute.rsplit(_NS, 1)[-1] == "href":
                problem = _reference_problem(value.strip(), folder)
                if problem:
                    raise _RefusedError(problem)

    parser.EntityDeclHandler = entities.declare
    parser.UnparsedEntityDeclHandler = entities.refuse
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except _RefusedError as refused:
        return str(refused)
    except expat.ExpatError as error:
        where = f"line {error.lineno}, column {error.offset + 1}"
        return f"it is not valid SVG ({where}: {expat.ErrorString(error.code)})"
    except (LookupError, ValueError) as error:  # e.g. <?xml encoding="U-F-8"?>
        return f"it is not valid SVG ({error})"
    if not root:
        return "it is not valid SVG (no elements)"
    return None


MAX_ENTITIES = 64
"""Most internal entities an SVG may declare (Illustrator declares about ten)."""
MAX_ENTITY_CHARS = 1024
"""Longest replacement text of one entity (Illustrator's are namespace addresses)."""
MAX_ENTITY_EXPANSION = 1024 * 1024
"""Most characters all entity references together may add to the document."""
_ENTITY_FIX = (
    "re-export the picture without a DOCTYPE (Illustrator: File > Export > Export As... > "
    "SVG), or export it as PNG"
)


class _EntityCheck:
    """Accepts internal entities that are small, refer to no other entity and expand to a
    bounded total (each expanded once, where it is used); refuses the rest with a reason."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.count = 0
        self.expansion = 0

    def refuse(self, name: str, *_: object) -> None:
        raise _RefusedError(f"it declares the external XML entity {name!r}; {_ENTITY_FIX}")

    def declare(self, name: str, parameter: bool, value: str | None, *_: object) -> None:
        if parameter:
            raise _RefusedError(f"it declares the XML parameter entity {name!r}; {_ENTITY_FIX}")
        if value is None:
            self.refuse(name)
            return
        self.count += 1
        if self.count > MAX_ENTITIES:
            raise _RefusedError(f"it declares more than {MAX_ENTITIES} XML entities; {_ENTITY_FIX}")
        if "&" in value or "%" in value or "<" in value:
            raise _RefusedError(
                f"it declares the XML entity {name!r}, which holds markup or refers to other "
                f"entities (the way an 'XML bomb' grows); {_ENTITY_FIX}"
            )
        if len(value) > MAX_ENTITY_CHARS:
            raise _RefusedError(
                f"it declares the XML entity {name!r}, longer than {MAX_ENTITY_CHARS} "
                f"characters; {_ENTITY_FIX}"
            )
        self.expansion += self.data.count(f"&{name};".encode()) * len(value)
        if self.expansion > MAX_ENTITY_EXPANSION:
            raise _RefusedError(
                f"its XML entities expand to more than {MAX_ENTITY_EXPANSION // 1024} KiB; "
                f"{_ENTITY_FIX}"
            )


def svg_element_ids(data: bytes) -> set[str] | None:
    """The ``id`` attributes of the SVG document ``data``; ``None`` if it cannot be shown
    (:func:`svg_problem` says why)."""
    if svg_problem(data) is not None:
        return None
    from xml.parsers import expat  # loaded with the first SVG checked

    parser = expat.ParserCreate(namespace_separator=_NS)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    ids: set[str] = set()

    def start(name: str, attributes: dict[str, str]) -> None:
        for attribute, value in attributes.items():
            if attribute.rsplit(_NS, 1)[-1] == "id":
                ids.add(value)

    parser.StartElementHandler = start
    parser.Parse(data, True)
    return ids


def _reference_problem(reference: str, folder: Path | None) -> str | None:
    """Why an ``href`` in an SVG must not be followed, or ``None`` if it stays inside."""
    if not reference or reference.startswith("#") or reference[:5].lower() == "data:":
        return None
    shown = reference if len(reference) <= 80 else reference[:77] + "..."
    for candidate in {reference, unquote(reference)}:
        posix = candidate.replace("\\", "/")
        if (
            urlsplit(posix).scheme
            or PurePosixPath(posix).is_absolute()
            or PureWindowsPath(candidate).drive
            or ".." in PurePosixPath(posix).parts
        ):
            return (
                f"it refers to {shown!r}, outside its folder; the app works offline, so "
                "embed the picture (a data: URI) or put it beside the SVG"
            )
    if folder is not None:
        target = folder / reference.split("#", 1)[0]
        try:
            found = target.is_file()
        except (OSError, ValueError):
            found = False
        if not found:
            return f"it refers to {shown!r}, which does not exist"
    return None


def picture_size(header: bytes) -> tuple[int, int] | None:
    """``(width, height)`` from the start of a PNG, JPEG or WebP file, or ``None``."""
    if header.startswith(b"\x89PNG\r\n\x1a\n") and header[12:16] == b"IHDR" and len(header) >= 24:
        width, height = struct.unpack(">II", header[16:24])
        return width, height
    if header.startswith(b"\xff\xd8\xff"):
        return _jpeg_size(header)
    if header[:4] == b"RIFF" and header[8:12] == b"WEBP":
        chunk = header[12:16]
        if chunk == b"VP8X" and len(header) >= 30:
            width = int.from_bytes(header[24:27], "little") + 1
            height = int.from_bytes(header[27:30], "little") + 1
            return width, height
        if chunk == b"VP8L" and len(header) >= 25:
            bits = int.from_bytes(header[21:25], "little")
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        if chunk == b"VP8 " and len(header) >= 30:
            width, height = struct.unpack("<HH", header[26:30])
            return width & 0x3FFF, height & 0x3FFF
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The size in a JPEG's first start-of-frame segment, if it lies within ``data``."""
    index = 2
    while index + 4 <= len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            index += 2
            continue
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if index + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        if length < 2:
            return None
        index += 2 + length
    return None


def picture_problem(header: bytes) -> str | None:
    """Why a PNG, JPEG or WebP file that starts with ``header`` cannot be shown, or ``None``."""
    size = picture_size(header)
    if size is None and header.startswith(b"\xff\xd8\xff"):
        return None  # a JPEG whose size lies past a long header: the app will see
    if size is None:
        return "it is not a PNG, JPEG or WebP picture (or its header is damaged)"
    width, height = size
    if width <= 0 or height <= 0:
        return f"the picture says it is {width} x {height} pixels"
    if width * height > MAX_PICTURE_PIXELS:
        return (
            f"the picture is {width} x {height} pixels; the app shows at most "
            f"{MAX_PICTURE_PIXELS // 1_000_000} million pixels (e.g. 8192 x 8192): scale it down"
        )
    return None


_QUICKTIME_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")


def video_problem(header: bytes) -> str | None:
    """Why a file that starts with ``header`` is not a WebM, Matroska, MP4 or QuickTime
    video, or ``None``. (Whether its streams decode is for the player to find out.)"""
    if header.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: WebM and Matroska
        return None
    if header[4:8] in _QUICKTIME_BOXES:  # ISO base media (MP4) and QuickTime
        return None
    return "it is not a WebM, Matroska, MP4 or QuickTime video"


def file_problem(path: Path) -> str | None:
    """Check the asset at ``path`` by its suffix; ``None`` if it looks usable.

    Raises ``OSError`` if it cannot be read.
    """
    suffix = path.suffix.lower()
    if suffix == ".svg":
        with path.open("rb") as stream:
            data = stream.read(MAX_SVG_BYTES + 1)
        return svg_problem(data, path.parent)
    if suffix in (".png", ".jpg", ".jpeg", ".webp"):
        with path.open("rb") as stream:
            return picture_problem(stream.read(HEADER_BYTES))
    if suffix in (".webm", ".mp4", ".mkv", ".mov"):
        with path.open("rb") as stream:
            return video_problem(stream.read(16))
    return None


def raise_if_loop(path: Path) -> None:
    """Raise the ``OSError`` of a symbolic link that leads back to itself (ELOOP)."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise
