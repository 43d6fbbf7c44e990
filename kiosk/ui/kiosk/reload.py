"""Watch content.yaml and its assets; offer each valid new version, log each invalid one."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from kiosk.content import Content, ContentError, load_content

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
