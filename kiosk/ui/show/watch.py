"""Watch content.yaml and its assets: the kiosk's live updates and the editor's live preview.

:class:`ContentWatcher` offers each valid new version and logs each invalid one (the kiosk
shows a new version at its next attract loop). :class:`LivePreview` is ``kiosk --watch``:
the window shows each saved version at once, on the same slide and in the same language,
and a banner on screen lists the problems (errors, or warnings of a valid version) with
their file, line and column, so whoever edits the content sees them without a terminal.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.content import Content, ContentError, load_content
from kiosk.content.errors import Problem
from kiosk.ui.show.window import MainWindow

log = logging.getLogger(__name__)


def asset_paths(content: Content) -> set[Path]:
    """Every file a content refers to (images, videos, captions, posters)."""
    found: set[Path] = set()
    for slide in content.slides:
        for name in ("file", "captions", "poster"):
            value = getattr(slide, name, None)
            if isinstance(value, Path):
                found.add(value)
    return found


class ContentWatcher(QObject):
    """Emits ``content_changed`` with the new :class:`Content` after a valid change.

    Changes are debounced by ``settle_ms`` milliseconds, because editors and copy tools
    write a file in several steps. An invalid version is logged with every problem and
    ``content_rejected`` is emitted; the caller keeps showing what it has.
    """

    content_changed = Signal(object)
    content_rejected = Signal(list)
    """The problems (``kiosk.content.Problem``) of an invalid version."""

    def __init__(
        self, content: Content, settle_ms: int = 750, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.path = content.path
        self._assets = asset_paths(content)
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self._check)
        self._watcher.fileChanged.connect(self._on_change)
        self._watcher.directoryChanged.connect(self._on_change)
        self._last_problems: list[str] = []
        self._watch()

    def _watch(self) -> None:
        """(Re)watch the content file, its folder, and each asset and asset folder.

        Editors often replace a file rather than write it, which drops it from the watch
        list; so the list is rebuilt after every change.
        """
        paths = {self.path, self.path.parent}
        for asset in self._assets:
            paths.add(asset.parent)
            paths.add(asset)
        existing = sorted(str(path) for path in paths if path.exists())
        current = set(self._watcher.files()) | set(self._watcher.directories())
        new = [path for path in existing if path not in current]
        if new:
            self._watcher.addPaths(new)

    @Slot(str)
    def _on_change(self, _path: str) -> None:
        self._settle.start()

    @Slot()
    def _check(self) -> None:
        self._watch()
        try:
            content = load_content(self.path)
        except ContentError as error:
            lines = [str(problem) for problem in error.problems]
            if lines != self._last_problems:
                self._last_problems = lines
                log.error(
                    "content change rejected; still showing the last good content:\n%s",
                    "\n".join(lines),
                )
            self.content_rejected.emit(error.problems)
            return
        self._last_problems = []
        self._assets = asset_paths(content)
        self._watch()
        log.info("content changed: %s (%d slides)", self.path, len(content.slides))
        self.content_changed.emit(content)


BANNER_LINES = 8
"""Problems the banner lists; "and N more" for the rest (``kiosk validate`` lists all)."""


class ProblemBanner(QLabel):
    """The live preview's list of problems across the top of the window (hidden when none).

    Red for errors (the window still shows the last good version), amber for warnings."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("problem-banner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def show_problems(self, problems: list[Problem], *, errors: bool) -> None:
        """List ``problems`` (``errors``: the version was refused), or hide when empty."""
        if not problems:
            self.hide()
            return
        lines = [str(problem) for problem in problems[:BANNER_LINES]]
        if len(problems) > BANNER_LINES:
            lines.append(f"... and {len(problems) - BANNER_LINES} more (kiosk validate)")
        heading = (
            "This version has problems; still showing the last good one:" if errors else "Warnings:"
        )
        self.setText("\n".join([heading, *lines]))
        colour, text = ("#D5281B", "#FFFFFF") if errors else ("#FFEB3B", "#212B32")
        host = self.parentWidget()
        pixels = max(12, round((host.height() if host else 720) / 54))
        self.setStyleSheet(
            f"background: {colour}; color: {text}; font-size: {pixels}px; padding: 8px;"
        )
        self.place()
        self.show()
        self.raise_()

    def place(self) -> None:
        """Across the top of the host, as high as its text needs."""
        host = self.parentWidget()
        if host is None:
            return
        self.setFixedWidth(host.width())
        self.setFixedHeight(self.heightForWidth(host.width()))
        self.move(0, 0)


class LivePreview(QObject):
    """``kiosk --watch``: ``window`` follows every saved version of its content file."""

    def __init__(self, window: MainWindow, settle_ms: int = 300) -> None:
        super().__init__(window)
        self.window = window
        self.banner = ProblemBanner(window)
        content = window.content
        self.watcher = ContentWatcher(content, settle_ms=settle_ms, parent=self)
        self.watcher.content_changed.connect(self._show)
        self.watcher.content_rejected.connect(self._refused)
        self.banner.show_problems(list(content.warnings), errors=False)
        window.installEventFilter(self)

    @Slot(object)
    def _show(self, content: Content) -> None:
        show = self.window.show_state
        slide_id, index, language = show.slide.id, show.index, show.language
        self.window.set_content(content)
        if language in show.languages and language != show.language:
            show.set_language(language)
        ids = [slide.id for slide in content.slides]
        show.go(ids.index(slide_id) if slide_id in ids else min(index, len(ids) - 1))
        self.banner.show_problems(list(content.warnings), errors=False)

    @Slot(list)
    def _refused(self, problems: list[Problem]) -> None:
        self.banner.show_problems(problems, errors=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.banner.place()
        return False
