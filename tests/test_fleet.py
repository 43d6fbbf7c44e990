"""A fleet's content versions (kiosk/system/fleet.py): the marker, checking, staging, publishing."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

import pytest

from kiosk.system.fleet import (
    IGNORED,
    KEEP_VERSIONS,
    MARKER,
    FleetError,
    Marker,
    check,
    content_files,
    default_cache,
    is_fleet_folder,
    latest_staged,
    outbox_path,
    publish,
    read_marker,
    resolve,
    sha256,
    stage,
    staged_versions,
    verify,
    write_marker,
)


def _source(folder: Path, text: str = "slides: []\n") -> Path:
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    (folder / "content.yaml").write_text(text, encoding="utf-8")
    (folder / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    return folder


def _marker_data(folder: Path) -> dict[str, object]:
    data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_sha256_of_a_file_larger_than_one_block(tmp_path: Path) -> None:
    data = os.urandom((1 << 20) + 7)
    (tmp_path / "big").write_bytes(data)
    assert sha256(tmp_path / "big") == hashlib.sha256(data).hexdigest()


def test_content_files_leave_out_the_marker_and_the_sync_engines_files(tmp_path: Path) -> None:
    _source(tmp_path)
    for name in (MARKER, ".stignore", "x.partial", "y.tmp", "~syncthing~z.tmp"):
        (tmp_path / name).write_text("-", encoding="utf-8")
    (tmp_path / ".stfolder").mkdir()
    (tmp_path / ".stfolder" / "inside").write_text("-", encoding="utf-8")
    (tmp_path / "assets" / ".syncthing.logo.svg.tmp").write_text("-", encoding="utf-8")
    assert content_files(tmp_path) == ["assets/logo.svg", "content.yaml"]
    assert IGNORED.search("content.version.partial")
    assert not IGNORED.search("partial.png")
    assert not IGNORED.search("a.stx")


def test_write_marker_lists_every_file_with_its_checksum(tmp_path: Path) -> None:
    _source(tmp_path)
    marker = write_marker(tmp_path, "v1")
    data = _marker_data(tmp_path)
    assert data["version"] == "v1"
    assert data["files"] == marker.files
    assert marker.files["content.yaml"] == sha256(tmp_path / "content.yaml")
    assert sorted(marker.files) == ["assets/logo.svg", "content.yaml"]
    assert not (tmp_path / f"{MARKER}.partial").exists()
    assert read_marker(tmp_path) == marker
    assert check(tmp_path) == marker


def _write(folder: Path, data: object) -> None:
    (folder / MARKER).write_text(json.dumps(data), encoding="utf-8")


GOOD = "0a" * 32


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ([1], "not a version marker"),
        ({"files": {"content.yaml": GOOD}}, "no usable version"),
        ({"version": "a/b", "files": {"content.yaml": GOOD}}, "no usable version"),
        ({"version": "v" * 65, "files": {"content.yaml": GOOD}}, "no usable version"),
        ({"version": "v1", "files": {"x": GOOD}}, "lists no content.yaml"),
        ({"version": "v1", "files": []}, "lists no content.yaml"),
        ({"version": "v1", "files": {"content.yaml": "abc"}}, "no SHA-256 for content.yaml"),
        ({"version": "v1", "files": {"content.yaml": GOOD.upper()}}, "no SHA-256"),
        ({"version": "v1", "files": {"content.yaml": 5}}, "no SHA-256"),
        ({"version": "v1", "files": {"content.yaml": GOOD, "../x": GOOD}}, "outside"),
        ({"version": "v1", "files": {"content.yaml": GOOD, "/etc/x": GOOD}}, "outside"),
        ({"version": "v1", "files": {"content.yaml": GOOD, "a\\..\\x": GOOD}}, "outside"),
        ({"version": "v1", "files": {"content.yaml": GOOD, "": GOOD}}, "outside"),
    ],
)
def test_a_malformed_marker_is_refused_with_the_reason(
    tmp_path: Path, data: object, why: str
) -> None:
    _write(tmp_path, data)
    with pytest.raises(FleetError, match=why):
        read_marker(tmp_path)


def test_a_missing_or_unreadable_marker(tmp_path: Path) -> None:
    with pytest.raises(FleetError, match=r"no content\.version in"):
        read_marker(tmp_path)
    (tmp_path / MARKER).write_text("{half", encoding="utf-8")
    with pytest.raises(FleetError, match="cannot be read"):
        read_marker(tmp_path)


def test_a_version_name_may_use_dots_dashes_and_underscores(tmp_path: Path) -> None:
    _write(tmp_path, {"version": "2026-06.30_b", "files": {"content.yaml": GOOD}})
    assert read_marker(tmp_path) == Marker("2026-06.30_b", {"content.yaml": GOOD})


def test_check_names_the_file_missing_or_changed(tmp_path: Path) -> None:
    _source(tmp_path)
    write_marker(tmp_path, "v1")
    (tmp_path / "assets" / "logo.svg").write_text("<svg>half", encoding="utf-8")
    with pytest.raises(
        FleetError,
        match=r"v1 is incomplete: assets/logo.svg differs from the marker \(still arriving, or",
    ):
        check(tmp_path)
    (tmp_path / "assets" / "logo.svg").unlink()
    with pytest.raises(FleetError, match=r"assets/logo.svg has not arrived"):
        check(tmp_path)
    (tmp_path / "assets" / "logo.svg").mkdir()  # a folder is not the file
    with pytest.raises(FleetError, match="has not arrived"):
        verify(tmp_path, read_marker(tmp_path))


def test_files_the_marker_does_not_list_are_ignored(tmp_path: Path) -> None:
    _source(tmp_path)
    marker = write_marker(tmp_path, "v1")
    (tmp_path / "leftover.png").write_bytes(b"x")
    assert check(tmp_path) == marker


def test_stage_copies_a_verified_version_and_keeps_two(tmp_path: Path) -> None:
    synced, cache = _source(tmp_path / "synced"), tmp_path / "cache"
    paths = []
    for version in ("v1", "v2", "v3"):
        (synced / "content.yaml").write_text(f"# {version}\n", encoding="utf-8")
        paths.append(stage(synced, cache, write_marker(synced, version)))
    assert paths[-1] == cache / "v3" / "content.yaml"
    assert paths[-1].read_text(encoding="utf-8") == "# v3\n"
    assert (cache / "v3" / "assets" / "logo.svg").read_text(encoding="utf-8") == "<svg/>"
    assert [path.name for path in staged_versions(cache)] == ["v2", "v3"]
    assert KEEP_VERSIONS == 2
    assert latest_staged(cache) == paths[-1]
    assert not list(cache.glob("*.partial"))


def test_staging_again_reuses_the_copy_and_makes_it_the_newest(tmp_path: Path) -> None:
    synced, cache = _source(tmp_path / "synced"), tmp_path / "cache"
    first = stage(synced, cache, write_marker(synced, "v1"))
    (synced / "content.yaml").write_text("# v2\n", encoding="utf-8")
    stage(synced, cache, write_marker(synced, "v2"))
    os.utime(cache / "v2", ns=(1, 1))
    first.write_text("# kept\n", encoding="utf-8")  # proves it is not copied again
    (synced / "content.yaml").write_text("slides: []\n", encoding="utf-8")
    assert stage(synced, cache, write_marker(synced, "v1")) == first
    assert first.read_text(encoding="utf-8") == "# kept\n"
    assert latest_staged(cache) == first


def test_a_half_staged_copy_is_redone(tmp_path: Path) -> None:
    synced, cache = _source(tmp_path / "synced"), tmp_path / "cache"
    (cache / "v1").mkdir(parents=True)
    (cache / "v1" / "stale").write_text("-", encoding="utf-8")  # no content.yaml: unfinished
    (cache / "v1.partial").mkdir()
    (cache / "v1.partial" / "junk").write_text("-", encoding="utf-8")
    path = stage(synced, cache, write_marker(synced, "v1"))
    assert path.read_text(encoding="utf-8") == "slides: []\n"
    assert not (cache / "v1.partial").exists()
    assert sorted(p.name for p in (cache / "v1").iterdir()) == ["assets", "content.yaml"]
    assert [p.name for p in staged_versions(cache)] == ["v1"]


def test_a_file_that_changes_while_staged_refuses_the_version(tmp_path: Path) -> None:
    synced, cache = _source(tmp_path / "synced"), tmp_path / "cache"
    marker = write_marker(synced, "v1")
    (synced / "content.yaml").write_text("# newer, arriving\n", encoding="utf-8")
    with pytest.raises(FleetError, match=r"content\.yaml differs"):
        stage(synced, cache, marker)
    assert not cache.joinpath("v1.partial").exists()
    assert not cache.joinpath("v1").exists()


def test_no_cache_no_versions(tmp_path: Path) -> None:
    assert staged_versions(tmp_path / "none") == []
    assert latest_staged(tmp_path / "none") is None
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "v1").mkdir()
    (tmp_path / "empty" / "stray.txt").write_text("-", encoding="utf-8")
    assert latest_staged(tmp_path / "empty") is None
    assert [p.name for p in staged_versions(tmp_path / "empty")] == ["v1"]


def test_resolve_takes_a_complete_version_else_the_last_good_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    synced, cache = _source(tmp_path / "synced"), tmp_path / "cache"
    with caplog.at_level(logging.WARNING):
        assert resolve(synced, cache) is None
    assert "fleet: no content.version" in caplog.text
    assert "(none yet)" in caplog.text
    write_marker(synced, "v1")
    good = resolve(synced, cache)
    assert good == cache / "v1" / "content.yaml"
    (synced / "content.yaml").write_text("# half of v2", encoding="utf-8")
    write_marker(synced, "v2")
    (synced / "assets" / "logo.svg").write_text("<sv", encoding="utf-8")  # still arriving
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert resolve(synced, cache) == good
    assert "assets/logo.svg differs" in caplog.text
    assert "showing the last good version (v1)" in caplog.text


def test_a_fleet_folder_has_a_marker_or_a_syncthing_folder_marker(tmp_path: Path) -> None:
    assert not is_fleet_folder(tmp_path)
    (tmp_path / ".stfolder").mkdir()
    assert is_fleet_folder(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / MARKER).write_text("{}", encoding="utf-8")
    assert is_fleet_folder(other)


def test_publish_mirrors_the_source_and_writes_the_marker_last(tmp_path: Path) -> None:
    source, synced = _source(tmp_path / "source"), tmp_path / "event" / "synced"
    (source / "assets" / "icons").mkdir()
    (source / "assets" / "icons" / "a.svg").write_text("<svg/>", encoding="utf-8")
    marker = publish(source, synced, "v1")
    text = (synced / MARKER).read_text(encoding="utf-8")
    assert text.startswith('{\n "files": {\n  "assets/icons/a.svg": "')  # sorted, readable
    assert text.endswith('"version": "v1"\n}\n')
    assert check(synced) == marker
    assert marker.version == "v1"
    (synced / "assets" / "old.png").write_bytes(b"stale")
    (synced / ".stfolder").mkdir()
    logo = synced / "assets" / "logo.svg"
    before = logo.stat().st_mtime_ns
    os.utime(logo, ns=(before - 10**9, before - 10**9))
    (source / "content.yaml").write_text("# v2\n", encoding="utf-8")
    marker = publish(source, synced, "v2")
    assert sorted(marker.files) == ["assets/icons/a.svg", "assets/logo.svg", "content.yaml"]
    assert not (synced / "assets" / "old.png").exists()
    assert (synced / ".stfolder").is_dir()
    assert logo.stat().st_mtime_ns == before - 10**9  # unchanged files are not rewritten
    assert (synced / "content.yaml").read_text(encoding="utf-8") == "# v2\n"
    assert not list(synced.rglob("*.partial"))
    assert check(synced).version == "v2"


def test_publish_refuses_a_folder_without_content_or_a_bad_version(tmp_path: Path) -> None:
    with pytest.raises(FleetError, match=r"no content\.yaml"):
        publish(tmp_path, tmp_path / "synced", "v1")
    _source(tmp_path)
    with pytest.raises(FleetError, match="a version is letters"):
        publish(tmp_path, tmp_path / "synced", "v 1")
    assert not (tmp_path / "synced").exists()


def test_outbox_names_each_kiosk_safely(tmp_path: Path) -> None:
    assert outbox_path(tmp_path, "stand-1") == tmp_path / "usage-stand-1.sqlite"
    assert outbox_path(tmp_path, "Stand 2 / hall B") == tmp_path / "usage-Stand-2-hall-B.sqlite"
    assert outbox_path(tmp_path, "../..") == tmp_path / "usage-kiosk.sqlite"
    assert outbox_path(tmp_path, "Xmas stand X") == tmp_path / "usage-Xmas-stand-X.sqlite"


def test_default_cache_is_in_the_user_data_folder() -> None:
    assert default_cache().name == "fleet-content"
    assert default_cache().parent.name == "rho-kiosk"
