"""Usage recording in Qt: watches the show (and the kiosk, if any) and feeds the Qt-free
:class:`~kiosk.usage.recorder.VisitRecorder`; each finished visit is written by one worker
thread (:class:`~kiosk.usage.store.UsageStore`), never on the slide-change path, which only
appends to a list in memory.

With an outbox (``--outbox``, a folder a sync engine sends to the coordinator), the database
is also exported there on a schedule and at quit (:meth:`UsageTracker.start_exports`): a
consistent copy named after the kiosk, written by the same worker thread.

In kiosk mode a visit runs from the kiosk's ``visit`` state to its reset
(``KioskController.visit_ending``); in window and presenter modes (``--record``) the whole
run is one visit, written at quit.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from kiosk.logic.timings import EXPORT_MINUTES
from kiosk.logic.visit import STAFF, VISIT, KioskState
from kiosk.system.fleet import outbox_path
from kiosk.ui.kiosk.controller import KioskController
from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.player import PlayState, VideoPlayer
from kiosk.usage.recorder import Visit, VisitRecorder
from kiosk.usage.store import UsageStore

log = logging.getLogger(__name__)


class UsageTracker(QObject):
    """Records ``window``'s visits into ``store`` while :attr:`recording`."""

    def __init__(
        self,
        window: MainWindow,
        store: UsageStore,
        recorder: VisitRecorder | None = None,
        *,
        recording: bool = True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.show_state = window.show_state
        self.store = store
        self.recorder = recorder or VisitRecorder()
        self.recording = recording
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="usage")
        self._pending: Future[object] | None = None
        self.outbox: Path | None = None
        """Where :meth:`export` writes (None: no exports)."""
        self._media: VideoPlayer | None = None
        self._media_state: PlayState | None = None
        window.slide_changed.connect(self._on_slide)
        self.show_state.language_changed.connect(self._on_language)
        self.show_state.media_state_changed.connect(self._on_media_state)

    # --- visits -----------------------------------------------------------------------
    def begin(self) -> None:
        """A visit starts (if recording and none is under way), on the current slide."""
        if not self.recording or self.recorder.in_visit:
            return
        self.recorder.begin(self.show_state.language)
        self._on_slide(self.show_state.index)

    def end(self) -> Visit | None:
        """The visit is over: hand it to the writer thread."""
        self._follow(None)
        visit = self.recorder.end()
        if visit is not None and self.recording:
            self._submit(self.store.save, visit)
        return visit

    def _submit(self, job: Callable[[Any], object], argument: Any) -> None:
        self._pending = self._writer.submit(job, argument)
        self._pending.add_done_callback(_log_failure)

    def start_exports(self, outbox: Path, minutes: float = EXPORT_MINUTES) -> None:
        """Export the database into ``outbox`` now, every ``minutes`` and at :meth:`close`."""
        self.outbox = outbox_path(outbox, self.store.kiosk)
        timer = QTimer(self)
        timer.setInterval(max(1, round(minutes * 60_000)))
        timer.timeout.connect(self.export)
        timer.start()
        self.export()

    @Slot()
    def export(self) -> None:
        """A consistent copy of the database into the outbox, on the writer thread."""
        if self.outbox is not None:
            self._submit(self.store.export, self.outbox)

    def flush(self) -> None:
        """Wait until every finished visit is written (quit, tests)."""
        if self._pending is not None:
            self._pending.exception()

    def close(self) -> None:
        self.end()
        self.export()
        self._writer.shutdown(wait=True)

    def set_recording(self, on: bool) -> None:
        """Staff turned recording on or off (for this run); a visit under way is dropped."""
        if not on:
            self.recorder.end()
        self.recording = on

    def accessibility(self, option: str) -> None:
        """An accessibility option the visitor turned on (e.g. "captions", "large-text")."""
        self.recorder.choice("accessibility", option)

    def count_staff(self, action: str) -> None:
        if self.recording:
            self._writer.submit(self.store.count_staff, action)

    def today_line(self) -> str:
        """Today's figures at a glance, in the staff panel's words."""
        label = self.window.style_.label
        if not self.recording:
            return label("usage_off")
        self.flush()
        visits, slides, average = self.store.today_figures()
        return label("usage_today", visits=visits, slides=slides, average=average)

    # --- the show ---------------------------------------------------------------------
    @Slot(int)
    def _on_slide(self, index: int) -> None:
        if not self.recorder.in_visit:
            return
        slide = self.show_state.content.slides[index]
        self.recorder.slide(slide.id, slide.kind)
        self._follow(self.show_state.media)

    @Slot(str)
    def _on_language(self, language: str) -> None:
        self.recorder.choice("language", language)

    def _follow(self, media: VideoPlayer | None) -> None:
        if self._media is not None:
            self._media.position_changed.disconnect(self._on_position)
        self._media, self._media_state = media, None
        if media is not None:
            media.position_changed.connect(self._on_position)
            if media.state is PlayState.PLAYING:
                self._on_media_state(PlayState.PLAYING)

    @Slot(object)
    def _on_media_state(self, state: PlayState) -> None:
        if self._media is None or not self.recorder.in_visit:
            return
        slide = self.show_state.slide.id
        if state is PlayState.PLAYING and self._media_state is not PlayState.PAUSED:
            self.recorder.video_started(slide)
        elif state is PlayState.ENDED:
            self.recorder.video_progress(slide, 1.0)
        self._media_state = state

    @Slot(int)
    def _on_position(self, position: int) -> None:
        media = self._media
        if media is not None and media.duration > 0:
            self.recorder.video_progress(self.show_state.slide.id, position / media.duration)


def _log_failure(future: Future[object]) -> None:
    error = future.exception()
    if error is not None:
        log.warning("usage: a visit or an export could not be written: %s", error)


def watch_kiosk(tracker: UsageTracker, controller: KioskController) -> None:
    """Visits of a kiosk: from its ``visit`` state to its reset; staff actions counted."""

    def on_state(state: KioskState) -> None:
        if state == VISIT:
            tracker.begin()
        elif state == STAFF:
            tracker.count_staff("open panel")

    controller.state_changed.connect(on_state)
    controller.visit_ending.connect(tracker.end)
    desk = controller.desk
    desk.exit_requested.connect(lambda: tracker.count_staff("exit"))
    desk.content_reloaded.connect(lambda _content: tracker.count_staff("reload"))
    desk.staff_panel.screen_requested.connect(lambda: tracker.count_staff("next screen"))
    desk.usage_line = tracker.today_line
    button = desk.staff_panel.record_button

    def show_recording() -> None:
        label = controller.window.style_.label
        button.setText(label("recording_on" if tracker.recording else "recording_off"))

    def toggle() -> None:
        on = not tracker.recording
        tracker.count_staff("recording off")  # counted only while recording
        tracker.set_recording(on)
        tracker.count_staff("recording on")
        show_recording()
        desk.show_panel()

    show_recording()
    button.setVisible(True)
    button.clicked.connect(toggle)


def open_tracker(
    window: MainWindow, path: Path | None, *, recording: bool, name: str | None = None
) -> UsageTracker | None:
    """A tracker on the database at ``path`` (default: the user's data folder), named
    ``name`` (default: content.yaml's ``kiosk.name``); None (and a warning) if the database
    cannot be opened: the show goes on without figures."""
    try:
        store = UsageStore(path, kiosk=name or window.content.kiosk.name)
    except (OSError, sqlite3.Error, ValueError) as error:
        log.warning("usage: not recording, the database cannot be opened: %s", error)
        return None
    log.info("usage: %s to %s", "recording" if recording else "not recording", store.path)
    return UsageTracker(window, store, recording=recording)
