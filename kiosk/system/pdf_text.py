"""Arabic (and Chinese) copied out of the PDF handout as the letters it is written with.

Qt's PDF writer embeds each font's glyphs with a ToUnicode map built from the font's own
character map, read backwards. A shaped Arabic letter is a contextual glyph (initial,
medial, final, isolated, or a ligature such as lam-alef), and fonts such as Noto Sans
Arabic list those glyphs under Unicode's *presentation forms* (U+FB50-U+FDFF,
U+FE70-U+FEFF); so a PDF reader copying text, or a screen reader reading it, gets those
compatibility characters instead of the letters: "ﻋﲆ" where the text says "على".
Chinese fonts draw a Kangxi radical and its ideograph with one glyph, and "⼯" comes out
where the text says "工".

:func:`logical_to_unicode` rewrites the ToUnicode maps of a PDF Qt wrote: every destination
that is a presentation form becomes the letters it stands for (its Unicode compatibility
decomposition; a lam-alef ligature becomes lam and alef). The drawing is untouched. The
file's cross-reference table is rebuilt, as the maps' lengths change. Qt writes ToUnicode
maps uncompressed, in a classic ``xref`` table; a file in another shape is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0x2F00, 0x2FDF))
"""Arabic Presentation Forms-A and -B, and the Kangxi radicals (a Chinese font draws "工"
and the radical "⼯" with one glyph, and the reverse map may name the radical)."""

RADICALS = {0x2EA0: "民", 0x2EC5: "见", 0x2ED3: "长", 0x2EC4: "西", 0x2EE9: "黄"}
"""Simplified radicals of the CJK Radicals Supplement that share their ideograph's glyph
(Unicode gives them no decomposition; Unicode's EquivalentUnifiedIdeograph.txt does)."""

_TO_UNICODE = re.compile(rb"/ToUnicode (\d+) 0 R")
_HEX = re.compile(rb"<([0-9A-Fa-f]{4,})>")
_OBJECT = re.compile(rb"(?m)^(\d+) 0 obj\b")


def is_presentation_form(code: int) -> bool:
    return code in RADICALS or any(low <= code <= high for low, high in PRESENTATION_FORMS)


def letters_of(character: str) -> str:
    """The letters a presentation form stands for (others unchanged)."""
    if not is_presentation_form(ord(character)):
        return character
    if ord(character) in RADICALS:
        return RADICALS[ord(character)]
    decomposition = unicodedata.decomposition(character).split()
    codes = [int(part, 16) for part in decomposition if not part.startswith("<")]
    letters = "".join(chr(code) for code in codes if code != 0x20)  # a mark's carrier space
    return letters or character


def _fixed_destination(match: re.Match[bytes]) -> bytes:
    digits = match.group(1)
    if len(digits) % 4:
        return match.group(0)
    text = bytes.fromhex(digits.decode("ascii")).decode("utf-16-be", errors="surrogatepass")
    fixed = "".join(letters_of(character) for character in text)
    if fixed == text:
        return match.group(0)
    return b"<" + fixed.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def fix_cmap(cmap: bytes) -> bytes:
    """A ToUnicode map with its presentation-form destinations made letters.

    Only destinations are rewritten (a glyph id may look like a presentation form): a
    ``bfchar`` line's second code, a ``bfrange`` line's third code or its array; a range
    with one incrementing destination that is a presentation form becomes an array."""
    lines, section = [], b""
    for line in cmap.split(b"\n"):
        words = line.split()
        if len(words) == 2 and words[1] in (b"beginbfchar", b"beginbfrange"):
            section = words[1]
        codes = list(_HEX.finditer(line))
        if section == b"beginbfchar" and len(codes) == 2:
            line = line[: codes[1].start()] + _fixed_destination(codes[1])
        elif section == b"beginbfrange" and len(codes) >= 3:
            if b"[" in line:
                keep = line.index(b"[")
                line = line[:keep] + _HEX.sub(_fixed_destination, line[keep:])
            else:
                line = _fixed_range(line, codes)
        lines.append(line)
    return b"\n".join(lines)


def _fixed_range(line: bytes, codes: list[re.Match[bytes]]) -> bytes:
    low, high, first = (int(code.group(1), 16) for code in codes[:3])
    if not any(is_presentation_form(first + step) for step in range(high - low + 1)):
        return line
    each = (
        b"<" + letters_of(chr(first + step)).encode("utf-16-be").hex().upper().encode() + b">"
        for step in range(high - low + 1)
    )
    return line[: codes[2].start()] + b"[" + b" ".join(each) + b"]"


def logical_to_unicode(pdf: bytes) -> bytes:
    """``pdf`` with every ToUnicode map's presentation forms made letters (see the module)."""
    wanted = {int(number) for number in _TO_UNICODE.findall(pdf)}
    if not wanted or b"\nxref\n" not in pdf:
        return pdf
    out = bytearray()
    position = 0
    for match in _OBJECT.finditer(pdf):
        if int(match.group(1)) not in wanted:
            continue
        head = re.compile(rb"<< /Length (\d+) >>\nstream\n").match(pdf, match.end() + 1)
        if head is None:
            continue
        start = head.end()
        end = start + int(head.group(1))
        cmap = fix_cmap(pdf[start:end])
        out += pdf[position : match.start()]
        out += pdf[match.start() : head.start()]
        out += b"<< /Length %d >>\nstream\n" % len(cmap) + cmap
        position = end
    out += pdf[position:]
    return _with_new_xref(bytes(out))


def _with_new_xref(pdf: bytes) -> bytes:
    """``pdf`` with its (last) classic cross-reference table pointing at its objects again."""
    table = pdf.rindex(b"\nxref\n") + 1
    trailer = pdf.index(b"trailer", table)
    offsets = {int(m.group(1)): m.start() for m in _OBJECT.finditer(pdf, 0, table)}
    size = max(offsets, default=0) + 1
    entries = [b"0000000000 65535 f \n"]
    for number in range(1, size):
        if number in offsets:
            entries.append(b"%010d 00000 n \n" % offsets[number])
        else:
            entries.append(b"0000000000 65535 f \n")
    xref = b"xref\n0 %d\n" % size + b"".join(entries)
    tail = pdf[trailer:]
    tail = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % table, tail)
    return pdf[:table] + xref + tail


def fix_file(path: Path) -> None:
    """Rewrite the PDF at ``path`` in place (see :func:`logical_to_unicode`)."""
    data = path.read_bytes()
    try:
        fixed = logical_to_unicode(data)
    except ValueError:  # not the shape Qt writes (no trailer): left as it is
        return
    if fixed != data:
        path.write_bytes(fixed)
