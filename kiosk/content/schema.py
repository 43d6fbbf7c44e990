"""The validator that turns content.yaml's nodes into objects, checking them against the
one declared shape of the file (kiosk/content/declarations.py: name, type, required, help
text of every field; the parsers are in kiosk/content/fields.py). The validator
reports every problem in a file at once, each with file, line, column and field path;
the README's field reference is checked against these declarations by a test.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from kiosk.content import assets, contrast, model, probe
from kiosk.content.actions import Action
from kiosk.content.declarations import (
    COMMON_SLIDE_FIELDS,
    KEY_FIELDS,
    KIOSK_FIELDS,
    LABEL_FIELDS,
    LANGUAGE_FIELDS,
    PRESENTATION_FIELDS,
    PRESENTER_FIELDS,
    SLIDE_CLASSES,
    SLIDE_KIND_FIELDS,
    THEME_FIELDS,
    TOP_FIELDS,
)
from kiosk.content.declarations import all_fields as all_fields  # the README check reads it here
from kiosk.content.errors import ContentError, Problem
from kiosk.content.fields import INVALID, LANGUAGE_CODE, Context, Field, kind_of, parse_version
from kiosk.content.languages import default_direction, endonym, english_name
from kiosk.content.source import read_yaml

MIN_CONTRAST = 4.5
"""WCAG 2.x AA minimum contrast ratio for body text."""


# --- structure -------------------------------------------------------------------------


def _mapping(
    ctx: Context,
    node: yaml.Node,
    where: str,
    fields: Iterable[Field],
    *,
    parse: bool = True,
) -> dict[str, tuple[yaml.Node, Any]] | None:
    """Check a mapping's keys against ``fields``; return ``{name: (node, value)}``."""
    label = where or "the file"
    if not isinstance(node, yaml.MappingNode):
        ctx.error(node, where, f"expected a mapping of fields, found a {kind_of(node)}")
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
            import difflib  # only for a misspelt key's hint

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
    if entry is None or entry[1] is INVALID:
        return default
    return entry[1]


def _sequence(ctx: Context, node: yaml.Node, where: str) -> list[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode):
        ctx.error(node, where, f"expected a list, found a {kind_of(node)}")
        return []
    return list(node.value)


def _languages(ctx: Context, found: dict[str, tuple[yaml.Node, Any]]) -> tuple[model.Language, ...]:
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
            ctx.language_nodes[code] = item
        if code:
            direction = _value(fields, "direction", default_direction(code))
            result.append(model.Language(code, name or endonym(code), direction))
    return tuple(result)


def _presentation(ctx: Context, node: yaml.Node) -> model.Presentation | None:
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


def _theme(ctx: Context, node: yaml.Node | None) -> model.Theme:
    if node is None:
        return model.Theme()
    found = _mapping(ctx, node, "theme", THEME_FIELDS) or {}
    values = {name: value for name, (_, value) in found.items() if value is not INVALID}
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


def _labels(ctx: Context, node: yaml.Node) -> model.Labels:
    found = _mapping(ctx, node, "labels", LABEL_FIELDS) or {}
    for name, (value_node, value) in found.items():
        if value is INVALID:
            continue
        allowed = model.placeholders(model.DEFAULT_LABELS[name])
        for text in value.values.values():
            problem = _template_problem(text, allowed)
            if problem:
                ctx.error(value_node, f"labels.{name}", problem)
    return model.Labels({n: v for n, (_, v) in found.items() if v is not INVALID})


def _kiosk(ctx: Context, node: yaml.Node) -> model.KioskSettings:
    found = _mapping(ctx, node, "kiosk", KIOSK_FIELDS) or {}
    return model.KioskSettings(
        **{name: value for name, (_, value) in found.items() if value is not INVALID}
    )


def _presenter(ctx: Context, node: yaml.Node) -> model.PresenterSettings:
    found = _mapping(ctx, node, "presenter", PRESENTER_FIELDS) or {}
    return model.PresenterSettings(
        **{name: value for name, (_, value) in found.items() if value is not INVALID}
    )


def _keys(ctx: Context, node: yaml.Node) -> dict[Action, tuple[str, ...]]:
    """Action -> key names; a key may serve only one action."""
    found = _mapping(ctx, node, "keys", KEY_FIELDS) or {}
    first_use: dict[str, tuple[str, int]] = {}
    for action, (value_node, value) in found.items():
        if value is INVALID:
            continue
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for index, (item, name) in enumerate(zip(items, value, strict=True)):
            if name in first_use and first_use[name][0] != action:
                other, line = first_use[name]
                where = f"keys.{action}[{index}]"
                ctx.error(item, where, f"key {name!r} is already used for {other!r} on line {line}")
            first_use.setdefault(name, (action, item.start_mark.line + 1))
    return {Action.named(n): value for n, (_, value) in found.items() if value is not INVALID}


def _split_tracks(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    """``captions: {en: ..., ur: ...}``: the default language's as ``captions``, all of them
    as ``caption_tracks``."""
    tracks = values.get("captions")
    if isinstance(tracks, dict):
        return {**values, "captions": tracks[ctx.language], "caption_tracks": tracks}
    return values


def _slides(ctx: Context, node: yaml.Node) -> list[model.Slide]:
    slides: list[model.Slide] = []
    seen_ids: dict[str, int] = {}
    links: list[tuple[str, dict[str, tuple[yaml.Node, Any]]]] = []
    items = _sequence(ctx, node, "slides")
    if isinstance(node, yaml.SequenceNode) and not items:
        ctx.error(node, "slides", "the list is empty; add at least one slide")
    for index, item in enumerate(items):
        where = f"slides[{index}]"
        kind = ""
        if isinstance(item, yaml.MappingNode):
            for key_node, value_node in item.value:
                if key_node.value == "kind" and isinstance(value_node, yaml.ScalarNode):
                    kind = str(value_node.value).strip()  # as parse_string reads it
                    break  # a repeated key is an error; the first one counts, as in _mapping
        fields = COMMON_SLIDE_FIELDS + SLIDE_KIND_FIELDS.get(kind, ())
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
        cls = SLIDE_CLASSES.get(_value(found, "kind"))
        if (
            cls is None
            or _value(found, "kind") != kind
            or any(field.required and _value(found, field.name) is None for field in fields)
        ):
            continue
        values = _split_tracks(ctx, {n: v for n, (_, v) in found.items() if n != "kind"})
        if any(value is INVALID for value in values.values()):
            continue
        slides.append(cls(line=item.start_mark.line + 1, **values))
        if isinstance(slides[-1], model.VideoSlide) and ctx.check_files:
            _check_audio_tracks(ctx, found["file"][0], f"{where}.file", slides[-1].file)
        if "links" in found and found["links"][1] is not INVALID:
            links.append((where, found))
    for where, found in links:
        _check_links(ctx, where, found, seen_ids)
    return slides


def _check_audio_tracks(ctx: Context, node: yaml.Node, where: str, film: Path) -> None:
    """A warning for each of the content's languages a film with several audio tracks (one
    per language) has none in: those visitors hear the default language's track."""
    tracks = probe.audio_track_languages(film) or []
    languages = [ctx.language, *(code for code in ctx.language_nodes if code != ctx.language)]
    for code in probe.missing_audio_languages(tracks, languages):
        heard = tracks[probe.pick_audio_track(tracks, code, ctx.language) or 0]
        name = english_name(code)
        instead = f"{english_name(heard)}" if heard else "its first audio track"
        ctx.warn(node, where, f"the film has no {name} audio track; {name} visitors hear {instead}")


def _check_links(
    ctx: Context, where: str, found: dict[str, tuple[yaml.Node, Any]], slide_ids: dict[str, int]
) -> None:
    """Each link of an image slide: its slide exists, its element is in every SVG file."""
    pictures: list[tuple[str, bool, set[str] | None]] = []  # field, is SVG, its ids
    for name in ("file", "portrait"):
        path = _value(found, name)
        if path is None:
            continue
        ids = None
        if path.suffix.lower() == ".svg" and ctx.check_files:
            # A missing file is reported by its own field. Without check_files (the show,
            # which checks files after its first paint) a link to no element is inert.
            with contextlib.suppress(OSError):
                ids = assets.svg_element_ids(path.read_bytes()[: assets.MAX_SVG_BYTES + 1])
        pictures.append((name, path.suffix.lower() == ".svg", ids))
    for key_node, value_node in found["links"][0].value:
        element, target = str(key_node.value), str(value_node.value)
        at = f"{where}.links.{element}"
        if target not in slide_ids:
            import difflib  # only for a misspelt slide id's hint

            close = difflib.get_close_matches(target, slide_ids, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            ctx.error(value_node, at, f"no slide has the id {target!r}{hint}")
        for name, is_svg, ids in pictures:
            shown = found[name][0].value
            if not is_svg:
                ctx.error(key_node, at, f"links need an SVG picture; {name} {shown!r} is not one")
            elif ids is not None and element not in ids:
                ctx.error(key_node, at, f"{shown!r} has no element with the id {element!r}")


def _check_text_languages(ctx: Context) -> None:
    for where, node in ctx.text_nodes:
        codes = {str(key.value) for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
        for key_node, _ in node.value:
            code = str(key_node.value)  # a list or mapping as key is "[...]": no language code
            if LANGUAGE_CODE.match(code) and code not in ctx.language_codes:
                ctx.error(
                    key_node, f"{where}.{code}", "language is not listed in presentation.languages"
                )
        if ctx.language not in codes:
            ctx.error(node, where, f"has no text in the default language {ctx.language!r}")


def _check_translations(ctx: Context, labels: model.Labels) -> None:
    """Per language, in the content's order: a warning for each text without a translation
    into it (the default language's text is shown), then one for its untranslated labels."""
    for code in [code for code in ctx.language_nodes if code != ctx.language]:
        for where, node, codes in ctx.texts:
            if code not in codes and not where.startswith("labels."):
                ctx.warn(node, where, f"no {code} translation (shows the {ctx.language} text)")
        words = [
            name
            for name in model.DEFAULT_LABELS
            if name not in labels.values or code not in labels.values[name].values
        ]
        if words:
            ctx.warn(
                ctx.language_nodes[code],
                f"labels ({code})",
                f"{len(words)} interface words have no translation into {code}: {', '.join(words)}",
            )


def validate(path: Path, root: yaml.Node, *, check_files: bool = True) -> model.Content:
    """Turn the parsed ``root`` of the file at ``path`` into :class:`model.Content`.

    Raises :class:`ContentError` listing every problem found, in file order. With
    ``check_files`` False, asset paths must still stay inside the content folder but may
    be missing or broken (the app then shows a fallback for them).
    """
    ctx = Context(path)
    ctx.check_files = check_files
    found = _mapping(ctx, root, "", TOP_FIELDS, parse=False)
    presentation = theme = None
    slides: list[model.Slide] = []
    labels = model.Labels()
    kiosk = model.KioskSettings()
    keys: dict[Action, tuple[str, ...]] = {}
    presenter = model.PresenterSettings()
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
        if "presenter" in found:
            presenter = _presenter(ctx, found["presenter"][0])
        _check_text_languages(ctx)
        _check_translations(ctx, labels)
    if ctx.problems or presentation is None or theme is None:
        problems = sorted(ctx.problems, key=lambda p: (p.line, p.column))
        raise ContentError(problems or [Problem(path, 1, 1, "", "no usable content")])
    return model.Content(
        path.absolute(),
        ctx.base_dir,
        presentation,
        theme,
        tuple(slides),
        labels,
        kiosk,
        keys,
        tuple(ctx.warnings),
        presenter,
    )


def load_content(path: Path | str, *, check_files: bool = True) -> model.Content:
    """Read, validate and resolve the content file at ``path``.

    Raises :class:`ContentError` with every problem found; never anything else for bad
    input. ``check_files``: see :func:`validate`.
    """
    path = Path(path)
    return validate(path, read_yaml(path), check_files=check_files)
