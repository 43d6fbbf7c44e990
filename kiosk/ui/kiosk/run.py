"""``kiosk --kiosk``: the sealed kiosk with its heartbeat, screen-saver inhibitor and live
content updates, until staff exit."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.content import load_content
from kiosk.logic.timings import EXPORT_MINUTES, with_overrides
from kiosk.system.pin import PinStore
from kiosk.ui.kiosk.controller import KioskController, KioskTimings
from kiosk.ui.kiosk.heartbeat import Heartbeat
from kiosk.ui.show.painted import after_first_paint
from kiosk.ui.show.window import MainWindow

if TYPE_CHECKING:
    from kiosk.inhibit import ScreenInhibitor
    from kiosk.ui.kiosk.fleet import FleetWatcher
    from kiosk.ui.kiosk.usage import UsageTracker
    from kiosk.ui.show.watch import ContentWatcher

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KioskOptions:
    """Command-line overrides of content.yaml's ``kiosk:`` settings (seconds)."""

    idle_timeout: float | None = None
    countdown: float | None = None
    attract_video: str | None = None
    heartbeat: Path | None = None
    """File the app touches every second, for ``kiosk --supervise`` to watch."""
    pin_file: Path | None = None
    screen: int | None = None
    usage_db: Path | None = None
    """Usage database (default: usage.sqlite in the user's data folder)."""
    outbox: Path | None = None
    """Folder the usage database is exported into (``--outbox``)."""
    export_minutes: float = EXPORT_MINUTES
    kiosk_name: str | None = None
    """This stand's name in its usage figures (default: content.yaml's ``kiosk.name``)."""
    fleet: Path | None = None
    """A synced content folder (``kiosk publish``): switch to each complete version."""
    fleet_cache: Path | None = None
    """Where its versions are staged (default: ``fleet-content`` in the user's data folder)."""


def watch_content(
    window: MainWindow, options: KioskOptions, controller: KioskController
) -> ContentWatcher | FleetWatcher:
    """A fleet's synced folder, watched for complete versions (the staff panel's "Reload
    content" takes the newest there); else hot reload of the file."""
    if options.fleet is None:
        from kiosk.ui.show.watch import ContentWatcher  # lazy: started after the first paint

        return ContentWatcher(window.content, parent=controller)
    from kiosk.system.fleet import default_cache  # lazy: only for a fleet
    from kiosk.ui.kiosk.fleet import FleetWatcher  # lazy: threads, only for a fleet (2 ms)

    cache = options.fleet_cache or default_cache()
    staged = window.content.path.parent
    shown = staged.name if staged.parent == cache else None
    watcher = FleetWatcher(options.fleet, cache, shown, parent=controller)
    controller.desk.reload_content = lambda: watcher.reload(window.content.path)
    return watcher


def record_usage_after_paint(
    window: MainWindow, controller: KioskController, options: KioskOptions
) -> list[UsageTracker]:
    """Open the usage database and follow the kiosk's visits once the first slide is painted
    (SQLite and the writer thread, about 5 ms, wait till then; no visit can start sooner:
    the kiosk watches touches from then on too). The list holds the tracker once opened."""
    opened: list[UsageTracker] = []

    def start() -> None:
        from kiosk.ui.kiosk.usage import open_tracker, watch_kiosk  # lazy: sqlite3, threads

        record, name = window.content.kiosk.record, options.kiosk_name
        tracker = open_tracker(window, options.usage_db, recording=record, name=name)
        if tracker is None:
            return
        opened.append(tracker)
        watch_kiosk(tracker, controller)
        if options.outbox is not None:
            tracker.start_exports(options.outbox, options.export_minutes)

    after_first_paint(window, start)
    return opened


def start_after_paint(
    window: MainWindow, options: KioskOptions, controller: KioskController, latest_ms: int = 5000
) -> list[ScreenInhibitor]:
    """Keep the screen awake and follow the content (:func:`watch_content`) once the first
    slide is painted, or after ``latest_ms`` milliseconds if no paint comes (a window that
    is never exposed); the D-Bus call and the file watch wait till then. The list holds the
    screen-saver inhibitor once made."""
    held: list[ScreenInhibitor] = []

    def start() -> None:
        from kiosk.inhibit import make_inhibitor  # lazy: D-Bus and its modules, after paint

        inhibitor = make_inhibitor()  # first: a failing watch must not leave the screen to sleep
        inhibitor.inhibit("Presentation kiosk on show")
        held.append(inhibitor)
        watcher = watch_content(window, options, controller)
        watcher.content_changed.connect(controller.offer_content)

    after_first_paint(window, start, latest_ms=latest_ms)
    return held


def run_kiosk(app: QApplication, window: MainWindow, options: KioskOptions) -> int:
    """Show ``window`` as a sealed kiosk until staff exit; returns the exit code."""
    settings = with_overrides(
        window.content.kiosk,
        idle_timeout=options.idle_timeout,
        countdown=options.countdown,
        attract_video=options.attract_video,
    )
    pins = PinStore(options.pin_file)
    if not pins.is_set():
        log.warning(
            "no staff PIN is set: five taps in the top-left corner open the staff panel "
            "without one; set a PIN with 'kiosk set-pin'"
        )
    controller = KioskController(
        window,
        timings=KioskTimings.from_settings(settings),
        attract_video=settings.attract_video,
        pins=pins,
        reload_content=lambda: load_content(window.content.path),
        screen=options.screen,
    )
    usage = record_usage_after_paint(window, controller, options)
    inhibitors = start_after_paint(window, options, controller)
    heartbeat = Heartbeat(options.heartbeat, parent=controller)
    window.first_painted.connect(heartbeat.ready)
    window.setWindowFlags(
        window.windowFlags()
        | Qt.WindowType.FramelessWindowHint
        | Qt.WindowType.WindowStaysOnTopHint
    )
    with window.styled_once():  # full screen, sealed, the attract screen: one restyle
        window.show_fullscreen()
        controller.start(watch_after_paint=True)
    heartbeat.start()
    try:
        return app.exec()
    finally:
        heartbeat.stopping()
        heartbeat.stop()
        for tracker in usage:
            tracker.close()
        for inhibitor in inhibitors:
            inhibitor.release()
