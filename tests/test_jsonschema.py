"""content.schema.json: an editor's JSON Schema of content.yaml, made from the declared schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from kiosk.content.declarations import all_fields
from kiosk.content.jsonschema import content_schema, schema_text
from tests.conftest import REPO_ROOT

SCHEMA_FILE = REPO_ROOT / "content.schema.json"
CONTENT_FILES = [REPO_ROOT / "content.yaml", REPO_ROOT / "examples/multilingual/content.yaml"]


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _errors(document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in _validator().iter_errors(document)
    ]


def test_the_committed_schema_is_the_generated_one() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "content.schema.json is stale: python -m kiosk.content.jsonschema > content.schema.json"
    )


def test_every_declared_field_is_in_the_schema() -> None:
    text = json.dumps(content_schema())
    for section, field in all_fields():
        assert f'"{field.name}"' in text, f"{section}.{field.name}"
        assert json.dumps(field.help)[1:-1] in text, f"{section}.{field.name}: no description"


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda path: path.parent.name or "bundled")
def test_the_shipped_content_passes_the_schema(path: Path) -> None:
    assert _errors(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_the_bundled_content_names_its_schema_for_editors() -> None:
    first = (REPO_ROOT / "content.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=content.schema.json"


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (lambda d: d["slides"][0].update(colour="red"), "Additional properties"),
        (lambda d: d["slides"][1].pop("number"), "'number' is a required property"),
        (lambda d: d["theme"].update(accent="blue"), "does not match"),
        (lambda d: d["slides"][7].update(file="film.avi"), "does not match"),
        (lambda d: d["kiosk"].update(countdown=10), "less than the minimum of 20"),
        (lambda d: d["kiosk"].update(attract_video="loud"), "is not one of"),
        (lambda d: d.update(version=2), "1 was expected"),
        (lambda d: d["presentation"].update(title=""), "is not valid under any"),
        (lambda d: d.setdefault("keys", {}).update(nxt="Right"), "Additional properties"),
        (lambda d: d["slides"][0].update(kind="poster"), "is not one of"),
    ],
)
def test_mistakes_are_caught_as_staff_type(change: Any, found: str) -> None:
    document = yaml.safe_load((REPO_ROOT / "content.yaml").read_text(encoding="utf-8"))
    change(document)
    errors = _errors(document)
    assert errors, "the schema let the mistake through"
    assert any(found in error for error in errors), errors
