"""A fleet of stands without a server: content versions that arrive by a sync engine.

The coordinator publishes a content folder (:func:`publish`): it copies the files into the
folder a sync engine such as Syncthing sends to every kiosk and writes the version marker,
:data:`MARKER`, *last*. The marker names the version and the SHA-256 of every file of the
version. A kiosk's copy of that folder changes file by file while a new version arrives, so
the kiosk never shows it directly: :func:`check` says whether every file listed in the marker
is there with its checksum, and only then :func:`stage` copies the version into a cache
folder of its own (``<cache>/<version>``, written beside it and renamed when whole and
verified again). The kiosk shows content from there; a partial or bad arrival leaves the
last good version on screen, and :func:`check`'s reason says why. Files that the marker
does not list (the sync engine's own, or leftovers) are ignored. Nothing here imports Qt.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# platformdirs, hashlib and shutil are imported where used: `kiosk` imports this module for
# is_fleet_folder, and the first slide should not wait for them (bench/RESULTS.md).

MARKER = "content.version"
"""The version marker in a published content folder, written last."""
CONTENT_FILE = "content.yaml"
KEEP_VERSIONS = 2
"""Staged versions kept in the cache: the one on screen and the one before."""
IGNORED = re.compile(r"^(\.st|~syncthing~|\.syncthing\.)|\.partial$|\.tmp$")
"""Names a sync engine or a copy in progress uses; never part of a version."""
VERSION = r"[\w.-]{1,64}"
"""What a version's name may hold (it names a folder in the cache)."""

log = logging.getLogger(__name__)


def default_cache() -> Path:
    """The kiosk's staged versions: ``fleet-content`` in the user's data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("rho-kiosk")) / "fleet-content"


class FleetError(Exception):
    """A content version that cannot be used (the message says why)."""


@dataclass(frozen=True)
class Marker:
    version: str
    files: dict[str, str]
    """Each file of the version (a relative POSIX path) and its SHA-256 (hex)."""


def sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_files(folder: Path) -> list[str]:
    """Every file of the content in ``folder`` (relative POSIX paths, sorted), without the
    marker and without names in :data:`IGNORED` (at any depth)."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(IGNORED.search(part) for part in relative.parts):
            continue
        if path.is_file() and relative.as_posix() != MARKER:
            found.append(relative.as_posix())
    return sorted(found)


def _safe(name: str) -> str:
    """``name`` if it is a relative path inside the folder, else a :class:`FleetError`."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise FleetError(f"the marker names a file outside the folder: {name!r}")
    return name


def read_marker(folder: Path) -> Marker:
    """The marker of ``folder``; a :class:`FleetError` if it is missing or malformed."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FleetError(f"no {MARKER} in {folder} (not yet arrived, or not published)") from None
    except (OSError, ValueError) as error:
        raise FleetError(f"{MARKER} cannot be read: {error}") from None
    if not isinstance(data, dict):
        raise FleetError(f"{MARKER} is not a version marker")
    version, files = data.get("version"), data.get("files")
    if not isinstance(version, str) or not re.fullmatch(VERSION, version):
        raise FleetError(f"{MARKER} names no usable version: {version!r}")
    if not isinstance(files, dict) or CONTENT_FILE not in files:
        raise FleetError(f"{MARKER} lists no {CONTENT_FILE}")
    for name, digest in files.items():
        if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise FleetError(f"{MARKER} has no SHA-256 for {name}")
    return Marker(version, {_safe(name): digest for name, digest in files.items()})


def verify(folder: Path, marker: Marker) -> None:
    """A :class:`FleetError` naming the first file of ``marker`` that ``folder`` lacks or
    holds with another checksum."""
    for name, digest in sorted(marker.files.items()):
        path = folder / name
        if not path.is_file():
            raise FleetError(f"version {marker.version} is incomplete: {name} has not arrived")
        if sha256(path) != digest:
            raise FleetError(
                f"version {marker.version} is incomplete: {name} differs from the marker"
                " (still arriving, or damaged)"
            )


def check(folder: Path) -> Marker:
    """The marker of ``folder`` if every file it lists is there and whole, else a
    :class:`FleetError` saying why."""
    marker = read_marker(folder)
    verify(folder, marker)
    return marker


def staged_versions(cache: Path) -> list[Path]:
    """The versions staged in ``cache``, oldest first."""
    if not cache.is_dir():
        return []
    found = [path for path in cache.iterdir() if path.is_dir() and not IGNORED.search(path.name)]
    return sorted(found, key=lambda path: (path.stat().st_mtime_ns, path.name))


def stage(folder: Path, cache: Path, marker: Marker) -> Path:
    """Copy ``marker``'s version from ``folder`` into ``cache/<version>`` (built beside it,
    verified, then renamed); its content.yaml. Older versions beyond
    :data:`KEEP_VERSIONS` are removed. A :class:`FleetError` if the files changed while
    being copied (a newer version arriving): the folder is then checked again later."""
    import shutil

    target = cache / marker.version
    if not (target / CONTENT_FILE).is_file():
        partial = cache / f"{marker.version}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        for name in marker.files:
            (partial / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / name, partial / name)
        try:
            verify(partial, marker)
        except FleetError:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
    os.utime(target)  # the newest
    for old in staged_versions(cache)[:-KEEP_VERSIONS]:
        shutil.rmtree(old, ignore_errors=True)
    return target / CONTENT_FILE


def latest_staged(cache: Path) -> Path | None:
    """The content.yaml of the newest version staged in ``cache``, if any."""
    for version in reversed(staged_versions(cache)):
        if (version / CONTENT_FILE).is_file():
            return version / CONTENT_FILE
    return None


def is_fleet_folder(folder: Path) -> bool:
    """Whether ``folder`` is a published content folder (it has, or had, a marker; a kiosk
    whose first version is still arriving has a Syncthing folder marker)."""
    return (folder / MARKER).exists() or (folder / ".stfolder").exists()


def resolve(folder: Path, cache: Path) -> Path | None:
    """The content.yaml a kiosk should show from the synced ``folder``: the version there if
    complete (staged into ``cache``), else the last good staged one; None if neither."""
    try:
        return stage(folder, cache, check(folder))
    except (FleetError, OSError) as error:
        fallback = latest_staged(cache)
        kept = fallback.parent.name if fallback else "none yet"
        log.warning("fleet: %s; showing the last good version (%s)", error, kept)
        return fallback


def write_marker(folder: Path, version: str) -> Marker:
    """Write ``folder``'s marker for ``version`` (beside it, then renamed): the files as they
    are now, with their checksums."""
    files = {name: sha256(folder / name) for name in content_files(folder)}
    marker = Marker(version, files)
    text = json.dumps({"version": version, "files": files}, indent=1, sort_keys=True)
    partial = folder / f"{MARKER}.partial"
    partial.write_text(text + "\n", encoding="utf-8")
    partial.replace(folder / MARKER)
    return marker


def publish(source: Path, folder: Path, version: str) -> Marker:
    """The coordinator's step: make ``folder`` (the synced one) hold exactly ``source``'s
    content files, then write the marker last. The old marker goes first, so a kiosk never
    takes a mix of versions for a whole one."""
    import shutil

    if not (source / CONTENT_FILE).is_file():
        raise FleetError(f"no {CONTENT_FILE} in {source}")
    if re.fullmatch(VERSION, version) is None:
        raise FleetError(f"a version is letters, digits, '.', '-' and '_': {version!r}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).unlink(missing_ok=True)
    wanted = content_files(source)
    for name in content_files(folder):
        if name not in wanted:
            (folder / name).unlink()
    for name in wanted:
        target = folder / name
        if target.is_file() and sha256(target) == sha256(source / name):
            continue  # unchanged: the sync engine need not send it again
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f"{target.name}.partial")
        shutil.copyfile(source / name, partial)
        partial.replace(target)
    return write_marker(folder, version)


def outbox_path(outbox: Path, kiosk: str) -> Path:
    """Where kiosk ``kiosk`` exports its usage database in ``outbox``: named after the
    kiosk, so the coordinator's copies of many outboxes never clash."""
    name = re.sub(r"[^\w.-]+", "-", kiosk).strip("-.") or "kiosk"
    return outbox / f"usage-{name}.sqlite"
