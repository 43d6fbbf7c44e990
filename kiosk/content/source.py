"""Read a YAML file safely into a node tree that remembers line and column.

Only plain data is accepted: the safe loader, no aliases (an alias bomb expands
exponentially), a bounded nesting depth and a bounded file size, so hostile input ends
in a clear :class:`ContentError` quickly instead of a hang or a memory blow-up.
"""

from __future__ import annotations

import stat
from pathlib import Path

import yaml

from kiosk.content.errors import ContentError, Problem

MAX_BYTES = 1024 * 1024
"""Largest content file accepted, in bytes. The bundled one is about 7 KiB."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and sequences accepted."""

MAX_NODES = 50_000
"""Most values (scalars, mappings and lists) accepted; the bundled file has a few hundred.
Bounds the time spent building and validating nodes for a large but shallow file."""

_NULL_TAG = "tag:yaml.org,2002:null"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _problem(path: Path, line: int, column: int, message: str) -> ContentError:
    return ContentError([Problem(path, line, column, "", message)])


def _decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1 :]
        column = len(line_start.decode("utf-8", errors="replace")) + 1
        raise _problem(path, line, column, "the file is not UTF-8 text") from None


def _check_events(path: Path, text: str) -> None:
    """Reject aliases and deep nesting before any node is built."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        assert mark is not None  # the loaders set marks on every event
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise _problem(
                    path,
                    mark.line + 1,
                    mark.column + 1,
                    f"the file has more than {MAX_NODES} values; is it really a content file?",
                )
        if isinstance(event, yaml.AliasEvent):
            raise _problem(
                path,
                mark.line + 1,
                mark.column + 1,
                "YAML aliases (*name) are not allowed in content files",
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _problem(
                    path,
                    mark.line + 1,
                    mark.column + 1,
                    f"nesting is deeper than {MAX_DEPTH} levels",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read_yaml(path: Path) -> yaml.Node:
    """Return the root node of the YAML file at ``path``.

    Raises :class:`ContentError` for an unreadable, oversized, non-UTF-8, empty or
    malformed file, with the line and column where that is known.
    """
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # A folder, or a device or pipe such as /dev/zero whose reading never ends.
            raise _problem(path, 1, 1, "cannot read the file: it is not a regular file")
        size = status.st_size
        if size <= MAX_BYTES:
            with path.open("rb") as stream:
                data = stream.read(MAX_BYTES + 1)  # the file may have grown since stat()
            size = max(size, len(data))
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the path
        reason = getattr(exc, "strerror", None) or exc
        raise _problem(path, 1, 1, f"cannot read the file: {reason}") from None
    if size > MAX_BYTES:
        raise _problem(
            path,
            1,
            1,
            f"the file is {size / 1024 / 1024:.1f} MiB; content files may be at most "
            f"{MAX_BYTES // 1024} KiB",
        )
    text = _decode(path, data)
    try:
        _check_events(path, text)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise _problem(path, line, column, f"not valid YAML: {message}") from None
    except yaml.YAMLError as exc:  # ReaderError: control characters and the like
        position = getattr(exc, "position", 0)
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        reason = getattr(exc, "reason", "")
        raise _problem(path, line, column, f"not valid YAML text: {reason or exc}") from None
    if root is None or (
        isinstance(root, yaml.ScalarNode) and root.tag == _NULL_TAG and not root.value
    ):  # no document, or an empty one ("---" alone)
        raise _problem(path, 1, 1, "the file is empty; expected a mapping with 'slides'")
    return root
