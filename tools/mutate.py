"""Mutation testing: does the test suite catch small, realistic changes to the logic?

For each module named (default: every module in ``MODULES``) this runs mutmut (the version
pinned in pyproject.toml's ``dev`` extra) on a scratch copy of the repository, so the working
tree gets no ``mutants/`` folder and each module gets its own test selection: the project's
``[tool.mutmut]`` settings plus ``only_mutate`` = that module and
``pytest_add_cli_args_test_selection`` = its tests from ``MODULES``. mutmut then runs, for
each mutant, only the selected tests that ran the mutated function. It prints one line per
module (mutants, killed, survived, no test ran them, score) and writes the surviving
mutants' diffs to ``--report`` (default: ``mutants-report.txt`` in the scratch folder's
parent, printed at the end).

Usage::

    python tools/mutate.py                          # every module in MODULES
    python tools/mutate.py kiosk/system/pin.py kiosk/system/supervisor.py
    python tools/mutate.py kiosk/system/pin.py --write     # and update bench/RESULTS.md
    python tools/mutate.py --list                   # the modules and their tests

``--jobs`` (default 2) is mutmut's ``--max-children``. Score = (killed + timed out) / all
mutants; "no tests" are mutants in functions the selected tests never run. A survivor is a
change the tests did not notice: read its diff, then either strengthen a test or judge it
equivalent (e.g. ``"utf-8"`` -> ``"UTF-8"``). Times on this 2-core machine: about 3 minutes
for kiosk/system/pin.py (scrypt makes its tests slow) and 2 for kiosk/system/supervisor.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## Mutation testing"

MODULES: dict[str, list[str]] = {
    # module: pytest arguments selecting the tests that run on its mutants. Fast ones: the
    # supervisor's on fake time, not those that start real children or send real signals.
    "kiosk/system/pin.py": ["tests/test_pin.py", "-k", "not as_a_script"],
    "kiosk/system/supervisor.py": [
        "tests/test_supervisor_timing.py",
        "tests/test_supervisor.py::test_kiosk_command",
        "tests/test_supervisor.py::test_a_staff_exit_ends_the_supervisor",  # one real child
        "tests/test_supervisor.py::test_spawn_puts_the_child_in_its_own_process_group",
    ],
    "kiosk/content/vtt.py": ["tests/test_vtt.py", "tests/test_vtt_corpus.py"],
    "kiosk/content/contrast.py": ["tests/test_contrast.py"],
    "kiosk/system/platform/process.py": ["tests/test_supervisor.py", "-k", "platform or group"],
    "kiosk/system/platform/video.py": ["tests/test_platform_video.py"],
    "kiosk/content/fields.py": [
        "tests/test_content_fields.py",
        "tests/test_content_model.py",
        "tests/test_content_hostile.py",
    ],
    "kiosk/content/schema.py": [
        "tests/test_content_schema.py",
        "tests/test_content_model.py",
        "tests/test_content_hostile.py",
    ],
    # The kiosk's and the presenter's decisions, taken out of their Qt controllers so their
    # mutants run against pure tests (no Qt process to crash, no real timers).
    "kiosk/logic/visit.py": ["tests/test_logic_visit.py"],
    "kiosk/logic/timings.py": ["tests/test_logic_timings.py"],
    "kiosk/logic/gesture.py": ["tests/test_logic_gesture.py"],
    "kiosk/logic/talk_timer.py": ["tests/test_logic_talk_timer.py"],
    "kiosk/logic/pace.py": ["tests/test_logic_pace.py"],
    "kiosk/logic/pointer.py": ["tests/test_logic_pointer.py"],
    "kiosk/logic/screens.py": ["tests/test_logic_screens.py"],
    "kiosk/logic/keyrepeat.py": ["tests/test_logic_keyrepeat.py"],
    "kiosk/usage/recorder.py": ["tests/test_usage_store.py", "-k", "not kill"],
    "kiosk/system/fleet.py": ["tests/test_fleet.py"],
}
"""Modules under mutation testing and their tests. Qt-free modules only: the Qt controllers
are thin adapters over kiosk/logic (see bench/README.md, "Mutation testing")."""

COPIED = ["kiosk", "tests", "pyproject.toml", "content.yaml", "assets", "deploy"]
"""What the scratch copy holds: the package, the tests and what they read."""


@dataclass
class Score:
    module: str
    total: int = 0
    killed: int = 0
    timeout: int = 0
    survived: int = 0
    no_tests: int = 0
    other: int = 0
    seconds: float = 0.0
    error: str = ""

    @property
    def caught(self) -> int:
        return self.killed + self.timeout

    @property
    def score(self) -> float:
        return 100.0 * self.caught / self.total if self.total else 0.0


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(value) for value in values) + "]"


def _scratch_copy(module: str, folder: Path) -> None:
    """The repository's files mutmut needs, with [tool.mutmut] narrowed to ``module``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "mutants")
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, folder / name)
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    base = tomllib.loads(text).get("tool", {}).get("mutmut", {})
    # Drop the project's own [tool.mutmut] table (up to the next table) and write ours.
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", text)
    lines = ["", "[tool.mutmut]"]
    for key, value in base.items():
        if key not in ("only_mutate", "pytest_add_cli_args_test_selection"):
            lines.append(f"{key} = {json.dumps(value)}")
    lines.append(f"only_mutate = {_toml_list([module])}")
    lines.append(f"pytest_add_cli_args_test_selection = {_toml_list(MODULES[module])}")
    (folder / "pyproject.toml").write_text(text.rstrip() + "\n" + "\n".join(lines) + "\n")


def _mutmut(folder: Path, *args: str, log: Path | None = None, timeout: float = 3600) -> str:
    command = [sys.executable, "-m", "mutmut", *args]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    if log is not None:  # mutmut's progress spinner: to a file, not the terminal
        with log.open("w", encoding="utf-8") as out:
            done = subprocess.run(
                command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout
            )
        if done.returncode != 0:
            tail = log.read_text(encoding="utf-8", errors="replace")[-1500:]
            raise RuntimeError(f"mutmut {args[0]} exited with {done.returncode}:\n{tail}")
        return ""
    return subprocess.run(
        command, cwd=folder, env=env, capture_output=True, text=True, check=True, timeout=600
    ).stdout


def run_module(module: str, jobs: int, timeout: float, report: list[str]) -> Score:
    score = Score(module)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kiosk-mutate-") as scratch:
        folder = Path(scratch)
        _scratch_copy(module, folder)
        try:
            _mutmut(folder, "run", "--max-children", str(jobs), log=folder / "run.log",
                    timeout=timeout)  # fmt: skip
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            score.error = str(error)
            score.seconds = time.monotonic() - started
            return score
        score.seconds = time.monotonic() - started
        _mutmut(folder, "export-cicd-stats")
        stats = json.loads((folder / "mutants" / "mutmut-cicd-stats.json").read_text())
        score.total = stats["total"]
        score.killed = stats["killed"]
        score.timeout = stats["timeout"]
        score.survived = stats["survived"]
        score.no_tests = stats["no_tests"]
        score.other = score.total - score.killed - score.timeout - score.survived
        score.other -= score.no_tests
        report.append(f"# {module}: {score.survived} survived, {score.no_tests} not tested\n")
        for line in _mutmut(folder, "results").splitlines():
            name, _, status = line.strip().rpartition(": ")
            if not name:
                continue
            diff = _mutmut(folder, "show", name)
            changed = [
                row
                for row in diff.splitlines()
                if row[:1] in "+-" and not row.startswith(("+++", "---"))
            ]
            report.append(f"{name} [{status}]\n" + "\n".join(changed) + "\n")
    return score


TABLE_HEAD = (
    "| module | tests run on its mutants | mutants | killed | timed out | survived "
    "| no test ran them | score: (killed + timed out) / mutants | time | when, tree |\n"
    "|---|---|---|---|---|---|---|---|---|---|\n"
)


def _row(s: Score, when: str) -> str:
    tests = " ".join(MODULES[s.module])
    if s.error:
        return f"| `{s.module}` | `{tests}` | error | | | | | | {s.seconds:.0f} s | {when} |"
    return (
        f"| `{s.module}` | `{tests}` | {s.total} | {s.killed} | {s.timeout} | {s.survived} "
        f"| {s.no_tests} | {s.caught} / {s.total} = {s.score:.1f} % | {s.seconds:.0f} s "
        f"| {when} |"
    )


def write_section(scores: list[Score]) -> None:
    """Put this run's rows into bench/RESULTS.md's mutation-testing section.

    Rows of modules not in this run stay, as do notes under the table (lines after it);
    the section is created at the end of the file the first time.
    """
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "kiosk", "tests"], cwd=REPO, capture_output=True,
        text=True,
    ).stdout.strip()  # fmt: skip
    when = time.strftime("%Y-%m-%d", time.gmtime()) + f", {head or '?'}" + ("+" if dirty else "")
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    rows: dict[str, str] = {}
    notes = ""
    start = text.find(f"\n{SECTION}\n")
    if start >= 0:
        following = text.find("\n## ", start + len(SECTION) + 2)
        old = text[start + 1 : following + 1 if following >= 0 else len(text)]
        text = text[: start + 1] + (text[following + 1 :] if following >= 0 else "")
        for line in old.splitlines():
            found = re.match(r"\| `([^`]+)` \|", line)
            if found:
                rows[found.group(1)] = line
        after_table = re.search(r"(?ms)^\|[^\n]*\n(?!\|)(.*)", old)
        notes = after_table.group(1).strip() if after_table else ""
    for score in scores:
        rows[score.module] = _row(score, when)
    ordered = [rows[m] for m in MODULES if m in rows] + [
        row for m, row in rows.items() if m not in MODULES
    ]
    version = subprocess.run(
        [sys.executable, "-m", "pip", "show", "mutmut"], capture_output=True, text=True
    ).stdout
    mutmut = next((v.split()[-1] for v in version.splitlines() if v.startswith("Version")), "?")
    section = (
        f"{SECTION}\n\n"
        f"mutmut {mutmut} on Python {sys.version.split()[0]}, through `python tools/mutate.py "
        'MODULE... --write` (bench/README.md, "Mutation testing"); each row is that module\'s '
        "latest run. A survivor is a change to the code that no selected test noticed.\n\n"
        + TABLE_HEAD
        + "\n".join(ordered)
        + "\n"
        + (f"\n{notes}\n" if notes else "")
    )
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all of MODULES)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per module")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--report", type=Path, help="where to write the survivors' diffs")
    parser.add_argument("--list", action="store_true", help="list the modules and their tests")
    args = parser.parse_args(argv)
    if args.list:
        for module, tests in MODULES.items():
            print(f"{module}: pytest {' '.join(tests)}")
        return 0
    configured = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = configured.get("tool", {}).get("mutmut", {}).get("only_mutate", [])
    if sorted(listed) != sorted(MODULES):
        parser.error("pyproject.toml's [tool.mutmut] only_mutate and MODULES here differ")
    unknown = [module for module in args.modules if module not in MODULES]
    if unknown:
        parser.error(f"not in MODULES (tools/mutate.py): {', '.join(unknown)}")
    modules = args.modules or list(MODULES)
    report: list[str] = []
    scores: list[Score] = []
    for module in modules:
        print(f"{module}: mutating ...", flush=True)
        score = run_module(module, args.jobs, args.timeout, report)
        scores.append(score)
        if score.error:
            print(f"{module}: error after {score.seconds:.0f} s\n{score.error}", flush=True)
        else:
            print(
                f"{module}: {score.total} mutants, {score.killed} killed, {score.timeout} timed"
                f" out, {score.survived} survived, {score.no_tests} not run by any test:"
                f" {score.score:.1f} % in {score.seconds:.0f} s",
                flush=True,
            )
    report_path = args.report or Path(tempfile.gettempdir()) / "kiosk-mutants-report.txt"
    report_path.write_text("\n".join(report), encoding="utf-8")
    print(f"surviving mutants' diffs: {report_path}")
    if args.write:
        write_section(scores)
        print(f"wrote {RESULTS.relative_to(REPO)}")
    return 1 if any(score.error for score in scores) else 0


if __name__ == "__main__":
    sys.exit(main())
