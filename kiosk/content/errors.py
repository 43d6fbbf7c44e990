"""Content errors that name the file, line, column and field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters that would break a problem's one line (or hide in it): newlines, controls."""


def _one_line(text: str) -> str:
    return _LINE_BREAKING.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Problem:
    """One problem in a content file. ``line`` and ``column`` count from 1."""

    path: Path
    line: int
    column: int
    field: str
    message: str
    warning: bool = False
    """A warning (e.g. a missing translation): reported, but the content can be used."""

    def __str__(self) -> str:
        """``path:line:column: field: message`` on one line, whatever the file's keys hold
        (``path:line:column: warning: field: message`` for a warning)."""
        where = f"{self.path}:{self.line}:{self.column}" + (": warning" if self.warning else "")
        if self.field:
            return f"{where}: {_one_line(self.field)}: {_one_line(self.message)}"
        return f"{where}: {_one_line(self.message)}"


class ContentError(Exception):
    """A content file could not be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
