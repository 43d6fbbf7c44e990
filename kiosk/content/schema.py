"""The one declared shape of content.yaml, and the validator that turns nodes into objects.

Every field is declared once below (name, type, required, help text). The validator
reports every problem in a file at once, each with file, line, column and field path;
the README's field reference is checked against these declarations by a test.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from kiosk.content import assets, contrast, model
from kiosk.content.actions import Action
from kiosk.content.errors import ContentError, Problem
from kiosk.content.source import read_yaml
from kiosk.content.vtt import VttError, parse_vtt

_INVALID: Any = object()
"""Returned by a field parser after it has reported a problem."""

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
VIDEO_SUFFIXES = (".webm", ".mp4", ".mkv", ".mov")
CAPTION_SUFFIXES = (".vtt",)
SLIDE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters that are never visible text (written with escapes such as "\\0" or "\\x07")."""
MIN_CONTRAST = 4.5
"""WCAG 2.x AA minimum contrast ratio for body text."""


class _Context:
    """Collects problems while one file is validated."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.base_dir = path.absolute().parent.resolve()
        self.problems: list[Problem] = []
        self.language = "en"
        self.language_codes: set[str] = {"en"}
        self.text_nodes: list[tuple[str, yaml.MappingNode]] = []
        self.check_files = True

    def error(self, node: yaml.Node, where: str, message: str) -> Any:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, where, message))
        return _INVALID


Parser = Callable[[_Context, yaml.Node, str], Any]


@dataclass(frozen=True)
class Field:
    """One declared field: how to parse it, whether it must be present, and what it means."""

    name: str
    parse: Parser
    required: bool = False
    help: str = ""


# --- scalar parsers --------------------------------------------------------------------

_scalar_constructor = yaml.constructor.SafeConstructor()


def _scalar(ctx: _Context, node: yaml.Node, where: str, expected: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return ctx.error(node, where, f"expected {expected}, found a {_kind_of(node)}")
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
        tag = node.tag.rsplit(":", 1)[-1]
        return ctx.error(node, where, f"expected {expected}: {node.value!r} is not a valid {tag}")


def _kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "value"


def parse_later(ctx: _Context, node: yaml.Node, where: str) -> Any:
    """A nested section, checked by its own function after the keys are known."""
    return node


def parse_string(ctx: _Context, node: yaml.Node, where: str) -> Any:
    """A non-empty string; numbers and dates are read as the text written."""
    value = _scalar(ctx, node, where, "a text")
    if value is _INVALID:
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


def parse_text(ctx: _Context, node: yaml.Node, where: str) -> Any:
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
            elif text is not _INVALID:
                values[code] = text
        ctx.text_nodes.append((where, node))
        return model.Text(values, ctx.language) if values else _INVALID
    text = parse_string(ctx, node, where)
    return _INVALID if text is _INVALID else model.Text({ctx.language: text}, ctx.language)


def parse_colour(ctx: _Context, node: yaml.Node, where: str) -> Any:
    value = _scalar(ctx, node, where, "a colour")
    if value is _INVALID:
        return value
    if not isinstance(value, str) or not COLOUR.match(value):
        return ctx.error(node, where, f'expected a colour like "#005EB8", found {node.value!r}')
    return value.upper()


def parse_int_1_99(ctx: _Context, node: yaml.Node, where: str) -> Any:
    value = _scalar(ctx, node, where, "a whole number")
    if value is _INVALID:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        return ctx.error(node, where, f"expected a whole number, found {node.value!r}")
    if not 1 <= value <= 99:
        return ctx.error(node, where, f"must be between 1 and 99, found {value}")
    return value


def parse_seconds(ctx: _Context, node: yaml.Node, where: str) -> Any:
    """A duration in seconds, more than 0 and at most one hour."""
    value = _scalar(ctx, node, where, "a number of seconds")
    if value is _INVALID:
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ctx.error(node, where, f"expected a number of seconds, found {node.value!r}")
    if not 0 < value <= 3600:
        return ctx.error(
            node, where, f"must be more than 0 and at most 3600 seconds, found {value}"
        )
    return float(value)


def parse_bool(ctx: _Context, node: yaml.Node, where: str) -> Any:
    value = _scalar(ctx, node, where, "true or false")
    if value is not _INVALID and not isinstance(value, bool):
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
    a UI test checks that Qt reads every name this accepts.
    """
    rest, modifiers = text.strip(), set()
    while True:
        head, plus, tail = rest.partition("+")
        modifier = next((m for m in KEY_MODIFIERS if m.lower() == head.strip().lower()), None)
        if not plus or not tail or modifier is None:
            break
        modifiers.add(modifier)
        rest = tail
    key = rest if rest.strip() == "" else rest.strip()
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
            "Right, PgDown, Space, Return, Esc or Media Play (README, Presenting)"
        )
    return "+".join([m for m in KEY_MODIFIERS if m in modifiers] + [key])


def parse_key_list(ctx: _Context, node: yaml.Node, where: str) -> Any:
    """A list of key names (or one name); an empty list leaves the action without keys."""
    items = list(node.value) if isinstance(node, yaml.SequenceNode) else [node]
    names: list[str] = []
    for index, item in enumerate(items):
        at = f"{where}[{index}]" if isinstance(node, yaml.SequenceNode) else where
        text = parse_string(ctx, item, at)
        if text is _INVALID:
            continue
        try:
            names.append(normalise_key_name(text))
        except ValueError as exc:
            ctx.error(item, at, str(exc))
    return tuple(names) if len(names) == len(items) else _INVALID


def parse_version(ctx: _Context, node: yaml.Node, where: str) -> Any:
    value = _scalar(ctx, node, where, "the format version 1")
    if value is not _INVALID and (isinstance(value, bool) or value != 1):
        return ctx.error(node, where, f"this app reads format version 1, found {node.value!r}")
    return value


def parse_slide_id(ctx: _Context, node: yaml.Node, where: str) -> Any:
    value = parse_string(ctx, node, where)
    if value is not _INVALID and not SLIDE_ID.match(value):
        return ctx.error(
            node, where, f"{value!r} is not a slide id: use a-z, 0-9 and '-', at most 64 characters"
        )
    return value


def parse_language_code(ctx: _Context, node: yaml.Node, where: str) -> Any:
    value = parse_string(ctx, node, where)
    if value is not _INVALID and not LANGUAGE_CODE.match(value):
        return ctx.error(node, where, f"{value!r} is not a language code such as 'en' or 'ar'")
    return value


def _one_of(*choices: str) -> Parser:
    def parse(ctx: _Context, node: yaml.Node, where: str) -> Any:
        value = parse_string(ctx, node, where)
        if value is not _INVALID and value not in choices:
            return ctx.error(node, where, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    return parse


def parse_url(ctx: _Context, node: yaml.Node, where: str) -> Any:
    value = parse_string(ctx, node, where)
    if value is _INVALID:
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


def _asset(*suffixes: str) -> Parser:
    """A file path relative to the content folder, which must exist inside that folder."""

    def parse(ctx: _Context, node: yaml.Node, where: str) -> Any:
        value = parse_string(ctx, node, where)
        if value is _INVALID:
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
                return ctx.error(node, where, f"file {value!r} does not exist")
            if not os.access(resolved, os.R_OK):
                return ctx.error(node, where, f"file {value!r} cannot be read")
            if resolved.stat().st_size == 0:
                return ctx.error(node, where, f"file {value!r} is empty")
            problem = assets.file_problem(resolved)
            if problem:
                return ctx.error(node, where, f"file {value!r} cannot be used: {problem}")
        # RuntimeError: a symlink loop (Python 3.11); ValueError: a NUL in the name;
        # OSError: a name that is too long, a permission problem on a folder, ...
        except (OSError, RuntimeError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            return ctx.error(node, where, f"file {value!r} cannot be read: {reason}")
        return resolved

    return parse


def _captions(ctx: _Context, node: yaml.Node, where: str) -> Any:
    resolved = _asset(*CAPTION_SUFFIXES)(ctx, node, where)
    if resolved is _INVALID or not ctx.check_files:
        return resolved
    try:
        parse_vtt(resolved.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        return ctx.error(
            node, where, f"file {node.value!r} is not UTF-8 text (byte {exc.start + 1})"
        )
    except (VttError, OSError) as exc:
        return ctx.error(node, where, f"file {node.value!r} is not valid WebVTT: {exc}")
    return resolved


# --- declarations ----------------------------------------------------------------------

LANGUAGE_FIELDS = (
    Field("code", parse_language_code, True, "Language code, e.g. `en`, `ar`, `ur`."),
    Field("name", parse_string, True, "The language's name in itself, e.g. `English`."),
    Field("direction", _one_of("ltr", "rtl"), False, "`ltr` (default) or `rtl`."),
)

PRESENTATION_FIELDS = (
    Field("title", parse_text, True, "Name of the presentation (window title)."),
    Field("organisation", parse_text, True, "Organisation name shown on every slide."),
    Field("language", parse_language_code, False, "Default language code (default `en`)."),
    Field("languages", parse_later, False, "List of languages: `code`, `name`, `direction`."),
)

THEME_FIELDS = (
    Field("background", parse_colour, False, 'Page colour, `"#RRGGBB"`.'),
    Field("surface", parse_colour, False, "Card and panel colour."),
    Field("text", parse_colour, False, "Main text colour."),
    Field("muted_text", parse_colour, False, "Secondary text colour (slide n of N, captions)."),
    Field("accent", parse_colour, False, "Buttons, numbers and highlights."),
    Field("accent_text", parse_colour, False, "Text on the accent colour."),
    Field("font", parse_string, False, "Font family; `Noto Sans` is bundled."),
    Field("logo_text", parse_text, False, "Text shown as the logo in the top bar."),
)

COMMON_SLIDE_FIELDS = (
    Field("id", parse_slide_id, True, "Stable id: a-z, 0-9 and `-`; unique."),
    Field(
        "kind",
        _one_of("title", "workstream", "image", "video", "link"),
        True,
        "`title`, `workstream`, `image`, `video` or `link`.",
    ),
    Field("title", parse_text, True, "Slide heading."),
    Field("notes", parse_text, False, "Speaker notes (presenter console)."),
    Field("duration", parse_seconds, False, "Seconds the kiosk attract loop shows the slide."),
)

SLIDE_KIND_FIELDS: dict[str, tuple[Field, ...]] = {
    "title": (
        Field("subtitle", parse_text, False, "Line under the title."),
        Field("body", parse_text, False, "Introductory paragraph."),
    ),
    "workstream": (
        Field("number", parse_int_1_99, True, "Workstream number, 1 to 99."),
        Field("body", parse_text, True, "What the workstream does."),
    ),
    "image": (
        Field("file", _asset(*IMAGE_SUFFIXES), True, "SVG (preferred), PNG, JPEG or WebP file."),
        Field("alt", parse_text, True, "Alternative text: what the image shows, in words."),
        Field("caption", parse_text, False, "Caption under the image."),
    ),
    "video": (
        Field("file", _asset(*VIDEO_SUFFIXES), True, "Video file (WebM VP9/Opus recommended)."),
        Field("captions", _captions, False, "WebVTT captions file; shown by default."),
        Field("poster", _asset(*IMAGE_SUFFIXES), False, "Picture shown before playing."),
        Field("description", parse_text, False, "Short description shown with the video."),
        Field(
            "autoplay",
            parse_bool,
            False,
            "`true`: the video starts when its slide appears; `false` (default): press play.",
        ),
    ),
    "link": (
        Field("url", parse_url, True, "Web address, shown as text and as a QR code."),
        Field("label", parse_text, False, "Text shown for the address (default: the URL)."),
        Field("body", parse_text, False, "Sentence shown with the QR code."),
    ),
}

LABEL_FIELDS = tuple(
    Field(name, parse_text, False, f"Default: `{default}`.")
    for name, default in model.DEFAULT_LABELS.items()
)


def _seconds_up_to(limit: float) -> Parser:
    def parse(ctx: _Context, node: yaml.Node, where: str) -> Any:
        value = parse_seconds(ctx, node, where)
        if value is not _INVALID and value > limit:
            return ctx.error(node, where, f"must be at most {limit:g} seconds, found {value:g}")
        return value

    return parse


KIOSK_FIELDS = (
    Field(
        "idle_timeout",
        _seconds_up_to(3600),
        False,
        'Seconds without input before "Still there?" (default 90).',
    ),
    Field("countdown", _seconds_up_to(120), False, "Seconds the countdown lasts (default 10)."),
    Field(
        "slide_duration",
        _seconds_up_to(600),
        False,
        "Attract-loop seconds for slides without `duration` (default 12).",
    ),
    Field(
        "attract_video",
        _one_of("muted", "skip"),
        False,
        "In the attract loop: play the video `muted` with captions (default) or `skip` it.",
    ),
)

KEY_FIELDS = tuple(Field(action.value, parse_key_list, False, action.meaning) for action in Action)

TOP_FIELDS = (
    Field("version", parse_version, True, "Format version; always `1`."),
    Field("presentation", parse_later, True, "Presentation settings (below)."),
    Field("theme", parse_later, False, "Colours and font (below)."),
    Field("slides", parse_later, True, "The slides, in order."),
    Field("labels", parse_later, False, "Words on buttons and messages (below)."),
    Field("kiosk", parse_later, False, "Unattended kiosk settings (below)."),
    Field("keys", parse_later, False, "Which keys do what (below; defaults under Presenting)."),
)

_SLIDE_CLASSES: dict[str, type[model.Slide]] = {
    "title": model.TitleSlide,
    "workstream": model.WorkstreamSlide,
    "image": model.ImageSlide,
    "video": model.VideoSlide,
    "link": model.LinkSlide,
}


def all_fields() -> Iterable[tuple[str, Field]]:
    """Yield ``(section, field)`` for every declared field (used for the README check)."""
    for field in TOP_FIELDS:
        yield "", field
    for field in PRESENTATION_FIELDS:
        yield "presentation", field
    for field in LANGUAGE_FIELDS:
        yield "presentation.languages[]", field
    for field in THEME_FIELDS:
        yield "theme", field
    for field in LABEL_FIELDS:
        yield "labels", field
    for field in KIOSK_FIELDS:
        yield "kiosk", field
    for field in KEY_FIELDS:
        yield "keys", field
    for field in COMMON_SLIDE_FIELDS:
        yield "slides[]", field
    for kind, fields in SLIDE_KIND_FIELDS.items():
        for field in fields:
            yield f"slides[] kind={kind}", field


# --- structure -------------------------------------------------------------------------


def _mapping(
    ctx: _Context,
    node: yaml.Node,
    where: str,
    fields: Iterable[Field],
    *,
    parse: bool = True,
) -> dict[str, tuple[yaml.Node, Any]] | None:
    """Check a mapping's keys against ``fields``; return ``{name: (node, value)}``."""
    label = where or "the file"
    if not isinstance(node, yaml.MappingNode):
        ctx.error(node, where, f"expected a mapping of fields, found a {_kind_of(node)}")
        return None
    declared = {field.name: field for field in fields}
    found: dict[str, tuple[yaml.Node, Any]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        path = f"{where}.{key}" if where else key
        if key in found:
            first = found[key][0].start_mark.line + 1
            ctx.error(key_node, path, f"appears twice (first on line {first})")
            continue
        field = declared.get(key)
        if field is None:
            close = difflib.get_close_matches(key, declared, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            ctx.error(key_node, path, f"unknown field in {label}{hint}")
            continue
        found[key] = (value_node, field.parse(ctx, value_node, path) if parse else None)
    for field in declared.values():
        if field.required and field.name not in found:
            ctx.error(node, f"{where}.{field.name}" if where else field.name, "is missing")
    return found


def _value(found: dict[str, tuple[yaml.Node, Any]], name: str, default: Any = None) -> Any:
    entry = found.get(name)
    if entry is None or entry[1] is _INVALID:
        return default
    return entry[1]


def _sequence(ctx: _Context, node: yaml.Node, where: str) -> list[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode):
        ctx.error(node, where, f"expected a list, found a {_kind_of(node)}")
        return []
    return list(node.value)


def _languages(
    ctx: _Context, found: dict[str, tuple[yaml.Node, Any]]
) -> tuple[model.Language, ...]:
    entry = found.get("languages")
    if entry is None:
        return (model.Language(ctx.language, ctx.language),)
    result: list[model.Language] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(_sequence(ctx, entry[0], "presentation.languages")):
        where = f"presentation.languages[{index}]"
        fields = _mapping(ctx, item, where, LANGUAGE_FIELDS)
        if fields is None:
            continue
        code, name = _value(fields, "code"), _value(fields, "name")
        if code in seen:
            ctx.error(
                fields["code"][0],
                f"{where}.code",
                f"language {code!r} is already listed on line {seen[code]}",
            )
            continue
        if code:
            seen[code] = item.start_mark.line + 1
        if code and name:
            result.append(model.Language(code, name, _value(fields, "direction", "ltr")))
    return tuple(result)


def _presentation(ctx: _Context, node: yaml.Node) -> model.Presentation | None:
    # The default language must be known before any text is parsed, so read it first.
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "language" and isinstance(value_node, yaml.ScalarNode):
                ctx.language = str(value_node.value)
                break  # a repeated key is an error; the first one counts, as in _mapping
    found = _mapping(ctx, node, "presentation", PRESENTATION_FIELDS)
    if found is None:
        return None
    languages = _languages(ctx, found)
    ctx.language_codes = {language.code for language in languages} or {ctx.language}
    if ctx.language not in ctx.language_codes and "language" in found:
        ctx.error(
            found["language"][0],
            "presentation.language",
            f"{ctx.language!r} is not listed in presentation.languages",
        )
    title, organisation = _value(found, "title"), _value(found, "organisation")
    if title is None or organisation is None:
        return None
    return model.Presentation(title, organisation, ctx.language, languages)


def _theme(ctx: _Context, node: yaml.Node | None) -> model.Theme:
    if node is None:
        return model.Theme()
    found = _mapping(ctx, node, "theme", THEME_FIELDS) or {}
    values = {name: value for name, (_, value) in found.items() if value is not _INVALID}
    theme = model.Theme(**values)
    for (foreground, background), ratio in contrast.theme_pairs(theme).items():
        if ratio < MIN_CONTRAST:
            culprit = foreground if foreground in found else background
            at = found[culprit][0] if culprit in found else node
            ctx.error(
                at,
                f"theme.{culprit}",
                f"{foreground} on {background} has contrast {ratio:.2f}:1; "
                f"WCAG AA needs at least {MIN_CONTRAST}:1",
            )
    return theme


def _template_problem(text: str, allowed: set[str]) -> str | None:
    """Why ``text`` is not a label template using only ``allowed`` placeholders, if it is not.

    The app fills labels with :meth:`str.format`: a stray brace would crash it there.
    """
    try:
        used = model.placeholders(text)
        if not used <= allowed:
            names = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
            return f"unknown placeholder; allowed: {names}"
        text.format(**dict.fromkeys(allowed, 1))
    except (ValueError, LookupError, AttributeError, TypeError) as exc:
        return f"is not a valid template ({exc}); write {{{{ and }}}} for a literal brace"
    return None


def _labels(ctx: _Context, node: yaml.Node) -> model.Labels:
    found = _mapping(ctx, node, "labels", LABEL_FIELDS) or {}
    for name, (value_node, value) in found.items():
        if value is _INVALID:
            continue
        allowed = model.placeholders(model.DEFAULT_LABELS[name])
        for text in value.values.values():
            problem = _template_problem(text, allowed)
            if problem:
                ctx.error(value_node, f"labels.{name}", problem)
    return model.Labels({n: v for n, (_, v) in found.items() if v is not _INVALID})


def _kiosk(ctx: _Context, node: yaml.Node) -> model.KioskSettings:
    found = _mapping(ctx, node, "kiosk", KIOSK_FIELDS) or {}
    return model.KioskSettings(
        **{name: value for name, (_, value) in found.items() if value is not _INVALID}
    )


def _keys(ctx: _Context, node: yaml.Node) -> dict[Action, tuple[str, ...]]:
    """Action -> key names; a key may serve only one action."""
    found = _mapping(ctx, node, "keys", KEY_FIELDS) or {}
    first_use: dict[str, tuple[str, int]] = {}
    for action, (value_node, value) in found.items():
        if value is _INVALID:
            continue
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for index, (item, name) in enumerate(zip(items, value, strict=True)):
            if name in first_use and first_use[name][0] != action:
                other, line = first_use[name]
                where = f"keys.{action}[{index}]"
                ctx.error(item, where, f"key {name!r} is already used for {other!r} on line {line}")
            first_use.setdefault(name, (action, item.start_mark.line + 1))
    return {Action.named(n): value for n, (_, value) in found.items() if value is not _INVALID}


def _slides(ctx: _Context, node: yaml.Node) -> list[model.Slide]:
    slides: list[model.Slide] = []
    seen_ids: dict[str, int] = {}
    items = _sequence(ctx, node, "slides")
    if isinstance(node, yaml.SequenceNode) and not items:
        ctx.error(node, "slides", "the list is empty; add at least one slide")
    for index, item in enumerate(items):
        where = f"slides[{index}]"
        kind = None
        if isinstance(item, yaml.MappingNode):
            for key_node, value_node in item.value:
                if key_node.value == "kind" and isinstance(value_node, yaml.ScalarNode):
                    kind = str(value_node.value)
                    break  # a repeated key is an error; the first one counts, as in _mapping
        fields = COMMON_SLIDE_FIELDS + SLIDE_KIND_FIELDS.get(kind or "", ())
        found = _mapping(ctx, item, where, fields)
        if found is None:
            continue
        slide_id = _value(found, "id")
        if slide_id is not None:
            if slide_id in seen_ids:
                ctx.error(
                    found["id"][0],
                    f"{where}.id",
                    f"id {slide_id!r} is already used by the slide on line {seen_ids[slide_id]}",
                )
            else:
                seen_ids[slide_id] = item.start_mark.line + 1
        cls = _SLIDE_CLASSES.get(_value(found, "kind", ""))
        if (
            cls is None
            or _value(found, "kind") != kind
            or any(field.required and _value(found, field.name) is None for field in fields)
        ):
            continue
        values = {name: value for name, (_, value) in found.items() if name != "kind"}
        if any(value is _INVALID for value in values.values()):
            continue
        slides.append(cls(line=item.start_mark.line + 1, **values))
    return slides


def _check_text_languages(ctx: _Context) -> None:
    for where, node in ctx.text_nodes:
        codes = {str(key.value) for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
        for key_node, _ in node.value:
            code = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            if LANGUAGE_CODE.match(code) and code not in ctx.language_codes:
                ctx.error(
                    key_node, f"{where}.{code}", "language is not listed in presentation.languages"
                )
        if ctx.language not in codes:
            ctx.error(node, where, f"has no text in the default language {ctx.language!r}")


def validate(path: Path, root: yaml.Node, *, check_files: bool = True) -> model.Content:
    """Turn the parsed ``root`` of the file at ``path`` into :class:`model.Content`.

    Raises :class:`ContentError` listing every problem found, in file order. With
    ``check_files`` False, asset paths must still stay inside the content folder but may
    be missing or broken (the app then shows a fallback for them).
    """
    ctx = _Context(path)
    ctx.check_files = check_files
    found = _mapping(ctx, root, "", TOP_FIELDS, parse=False)
    presentation = theme = None
    slides: list[model.Slide] = []
    labels = model.Labels()
    kiosk = model.KioskSettings()
    keys: dict[Action, tuple[str, ...]] = {}
    if found is not None:
        if "version" in found:
            parse_version(ctx, found["version"][0], "version")
        if "presentation" in found:
            presentation = _presentation(ctx, found["presentation"][0])
        theme = _theme(ctx, found["theme"][0] if "theme" in found else None)
        if "slides" in found:
            slides = _slides(ctx, found["slides"][0])
        if "labels" in found:
            labels = _labels(ctx, found["labels"][0])
        if "kiosk" in found:
            kiosk = _kiosk(ctx, found["kiosk"][0])
        if "keys" in found:
            keys = _keys(ctx, found["keys"][0])
        _check_text_languages(ctx)
    if ctx.problems or presentation is None or theme is None:
        problems = sorted(ctx.problems, key=lambda p: (p.line, p.column))
        raise ContentError(problems or [Problem(path, 1, 1, "", "no usable content")])
    return model.Content(
        path.absolute(), ctx.base_dir, presentation, theme, tuple(slides), labels, kiosk, keys
    )


def load_content(path: Path | str, *, check_files: bool = True) -> model.Content:
    """Read, validate and resolve the content file at ``path``.

    Raises :class:`ContentError` with every problem found; never anything else for bad
    input. ``check_files``: see :func:`validate`.
    """
    path = Path(path)
    return validate(path, read_yaml(path), check_files=check_files)
