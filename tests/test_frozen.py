"""The frozen bundle (build.spec) as shipped: a clean environment, another folder, no network.

Runs when ``dist/kiosk/kiosk`` exists (``./dev bundle`` builds it) or ``KIOSK_FROZEN`` names
the program; skipped otherwise, except where a missing bundle is an error: under CI
(``CI=true``) or when ``KIOSK_FROZEN`` names a program that is not there (.ci/run sets it).
On Linux every run is in a new network namespace with no interfaces (``unshare -n``, or
``unshare -rn`` without root), and one run is traced with strace to show no internet socket is
ever opened.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk import __version__
from kiosk.cli import build_parser
from kiosk.content import Content
from kiosk.ui.render.png import slide_file_name
from tests.conftest import REPO_ROOT
from tests.support.child import offline_prefix
from tests.support.show import copy_content
from tests.support.xvfb import require

pytestmark = pytest.mark.slow

SIZE_BUDGET_MB = 160
DEFAULT_PROGRAM = (
    REPO_ROOT / "dist" / "kiosk" / ("kiosk-console.exe" if sys.platform == "win32" else "kiosk")
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="module")
def frozen() -> Path:
    named = os.environ.get("KIOSK_FROZEN")
    program = Path(named or DEFAULT_PROGRAM)
    if not program.is_file():
        message = f"no frozen bundle at {program}; build it with ./dev bundle"
        if named or _in_ci():
            pytest.fail(f"{message} (.ci/run builds it before the tests)")
        pytest.skip(message)
    return program


def run_frozen(
    program: Path, *args: str, cwd: Path, wrap: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run the bundle as a fresh machine would: only PATH, HOME and the offscreen platform."""
    home = cwd / "home"
    home.mkdir(exist_ok=True)
    env = {"PATH": os.defpath, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    if sys.platform == "win32":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
    return subprocess.run(
        [*wrap, *offline_prefix(), str(program), *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_runs_without_network_on_linux() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("network namespaces are Linux only")
    assert offline_prefix(), "unshare -n and unshare -rn both failed; cannot cut the network"


def test_version_comes_from_the_package_metadata(frozen: Path, tmp_path: Path) -> None:
    result = run_frozen(frozen, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"kiosk {__version__}"
    assert __version__ != "0.0.0+checkout"


def test_same_commands_and_flags_as_the_source(frozen: Path, tmp_path: Path) -> None:
    """Every command's --help reads the same in the bundle as from this checkout."""
    parser = build_parser()
    commands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    ).choices
    assert {"validate", "render", "self-test"} <= set(commands)
    source_env = {"PATH": os.defpath, "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT)}
    for args in [("--help",), *((command, "--help") for command in commands)]:
        result = run_frozen(frozen, *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        source = subprocess.run(
            [sys.executable, "-m", "kiosk", *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=source_env,
            check=True,
        )
        assert result.stdout == source.stdout, f"{args}: the bundle is stale? ./dev bundle"


def test_validate_finds_the_bundled_content(frozen: Path, tmp_path: Path) -> None:
    result = run_frozen(frozen, "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("valid, 9 slides.")
    bundled = Path(result.stdout.split(": valid")[0])
    assert bundled.parts[-3:] == ("kiosk", "_content", "content.yaml")
    assert frozen.parent in bundled.parents, "the content should come from inside the bundle"


def test_validate_reports_problems_in_other_content(frozen: Path, tmp_path: Path) -> None:
    bad = tmp_path / "content.yaml"
    bad.write_text("version: 1\npresentation: {title: T, organisation: O}\nslides: []\n")
    result = run_frozen(frozen, "validate", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_render_writes_every_slide(frozen: Path, tmp_path: Path, content: Content) -> None:
    out = tmp_path / "png"
    result = run_frozen(frozen, "render", "--out", str(out), "--size", "1280x720", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = [slide_file_name(index, slide.id) for index, slide in enumerate(content.slides)]
    assert sorted(path.name for path in out.iterdir()) == expected
    for name in expected:
        image = QImage(str(out / name))
        assert (image.width(), image.height()) == (1280, 720), name
        colours = {image.pixel(x, y) for x in range(0, 1280, 32) for y in range(0, 720, 32)}
        assert len(colours) > 3, f"{name} is blank"


def test_self_test_decodes_the_video(frozen: Path, tmp_path: Path) -> None:
    result = run_frozen(frozen, "self-test", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("ok   video: 1280x720 frames decoded") for line in lines)
    # The bundle has libswscale and its stand-in libraries where the picture looks for them.
    assert any(line.endswith("; pictures converted by libswscale") for line in lines)
    for name in ("content", "fonts", "svg", "image", "qr"):
        assert any(line.startswith(f"ok   {name}: ") for line in lines), name
    assert not any(line.startswith("FAIL") for line in lines)


def test_content_elsewhere(frozen: Path, tmp_path: Path) -> None:
    """--content takes a content folder outside the bundle; its own files are used."""
    folder = copy_content(tmp_path / "new-content")
    result = run_frozen(frozen, "self-test", "--content", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok   content: {folder / 'content.yaml'}: valid" in result.stdout
    (folder / "assets" / "video" / "explainer.webm").write_bytes(b"broken")
    result = run_frozen(frozen, "self-test", "--content", str(folder), cwd=tmp_path)
    assert result.returncode == 1
    assert "FAIL video: assets/video/explainer.webm" in result.stdout
    out = tmp_path / "png"
    render = ("render", "--out", str(out), "--size", "640x360")
    result = run_frozen(frozen, "--content", str(folder / "content.yaml"), *render, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list(out.glob("*.png"))) == 9


def test_opens_no_internet_socket(frozen: Path, tmp_path: Path) -> None:
    """strace sees every socket the bundle makes: local ones (PulseAudio, D-Bus) only."""
    if not sys.platform.startswith("linux"):
        pytest.skip("strace is Linux only")
    (strace,) = require("strace", why="Debian's strace")
    log = tmp_path / "strace.log"
    wrap = (strace, "-f", "-qq", "-e", "trace=socket,connect,sendto,sendmsg", "-o", str(log))
    out = tmp_path / "png"
    for args in (("self-test",), ("render", "--out", str(out), "--size", "640x360")):
        result = run_frozen(frozen, *args, cwd=tmp_path, wrap=wrap)
        assert result.returncode == 0, result.stdout + result.stderr
        calls = log.read_text()
        internet = re.findall(r".*(?:AF_INET6?|AF_PACKET)\b.*", calls)
        assert internet == [], f"{args[0]} touched the network: {internet[:5]}"


def _disk_usage(path: Path) -> int:
    """Bytes on disk, as ``du`` counts them (whole blocks where the OS reports them)."""
    status = path.stat()
    blocks = getattr(status, "st_blocks", None)
    return blocks * 512 if blocks is not None else status.st_size


def test_bundle_fits_its_size_budget(frozen: Path) -> None:
    files = [path for path in frozen.parent.rglob("*") if path.is_file() and not path.is_symlink()]
    size_mb = sum(map(_disk_usage, files)) / 2**20
    assert size_mb <= SIZE_BUDGET_MB, f"the bundle is {size_mb:.0f} MB; the budget is 160 MB"
