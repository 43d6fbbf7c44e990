"""Process-wide Qt set-up: the video rendering path, fonts, and the exception hook."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QLoggingCategory, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.resources import NASTALIQ_FAMILY, SCRIPT_FAMILIES, families_for, font_files
from kiosk.system.platform.video import resolve_video_path, video_path_environment

log = logging.getLogger(__name__)


def choose_video_path(requested: str = "auto") -> str:
    """Decide how video frames reach the screen; call before the QApplication exists.

    ``requested`` is ``auto``, ``gpu`` or ``cpu`` (see :mod:`kiosk.system.platform.video`, which
    holds the per-platform choice); sets the environment that path needs, unless the
    user set it already. Returns ``"gpu"`` or ``"cpu"``.
    """
    path = resolve_video_path(requested)
    for name, value in video_path_environment(path).items():
        os.environ.setdefault(name, value)
    log.info("video rendering path: %s", path)
    return path


def install_exception_hook() -> None:
    """Log exceptions raised in Qt slots instead of letting them end the process."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        # Let go of the failed handler's locals now: a QPainter the traceback kept alive
        # stayed active on its widget, every later paint failed, and the app crashed.
        traceback.clear_frames(tb)

    sys.excepthook = hook


def register_fonts(family: str) -> None:
    """Load the bundled fonts, make ``family`` the application font and the bundled fonts of
    other scripts (:data:`~kiosk.resources.SCRIPT_FAMILIES`) its fallbacks.

    The fallbacks are Qt font substitutions of ``family`` (and of Noto Sans and of Nastaliq,
    which Urdu text starts with): every QFont of
    that family, wherever it is made, falls back to them for a character it lacks, before
    any font of the machine (which drew Arabic in DejaVu Sans, and Bengali not at all).
    """
    bundled: set[str] = set()
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
        else:
            bundled.update(QFontDatabase.applicationFontFamilies(font_id))
    # The machine's families only for a family we do not bring (listing them takes 2 ms).
    if family not in bundled and family not in QFontDatabase.families():
        log.warning("font %r is not available; using Noto Sans", family)
        family = "Noto Sans"
    fallbacks = {name: list(SCRIPT_FAMILIES) for name in (family, "Noto Sans")}
    # Urdu text is set in Nastaliq first (kiosk.ui.style.families_for); it has no Latin.
    fallbacks[NASTALIQ_FAMILY] = [family, "Noto Sans", *SCRIPT_FAMILIES]
    for name, others in fallbacks.items():
        current = QFont.substitutes(name)
        missing = [other for other in dict.fromkeys(others) if other not in (name, *current)]
        QFont.insertSubstitutions(name, missing)
    font = QFont(family)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    QApplication.setFont(font)


def use_language_fonts(family: str, language: str) -> None:
    """Make the application font the families of ``language`` (Nastaliq first for Urdu).

    Called before a window or renderer makes its widgets: every widget and QFont that does
    not name its own family takes the application font's. Widget fonts alone were not
    enough: a style sheet, or a label measured before it had a parent, falls back to the
    application font's first family.
    """
    font = QFont(QApplication.font())
    font.setFamilies(families_for(family, language))
    QApplication.setFont(font)


_QUIET_QT_MESSAGES = (
    "propagateSizeHints",  # the offscreen platform's harmless complaint
    "pipewire",  # QtMultimedia probing for a sound server a kiosk may not have
    "pa_context_connect",
    "Using Qt multimedia with FFmpeg",
    # Qt tried a font fontconfig lists for a script (Noto Sans Arabic claims Panjabi, by its
    # Shahmukhi letters) that cannot shape it, and goes on to the next fallback.
    "OpenType support missing for",
)


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Send Qt's own messages to the log instead of the terminal (never to the public)."""
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(kind, logging.WARNING)
    if level == logging.WARNING and any(quiet in message for quiet in _QUIET_QT_MESSAGES):
        level = logging.INFO
    logging.getLogger(f"qt.{context.category or 'default'}").log(level, "%s", message)


def route_qt_messages() -> None:
    """Install the handler that logs Qt's messages through :mod:`logging`."""
    qInstallMessageHandler(_qt_message)


FFMPEG_STREAM_DUMP_RULE = "qt.multimedia.ffmpeg.mediadataholder.info=false"
"""Qt's logging rule that keeps FFmpeg's stream dump off stderr.

Qt's FFmpeg backend (qtmultimedia, src/plugins/multimedia/ffmpeg/playbackengine/
qffmpegmediadataholder.cpp) calls ``av_dump_format()`` on every media file it opens when the
``qt.multimedia.ffmpeg.mediadataholder`` category has info messages enabled, which Qt's
default rules do. FFmpeg writes that dump ("Input #0, matroska,webm ...", "Stream #0:0 ...")
straight to stderr, past Qt's message handler and so past the app's log. The
``qt.multimedia.ffmpeg`` category and ``QT_FFMPEG_DEBUG`` do not control it.
"""


def quiet_ffmpeg_stream_dump() -> None:
    """Stop FFmpeg's per-file stream dump on stderr; the category's warnings still reach the log.

    Uses :meth:`QLoggingCategory.setFilterRules`, which Qt applies after qtlogging.ini but
    before ``QT_LOGGING_CONF`` and ``QT_LOGGING_RULES``: the user's environment still wins, and
    a developer who wants the dump back sets
    ``QT_LOGGING_RULES=qt.multimedia.ffmpeg.mediadataholder.info=true``. Works before or after
    the QApplication exists, and before or after the FFmpeg plugin loads.
    """
    QLoggingCategory.setFilterRules(FFMPEG_STREAM_DUMP_RULE)


def limit_malloc_arenas(count: int = 2) -> bool:
    """Cap glibc's malloc arenas at ``count``; call before any thread starts.

    Every opening of the video starts fresh FFmpeg decoder threads, and glibc (by default up
    to 8 arenas per core) may give each new thread an arena of its own, keeping what is freed
    there: over an attract loop's first dozens of video plays the process grew and swung by
    tens of MiB (bench/soak.py). Two arenas keep it flat, at no cost in video CPU. Does
    nothing off Linux or when MALLOC_ARENA_MAX is set; returns whether the cap was set.
    """
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    m_arena_max = -8  # glibc's malloc.h
    return bool(mallopt(m_arena_max, count))


def release_free_memory() -> None:
    """Give the memory glibc keeps after frees back to the system (``malloc_trim``).

    Called a moment after the video's decoder was closed: otherwise the 20-45 MiB it freed
    stay with the process while static slides show (bench/soak.py). Linux only; a few ms.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return  # not glibc
    trim(0)


def create_application(argv: list[str], font_family: str = "Noto Sans") -> QApplication:
    """Return the QApplication, creating and configuring it on first use."""
    route_qt_messages()
    quiet_ffmpeg_stream_dump()
    existing = QApplication.instance()
    if existing is None:
        limit_malloc_arenas()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("rho-kiosk")
    app.setApplicationDisplayName("Our Priorities")
    register_fonts(font_family)
    return app
