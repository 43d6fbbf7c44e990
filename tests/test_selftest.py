"""`kiosk self-test`: passes on the bundled content, and names what is broken when it is not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.resources import bundled_content_path
from kiosk.selftest import CheckResult, _check_content, resolve_content_path
from tests.conftest import REPO_ROOT
from tests.support.show import copy_content


def self_test(*args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO_ROOT), **extra_env)
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        env=env,
        check=False,
    )


def checks(output: str) -> dict[str, list[str]]:
    """Result lines by check name: {'video': ['ok   video: ...'], ...}."""
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        if line.startswith(("ok   ", "FAIL ")):
            name = line[5:].split(":", 1)[0]
            found.setdefault(name, []).append(line)
    return found


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the bundled content folder, to break."""
    return copy_content(tmp_path / "content")


def test_passes_on_the_bundled_content() -> None:
    result = self_test("self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    found = checks(result.stdout)
    assert set(found) == {"content", "glyphs", "fonts", "svg", "image", "video", "qr"}
    assert all(line.startswith("ok   ") for lines in found.values() for line in lines)
    assert found["video"][0].startswith("ok   video: 1280x720 frames decoded")
    assert found["video"][0].endswith("; pictures converted by libswscale")
    assert "valid, 9 slides" in found["content"][0]
    assert "'Noto Sans' available" in found["fonts"][0]
    assert found["glyphs"] == ["ok   glyphs: every text in 1 language can be drawn"]
    assert "assets/summary-visual.svg: 1600x660, draws" in found["svg"][0]
    assert "drawn and read back" in found["qr"][0]
    assert result.stdout.rstrip().endswith("self-test passed: 7 checks.")


FFMPEG_DUMP = ("Input #0", "Stream #0")
"""Lines of FFmpeg's stream dump (av_dump_format), which it writes straight to stderr."""


def test_ffmpeg_stream_dump_stays_off_stderr() -> None:
    # The video check opens the bundled video through the app's own player; Qt's FFmpeg backend
    # dumps its streams to stderr unless kiosk.ui.app.quiet_ffmpeg_stream_dump turned it off.
    result = self_test("self-test", QT_LOGGING_RULES="")
    assert result.returncode == 0, result.stdout + result.stderr
    assert checks(result.stdout)["video"][0].startswith("ok   video:")
    dumped = [line for line in result.stderr.splitlines() if line.lstrip().startswith(FFMPEG_DUMP)]
    assert not dumped, "FFmpeg's stream dump reached stderr:\n" + result.stderr


def test_a_users_own_logging_rules_still_win() -> None:
    # The app sets its rule with QLoggingCategory.setFilterRules, which QT_LOGGING_RULES
    # overrides: a developer can have the dump back. This also shows that the test above
    # would see a dump if there were one.
    rule = "qt.multimedia.ffmpeg.mediadataholder.info=true"
    result = self_test("self-test", QT_LOGGING_RULES=rule)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Input #0, matroska,webm" in result.stderr
    assert "Stream #0:0: Video: vp9" in result.stderr


def test_a_broken_video_fails_clearly_and_the_rest_still_runs(content_copy: Path) -> None:
    (content_copy / "assets" / "video" / "explainer.webm").write_bytes(b"not a video\x00" * 500)
    result = self_test("self-test", "--content", str(content_copy))
    assert result.returncode == 1
    found = checks(result.stdout)
    assert found["video"] == [found["video"][0]]
    assert found["video"][0].startswith("FAIL video: assets/video/explainer.webm: ")
    for name in ("glyphs", "fonts", "svg", "image", "qr"):
        assert found[name][0].startswith("ok   "), found[name]
    assert "self-test FAILED" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_missing_svg_fails_in_content_and_svg(content_copy: Path) -> None:
    (content_copy / "assets" / "summary-visual.svg").unlink()
    # The global --content, before the command, works too (here with the file itself).
    result = self_test("--content", str(content_copy / "content.yaml"), "self-test")
    assert result.returncode == 1
    found = checks(result.stdout)
    assert found["content"][0].startswith("FAIL content: 1 problem:")
    assert "summary-visual.svg' does not exist" in result.stdout
    assert found["svg"] == ["FAIL svg: assets/summary-visual.svg: file not found"]
    assert found["video"][0].startswith("ok   video: 1280x720 frames decoded")
    assert "self-test FAILED: 2 of 7 checks failed." in result.stdout


WORKSTREAMS = (
    "improving-health-and-care",
    "empowering-vulnerable-communities",
    "innovating-for-all",
    "creating-equitable-environments",
    "collaborating-globally",
)


def test_an_svg_that_draws_nothing_fails(content_copy: Path) -> None:
    # The cards content.yaml links to are there (else the content is invalid), but empty.
    cards = "".join(f'<g id="card-{name}"/>' for name in WORKSTREAMS)
    (content_copy / "assets" / "summary-visual.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90">{cards}</svg>\n'
    )
    result = self_test("self-test", "--content", str(content_copy), "--timeout", "30")
    assert result.returncode == 1
    assert checks(result.stdout)["svg"] == [
        "FAIL svg: assets/summary-visual.svg: draws nothing (blank)"
    ]


def test_unreadable_content_fails_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "content.yaml"
    bad.write_bytes(b"\x00\x01 not yaml \xff")
    result = self_test("self-test", "--content", str(bad))
    assert result.returncode == 1
    found = checks(result.stdout)
    assert found["content"][0].startswith("FAIL content:")
    assert found["fonts"][0].startswith("ok   fonts:")  # checked even without content
    assert "Traceback" not in result.stdout + result.stderr


def test_content_warnings_are_printed_and_do_not_fail(content_copy: Path) -> None:
    vtt = content_copy / "assets" / "video" / "explainer.vtt"
    text = vtt.read_text(encoding="utf-8")
    vtt.write_text(text.replace("--> 00:00:05.011", "--> 00:00:65.011"), encoding="utf-8")
    content, result = _check_content(content_copy / "content.yaml")
    assert content is not None
    assert result.ok
    first, warning = str(result).splitlines()
    assert first.startswith("ok   content: ")
    assert first.endswith("valid, 9 slides, 1 warning:")
    assert warning == (
        f"       {vtt}:8:18: warning: slides[7].captions: cue dropped: minutes and seconds go"
        " up to 59"
    )


def test_content_path_and_result_lines(tmp_path: Path) -> None:
    assert resolve_content_path(None) == bundled_content_path()
    assert resolve_content_path(tmp_path) == tmp_path / "content.yaml"
    assert resolve_content_path(tmp_path / "x.yaml") == tmp_path / "x.yaml"
    assert str(CheckResult("video", True, "fine")) == "ok   video: fine"
    assert str(CheckResult("fonts", False, "broken")) == "FAIL fonts: broken"


# The video check's frames come from the decoder's render thread as queued calls; those sent
# after the check ended wait in the event queue. They once went to a method of a plain Python
# object that was freed when the check returned, and ran on freed memory when the event loop
# next ran (the suite segfaulted there, or later in another test, from the corrupted heap).
# A child process, so that a crash fails this test instead of ending the session;
# PYTHONMALLOC=debug fills freed memory, so touching it crashes every time, not now and then.
LATE_FRAMES_CHILD = """
import sys, time
from PySide6.QtCore import QCoreApplication
from kiosk import selftest
from kiosk.content import VideoSlide, load_content
from kiosk.resources import bundled_content_path
from kiosk.ui.app import create_application
from kiosk.ui.slides.player import VideoPlayer

create_application(sys.argv[:1])
content = load_content(bundled_content_path())
video = next(slide for slide in content.slides if isinstance(slide, VideoSlide))
late = []
stopping = False
set_output, unload = VideoPlayer.set_video_output, VideoPlayer.unload

def counting_output(player, sink):  # counts the frames that arrive after the check ended
    sink.videoFrameChanged.connect(lambda frame: late.append(1) if stopping else None)
    set_output(player, sink)

def slow_unload(player):  # the decoder goes on meanwhile, its frames queued
    global stopping
    stopping = True
    time.sleep(0.3)
    unload(player)

VideoPlayer.set_video_output, VideoPlayer.unload = counting_output, slow_unload
for _ in range(2):
    stopping = False
    result = selftest._check_video(video.file, content.base_dir, 20.0)
    assert result.ok, result
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
print(len(late))
"""


def test_frames_queued_after_the_video_check_are_dropped() -> None:
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO_ROOT), PYTHONMALLOC="debug"
    )
    result = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", LATE_FRAMES_CHILD],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 0, f"late frames crashed the check:\n{result.stderr[-3000:]}"
    late = int(result.stdout.split()[-1])
    assert late > 0, "no frame came after the check ended: the test proves nothing"
