"""Every field of content.yaml, declared once: name, parser, required, and what it means.

The README's field reference is generated from these (``python -m kiosk.content.reference``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from kiosk.content import model
from kiosk.content.actions import Action
from kiosk.content.fields import (
    IMAGE_SUFFIXES,
    INVALID,
    SLIDE_ID,
    VIDEO_SUFFIXES,
    Context,
    Field,
    Parser,
    asset,
    captions,
    one_of,
    parse_bool,
    parse_colour,
    parse_int_1_99,
    parse_key_list,
    parse_language_code,
    parse_later,
    parse_links,
    parse_seconds,
    parse_slide_id,
    parse_string,
    parse_text,
    parse_url,
    parse_version,
)

LANGUAGE_FIELDS = (
    Field("code", parse_language_code, True, "Language code, e.g. `en`, `ar`, `ur`."),
    Field(
        "name",
        parse_string,
        False,
        "The language's name in itself, e.g. `English` (default: from a table of endonyms).",
    ),
    Field(
        "direction",
        one_of("ltr", "rtl"),
        False,
        "`ltr` or `rtl` (default: `rtl` for Arabic, Urdu and other right-to-left languages).",
    ),
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
        one_of("title", "workstream", "image", "video", "link"),
        True,
        "`title`, `workstream`, `image`, `video` or `link`.",
    ),
    Field("title", parse_text, True, "Slide heading."),
    Field("notes", parse_text, False, "Speaker notes (presenter console)."),
    Field(
        "easy_read",
        parse_text,
        False,
        "The slide's words in easy read (short sentences, common words), shown instead of "
        "its body, lead, caption or description when a visitor chooses easy read.",
    ),
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
        Field("lead", parse_text, False, "One short line above the body, in large type."),
        Field("icon", asset(".svg"), False, "The workstream's pictogram (SVG), shown large."),
    ),
    "image": (
        Field("file", asset(*IMAGE_SUFFIXES), True, "SVG (preferred), PNG, JPEG or WebP file."),
        Field("alt", parse_text, True, "Alternative text: what the image shows, in words."),
        Field("caption", parse_text, False, "Caption under the image."),
        Field(
            "portrait",
            asset(*IMAGE_SUFFIXES),
            False,
            "The image drawn instead of `file` on a portrait (tall) screen.",
        ),
        Field(
            "links",
            parse_links,
            False,
            "Touch targets: SVG element id -> slide id, e.g. `{card-intro: intro}`; "
            "touching the element goes to that slide (the ids must exist in every SVG).",
        ),
    ),
    "video": (
        Field("file", asset(*VIDEO_SUFFIXES), True, "Video file (WebM VP9/Opus recommended)."),
        Field(
            "captions",
            captions,
            False,
            "WebVTT captions file, or one per language (`{en: en.vtt, ur: ur.vtt}`); shown by"
            " default, in the visitor's language (else the default language's).",
        ),
        Field("poster", asset(*IMAGE_SUFFIXES), False, "Picture shown before playing."),
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


def _seconds_up_to(limit: float, least: float = 0.0) -> Parser:
    def parse(ctx: Context, node: yaml.Node, where: str) -> Any:
        value = parse_seconds(ctx, node, where)
        if value is not INVALID and value > limit:
            return ctx.error(node, where, f"must be at most {limit:g} seconds, found {value:g}")
        if value is not INVALID and value < least:
            return ctx.error(node, where, f"must be at least {least:g} seconds, found {value:g}")
        return value

    return parse


def parse_kiosk_name(ctx: Context, node: yaml.Node, where: str) -> Any:
    """``kiosk.name``, spelled as a slide id is (it names the stand's export file and its
    rows in the report), with its own message."""
    value = parse_string(ctx, node, where)
    if value is not INVALID and not SLIDE_ID.match(value):
        return ctx.error(
            node,
            where,
            f"{value!r} is not a kiosk name: use a-z, 0-9 and '-' (e.g. 'stand-1'),"
            " starting with a letter or digit, at most 64 characters",
        )
    return value


KIOSK_FIELDS = (
    Field(
        "idle_timeout",
        _seconds_up_to(3600),
        False,
        'Seconds without input before "Still there?" (default 90).',
    ),
    Field(
        "countdown",
        _seconds_up_to(model.COUNTDOWN_RANGE[1], model.COUNTDOWN_RANGE[0]),
        False,
        "Seconds the countdown lasts, 20 to 120 (default 20).",
    ),
    Field(
        "slide_duration",
        _seconds_up_to(600),
        False,
        "Attract-loop seconds for slides without `duration` (default 12).",
    ),
    Field(
        "attract_video",
        one_of("muted", "skip"),
        False,
        "In the attract loop: play the video `muted` with captions (default) or `skip` it.",
    ),
    Field(
        "record",
        parse_bool,
        False,
        "Record anonymous usage figures for `kiosk report` (default true).",
    ),
    Field(
        "name",
        parse_kiosk_name,
        False,
        "This kiosk's name in usage figures, e.g. `stand-1` (default `kiosk`).",
    ),
)


def _minutes_up_to(minutes_limit: float) -> Parser:
    def parse(ctx: Context, node: yaml.Node, where: str) -> Any:
        value = _scalar_number(ctx, node, where)
        if value is not INVALID and not 0 < value <= minutes_limit:
            return ctx.error(
                node, where, f"must be more than 0 and at most {minutes_limit:g} minutes"
            )
        return value

    return parse


def _scalar_number(ctx: Context, node: yaml.Node, where: str) -> Any:
    """A plain number (YAML int or float), as a float."""
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":int", ":float")):
        try:
            return float(node.value.replace("_", ""))
        except ValueError:
            pass
    return ctx.error(node, where, "expected a number of minutes")


PRESENTER_FIELDS = (
    Field(
        "talk_minutes",
        _minutes_up_to(600),
        False,
        "The talk's planned length in minutes (`--talk` overrides it): the presenter console "
        "counts the time left down and paces the slides by their `duration`s.",
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
    Field("presenter", parse_later, False, "Presenter console settings (below)."),
    Field("keys", parse_later, False, "Which keys do what (below; defaults under Presenting)."),
)

SLIDE_CLASSES: dict[str, type[model.Slide]] = {
    "title": model.TitleSlide,
    "workstream": model.WorkstreamSlide,
    "image": model.ImageSlide,
    "video": model.VideoSlide,
    "link": model.LinkSlide,
}


def all_fields() -> Iterable[tuple[str, Field]]:
    """Yield ``(section, field)`` for every declared field (used for the README check)."""
    sections: tuple[tuple[str, tuple[Field, ...]], ...] = (
        ("", TOP_FIELDS),
        ("presentation", PRESENTATION_FIELDS),
        ("presentation.languages[]", LANGUAGE_FIELDS),
        ("theme", THEME_FIELDS),
        ("labels", LABEL_FIELDS),
        ("kiosk", KIOSK_FIELDS),
        ("presenter", PRESENTER_FIELDS),
        ("keys", KEY_FIELDS),
        ("slides[]", COMMON_SLIDE_FIELDS),
        *((f"slides[] kind={kind}", fields) for kind, fields in SLIDE_KIND_FIELDS.items()),
    )
    for section, fields in sections:
        for field in fields:
            yield section, field
