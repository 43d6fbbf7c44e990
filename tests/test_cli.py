"""The `kiosk` command as a user runs it: exit codes, messages, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk import __version__
from kiosk.cli import main
from kiosk.ui.kiosk.settings import KioskTimings
from tests.conftest import REPO_ROOT
from tests.support.show import copy_content


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


# --- kiosk mode's options, through main() to the running kiosk ------------------------------


class _NoEventLoop:
    """Stands in for the QApplication that ``kiosk --kiosk`` runs: its ``exec`` notes the
    timings of the KioskController that ``run_kiosk`` built, undoes it and returns 0."""

    def __init__(self, seen: list[KioskTimings]) -> None:
        from PySide6.QtWidgets import QApplication

        self.seen = seen
        self.earlier = set(QApplication.topLevelWidgets())  # other tests' windows: not ours

    def exec(self) -> int:
        from PySide6.QtWidgets import QApplication

        from kiosk.ui.kiosk.controller import KioskController
        from kiosk.ui.show.window import MainWindow

        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow) and window not in self.earlier:
                for controller in window.findChildren(KioskController):
                    self.seen.append(controller.timings)
                    controller.stop()
                window.close()
                window.deleteLater()
        return 0


@pytest.fixture
def kiosk_timings(
    qapp: QApplication, app_fonts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., KioskTimings]:
    """``kiosk --kiosk ARGS...`` through ``main()`` in this process, up to its event loop;
    returns the kiosk's timings. No log file, no screen-saver inhibition, no real PIN file."""
    import kiosk.inhibit
    import kiosk.system.logs
    import kiosk.ui.app

    seen: list[KioskTimings] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(kiosk.system.logs, "configure_logging", lambda *args, **kwargs: None)
    monkeypatch.setattr(kiosk.inhibit, "make_inhibitor", lambda: kiosk.inhibit.NullInhibitor())
    monkeypatch.setattr(kiosk.ui.app, "create_application", lambda *args: _NoEventLoop(seen))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    def run(*args: str) -> KioskTimings:
        pins = str(tmp_path / "staff-pin.json")
        argv = ["--kiosk", "--video-path", "gpu", "--pin-file", pins, *args]
        assert main(argv) == 0
        assert len(seen) == 1, "no kiosk controller was running"
        return seen.pop()

    return run


def test_kiosk_idle_timeout_and_countdown_options_reach_the_kiosk(
    kiosk_timings: Callable[..., KioskTimings],
) -> None:
    timings = kiosk_timings("--idle-timeout", "20", "--countdown", "25")
    assert (timings.idle_timeout, timings.countdown) == (20_000, 25_000)
    timings = kiosk_timings("--countdown", "120")
    assert (timings.idle_timeout, timings.countdown) == (90_000, 120_000)  # content.yaml's 90 s
    timings = kiosk_timings("--idle-timeout", "3600")
    assert (timings.idle_timeout, timings.countdown) == (3_600_000, 20_000)
    timings = kiosk_timings()
    assert (timings.idle_timeout, timings.countdown) == (90_000, 20_000)


@pytest.mark.parametrize("option", ["--idle-timeout", "--countdown"])
@pytest.mark.parametrize("value", ["0", "-5", "3601", "inf", "nan", "soon"])
def test_kiosk_seconds_options_refuse_values_out_of_range(
    kiosk_timings: Callable[..., KioskTimings],
    option: str,
    value: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # kiosk_timings: were the value taken, the kiosk would not run its event loop here.
    with pytest.raises(SystemExit) as exit_info:
        kiosk_timings(option, value)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: " in err
    assert "at most 3600 seconds" in err or "expected a number of seconds" in err


@pytest.mark.parametrize("value", ["19.9", "5", "120.5"])
def test_countdown_option_has_content_yamls_bounds(
    kiosk_timings: Callable[..., KioskTimings], value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """20 s at least (WCAG 2.2.1), 120 s at most: the same as kiosk.countdown in content.yaml."""
    with pytest.raises(SystemExit) as exit_info:
        kiosk_timings("--countdown", value)
    assert exit_info.value.code == 2
    assert "must be at least 20 and at most 120 seconds" in capsys.readouterr().err


def _content_with_a_bad_cue(folder: Path) -> tuple[Path, Path]:
    """A copy of the bundled content whose captions have one bad cue (seconds 65, line 8):
    valid, with one warning. Returns the content file and the captions file."""
    copy_content(folder)
    vtt = folder / "assets" / "video" / "explainer.vtt"
    text = vtt.read_text(encoding="utf-8")
    assert text.splitlines()[7] == "00:00:03.908 --> 00:00:05.011"
    vtt.write_text(text.replace("--> 00:00:05.011", "--> 00:00:65.011"), encoding="utf-8")
    return folder / "content.yaml", vtt


BAD_CUE = "warning: slides[7].captions: cue dropped: minutes and seconds go up to 59"


def test_validate_prints_warnings_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, vtt = _content_with_a_bad_cue(tmp_path)
    assert main(["validate", str(content)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"{vtt}:8:18: {BAD_CUE}"]
    assert f"{content}: valid, 9 slides." in captured.out


def test_validate_strict_makes_warnings_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, vtt = _content_with_a_bad_cue(tmp_path)
    assert main(["validate", "--strict", str(content)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{vtt}:8:18: {BAD_CUE}",
        "1 problem found (--strict: warnings count).",
    ]
    assert "valid" not in captured.out
    assert main(["validate", "--strict"]) == 0, "the bundled content has no warning"


def test_validate_json_for_editors_and_ci(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, vtt = _content_with_a_bad_cue(tmp_path)
    assert main(["validate", "--format", "json", str(content)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    warning = {
        "file": str(vtt),
        "line": 8,
        "column": 18,
        "field": "slides[7].captions",
        "message": "cue dropped: minutes and seconds go up to 59",
    }
    assert json.loads(captured.out) == {"valid": True, "errors": [], "warnings": [warning]}
    assert main(["validate", "--format", "json", "--strict", str(content)]) == 1
    assert json.loads(capsys.readouterr().out)["valid"] is False
    # An error: not valid, exit 1, every problem located.
    text = content.read_text(encoding="utf-8")
    content.write_text(text.replace("kind: video", "kind: film", 1), encoding="utf-8")
    assert main(["validate", "--format", "json", str(content)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert report["errors"]
    assert all(error["file"] == str(content) and error["line"] > 1 for error in report["errors"])
    assert main(["validate", "--format", "json", str(tmp_path / "gone.yaml")]) == 1
    [missing] = json.loads(capsys.readouterr().out)["errors"]
    assert (missing["line"], missing["column"]) == (1, 1)
