"""The .desktop files in deploy/linux/ start commands the app really takes."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from kiosk.cli import build_parser
from tests.conftest import REPO_ROOT

ENTRIES = sorted((REPO_ROOT / "deploy" / "linux").glob("*.desktop"))


def exec_lines(path: Path) -> dict[str, str]:
    """Exec= of every group (the entry and its actions), by group name."""
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(path, encoding="utf-8")
    return {group: entry[group]["Exec"] for group in entry.sections() if "Exec" in entry[group]}


def test_both_entries_are_there() -> None:
    names = {path.name for path in ENTRIES}
    assert {"rho-kiosk.desktop", "rho-kiosk-presentation.desktop"} <= names


@pytest.mark.parametrize("path", ENTRIES, ids=lambda path: path.name)
def test_every_exec_line_parses_as_kiosk_arguments(path: Path) -> None:
    lines = exec_lines(path)
    assert "Desktop Entry" in lines
    for group, line in lines.items():
        program, *args = shlex.split(line)
        assert Path(program).name == "kiosk", f"{path.name} [{group}]: {line}"
        build_parser().parse_args(args)  # exits (SystemExit) on an unknown flag


def test_the_app_menu_entry_offers_window_fullscreen_and_presenter() -> None:
    lines = exec_lines(REPO_ROOT / "deploy" / "linux" / "rho-kiosk-presentation.desktop")
    assert sorted(lines.values()) == ["kiosk", "kiosk --fullscreen", "kiosk --presenter"]
