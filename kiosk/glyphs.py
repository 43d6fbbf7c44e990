"""Which characters of the content no bundled font can draw, with where they are. Imports no Qt.

``kiosk validate`` and ``kiosk self-test`` report each text holding such a character (an empty
box on screen) with its file, line, column, field and language, as the validator reports its
problems; the app falls back to the bundled fonts only (:mod:`kiosk.ui.app`), so a character
they lack is a box on every machine.

Why a cmap reader of our own, and not Qt or fontTools: ``validate`` is a quick check that
loads no Qt (Qt's ``QRawFont`` needs a ``QGuiApplication`` and a platform plugin, and the
check would then depend on the machine's fontconfig); fontTools is a build-time tool only
(tools/subset_cjk.py) and about 30 times larger than the 60 lines it would replace here. A
font's cmap table (OpenType spec, formats 4 and 12) is all the check needs, and the tests
compare this reader's answer with Qt's ``QRawFont.supportsCharacter`` for every bundled font.
"""

from __future__ import annotations

import functools
import struct
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import yaml

from kiosk.content import Content, Problem, Text
from kiosk.content.source import read_yaml
from kiosk.resources import font_files

SHOWN_LIMIT = 5
"""Characters named per text; the rest are counted."""
NO_GLYPH_NEEDED = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Unicode categories drawn as nothing (line breaks, joiners, direction marks)."""


def cmap_characters(data: bytes) -> frozenset[int]:
    """The code points a font's Unicode cmap subtables (formats 4 and 12) map to a glyph.

    ``data`` is a whole .ttf or .otf file; ``ValueError`` if it is not one.
    """
    if len(data) < 12 or data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise ValueError("not a TrueType or OpenType font")
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {
        data[12 + 16 * i : 16 + 16 * i]: struct.unpack_from(">I", data, 20 + 16 * i)[0]
        for i in range(count)
    }
    if b"cmap" not in tables:
        raise ValueError("the font has no cmap table")
    cmap = tables[b"cmap"]
    (subtables,) = struct.unpack_from(">H", data, cmap + 2)
    found: set[int] = set()
    for i in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        if (platform, encoding) not in ((0, 3), (0, 4), (3, 1), (3, 10)):
            continue  # not Unicode (or variation sequences, format 14)
        start = cmap + offset
        (form,) = struct.unpack_from(">H", data, start)
        if form == 4:
            found.update(_format4(data, start))
        elif form == 12:
            found.update(_format12(data, start))
    return frozenset(found)


def _format4(data: bytes, start: int) -> Iterator[int]:
    (segments,) = struct.unpack_from(">H", data, start + 6)
    segments //= 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts = struct.unpack_from(f">{segments}H", data, start + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, start + 16 + 4 * segments)
    range_at = start + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", data, range_at)
    segments_ = zip(starts, ends, deltas, ranges, strict=True)
    for index, (first, last, delta, offset) in enumerate(segments_):
        for code in range(first, min(last, 0xFFFE) + 1):
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = range_at + 2 * index + offset + 2 * (code - first)
                (glyph,) = struct.unpack_from(">H", data, at)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                yield code


def _format12(data: bytes, start: int) -> Iterator[int]:
    (groups,) = struct.unpack_from(">I", data, start + 12)
    for index in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * index)
        yield from range(first + (glyph == 0), last + 1)


@functools.cache
def _coverage(paths: tuple[Path, ...]) -> frozenset[int]:
    found: set[int] = set()
    for path in paths:
        found.update(cmap_characters(path.read_bytes()))
    return frozenset(found)


def bundled_coverage() -> frozenset[int]:
    """Every code point some bundled font (``kiosk/fonts/``) has a glyph for."""
    return _coverage(tuple(font_files()))


def undrawable(text: str, coverage: frozenset[int]) -> list[str]:
    """The distinct characters of ``text`` that need a glyph not in ``coverage``, in order."""
    return [
        char
        for char in dict.fromkeys(text)
        if ord(char) not in coverage and unicodedata.category(char) not in NO_GLYPH_NEEDED
    ]


def describe(char: str) -> str:
    """``U+0F40 'ཀ' (TIBETAN LETTER KA)``: the character, named so it can be found."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {char!r}" + (f" ({name})" if name else "")


def _shown_texts(content: Content) -> set[str]:
    """Every text the content can show, in every language (slide texts, notes, labels)."""
    texts: list[Text | None] = [
        content.presentation.title,
        content.presentation.organisation,
        content.theme.logo_text,
        *content.labels.values.values(),
    ]
    for slide in content.slides:
        texts.extend(value for value in vars(slide).values() if isinstance(value, Text))
    found = {value for text in texts if text is not None for value in text.values.values()}
    return found | {language.name for language in content.presentation.languages}


def _scalars(node: yaml.Node, where: str = "") -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every scalar value under ``node`` (not keys), with its field path."""
    if isinstance(node, yaml.ScalarNode):
        yield where, node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(value, f"{where}.{key.value}" if where else str(key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _scalars(item, f"{where}[{index}]")


def _language_of(where: str, content: Content) -> str:
    codes = {language.code for language in content.presentation.languages}
    last = where.rsplit(".", 1)[-1]
    if last in codes:
        return last
    if where.startswith("presentation.languages[") and where.endswith(".name"):
        index = int(where[len("presentation.languages[") : where.index("]")])
        return content.presentation.languages[index].code
    return content.presentation.language


def _locate(lines: list[str], node: yaml.ScalarNode, char: str) -> tuple[int, int]:
    """Line and column (from 1) of ``char``'s first appearance in ``node``'s source, or of the
    value's start when it is written as an escape."""
    first, last = node.start_mark.line, node.end_mark.line
    for number in range(first, min(last, len(lines) - 1) + 1):
        line = lines[number]
        begin = node.start_mark.column if number == first else 0
        end = node.end_mark.column if number == last else len(line)
        column = line.find(char, begin, end)
        if column >= 0:
            return number + 1, column + 1
    return first + 1, node.start_mark.column + 1


def glyph_problems(content: Content, coverage: frozenset[int] | None = None) -> list[Problem]:
    """One problem per text of ``content`` with characters no bundled font can draw (or none
    in ``coverage``), located where the text is in the content file."""
    coverage = bundled_coverage() if coverage is None else coverage
    shown = _shown_texts(content)
    source = content.path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    lines = source.splitlines()
    names = {language.code: language.name for language in content.presentation.languages}
    problems = []
    for where, node in _scalars(read_yaml(content.path)):
        if node.value not in shown or not (missing := undrawable(node.value, coverage)):
            continue
        language = _language_of(where, content)
        named = ", ".join(describe(char) for char in missing[:SHOWN_LIMIT])
        more = len(missing) - SHOWN_LIMIT
        named += f" and {more} more" if more > 0 else ""
        in_language = f"{language}, {names[language]}" if language in names else language
        message = f"no bundled font draws {named} (language {in_language})"
        problems.append(Problem(content.path, *_locate(lines, node, missing[0]), where, message))
    return problems
