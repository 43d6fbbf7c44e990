"""The `kiosk` command as a user runs it: exit codes, messages, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.cli import main
from tests.conftest import REPO_ROOT


def run_kiosk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd or REPO_ROOT,
        env=env,
        check=False,
    )


def test_validate_bundled_content_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "valid, 9 slides" in capsys.readouterr().out


def test_validate_reports_every_problem_with_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "content.yaml"
    bad.write_text(
        "version: 1\n"
        "presentation:\n"
        "  title: T\n"
        "  organisation: O\n"
        "slides:\n"
        "  - id: a\n"
        "    kind: workstream\n"
        "    title: A\n"
        "    number: three\n"
        "    body: B\n"
        "  - id: a\n"
        "    kind: video\n"
        "    title: V\n"
        "    file: missing.webm\n",
        encoding="utf-8",
    )
    assert main(["validate", str(bad)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"{bad}:9:13: slides[0].number: expected a whole number, found 'three'",
        f"{bad}:11:9: slides[1].id: id 'a' is already used by the slide on line 6",
        f"{bad}:14:11: slides[1].file: file 'missing.webm' does not exist",
        "3 problems found.",
    ]


def test_a_content_folder_stands_for_its_content_yaml(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(REPO_ROOT)]) == 0
    assert f"{REPO_ROOT / 'content.yaml'}: valid" in capsys.readouterr().out


def test_validate_missing_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    err = capsys.readouterr().err
    assert "nope.yaml:1:1: cannot read the file" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2() -> None:
    result = run_kiosk("validate", "a", "b")
    assert result.returncode == 2
    assert "usage: kiosk" in result.stderr
    assert run_kiosk("render").returncode == 2  # --out is required
    assert run_kiosk("render", "--out", "x", "--size", "big").returncode == 2
    assert run_kiosk("--no-such-flag").returncode == 2


def test_version_and_help() -> None:
    result = run_kiosk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"kiosk {__version__}"
    help_text = run_kiosk("--help").stdout
    for word in ("--content", "--fullscreen", "validate", "render"):
        assert word in help_text


def test_render_from_another_folder(tmp_path: Path) -> None:
    result = run_kiosk("render", "--out", str(tmp_path / "png"), "--size", "640x360", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(path.name for path in (tmp_path / "png").iterdir())
    assert names[0] == "01-intro.png"
    assert len(names) == 9


def test_show_with_broken_content_exits_cleanly(tmp_path: Path) -> None:
    bad = tmp_path / "content.yaml"
    bad.write_bytes(b"\x00\x01binary junk\xff")
    result = run_kiosk("--content", str(bad))
    assert result.returncode == 1
    assert "content.yaml:1:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_wheel_install_finds_bundled_content(tmp_path: Path) -> None:
    """A non-editable install carries content.yaml and assets inside the package."""
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheel_dir),
            str(REPO_ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(wheel_dir.glob("rho_kiosk-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # Reuse this environment's PySide6 and PyYAML rather than downloading them again; the
    # new environment's own site-packages (with the wheel) still comes first on sys.path.
    child_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(child_site, "parent-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--force-reinstall",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import kiosk.resources as r; print(r.bundled_content_path())"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(venv)), where
    assert where.endswith("kiosk/_content/content.yaml")
    kiosk_cmd = venv / "bin" / "kiosk"
    validate = subprocess.run(
        [str(kiosk_cmd), "validate"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
        timeout=120,
        check=False,
    )
    assert validate.returncode == 0, validate.stderr
    render = subprocess.run(
        [str(kiosk_cmd), "render", "--out", "png", "--size", "640x360"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
        timeout=120,
        check=False,
    )
    assert render.returncode == 0, render.stderr
    assert len(list((outside / "png").glob("*.png"))) == 9
