"""The PDF handout's text copied out as the letters it is written with, in reading order.

Qt's PDF writer embeds each font's glyphs with a ToUnicode map built from the font's own
character map, read backwards. A shaped Arabic letter is a contextual glyph (initial,
medial, final, isolated, or a ligature such as lam-alef), and fonts such as Noto Sans
Arabic list those glyphs under Unicode's *presentation forms* (U+FB50-U+FDFF,
U+FE70-U+FEFF); so a PDF reader copying text, or a screen reader reading it, gets those
compatibility characters instead of the letters: "ﻋﲆ" where the text says "على".
Chinese fonts draw a Kangxi radical and its ideograph with one glyph, and "⼯" comes out
where the text says "工". :func:`logical_to_unicode` rewrites the ToUnicode maps: every
destination that is a presentation form becomes the letters it stands for (its Unicode
compatibility decomposition; a lam-alef ligature becomes lam and alef).

No map can mend the Indic scripts: a conjunct is a glyph in no character map, and a vowel
sign drawn before its consonant (ি, ਿ) is read before it. :func:`with_actual_text` marks
each word of such a run as a span whose ``/ActualText`` is its letters
(ISO 32000-1, 14.9.4), which readers take instead of the glyphs. Qt has no
API for it, so the exporter (``kiosk/pdf_runs.py``) paints each page twice, first on a
device that draws nothing and writes down each run Qt's PDF writer makes a text object
(``BT``..``ET``) of, in order, shaped again into clusters with their glyph ids (Qt >= 6.5
gives each glyph's string index). Matching runs by order, not by position or marker, keeps
the drawing untouched; and it is checked: a page with another number of text objects is
left alone, and so is a text object whose glyphs are not its run's (Qt numbers a font's
glyphs in the order it first draws them: each PDF code must be one glyph, the same on every
page). A ToUnicode map built from the shaping instead could not put a vowel sign back after
its consonant, as one glyph has one map entry wherever it is drawn.

Urdu is not mended: Noto Nastaliq Urdu draws letter bodies shared by several letters and
their dots as separate glyphs, so no glyph is one letter, and cascades each word down to
its baseline, so a span a letter lands on a line of its own in poppler; a span a word is
read by poppler (22.12) with its letters reversed (it lays a span's characters out left to
right, as it does a lam-alef's two letters), and putting them in reverse for poppler would
be wrong for readers that follow the standard.

The drawing is untouched. The file's cross-reference table is rebuilt, as the maps' and
streams' lengths change. Qt writes ToUnicode maps uncompressed and content streams with
Flate, in a classic ``xref`` table; a file in another shape is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Cluster:
    """The glyphs (ids in the font, in drawing order) one shaping cluster draws for ``text``."""

    glyphs: tuple[int, ...]
    text: str


Run = tuple[Cluster, ...]
"""One drawn run's clusters in drawing order; empty for a run whose glyphs copy out right."""

SPAN_SCRIPTS = ((0x0900, 0x0DFF),)
"""The Indic scripts, Devanagari to Sinhala (Bengali, Gurmukhi, Gujarati, Tamil...): their
conjuncts are glyphs in no character map and a vowel sign can be drawn before its consonant,
so runs with these letters get spans."""

_KIDS = re.compile(rb"/Type /Pages\s*/Kids\s*\[([^\]]*)\]")
_CONTENTS = re.compile(rb"/Contents (\d+) 0 R")
_FLATE = re.compile(rb"<<\s*/Length (\d+)( 0 R)?\s*/Filter /FlateDecode\s*>>\s*stream\r?\n")
_TEXT_OBJECT = re.compile(rb"(?ms)^BT\n.*?^ET$")
_GLYPH = re.compile(rb"^\S+ \S+ Td <([0-9A-Fa-f]{4})> Tj$")
_FONT = re.compile(rb"^/(F\d+) ")


def needs_spans(text: str) -> bool:
    return any(low <= ord(c) <= high for c in text for low, high in SPAN_SCRIPTS)


def actual_text_span(text: str) -> bytes:
    """The marked-content operator opening a span read as ``text`` (UTF-16BE with its BOM)."""
    return b"/Span <</ActualText <FEFF%s>>> BDC" % text.encode("utf-16-be").hex().upper().encode()


class _Glyphs:
    """Which glyph of its font each code of a PDF font stands for, as runs are matched
    (Qt numbers a font's glyphs in the order it first draws them)."""

    def __init__(self) -> None:
        self.font: dict[tuple[bytes, int], int] = {}
        self.code: dict[tuple[bytes, int], int] = {}

    def agree(self, font: bytes, codes: list[int], glyphs: list[int]) -> bool:
        """Whether ``codes`` can be ``glyphs`` (one code a glyph, and as before); if so,
        remember it."""
        font_of: dict[int, int] = {}
        code_of: dict[int, int] = {}
        for code, glyph in zip(codes, glyphs, strict=True):
            if font_of.setdefault(code, glyph) != glyph or code_of.setdefault(glyph, code) != code:
                return False
            if self.font.get((font, code), glyph) != glyph:
                return False
            if self.code.get((font, glyph), code) != code:
                return False
        for code, glyph in font_of.items():
            self.font[font, code] = glyph
            self.code[font, glyph] = code
        return True


def words_of(run: Run) -> list[Cluster]:
    """``run``'s clusters joined into words (a space stays a cluster of its own).

    A reader lays a span's characters out evenly over its glyphs, from the first glyph's
    origin to the last one's advance: a span a cluster left gaps where a cluster ends in a
    mark that does not advance, which poppler read as spaces ("তু লে")."""
    out: list[Cluster] = []
    for cluster in run:
        if out and not out[-1].text.isspace() and not cluster.text.isspace():
            out[-1] = Cluster(out[-1].glyphs + cluster.glyphs, out[-1].text + cluster.text)
        else:
            out.append(cluster)
    return out


def wrap_text_object(text_object: bytes, run: Run, known: _Glyphs) -> bytes | None:
    """A ``BT``..``ET`` text object Qt wrote, with each of ``run``'s clusters in a span read
    as its text; None when its glyphs are not the run's. Qt's own spans (the second, offset
    copy of a synthesised bold, read as nothing) are kept as they are."""
    lines = text_object.split(b"\n")
    font = _FONT.match(lines[1]) if len(lines) > 1 else None
    depth, at = 0, []
    for index, line in enumerate(lines):
        depth += line.endswith(b"BDC") - (line == b"EMC")
        if depth == 0 and _GLYPH.match(line):
            at.append(index)
    glyphs = [glyph for cluster in run for glyph in cluster.glyphs]
    codes = [int(_GLYPH.match(lines[index])[1], 16) for index in at]  # type: ignore[index]
    if font is None or len(codes) != len(glyphs) or not known.agree(font[1], codes, glyphs):
        return None
    opens, closes, position = {}, set(), 0
    for cluster in words_of(run):
        opens[at[position]] = actual_text_span(cluster.text)
        position += len(cluster.glyphs)
        closes.add(at[position - 1])
    out = []
    for index, line in enumerate(lines):
        out += [opens[index], line] if index in opens else [line]
        out += [b"EMC"] if index in closes else []
    return b"\n".join(out)


def wrap_page(content: bytes, runs: Sequence[Run], known: _Glyphs) -> bytes | None:
    """A page's decompressed content with its n-th text object wrapped for ``runs[n]``;
    None when the page has not one text object per run (then nothing is known of it)."""
    found = list(_TEXT_OBJECT.finditer(content))
    if len(found) != len(runs):
        return None
    out, position = bytearray(), 0
    for match, run in zip(found, runs, strict=True):
        wrapped = wrap_text_object(match.group(0), run, known) if run else None
        out += content[position : match.start()] + (wrapped or match.group(0))
        position = match.end()
    return bytes(out + content[position:])


def _objects(pdf: bytes) -> dict[int, tuple[int, int]]:
    """Each object's number: where its ``N 0 obj`` starts and its ``endobj`` ends."""
    spans = {}
    for match in _OBJECT.finditer(pdf):
        end = pdf.find(b"endobj", match.end())
        if end >= 0:
            spans[int(match.group(1))] = (match.start(), end + len(b"endobj"))
    return spans


def _page_content(
    pdf: bytes, spans: dict[int, tuple[int, int]], page: int
) -> tuple[int, int, bytes]:
    """Where ``page``'s content stream object starts and ends, and its decompressed bytes."""
    contents = _CONTENTS.search(pdf, *spans[page])
    if contents is None or int(contents[1]) not in spans:
        raise ValueError(f"page {page}: no content stream")
    start = spans[int(contents[1])][0]
    head = _FLATE.match(pdf, pdf.index(b"<<", start))
    if head is None:
        raise ValueError(f"object {contents[1]!r}: not a Flate stream")
    length = int(head[1])
    if head[2]:  # an indirect length: "N 0 obj\n1234\nendobj"
        length = int(pdf[slice(*spans[length])].split(b"obj", 1)[1].split(b"endobj")[0])
    end = pdf.index(b"endobj", head.end() + length) + len(b"endobj")
    return start, end, zlib.decompress(pdf[head.end() : head.end() + length])


def with_actual_text(pdf: bytes, pages: Sequence[Sequence[Run]]) -> bytes:
    """``pdf`` with the text objects of page n in spans for ``pages[n]`` (see the module);
    a page whose text objects are not those runs is left as it is."""
    kids = _KIDS.search(pdf)
    if kids is None or b"\nxref\n" not in pdf:
        return pdf
    spans, known = _objects(pdf), _Glyphs()
    bodies: dict[int, tuple[int, bytes]] = {}
    numbers = [int(number) for number in re.findall(rb"(\d+) 0 R", kids[1])]
    for page, runs in zip(numbers, pages, strict=False):
        if page not in spans or not any(runs):
            continue
        start, end, content = _page_content(pdf, spans, page)
        wrapped = wrap_page(content, runs, known)
        if wrapped is not None and wrapped != content:
            data = zlib.compress(wrapped)
            number = int(_OBJECT.match(pdf, start)[1])  # type: ignore[index]
            head = b"%d 0 obj\n<<\n/Length %d\n/Filter /FlateDecode\n>>\nstream\n"
            bodies[start] = (end, head % (number, len(data)) + data + b"\nendstream\nendobj")
    if not bodies:
        return pdf
    out, position = bytearray(), 0
    for start in sorted(bodies):
        end, body = bodies[start]
        out += pdf[position:start] + body
        position = end
    return _with_new_xref(bytes(out + pdf[position:]))


def fix_file(path: Path, pages: Sequence[Sequence[Run]] = ()) -> None:
    """Rewrite the PDF at ``path`` in place: its ToUnicode maps (:func:`logical_to_unicode`)
    and, given each page's drawn runs in order, its spans (:func:`with_actual_text`)."""
    data = path.read_bytes()
    try:
        fixed = with_actual_text(logical_to_unicode(data), pages)
    except (ValueError, zlib.error):  # not the shape Qt writes: left as it is
        return
    if fixed != data:
        path.write_bytes(fixed)
