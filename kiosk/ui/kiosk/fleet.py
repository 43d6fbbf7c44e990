"""The kiosk's side of a fleet: follow a synced content folder and switch to each complete,
verified version (:mod:`kiosk.system.fleet` decides; this adapter polls with a Qt timer).

A poll only lists the folder's files with their sizes and times; when that changes, a worker
thread checks the marker's checksums and stages the version, so hashing a film never holds up
the slides. A complete version is offered to the kiosk (shown at its next attract loop); a
partial or bad one is logged once with the reason, and the last good version stays on screen.
The staff panel's "Reload content" (:meth:`FleetWatcher.reload`) checks the folder at once.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.content import Content, ContentError, load_content
from kiosk.system.fleet import FleetError, check, stage

log = logging.getLogger(__name__)

POLL_MS = 5000


def snapshot(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Each file under ``folder`` with its size and modification time (cheap: no reading)."""
    found = []
    for path in folder.rglob("*"):
        try:
            info = path.stat()
        except OSError:
            continue  # gone while listed: the next poll sees the change
        if path.is_file():
            found.append((path.relative_to(folder).as_posix(), info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


class FleetWatcher(QObject):
    """Emits ``content_changed`` with each new complete version of the synced ``folder``,
    staged into ``cache``; ``shown`` is the version on screen (None: not a staged one)."""

    content_changed = Signal(object)

    def __init__(
        self,
        folder: Path,
        cache: Path,
        shown: str | None,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder, self.cache, self.shown = folder, cache, shown
        self._seen: tuple[tuple[str, int, int], ...] = ()  # the first poll checks
        self._reason = ""
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fleet")
        self._job: Future[tuple[str, Path]] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()
        self.destroyed.connect(lambda: self._worker.shutdown(wait=False))

    def _stage(self) -> tuple[str, Path]:
        marker = check(self.folder)
        if marker.version == self.shown:
            return marker.version, Path()
        return marker.version, stage(self.folder, self.cache, marker)

    @Slot()
    def poll(self) -> None:
        """Take a finished check's result, or start one if the folder changed."""
        job = self._job
        if job is not None:
            if job.done():
                self._job = None
                self._take(job)
            return
        now = snapshot(self.folder)
        if now != self._seen:
            self._seen = now
            self._job = self._worker.submit(self._stage)

    def wait(self) -> None:
        """Let the check under way finish, then take its result (tests)."""
        if self._job is not None:
            self._job.exception()
            self.poll()

    def reload(self, current: Path) -> Content:
        """Staff's "Reload content": the synced folder's version if it is complete and
        verified (staged now, and from then on the one shown), else ``current`` (the
        content.yaml on screen) read again. Raises ``ContentError`` for content that
        cannot be shown."""
        self.wait()  # a check under way finishes first: one stager at a time
        try:
            marker = check(self.folder)
            path = stage(self.folder, self.cache, marker)
        except (FleetError, OSError) as error:
            log.warning("fleet: reload: %s; reloading the version on screen", error)
            return load_content(current)
        content = load_content(path)
        self.shown = marker.version
        self._seen = snapshot(self.folder)  # checked just now: the next poll need not hash it
        log.info("fleet: reload: content version %s", marker.version)
        return content

    def _take(self, job: Future[tuple[str, Path]]) -> None:
        try:
            version, path = job.result()
            if version == self.shown:
                return
            content = load_content(path)
        except (FleetError, OSError, ContentError) as error:
            self._refuse(str(error))
            return
        self._reason = ""
        self.shown = version
        log.info("fleet: content version %s arrived complete; switching", version)
        self.content_changed.emit(content)

    def _refuse(self, reason: str) -> None:
        if reason != self._reason:
            self._reason = reason
            log.warning("fleet: not switching, still showing the last good content: %s", reason)
