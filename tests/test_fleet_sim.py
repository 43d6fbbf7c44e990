"""A fleet without a server, simulated: a coordinator and two kiosks, with three synced folders
(content, sent to both kiosks; each kiosk's outbox, sent back), copied as Syncthing copies
(each file to a temporary name, then renamed; files arrive one by one, the marker among them).

Content arrives and is switched to only when complete and verified (a half-copied arrival
keeps the last good version); usage exported by each kiosk comes back and merges into one
``kiosk report``."""

from __future__ import annotations

import csv
import logging
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from kiosk import cli
from kiosk.cli import main
from kiosk.content import Content, load_content
from kiosk.resources import bundled_content_path
from kiosk.system import fleet
from kiosk.system.fleet import MARKER, content_files, outbox_path, publish, resolve
from kiosk.system.pin import PinStore
from kiosk.ui.kiosk.controller import KioskController
from kiosk.ui.kiosk.fleet import FleetWatcher, snapshot
from kiosk.ui.kiosk.run import KioskOptions, watch_content
from kiosk.ui.kiosk.usage import UsageTracker
from kiosk.ui.show.window import MainWindow
from kiosk.usage.figures import read_figures
from kiosk.usage.recorder import VisitRecorder
from kiosk.usage.store import UsageStore
from tests.support.clock import FakeClock
from tests.support.show import copy_content, show_window


def sync_file(source: Path, target: Path, name: str, *, upto: int | None = None) -> None:
    """One file as Syncthing brings it: to a temporary name, renamed when whole; ``upto``
    bytes only leaves it half-copied under its temporary name."""
    destination = target / name
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".syncthing.{destination.name}.tmp")
    data = (source / name).read_bytes()
    temporary.write_bytes(data[:upto] if upto is not None else data)
    if upto is None:
        temporary.replace(destination)


def sync_folder(source: Path, target: Path) -> None:
    for name in [*content_files(source), MARKER]:
        if (source / name).is_file():
            sync_file(source, target, name)


class Kiosk:
    """One stand: its copy of the content folder, its staged versions, its watcher."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.folder, self.cache, self.outbox = root / "content", root / "cache", root / "outbox"
        self.folder.mkdir(parents=True)
        (self.folder / ".stfolder").mkdir()
        self.shown: list[Content] = []

    def start(self) -> FleetWatcher:
        first = resolve(self.folder, self.cache)
        assert first is not None
        watcher = FleetWatcher(self.folder, self.cache, first.parent.name, poll_ms=60_000)
        watcher.content_changed.connect(self.shown.append)
        return watcher


def _poll(watcher: FleetWatcher) -> None:
    watcher.poll()  # starts a check when the folder changed
    watcher.wait()  # takes its result


def test_content_is_switched_only_when_a_version_is_complete(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = copy_content(tmp_path / "coordinator" / "edit")
    published = tmp_path / "coordinator" / "content"
    publish(source, published, "v1")
    kiosks = [Kiosk(tmp_path / name, name) for name in ("stand-1", "stand-2")]
    for kiosk in kiosks:
        sync_folder(published, kiosk.folder)
    watchers = [kiosk.start() for kiosk in kiosks]
    for watcher in watchers:
        _poll(watcher)  # the first poll checks the folder: v1 is on show already
    assert [w.shown for w in watchers] == ["v1", "v1"]
    assert [kiosk.shown for kiosk in kiosks] == [[], []]

    # v2: a new title and a changed picture; the marker reaches stand-1 before the picture.
    text = (source / "content.yaml").read_text(encoding="utf-8")
    (source / "content.yaml").write_text(text.replace("title:", "title: New", 1), "utf-8")
    picture = next(name for name in content_files(source) if name.endswith(".png"))
    (source / picture).write_bytes((source / picture).read_bytes() + b"\0")
    publish(source, published, "v2")
    one, two = kiosks
    sync_file(published, one.folder, "content.yaml")
    sync_file(published, one.folder, MARKER)
    sync_file(published, one.folder, picture, upto=100)  # half-copied, under its temp name
    with caplog.at_level(logging.WARNING):
        _poll(watchers[0])
    assert one.shown == []
    assert f"v2 is incomplete: {picture} differs" in caplog.text
    assert "still showing the last good content" in caplog.text
    assert [path.name for path in one.cache.iterdir()] == ["v1"]

    sync_file(published, one.folder, picture)  # the rest arrives
    _poll(watchers[0])
    assert len(one.shown) == 1
    assert one.shown[0].path == one.cache / "v2" / "content.yaml"
    assert (one.cache / "v2" / picture).read_bytes() == (source / picture).read_bytes()
    assert watchers[0].shown == "v2"

    # stand-2 gets everything at once: one switch; polling again changes nothing.
    sync_folder(published, two.folder)
    _poll(watchers[1])
    _poll(watchers[1])
    assert [content.path.parent.name for content in two.shown] == ["v2"]

    # A damaged file in place (a copy tool that is not atomic): refused, v2 stays.
    (one.folder / "content.yaml").write_text("slides: [", encoding="utf-8")
    _poll(watchers[0])
    assert len(one.shown) == 1
    for watcher in watchers:
        watcher.deleteLater()


def test_a_kiosk_starts_on_the_last_complete_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fleet, "default_cache", lambda: tmp_path / "cache")
    synced = tmp_path / "synced"
    (synced / ".stfolder").mkdir(parents=True)
    first = cli._kiosk_content(synced)  # nothing complete yet: the bundled content
    assert first is not None
    assert first.path == bundled_content_path()
    publish(copy_content(tmp_path / "edit"), synced, "v1")
    staged = cli._kiosk_content(synced)
    assert staged is not None
    assert staged.path == tmp_path / "cache" / "v1" / "content.yaml"
    args = cli.build_parser().parse_args(
        ["--kiosk", "--content", str(synced), "--outbox", "out", "--kiosk-name", "stand-1"]
    )
    assert (args.outbox, args.kiosk_name, args.export_minutes) == (Path("out"), "stand-1", 15)


def test_snapshot_sees_a_new_file_and_a_changed_size(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("1", encoding="utf-8")
    before = snapshot(tmp_path)
    assert [entry[:2] for entry in before] == [("a", 1)]
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_text("22", encoding="utf-8")
    assert [entry[:2] for entry in snapshot(tmp_path)] == [("a", 1), ("sub/b", 2)]


def _record_visits(window: MainWindow, store: UsageStore, visits: list[tuple[int, int]]) -> None:
    """Each (slides, seconds per slide) as a visit, recorded by a tracker with an outbox."""
    clock = FakeClock()
    recorder = VisitRecorder(clock, lambda: datetime(2026, 6, 30, 10, 15))
    tracker = UsageTracker(window, store, recorder)
    show = window.show_state
    for slides, seconds in visits:
        show.go(0)
        tracker.begin()
        for index in range(1, slides):
            clock.now += seconds
            show.go(index)
        clock.now += seconds
        tracker.end()
    tracker.flush()
    tracker.start_exports(store.path.parent / "outbox")
    tracker.close()  # exports again at quit
    store.close()


def test_usage_comes_back_from_two_kiosks_and_merges_in_one_report(
    window: MainWindow, tmp_path: Path
) -> None:
    coordinator = tmp_path / "coordinator"
    plans = {"stand-1": [(3, 10), (2, 5)], "stand-2": [(1, 30)]}
    for name, visits in plans.items():
        store = UsageStore(tmp_path / name / "usage.sqlite", kiosk=name)
        _record_visits(window, store, visits)
        outbox = tmp_path / name / "outbox"
        export = outbox_path(outbox, name)
        assert [path.name for path in outbox.iterdir()] == [export.name]
        sync_file(outbox, coordinator / f"outbox-{name}", export.name)  # the folder back
    exports = sorted(coordinator.glob("outbox-*/usage-*.sqlite"))
    assert len(exports) == 2
    out = tmp_path / "report"
    assert main(["report", *map(str, exports), "--out", str(out)]) == 0
    figures = read_figures(exports)
    assert figures.kiosks == {"stand-1": 2, "stand-2": 1}
    assert figures.visit_seconds == 30 + 10 + 30
    assert figures.visits_per_hour[10] == 3
    slides = [slide.id for slide in window.content.slides]
    assert figures.slide_views[slides[0]] == 3
    assert figures.slide_views[slides[1]] == 2
    assert figures.slide_views[slides[2]] == 1
    assert figures.mean_seconds(slides[0]) == pytest.approx((10 + 5 + 30) / 3)
    with (out / "kiosks.csv").open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert ["stand-1", "2"] in rows
    assert ["stand-2", "1"] in rows
    assert (out / "report.pdf").stat().st_size > 1000
    shutil.rmtree(out)


def test_kiosk_publish_checks_the_content_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, synced = copy_content(tmp_path / "edit"), tmp_path / "synced"
    assert main(["publish", str(source), str(synced), "--version", "v9"]) == 0
    assert "Published version v9" in capsys.readouterr().out
    assert (synced / MARKER).is_file()
    (source / "content.yaml").write_text("slides: [", encoding="utf-8")
    assert main(["publish", str(source), str(synced)]) == 1
    assert "nothing published" in capsys.readouterr().err
    assert resolve(synced, tmp_path / "cache") == tmp_path / "cache" / "v9" / "content.yaml"


def test_staff_reload_takes_the_newest_complete_version_else_the_one_shown(
    qtbot: QtBot, tmp_path: Path, app_fonts: None, caplog: pytest.LogCaptureFixture
) -> None:
    source = copy_content(tmp_path / "edit")
    stand = Kiosk(tmp_path / "stand", "stand")
    publish(source, stand.folder, "v1")
    first = resolve(stand.folder, stand.cache)
    assert first is not None
    window = show_window(qtbot, load_content(first))
    controller = KioskController(
        window,
        pins=PinStore(tmp_path / "pin.json"),  # no PIN: the staff panel at once
        quit_app=lambda _code: None,
        reload_content=lambda: load_content(window.content.path),
    )
    options = KioskOptions(fleet=stand.folder, fleet_cache=stand.cache)
    watcher = watch_content(window, options, controller)
    assert isinstance(watcher, FleetWatcher)
    for timer in watcher.findChildren(QTimer):
        timer.stop()  # no poll of its own: staff reload before the kiosk would notice
    controller.start()

    def reload() -> Path:
        controller.open_staff()
        with qtbot.waitSignal(controller.desk.content_reloaded) as reloaded:
            qtbot.mouseClick(controller.staff_panel.reload_button, Qt.MouseButton.LeftButton)
        assert isinstance(reloaded.args[0], Content)
        return reloaded.args[0].path

    text = (source / "content.yaml").read_text(encoding="utf-8")
    (source / "content.yaml").write_text(text.replace("title:", "title: New", 1), "utf-8")
    publish(source, stand.folder, "v2")  # arrived whole, not yet noticed
    assert reload() == stand.cache / "v2" / "content.yaml"
    assert window.content.path == stand.cache / "v2" / "content.yaml"  # at the attract loop
    assert watcher.shown == "v2"
    _poll(watcher)
    assert stand.shown == []  # the watcher does not offer v2 again

    publish(source, stand.folder, "v3")
    (stand.folder / "content.yaml").write_text(text, "utf-8")  # v3 only half arrived
    with caplog.at_level(logging.WARNING):
        assert reload() == stand.cache / "v2" / "content.yaml"
    assert "v3 is incomplete: content.yaml differs" in caplog.text
    controller.stop()
