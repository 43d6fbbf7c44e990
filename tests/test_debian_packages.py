"""The one Debian package list (packaging/debian-packages.txt) brings everything the app loads.

A new machine has only its image's packages. The first release passed CI on a machine where
``libpulse0`` had been installed by hand; on a new one ``import PySide6.QtMultimediaWidgets``
failed. This test runs the real app under Xvfb on the video slide, playing, reads the shared
libraries the process mapped (``/proc/PID/maps``), finds each one's Debian package
(``dpkg -S``) and fails, naming the package, for any that is neither on the ``runtime`` list
nor pulled in by a package on it (``apt-cache depends --recurse``).

VA-API (``libva*``) is left out on purpose: Qt's FFmpeg opens it only when the machine has it,
to decode on a GPU; without it the app decodes in software, so it is not a requirement.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.support.child import APP_RUN
from tests.support.xvfb import require, xvfb

PACKAGE_LIST = REPO_ROOT / "packaging" / "debian-packages.txt"
# What apt installs with a package: its Depends and Pre-Depends, nothing weaker.
NOT_DEPENDS = (
    "--no-recommends",
    "--no-suggests",
    "--no-conflicts",
    "--no-breaks",
    "--no-replaces",
    "--no-enhances",
)
OPTIONAL = re.compile(r"^libva")  # VA-API: opened only when present (see the docstring)

# Debian's package for the sonames Qt's plugins need, for the ldd check's message.
SONAME_PACKAGES = {
    "libpulse.so.0": "libpulse0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libXrandr.so.2": "libxrandr2",
}

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian only")


def listed(*groups: str, path: Path = PACKAGE_LIST) -> set[str]:
    """The packages of ``groups`` in the list (the same rule ./dev's awk applies)."""
    packages = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and words[0] in groups:
            packages.add(words[1])
    return packages


@functools.cache
def brought_by(packages: frozenset[str]) -> frozenset[str]:
    """``packages`` and every package apt installs with them (Depends and Pre-Depends)."""
    (apt_cache,) = require("apt-cache", why="Debian's apt")
    out = subprocess.run(
        [apt_cache, "depends", "--recurse", *NOT_DEPENDS, *sorted(packages)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    names = {line.split(":")[0] for line in out.splitlines() if line and not line[0].isspace()}
    return frozenset(names | packages)


def package_of(library: str) -> str | None:
    """The Debian package that installed ``library`` (a path), or None (not from a package)."""
    (dpkg,) = require("dpkg", why="Debian's dpkg")
    for candidate in (library, os.path.realpath(library)):
        found = subprocess.run(
            [dpkg, "-S", candidate], capture_output=True, text=True, check=False, timeout=30
        )
        if found.returncode == 0:
            return found.stdout.split(":")[0].split(",")[0].strip()
    name = Path(library).name  # /lib is a link to /usr/lib on merged-/usr systems
    found = subprocess.run(
        [dpkg, "-S", f"*/{name}"], capture_output=True, text=True, check=False, timeout=30
    )
    return found.stdout.split(":")[0].split(",")[0].strip() if found.returncode == 0 else None


def system_libraries(maps: str) -> set[str]:
    """The system shared libraries (under /usr or /lib) named in a ``/proc/PID/maps`` text."""
    paths = set()
    for line in maps.splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and ".so" in fields[5] and fields[5].startswith(("/usr/", "/lib")):
            paths.add(fields[5].strip())
    return paths


def unlisted(libraries: set[str], allowed: frozenset[str]) -> dict[str, list[str]]:
    """Packages of ``libraries`` that ``allowed`` does not bring, with the libraries of each."""
    missing: dict[str, list[str]] = {}
    for library in sorted(libraries):
        package = package_of(library)
        if package is None or OPTIONAL.match(package) or package in allowed:
            continue
        missing.setdefault(package, []).append(Path(library).name)
    return missing


@pytest.fixture(scope="module")
def mapped_libraries(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The system libraries the real app mapped on a real X screen, its video playing."""
    maps = tmp_path_factory.mktemp("maps") / "maps.txt"
    quit_after = ("--seconds", "4", "--maps", str(maps))
    with xvfb(1280, 720) as display:
        env = dict(
            os.environ,
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            XDG_STATE_HOME=str(maps.parent),
            XDG_CONFIG_HOME=str(maps.parent),
        )
        result = subprocess.run(
            [sys.executable, str(APP_RUN), "--video", *quit_after],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "playing" in result.stdout, "the app never reached its video"
    libraries = system_libraries(maps.read_text(encoding="utf-8"))
    assert any("libpulse" in name for name in libraries), "no audio library: was video played?"
    return libraries


def test_every_library_the_app_maps_comes_from_the_package_list(mapped_libraries: set[str]) -> None:
    allowed = brought_by(frozenset(listed("runtime")))
    missing = unlisted(mapped_libraries, allowed)
    assert not missing, "\n".join(
        f"{package} ({', '.join(names)}) is loaded by the app but no package in "
        f"{PACKAGE_LIST.relative_to(REPO_ROOT)}'s runtime group brings it: add it there"
        for package, names in missing.items()
    )


def test_the_check_names_libpulse0_when_it_is_taken_off_the_list(
    mapped_libraries: set[str],
) -> None:
    """The failure this test exists for: without libpulse0 on the list, it is named."""
    allowed = brought_by(frozenset(listed("runtime") - {"libpulse0"}))
    assert "libpulse0" in unlisted(mapped_libraries, allowed)


def test_the_list_is_what_dev_reads(tmp_path: Path) -> None:
    """./dev's reader and this test's agree on the groups (comments and blank lines skipped)."""
    out = subprocess.run(
        [
            "bash",
            "-c",
            f"source <(sed -n '/^debian_packages()/,/^}}/p' {REPO_ROOT / 'dev'}); "
            f"PACKAGES={PACKAGE_LIST}; debian_packages runtime test",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.split()
    assert set(out) == listed("runtime", "test")
    assert "libpulse0" in out
    assert "xvfb" in out


def _plugins() -> list[Path]:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    return [
        qt / "plugins" / "platforms" / "libqxcb.so",
        *sorted((qt / "plugins" / "multimedia").glob("*.so")),
        *sorted((qt / "lib").glob("libQt6Multimedia*.so.6")),
    ]


@pytest.mark.parametrize("plugin", _plugins(), ids=lambda path: path.name)
def test_qt_plugins_find_every_library(plugin: Path) -> None:
    """``ldd`` finds every library of the xcb platform plugin and of Qt Multimedia."""
    (ldd,) = require("ldd", why="Debian's libc-bin")
    assert plugin.exists(), plugin
    out = subprocess.run(
        [ldd, str(plugin)], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    missing = [line.split()[0] for line in out.splitlines() if "not found" in line]
    hints = [f"{name} (apt-get install {SONAME_PACKAGES.get(name, '?')})" for name in missing]
    assert not missing, f"{plugin.name} cannot load: missing {', '.join(hints)}"
