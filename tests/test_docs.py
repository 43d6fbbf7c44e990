"""The README stays true: its field reference matches the schema, its commands exist."""

from __future__ import annotations

import re

from kiosk.content.contrast import theme_pairs
from kiosk.content.model import Content
from kiosk.content.reference import reference_markdown
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_field_reference_matches_the_schema() -> None:
    block = re.search(r"<!-- fields:start -->\n(.*?)<!-- fields:end -->", README, re.S)
    assert block, "README lost its field reference markers"
    assert block.group(1).strip() == reference_markdown().strip(), (
        "README field reference is stale: paste `python -m kiosk.content.reference`"
    )


def test_quick_start_commands_exist() -> None:
    assert "./dev run" in README
    assert "./dev test" in README
    assert (REPO_ROOT / "dev").stat().st_mode & 0o111
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./dev test" in ci


def test_stated_lowest_contrast_is_true(content: Content) -> None:
    lowest = min(theme_pairs(content.theme).values())
    assert f"lowest pair is {lowest:.2f}:1" in README


def test_key_table_matches_the_key_map() -> None:
    from kiosk.ui.show.keyhelp import key_table_markdown

    block = re.search(r"<!-- keys:start -->\n(.*?)<!-- keys:end -->", README, re.S)
    assert block, "README lost its key table markers"
    assert block.group(1).strip() == key_table_markdown().strip(), (
        "README key table is stale: paste `python -m kiosk.ui.show.keyhelp`"
    )
