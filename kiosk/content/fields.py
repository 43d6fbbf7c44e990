"""The parts content.yaml is checked with: a field declaration, and one parser per kind of
value (texts, colours, numbers, key names, web addresses, files inside the content folder).

Each parser takes the validation :class:`Context`, a YAML node and where it is (a field path
such as ``slides[3].title``), and returns the value or :data:`INVALID` after reporting
the problem.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from kiosk.content import assets, model
from kiosk.content.errors import Problem
from kiosk.content.native_keys import native_key_name, parse_native_key

INVALID: Any = object()
"""Returned by a field parser after it has reported a problem."""

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
VIDEO_SUFFIXES = (".webm", ".mp4", ".mkv", ".mov")
CAPTION_SUFFIXES = (".vtt",)
SLIDE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters that are never visible text (written with escapes such as "\\0" or "\\x07")."""


class Context:
    """Collects problems while one file is validated."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.base_dir = path.absolute().parent.resolve()
        self.problems: list[Problem] = []
        self.language = "en"
        self.language_codes: set[str] = {"en"}
        self.text_nodes: list[tuple[str, yaml.MappingNode]] = []
        self.texts: list[tuple[str, yaml.Node, frozenset[str]]] = []
        """Every visible text: where, its node, the languages it is written in."""
        self.language_nodes: dict[str, yaml.Node] = {}
        """Each of presentation.languages' entries by code, in the file's order."""
        self.warnings: list[Problem] = []
        self.check_files = True

    def error(self, node: yaml.Node, where: str, message: str) -> Any:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, where, message))
        return INVALID

    def warn(self, node: yaml.Node, where: str, message: str) -> None:
        mark = node.start_mark
        self.warnings.append(
            Problem(self.path, mark.line + 1, mark.column + 1, where, message, warning=True)
        )


Parser = Callable[[Context, yaml.Node, str], Any]


@dataclass(frozen=True)
class Field:
    """One declared field: how to parse it, whether it must be present, and what it means."""

    name: str
    parse: Parser
    required: bool = False
    help: str = ""


# --- scalar parsers --------------------------------------------------------------------

_scalar_constructor = yaml.constructor.SafeConstructor()


def _scalar(ctx: Context, node: yaml.Node, where: str, expected: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return ctx.error(node, where, f"expected {expected}, found a {kind_of(node)}")
    if node.tag == "tag:yaml.org,2002:null":
        hint = ' (quote colours: "#005EB8")' if expected == "a colour" else ""
        return ctx.error(node, where, f"expected {expected}, found nothing{hint}")
    try:
        return _scalar_constructor.construct_object(node)
    except (yaml.YAMLError, ValueError) as exc:
        # A MarkedYAMLError's str() adds a multi-line "in <unicode string>, line ..." part.
        reason = getattr(exc, "problem", None) or exc
        return ctx.error(node, where, f"expected {expected}: {reason}")
    except Exception:  # the safe constructor fails oddly on tags, e.g. !!bool "maybe"
        tag = node.tag.rpartition(":")[2]
        return ctx.error(node, where, f"expected {expected}: {node.value!r} is not a valid {tag}")


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "value"


def parse_later(ctx: Context, node: yaml.Node, where: str) -> Any:
    """A nested section, checked by its own function after the keys are known."""
    return node


def parse_string(ctx: Context, node: yaml.Node, where: str) -> Any:
    """A non-empty string; numbers and dates are read as the text written."""
    value = _scalar(ctx, node, where, "a text")
    if value is INVALID:
        return value
    text = str(node.value).strip()
    if not text:
        return ctx.error(node, where, "must not be empty")
    control = CONTROL_CHARACTER.search(text)
    if control:
        return ctx.error(
            node, where, f"contains the control character {control.group()!r}; remove it"
        )
    return text


def parse_text(ctx: Context, node: yaml.Node, where: str) -> Any:
    """Visible text: a string, or a mapping from language code to string."""
    if isinstance(node, yaml.MappingNode):
        values: dict[str, str] = {}
        for key_node, value_node in node.value:
            code = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            text = parse_string(ctx, value_node, f"{where}.{code}")
            if code in values:
                ctx.error(key_node, f"{where}.{code}", "appears twice")
            elif not LANGUAGE_CODE.match(code):
                ctx.error(
                    key_node, f"{where}.{code}", "is not a language code such as 'en' or 'ar'"
                )
            elif text is not INVALID:
                values[code] = text
        ctx.text_nodes.append((where, node))
        ctx.texts.append((where, node, frozenset(values)))
        return model.Text(values, ctx.language) if values else INVALID
    text = parse_string(ctx, node, where)
    ctx.texts.append((where, node, frozenset({ctx.language})))
    return INVALID if text is INVALID else model.Text({ctx.language: text}, ctx.language)


def parse_colour(ctx: Context, node: yaml.Node, where: str) -> Any:
    value = _scalar(ctx, node, where, "a colour")
    if value is INVALID:
        return value
    if not isinstance(value, str) or not COLOUR.match(value):
        return ctx.error(node, where, f'expected a colour like "#005EB8", found {node.value!r}')
    return value.upper()


def parse_int_1_99(ctx: Context, node: yaml.Node, where: str) -> Any:
    value = _scalar(ctx, node, where, "a whole number")
    if value is INVALID:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        return ctx.error(node, where, f"expected a whole number, found {node.value!r}")
    if not 1 <= value <= 99:
        return ctx.error(node, where, f"must be between 1 and 99, found {value}")
    return value


def parse_seconds(ctx: Context, node: yaml.Node, where: str) -> Any:
    """A duration in seconds, more than 0 and at most one hour."""
    value = _scalar(ctx, node, where, "a number of seconds")
    if value is INVALID:
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ctx.error(node, where, f"expected a number of seconds, found {node.value!r}")
    if not 0 < value <= 3600:
        return ctx.error(
            node, where, f"must be more than 0 and at most 3600 seconds, found {value}"
        )
    return float(value)


def parse_bool(ctx: Context, node: yaml.Node, where: str) -> Any:
    value = _scalar(ctx, node, where, "true or false")
    if value is not INVALID and not isinstance(value, bool):
        return ctx.error(node, where, f"expected true or false, found {node.value!r}")
    return value


KEY_MODIFIERS = ("Ctrl", "Alt", "Shift", "Meta")
"""Modifiers a key name may start with, e.g. ``Shift+F5``, in Qt's order."""
NAMED_KEYS = (
    "Space", "Esc", "Tab", "Backtab", "Backspace", "Return", "Enter", "Ins", "Del",
    "Pause", "Print", "Home", "End", "Left", "Up", "Right", "Down", "PgUp", "PgDown",
    "Menu", "Help", "Back", "Forward", "Media Play", "Media Pause",
    "Toggle Media Play/Pause", "Media Stop", "Media Previous", "Media Next",
    "Volume Down", "Volume Up", "Volume Mute",
)  # fmt: skip
"""Key names besides single characters and F1 to F35, spelt as Qt's QKeySequence reads them."""
KEY_ALIASES = {
    "escape": "Esc",
    "page up": "PgUp",
    "pageup": "PgUp",
    "page down": "PgDown",
    "pagedown": "PgDown",
    "delete": "Del",
    "insert": "Ins",
    "play/pause": "Toggle Media Play/Pause",
    "media play/pause": "Toggle Media Play/Pause",
}
_NAMED_KEYS = {name.lower(): name for name in NAMED_KEYS} | KEY_ALIASES
_FUNCTION_KEY = re.compile(r"^[Ff]([1-9]|[12][0-9]|3[0-5])$")


def normalise_key_name(text: str) -> str:
    """The canonical spelling of a key name such as ``shift+f5``, ``PageDown`` or ``?``.

    Raises ``ValueError`` with the reason if it is not a key this app can bind. Qt-free:
    a UI test checks that Qt reads every name this accepts. ``keysym:`` and ``keycode:`` name
    keys by what the platform reports (kiosk/content/native_keys.py).
    """
    native = parse_native_key(text)
    if native is not None:
        return native_key_name(*native)
    rest, modifiers = text.strip(), set()
    while True:
        head, plus, tail = rest.partition("+")
        modifier = next((m for m in KEY_MODIFIERS if m.lower() == head.strip().lower()), None)
        if not plus or not tail or modifier is None:
            break
        modifiers.add(modifier)
        rest = tail
    key = rest.strip()  # all spaces: "", refused below like any other blank
    if key.lower() in _NAMED_KEYS:
        key = _NAMED_KEYS[key.lower()]
    elif _FUNCTION_KEY.match(key):
        key = key.upper()
    elif len(key) == 1 and key.isprintable() and not key.isspace():
        if key.isdigit():
            raise ValueError("digits are kept for typing a slide number")
        key = key.upper()
    else:
        raise ValueError(
            f"{text!r} is not a key name; use one character, F1 to F35, or a name such as "
            "Right, PgDown, Space, Return, Esc or Media Play, or keysym:... or keycode:... "
            "as `kiosk keys` prints them (README, Presenting)"
        )
    return "+".join([m for m in KEY_MODIFIERS if m in modifiers] + [key])


def parse_key_list(ctx: Context, node: yaml.Node, where: str) -> Any:
    """A list of key names (or one name); an empty list leaves the action without keys."""
    items = list(node.value) if isinstance(node, yaml.SequenceNode) else [node]
    names: list[str] = []
    for index, item in enumerate(items):
        at = f"{where}[{index}]" if isinstance(node, yaml.SequenceNode) else where
        text = parse_string(ctx, item, at)
        if text is INVALID:
            continue
        try:
            names.append(normalise_key_name(text))
        except ValueError as exc:
            ctx.error(item, at, str(exc))
    return tuple(names) if len(names) == len(items) else INVALID


def parse_version(ctx: Context, node: yaml.Node, where: str) -> Any:
    value = _scalar(ctx, node, where, "the format version 1")
    if value is not INVALID and (isinstance(value, bool) or value != 1):
        return ctx.error(node, where, f"this app reads format version 1, found {node.value!r}")
    return value


def parse_slide_id(ctx: Context, node: yaml.Node, where: str) -> Any:
    value = parse_string(ctx, node, where)
    if value is not INVALID and not SLIDE_ID.match(value):
        return ctx.error(
            node, where, f"{value!r} is not a slide id: use a-z, 0-9 and '-', at most 64 characters"
        )
    return value


def parse_language_code(ctx: Context, node: yaml.Node, where: str) -> Any:
    value = parse_string(ctx, node, where)
    if value is not INVALID and not LANGUAGE_CODE.match(value):
        return ctx.error(node, where, f"{value!r} is not a language code such as 'en' or 'ar'")
    return value


def one_of(*choices: str) -> Parser:
    def parse(ctx: Context, node: yaml.Node, where: str) -> Any:
        value = parse_string(ctx, node, where)
        if value is not INVALID and value not in choices:
            return ctx.error(node, where, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    return parse


def parse_url(ctx: Context, node: yaml.Node, where: str) -> Any:
    value = parse_string(ctx, node, where)
    if value is INVALID:
        return value
    try:
        parts = urlsplit(value)
        scheme, host = parts.scheme, parts.hostname
        _ = parts.port  # ValueError unless empty or a number from 0 to 65535
    except ValueError:  # e.g. "https://[::1" (an unclosed IPv6 address)
        scheme = host = None
    if scheme not in ("http", "https") or not host or any(c.isspace() for c in value):
        return ctx.error(node, where, f"{value!r} is not a web address (https://...)")
    return value


def asset(*suffixes: str) -> Parser:
    """A file path relative to the content folder, which must exist inside that folder."""

    def parse(ctx: Context, node: yaml.Node, where: str) -> Any:
        value = parse_string(ctx, node, where)
        if value is INVALID:
            return value
        if (
            PurePosixPath(value).is_absolute()
            or PureWindowsPath(value).is_absolute()
            or PureWindowsPath(value).drive
        ):
            return ctx.error(node, where, f"{value!r} must be relative to the content folder")
        if ".." in PurePosixPath(value.replace("\\", "/")).parts:
            return ctx.error(node, where, f"{value!r} may not leave the content folder ('..')")
        if PurePosixPath(value).suffix.lower() not in suffixes:
            return ctx.error(
                node, where, f"file {value!r} should end in one of: {', '.join(suffixes)}"
            )
        try:
            resolved = (ctx.base_dir / value).resolve()
            if not resolved.is_relative_to(ctx.base_dir):
                return ctx.error(node, where, f"file {value!r} leads outside the content folder")
            if not ctx.check_files:
                return resolved
            if resolved.is_dir():
                return ctx.error(node, where, f"file {value!r} is a folder, not a file")
            if not resolved.is_file():
                if resolved.is_symlink():
                    assets.raise_if_loop(resolved)  # Python 3.13 resolves a loop without a word
                return ctx.error(node, where, f"file {value!r} does not exist")
            if not os.access(resolved, os.R_OK):
                return ctx.error(node, where, f"file {value!r} cannot be read")
            if resolved.stat().st_size == 0:
                return ctx.error(node, where, f"file {value!r} is empty")
            problem = assets.file_problem(resolved)
            if problem:
                return ctx.error(node, where, f"file {value!r} cannot be used: {problem}")
            from kiosk.content import svg_features  # lazy: start-up reads no file (cli.py)

            for note in svg_features.file_warnings(resolved):  # drawn, but not as designed
                shown = ctx.path.parent / value
                ctx.warnings.append(
                    Problem(shown, note.line, note.column, where, note.message, warning=True)
                )
        # RuntimeError: a symlink loop (Python 3.11); ValueError: a NUL in the name;
        # OSError: a name that is too long, a permission problem on a folder, ...
        except (OSError, RuntimeError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            return ctx.error(node, where, f"file {value!r} cannot be read: {reason}")
        return resolved

    return parse


def captions(ctx: Context, node: yaml.Node, where: str) -> Any:
    """One WebVTT file, or a mapping from language code to one (``{en: a.vtt, ur: b.vtt}``,
    a ``dict``; the default language's is required)."""
    if not isinstance(node, yaml.MappingNode):
        return _caption_file(ctx, node, where)
    tracks: dict[str, Any] = {}
    for key_node, value_node in node.value:
        code = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        at = f"{where}.{code}"
        if code in tracks:
            tracks[code] = ctx.error(key_node, at, "appears twice")
        elif code not in ctx.language_codes:
            tracks[code] = ctx.error(
                key_node, at, "language is not listed in presentation.languages"
            )
        else:
            tracks[code] = _caption_file(ctx, value_node, at)
    if any(track is INVALID for track in tracks.values()):
        return INVALID
    if ctx.language not in tracks:
        return ctx.error(node, where, f"has no captions in the default language {ctx.language!r}")
    return tracks


def _caption_file(ctx: Context, node: yaml.Node, where: str) -> Any:
    """A WebVTT file: each cue the WebVTT parser drops is a warning at its line in the
    captions file; a file with no cue to show is an error."""
    resolved = asset(*CAPTION_SUFFIXES)(ctx, node, where)
    if resolved is INVALID or not ctx.check_files:
        return resolved
    from kiosk.content.vtt import VttError, read_vtt  # lazy: start-up reads no file (cli.py)

    try:
        captions = read_vtt(resolved.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        return ctx.error(
            node, where, f"file {node.value!r} is not UTF-8 text (byte {exc.start + 1})"
        )
    except (VttError, OSError) as exc:
        return ctx.error(node, where, f"file {node.value!r} is not valid WebVTT: {exc}")
    shown_as = ctx.path.parent / str(node.value)  # as content.yaml names it
    for found in captions.warnings:
        ctx.warnings.append(
            Problem(shown_as, found.line, found.column, where, found.message, warning=True)
        )
    if not captions.shown:
        return ctx.error(node, where, f"file {node.value!r} has no cue to show")
    return resolved


def parse_links(ctx: Context, node: yaml.Node, where: str) -> Any:
    """A mapping of SVG element id -> slide id. The schema checks, once every slide is read,
    that each slide exists and each element is in the image's SVG files."""
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return ctx.error(node, where, "expected a mapping of SVG element id: slide id")
    links: dict[str, str] = {}
    for key_node, value_node in node.value:
        element = parse_string(ctx, key_node, where)
        if element is INVALID:
            continue
        at = f"{where}.{element}"
        if element in links:
            ctx.error(key_node, at, "appears twice")
            continue
        target = parse_slide_id(ctx, value_node, at)
        if target is not INVALID:
            links[element] = target
    return links if len(links) == len(node.value) else INVALID
