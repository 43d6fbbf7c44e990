"""A JSON Schema of content.yaml, made from the one declared schema (declarations.py).

Editors with a YAML language server (VS Code's YAML extension, JetBrains IDEs, Neovim's
yamlls) read it and check content.yaml as staff type: unknown fields, missing ones, wrong
kinds of value, colours, slide ids and each field's meaning on hover. It is the editor's
first line only: ``kiosk validate`` stays the judge (files, contrast, links between slides,
languages, captions and pictures are beyond a JSON Schema).

``python -m kiosk.content.jsonschema`` prints it; ``content.schema.json`` at the repository
root is that output, and a test keeps the two in step.
"""

from __future__ import annotations

import inspect
import json
from typing import Any

from kiosk.content import fields
from kiosk.content.declarations import (
    COMMON_SLIDE_FIELDS,
    KEY_FIELDS,
    KIOSK_FIELDS,
    LABEL_FIELDS,
    LANGUAGE_FIELDS,
    PRESENTATION_FIELDS,
    PRESENTER_FIELDS,
    SLIDE_KIND_FIELDS,
    THEME_FIELDS,
    TOP_FIELDS,
    parse_kiosk_name,
)
from kiosk.content.fields import Field, Parser

SCHEMA_ID = "https://github.com/nhsrho/rho-kiosk/content.schema.json"
LANGUAGE_CODE = fields.LANGUAGE_CODE.pattern
STRING: dict[str, Any] = {"type": "string", "minLength": 1}
TEXT: dict[str, Any] = {
    "description": "A text, or one per language: {en: ..., ar: ...}.",
    "anyOf": [
        STRING,
        {
            "type": "object",
            "propertyNames": {"pattern": LANGUAGE_CODE},
            "additionalProperties": STRING,
            "minProperties": 1,
        },
    ],
}
SECONDS: dict[str, Any] = {"type": "number", "exclusiveMinimum": 0, "maximum": 3600}
KEYS: dict[str, Any] = {"anyOf": [STRING, {"type": "array", "items": STRING}]}

PLAIN: dict[Parser, dict[str, Any]] = {
    fields.parse_string: STRING,
    fields.parse_text: TEXT,
    fields.parse_colour: {"type": "string", "pattern": fields.COLOUR.pattern},
    fields.parse_int_1_99: {"type": "integer", "minimum": 1, "maximum": 99},
    fields.parse_seconds: SECONDS,
    fields.parse_bool: {"type": "boolean"},
    fields.parse_key_list: KEYS,
    fields.parse_version: {"const": 1},
    fields.parse_slide_id: {"type": "string", "pattern": fields.SLIDE_ID.pattern},
    parse_kiosk_name: {"type": "string", "pattern": fields.SLIDE_ID.pattern},
    fields.parse_language_code: {"type": "string", "pattern": LANGUAGE_CODE},
    fields.parse_url: {"type": "string", "pattern": "^https?://"},
    fields.parse_links: {
        "type": "object",
        "additionalProperties": {"type": "string", "pattern": fields.SLIDE_ID.pattern},
    },
}
"""The schema of each parser that takes no settings."""


def _any_case(text: str) -> str:
    """A regular expression matching ``text`` in any case (JSON Schema's patterns, ECMA-262,
    have no case-insensitive flag)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in text)


def _file(suffixes: tuple[str, ...]) -> dict[str, Any]:
    ends = "|".join(_any_case(suffix.lstrip(".")) for suffix in suffixes)
    return {"type": "string", "pattern": rf"\.({ends})$"}


def value_schema(parse: Parser) -> dict[str, Any]:
    """The JSON Schema of what ``parse`` accepts (as far as a schema can say)."""
    if parse in PLAIN:
        return dict(PLAIN[parse])
    if parse is fields.captions:
        file = _file(fields.CAPTION_SUFFIXES)
        by_language = {
            "type": "object",
            "propertyNames": {"pattern": LANGUAGE_CODE},
            "additionalProperties": file,
        }
        return {"anyOf": [file, by_language]}
    # Parsers made by a factory (one_of, asset, a bounded number of seconds) keep their
    # settings in their closure.
    settings = inspect.getclosurevars(parse).nonlocals
    if "choices" in settings:
        return {"enum": list(settings["choices"])}
    if "suffixes" in settings:
        return _file(settings["suffixes"])
    if "minutes_limit" in settings:
        return {"type": "number", "exclusiveMinimum": 0, "maximum": settings["minutes_limit"]}
    if "limit" in settings:
        bounded = dict(SECONDS, maximum=settings["limit"])
        if settings.get("least"):
            bounded.pop("exclusiveMinimum")
            bounded["minimum"] = settings["least"]
        return bounded
    return {}  # parse_later: the section's own schema replaces it


def _object(declared: tuple[Field, ...], **extra: Any) -> dict[str, Any]:
    properties = {
        field.name: dict(value_schema(field.parse), description=field.help) for field in declared
    }
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    required = [field.name for field in declared if field.required]
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    schema.update(extra)
    return schema


def _slide(kind: str) -> dict[str, Any]:
    """A slide of ``kind``: ``if`` its kind is that, ``then`` its fields (an editor then names
    the one wrong field, where ``oneOf`` would only say no kind fits)."""
    declared = COMMON_SLIDE_FIELDS + SLIDE_KIND_FIELDS[kind]
    return {"if": {"properties": {"kind": {"const": kind}}}, "then": _object(declared)}


def _slides() -> dict[str, Any]:
    kinds = list(SLIDE_KIND_FIELDS)
    kind = next(field for field in COMMON_SLIDE_FIELDS if field.name == "kind")
    return {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"enum": kinds, "description": kind.help}},
            "allOf": [_slide(name) for name in kinds],
        },
    }


def content_schema() -> dict[str, Any]:
    """The whole file's JSON Schema (draft 2020-12)."""
    schema = _object(TOP_FIELDS)
    properties = schema["properties"]
    presentation = _object(PRESENTATION_FIELDS)
    presentation["properties"]["languages"] = dict(
        properties_of(presentation, "languages"),
        type="array",
        items=_object(LANGUAGE_FIELDS),
    )
    properties["presentation"].update(presentation)
    properties["theme"].update(_object(THEME_FIELDS))
    properties["labels"].update(_object(LABEL_FIELDS))
    properties["kiosk"].update(_object(KIOSK_FIELDS))
    properties["presenter"].update(_object(PRESENTER_FIELDS))
    properties["keys"].update(_object(KEY_FIELDS))
    properties["slides"].update(_slides())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "rho-kiosk content.yaml",
        "description": "Checked in full by `kiosk validate`; see README, Editing content.yaml.",
        **schema,
    }


def properties_of(schema: dict[str, Any], name: str) -> dict[str, Any]:
    """The schema of property ``name`` in an object ``schema``."""
    found: dict[str, Any] = schema["properties"][name]
    return found


def schema_text() -> str:
    """The schema as the text of ``content.schema.json``."""
    return json.dumps(content_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")  # noqa: T201
