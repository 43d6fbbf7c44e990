"""The README's content.yaml field reference, generated from the declared schema.

``python -m kiosk.content.reference`` prints it; a test checks the README matches.
"""

from __future__ import annotations

from kiosk.content.declarations import all_fields


def reference_markdown() -> str:
    """Markdown tables of every declared field, one table per section."""
    lines: list[str] = []
    section_shown = None
    for section, field in all_fields():
        if section != section_shown:
            section_shown = section
            lines += ["", f"**{section or 'top level'}**", ""]
            lines += ["| field | required | meaning |", "|---|---|---|"]
        lines.append(f"| `{field.name}` | {'yes' if field.required else 'no'} | {field.help} |")
    return "\n".join(lines).strip() + "\n"


if __name__ == "__main__":
    print(reference_markdown(), end="")  # noqa: T201
