"""``kiosk self-test``: check that this machine can show the content, one line per check.

Run it on the machine that will show the presentation, on the content it will show, before the
event (and after copying new content). It needs no display and no network. Each check prints
``ok   name: detail`` or ``FAIL name: detail``; the command exits 1 if any check failed.

- ``content``: content.yaml is valid and every file it names exists (as ``kiosk validate``);
  its warnings (e.g. a caption cue dropped, a missing translation) follow, indented.
- ``glyphs``: every character of every text, in every language, has a glyph in a bundled font.
- ``fonts``: the bundled fonts load and the theme's font family is available.
- ``svg`` / ``image``: each picture (image slides, video posters) opens and draws something;
  a picture the app refuses fails with the reason, and an SVG's features Qt draws wrong are
  listed as warnings (as ``kiosk validate`` gives them).
- ``qr``: each link slide's QR code is made, drawn, and read back module by module.
- ``video``: each video decodes to real frames through the app's own player, within a timeout.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content import Content, ContentError, ImageSlide, LinkSlide, VideoSlide, load_content
from kiosk.content.assets import file_problem
from kiosk.content.svg_features import file_warnings
from kiosk.glyphs import glyph_problems
from kiosk.resources import FONTS_DIR, bundled_content_path, font_files

if TYPE_CHECKING:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtMultimedia import QVideoFrame

DEFAULT_FONT = "Noto Sans"
VIDEO_TIMEOUT = 20.0
"""Seconds a video may take to show its first real frames (decoding is real time)."""
FRAMES_NEEDED = 5
"""Decoded frames that prove a video plays, not just opens."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"


def resolve_content_path(path: Path | None) -> Path:
    """The content file for ``path``: a content.yaml, a folder holding one, or the bundled one."""
    if path is None:
        return bundled_content_path()
    if path.is_dir():
        return path / "content.yaml"
    return path


def run_self_test(
    path: Path | None = None,
    *,
    video_timeout: float = VIDEO_TIMEOUT,
    report: Callable[[str], None] | None = None,
) -> int:
    """Run every check on the content at ``path``; return 0 if all pass, else 1.

    ``report`` receives each result line as soon as its check is done, then a summary.
    """
    with _quiet_qt():
        results = list(iter_checks(path, video_timeout=video_timeout, report=report))
    failed = [result for result in results if not result.ok]
    summary = (
        f"self-test passed: {len(results)} checks."
        if not failed
        else f"self-test FAILED: {len(failed)} of {len(results)} checks failed."
    )
    if report is not None:
        report(summary)
    return 1 if failed else 0


def iter_checks(
    path: Path | None = None,
    *,
    video_timeout: float = VIDEO_TIMEOUT,
    report: Callable[[str], None] | None = None,
) -> Iterator[CheckResult]:
    """Run the checks one by one, yielding (and reporting) each result."""

    def emit(result: CheckResult) -> CheckResult:
        if report is not None:
            report(str(result))
        return result

    content_path = resolve_content_path(path)
    content, result = _check_content(content_path)
    yield emit(result)
    if content is not None:
        yield emit(_check_glyphs(content))

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import create_application  # lazy: Qt, after the Qt-free checks

    font = content.theme.font if content is not None else DEFAULT_FONT
    create_application(sys.argv[:1], font)
    yield emit(_check_fonts(font))
    if content is None:
        return
    for slide in content.slides:
        if isinstance(slide, ImageSlide):
            yield emit(_check_picture(slide.file, content.base_dir))
        elif isinstance(slide, VideoSlide):
            if slide.poster is not None:
                yield emit(_check_picture(slide.poster, content.base_dir))
            yield emit(_check_video(slide.file, content.base_dir, video_timeout))
        elif isinstance(slide, LinkSlide):
            yield emit(_check_qr(slide.url))


def _shown(path: Path, base_dir: Path) -> str:
    """``path`` relative to the content folder, as content.yaml names it."""
    try:
        return path.relative_to(base_dir).as_posix()
    except ValueError:
        return str(path)


class _QtMessages(logging.Handler):
    """Takes the messages Qt logs (kiosk.ui.app routes them to ``qt.*`` loggers) off the
    console during a self-test; a failing check quotes the warnings that came with it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_qt_messages = _QtMessages()


@contextmanager
def _quiet_qt() -> Iterator[None]:
    """Route Qt's log messages to the self-test instead of the console meanwhile.

    With ``--log-level INFO`` or ``DEBUG`` they reach the console (and log) as well.
    """
    qt_logger = logging.getLogger("qt")
    propagate = qt_logger.propagate
    qt_logger.addHandler(_qt_messages)
    qt_logger.propagate = logging.getLogger().getEffectiveLevel() < logging.WARNING
    try:
        yield
    finally:
        qt_logger.propagate = propagate
        qt_logger.removeHandler(_qt_messages)


@contextmanager
def _qt_warnings() -> Iterator[list[str]]:
    """The warnings Qt logs meanwhile (inside :func:`_quiet_qt`)."""
    _qt_messages.messages = []
    yield _qt_messages.messages


def _with_warnings(detail: str, warnings: list[str]) -> str:
    return f"{detail} (Qt: {'; '.join(warnings[-3:])})" if warnings else detail


# --- content --------------------------------------------------------------------------------
def _check_content(path: Path) -> tuple[Content | None, CheckResult]:
    """Validate the content with its files; on asset problems, still return it for the rest."""
    try:
        content = load_content(path)
    except ContentError as error:
        problems = [str(problem) for problem in error.problems]
        detail = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:\n" + "\n".join(
            f"       {problem}" for problem in problems
        )
        try:  # a missing or broken asset: the other checks can still look at the rest
            partial: Content | None = load_content(path, check_files=False)
        except ContentError:
            partial = None
        return partial, CheckResult("content", False, detail)
    detail = f"{content.path}: valid, {len(content.slides)} slides"
    if content.warnings:  # as `kiosk validate` prints them: the content can be used
        count = len(content.warnings)
        detail += f", {count} warning{'s' if count != 1 else ''}:\n" + "\n".join(
            f"       {warning}" for warning in content.warnings
        )
    return content, CheckResult("content", True, detail)


# --- fonts ----------------------------------------------------------------------------------
def _check_glyphs(content: Content) -> CheckResult:
    """Every character of every text has a glyph in a bundled font (:mod:`kiosk.glyphs`)."""
    problems = glyph_problems(content)
    if problems:
        count = len(problems)
        detail = f"{count} text{'s' if count != 1 else ''} would show empty boxes:\n"
        return CheckResult("glyphs", False, detail + "\n".join(f"       {p}" for p in problems))
    languages = len(content.presentation.languages) or 1
    detail = f"every text in {languages} language{'s' if languages != 1 else ''} can be drawn"
    return CheckResult("glyphs", True, detail)


def _check_fonts(family: str) -> CheckResult:
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

    files = font_files()
    if not files:
        return CheckResult("fonts", False, f"no font files in {FONTS_DIR}")
    broken = [path.name for path in files if QFontDatabase.addApplicationFont(str(path)) < 0]
    if broken:
        return CheckResult("fonts", False, f"cannot load {', '.join(broken)}")
    if not (FONTS_DIR / "OFL.txt").is_file():
        return CheckResult("fonts", False, f"the font licence {FONTS_DIR / 'OFL.txt'} is missing")
    if family not in QFontDatabase.families():
        return CheckResult("fonts", False, f"font family {family!r} (theme.font) is not available")
    resolved = QFontInfo(QFont(family)).family()
    if resolved != family:
        return CheckResult("fonts", False, f"asked for {family!r}, Qt chose {resolved!r}")
    return CheckResult("fonts", True, f"{len(files)} files registered, {family!r} available")


# --- pictures -------------------------------------------------------------------------------
def _distinct_colours(image: object, grid: int = 32) -> int:
    """How many different colours a ``grid`` x ``grid`` sample of ``image`` holds."""
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    width, height = image.width(), image.height()
    if width == 0 or height == 0:
        return 0
    return len(
        {
            image.pixel(x * width // grid, y * height // grid)
            for x in range(grid)
            for y in range(grid)
        }
    )


def _check_picture(path: Path, base_dir: Path) -> CheckResult:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QImageReader, QPainter
    from PySide6.QtSvg import QSvgRenderer

    shown = _shown(path, base_dir)
    name = "svg" if path.suffix.lower() == ".svg" else "image"
    if not path.is_file():
        return CheckResult(name, False, f"{shown}: file not found")
    try:  # what the app refuses, it never hands to Qt: say why, not "not valid" or "blank"
        refused = file_problem(path)
        notes = [f"line {n.line}, column {n.column}: {n.message}" for n in file_warnings(path)]
    except OSError as error:
        return CheckResult(name, False, f"{shown}: cannot read: {error.strerror or error}")
    if refused:
        return CheckResult(name, False, f"{shown}: refused: {refused}")
    with _qt_warnings() as warnings:
        if name == "svg":
            renderer = QSvgRenderer(str(path))
            if not renderer.isValid() or renderer.defaultSize().isEmpty():
                detail = _with_warnings(f"{shown}: not a valid SVG", warnings)
                return CheckResult(name, False, detail)
            size = renderer.defaultSize()
            image = QImage(
                size.scaled(640, 640, Qt.AspectRatioMode.KeepAspectRatio),
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            renderer.render(painter)
            painter.end()
        else:
            reader = QImageReader(str(path))
            image = reader.read()
            if image.isNull():
                detail = f"{shown}: cannot read: {reader.errorString()}"
                return CheckResult(name, False, _with_warnings(detail, warnings))
            size = image.size()
    listed = "".join(f"\n       warning: {note}" for note in notes)
    if _distinct_colours(image) < 2:
        return CheckResult(name, False, f"{shown}: draws nothing (blank){listed}")
    if notes:
        count = f"{len(notes)} warning{'s' if len(notes) != 1 else ''}"
        detail = f"{shown}: {size.width()}x{size.height()}, draws, but not as designed ({count}):"
        return CheckResult(name, True, detail + listed)
    return CheckResult(name, True, f"{shown}: {size.width()}x{size.height()}, draws")


# --- QR code --------------------------------------------------------------------------------
def _check_qr(url: str) -> CheckResult:
    from PySide6.QtGui import QColor

    from kiosk.ui.widgets.pictures import QrView  # lazy: Qt, after the Qt-free checks

    try:
        view = QrView(url)
    except Exception as exc:  # segno refuses data it cannot encode
        return CheckResult("qr", False, f"{url}: cannot make a QR code: {exc}")
    try:
        count = len(view.modules)
        view.resize(400, 400)
        image = view.grab().toImage()
        rect = view.code_rect()
        module = rect.width() // (count + 2 * view.QUIET_ZONE)
        origin_x = rect.x() + view.QUIET_ZONE * module
        origin_y = rect.y() + view.QUIET_ZONE * module
        wrong = 0
        for row, cells in enumerate(view.modules):
            for column, dark in enumerate(cells):
                pixel = QColor(
                    image.pixel(
                        origin_x + column * module + module // 2,
                        origin_y + row * module + module // 2,
                    )
                )
                if (pixel.lightness() < 128) != dark:
                    wrong += 1
    finally:
        view.deleteLater()
    if count == 0 or wrong:
        return CheckResult("qr", False, f"{url}: {wrong} of {count * count} modules drawn wrong")
    return CheckResult("qr", True, f"{url}: {count}x{count} modules, drawn and read back")


# --- video ----------------------------------------------------------------------------------
class _VideoProbe:
    """Whether and how a video check ended: a failure, the end of the video, or enough frames.

    Only signals of the GUI thread reach it (the player's and the timer's); the frames come
    from the decoder's render thread, so a QObject receives them (:class:`FrameProbe`).
    """

    def __init__(self, loop: QEventLoop, playing_ended: object) -> None:
        self.loop = loop
        self.ended = playing_ended
        self.failure: str | None = None
        self.finished = False

    def finish(self) -> None:
        self.finished = True
        self.loop.quit()

    def on_failed(self, message: str) -> None:
        self.failure = message
        self.finish()

    def on_state(self, state: object) -> None:
        if state is self.ended:
            self.finish()


def _check_video(path: Path, base_dir: Path, timeout: float) -> CheckResult:
    import shiboken6
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtMultimedia import QVideoSink

    from kiosk.ui.slides.player import PlayState, VideoPlayer  # lazy: Qt, after Qt-free checks
    from kiosk.ui.slides.probe import FrameProbe  # lazy: Qt, after the Qt-free checks

    shown = _shown(path, base_dir)
    loop = QEventLoop()
    player = VideoPlayer()
    sink = QVideoSink()
    player.set_video_output(sink)
    frames = FrameProbe(sink, FRAMES_NEEDED, lambda image: _distinct_colours(image) > 3)
    probe = _VideoProbe(loop, PlayState.ENDED)
    frames.enough.connect(probe.finish)
    player.failed.connect(probe.on_failed)
    player.state_changed.connect(probe.on_state)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(probe.finish)
    started = time.monotonic()
    with _qt_warnings() as warnings:
        player.load(path)
        player.play()
        if not probe.finished:  # load() reports a missing file at once
            timer.start(int(timeout * 1000))
            loop.exec()
        timer.stop()
        elapsed = time.monotonic() - started
        player.unload()
    picture, count, last = frames.picture, frames.frames, frames.last
    # Frames decoded before unload() stopped the decoder may still wait in the event queue,
    # posted to the frame probe: deleting it now drops them (tests/test_selftest.py).
    shiboken6.delete(frames)
    player.deleteLater()
    sink.deleteLater()
    if probe.failure is not None:
        return CheckResult("video", False, _with_warnings(f"{shown}: {probe.failure}", warnings))
    if picture is None:
        detail = _no_picture(shown, count, timeout)
        return CheckResult("video", False, _with_warnings(detail, warnings))
    size = f"{picture.width()}x{picture.height()}"
    return CheckResult(
        "video",
        True,
        f"{size} frames decoded ({count} in {elapsed:.1f} s, {shown}); {_converted_by(last)}",
    )


def _converted_by(frame: QVideoFrame) -> str:
    """Which way the slide's picture converts this film's frames, found by doing it."""
    from kiosk.ui.slides.picture import VideoPicture  # lazy: QtMultimedia

    picture = VideoPicture()
    picture.resize(640, 360)
    picture.videoSink().setVideoFrame(frame)
    picture.grab()  # paints: converts the frame
    path = picture.path
    picture.deleteLater()
    if path == "swscale":
        return "pictures converted by libswscale"
    return "pictures converted by Qt (libswscale not loaded: slower)"


def _no_picture(shown: str, frames: int, timeout: float) -> str:
    if frames == 0:
        return f"{shown}: no frame decoded within {timeout:g} s"
    return f"{shown}: {frames} frames decoded, all blank"
