"""Converting and scaling a video frame in one pass with FFmpeg's libswscale, through ctypes.

Why a hand binding rather than a package: the library is already here. The PySide6 wheel
ships it for Qt's FFmpeg plugin (``PySide6/Qt/lib/libswscale.so.8``) and the PyInstaller
bundle collects it with that plugin; a binding such as PyAV would add a second FFmpeg (tens
of MB) for the five functions used here. ctypes releases the GIL during each call.

Qt-free: pixel formats are FFmpeg's names (``"yuv420p"``), resolved to the library's own
numbers by ``av_get_pix_fmt``, so nothing depends on one FFmpeg version's enum. Sizes are in
pixels, strides in bytes. Anything that fails to load gives None: the caller then converts
another way (the picture must never go blank because of this module).
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SWS_FAST_BILINEAR = 1
SWS_BILINEAR = 2
"""Bilinear: the film is only ever shrunk or enlarged a little; as fast as
``SWS_FAST_BILINEAR`` here (bench/README.md) and without its colour fringes."""

COLOUR_SPACES = {"bt709": 1, "bt601": 5, "bt2020": 9}
"""``SWS_CS_*``: the matrix from Y'CbCr to R'G'B'."""

if sys.platform == "win32":
    NAMES = ("swscale-8.dll", "avutil-59.dll")
    STUBS: tuple[str, ...] = ()
elif sys.platform == "darwin":
    NAMES = ("libswscale.8.dylib", "libavutil.59.dylib")
    STUBS = ()
else:
    NAMES = ("libswscale.so.8", "libavutil.so.59")
    STUBS = ("libQt6FFmpegStub-crypto.so.3", "libQt6FFmpegStub-ssl.so.3")
    """Qt's stand-ins for OpenSSL that libavutil links: loaded first, globally, or
    ``dlopen`` fails on ``RAND_bytes``."""

_int_p = ctypes.POINTER(ctypes.c_int)
_planes = ctypes.c_void_p * 4
_strides = ctypes.c_int * 4


class Swscale:
    """The loaded library: its functions, typed."""

    def __init__(self, scale: ctypes.CDLL, util: ctypes.CDLL) -> None:
        self.scale, self.util = scale, util
        util.av_get_pix_fmt.restype = ctypes.c_int
        util.av_get_pix_fmt.argtypes = [ctypes.c_char_p]
        util.av_cpu_count.restype = ctypes.c_int
        util.av_cpu_force_count.argtypes = [ctypes.c_int]
        scale.sws_isSupportedInput.argtypes = [ctypes.c_int]
        scale.sws_isSupportedOutput.argtypes = [ctypes.c_int]
        scale.sws_getCachedContext.restype = ctypes.c_void_p
        scale.sws_getCachedContext.argtypes = [ctypes.c_void_p, *[ctypes.c_int] * 7]
        scale.sws_getCachedContext.argtypes += [ctypes.c_void_p] * 3
        scale.sws_freeContext.argtypes = [ctypes.c_void_p]
        scale.sws_getCoefficients.restype = _int_p
        scale.sws_getCoefficients.argtypes = [ctypes.c_int]
        scale.sws_setColorspaceDetails.argtypes = [ctypes.c_void_p, _int_p, ctypes.c_int]
        scale.sws_setColorspaceDetails.argtypes += [_int_p, *[ctypes.c_int] * 4]
        scale.sws_scale.argtypes = [ctypes.c_void_p, _planes, _strides, ctypes.c_int]
        scale.sws_scale.argtypes += [ctypes.c_int, _planes, _strides]
        self._formats: dict[str, int | None] = {}

    def pixel_format(self, name: str) -> int | None:
        """FFmpeg's number for the pixel format ``name``, if this build converts from it."""
        if name not in self._formats:
            number = self.util.av_get_pix_fmt(name.encode("ascii"))
            ok = number >= 0 and self.scale.sws_isSupportedInput(number) > 0
            self._formats[name] = number if ok else None
        return self._formats[name]

    def force_cpu_count(self, count: int) -> None:
        """Make FFmpeg count ``count`` cores (0: the real number again), process-wide.

        Qt's player opens its decoders with FFmpeg's "auto" threads, which is a thread per
        core plus one, each holding frames of its own; with one core counted a decoder
        decodes on its own thread alone (read when a decoder opens; bench/README.md)."""
        self.util.av_cpu_force_count(count)

    def cpu_count(self) -> int:
        """The number of cores FFmpeg counts (forced or not)."""
        return int(self.util.av_cpu_count())


def load(directories: Sequence[Path]) -> Swscale | None:
    """The library from the first of ``directories`` that has it, else the one already
    loaded in the process by its plain name (Qt's FFmpeg plugin links it); None if none."""
    for where in [*directories, None]:
        try:
            for stub in STUBS:
                path = where / stub if where else None
                if path is not None and path.exists():
                    ctypes.CDLL(str(path), mode=ctypes.RTLD_GLOBAL)
            util, scale = (
                ctypes.CDLL(str(where / name) if where else name) for name in NAMES[::-1]
            )
            return Swscale(scale, util)
        except (OSError, AttributeError) as exc:  # not there, or a build without a function
            log.debug("libswscale not loaded from %s: %s", where or "the process", exc)
    log.info("libswscale not found; video frames are converted by Qt")
    return None


@dataclass(frozen=True)
class Picture:
    """Where a conversion writes: an RGB picture of ``width`` x ``height`` pixels at
    ``address``, ``stride`` bytes a row, in the pixel format ``format`` (FFmpeg's number)."""

    address: int
    stride: int
    width: int
    height: int
    format: int


@dataclass(frozen=True)
class Source:
    """A mapped frame: one address and stride per plane, its size and FFmpeg format, and
    for Y'CbCr its matrix (a key of :data:`COLOUR_SPACES`) and range (full or video)."""

    planes: Sequence[tuple[int, int]]
    width: int
    height: int
    format: int
    colour_space: str = "bt709"
    full_range: bool = False


class Scaler:
    """One libswscale context, made again only when the source or destination changes
    (a new film, a resize): ``contexts_made`` counts them."""

    def __init__(self, lib: Swscale, flags: int = SWS_BILINEAR) -> None:
        self.lib, self.flags = lib, flags
        self._context: int | None = None
        self._key: tuple[int, ...] = ()
        self._colour: tuple[str, bool] | None = None
        self.contexts_made = 0

    def convert(self, source: Source, target: Picture) -> bool:
        """Convert and scale ``source`` into ``target`` in one pass; False if it could not."""
        scale = self.lib.scale
        key: tuple[int, ...] = (source.width, source.height, source.format)
        key += (target.width, target.height, target.format, self.flags)
        if key != self._key:
            self._context = scale.sws_getCachedContext(self._context, *key, None, None, None)
            self._key, self._colour = (key, None) if self._context else ((), None)
            self.contexts_made += 1
        if not self._context:
            return False
        colour = (source.colour_space, source.full_range)
        if colour != self._colour:
            self._colour = colour
            matrix = scale.sws_getCoefficients(COLOUR_SPACES.get(source.colour_space, 1))
            unit = 1 << 16
            # The same matrix both ways: scaling RGB goes through Y'CbCr and back.
            scale.sws_setColorspaceDetails(
                self._context, matrix, int(source.full_range), matrix, 1, 0, unit, unit
            )
        planes, strides = _planes(), _strides()
        for index, (address, stride) in enumerate(source.planes[:4]):
            planes[index], strides[index] = address, stride
        out, out_stride = _planes(target.address), _strides(target.stride)
        rows = scale.sws_scale(self._context, planes, strides, 0, source.height, out, out_stride)
        return bool(rows == target.height)

    def close(self) -> None:
        """Free the context (the scaler can be used again: it makes a new one)."""
        if self._context:
            self.lib.scale.sws_freeContext(self._context)
        self._context, self._key = None, ()

    def __del__(self) -> None:
        self.close()
