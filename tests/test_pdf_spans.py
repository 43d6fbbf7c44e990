"""The handout's Indic text marked with the characters it stands for (/ActualText spans)."""

from __future__ import annotations

import re
import zlib

from PySide6.QtGui import QFont, QRawFont

from kiosk.pdf_runs import clusters
from kiosk.system.pdf_text import (
    Cluster,
    _Glyphs,
    with_actual_text,
    words_of,
    wrap_page,
    wrap_text_object,
)

KI, SPACE, KA = Cluster((7, 5), "কি"), Cluster((3,), " "), Cluster((5,), "ক")
"""কি is drawn vowel sign first (glyph 7), then ka (glyph 5)."""
TEXT_OBJECT = b"BT\n/F11 48 Tf 1 0 0 -1 0 0 Tm\n0 -40 Td <0001> Tj\n20 0 Td <0002> Tj\n" + (
    b"25 0 Td <0003> Tj\n10 0 Td <0002> Tj\nET"
)


def _span(text: str) -> bytes:
    return b"/Span <</ActualText <FEFF%s>>> BDC" % text.encode("utf-16-be").hex().upper().encode()


def test_each_word_is_a_span_read_as_its_letters() -> None:
    wrapped = wrap_text_object(TEXT_OBJECT, (KI, SPACE, KA), _Glyphs())
    assert wrapped is not None
    assert wrapped.split(b"\n") == [
        b"BT",
        b"/F11 48 Tf 1 0 0 -1 0 0 Tm",
        _span("কি"),
        b"0 -40 Td <0001> Tj",
        b"20 0 Td <0002> Tj",
        b"EMC",
        _span(" "),
        b"25 0 Td <0003> Tj",
        b"EMC",
        _span("ক"),
        b"10 0 Td <0002> Tj",
        b"EMC",
        b"ET",
    ]
    assert [word.text for word in words_of((KI, KA, SPACE, KA))] == ["কিক", " ", "ক"]


def test_a_run_that_is_not_the_text_objects_glyphs_is_not_used() -> None:
    known = _Glyphs()
    assert wrap_text_object(TEXT_OBJECT, (KI, SPACE), known) is None  # one glyph short
    # Code 2 is glyph 5 twice in the object; a run drawing two glyphs there is another run.
    assert wrap_text_object(TEXT_OBJECT, (KI, SPACE, Cluster((6,), "খ")), known) is None
    assert wrap_text_object(TEXT_OBJECT, (KI, SPACE, KA), known) is not None
    # Once code 1 is glyph 7 in font F11, it is so on every page.
    other = TEXT_OBJECT.replace(b"<0001>", b"<0004>")
    assert wrap_text_object(other, (KI, SPACE, KA), known) is None
    # Another font numbers its glyphs its own way.
    gi, ga = Cluster((8, 9), "গি"), Cluster((9,), "গ")
    assert wrap_text_object(TEXT_OBJECT.replace(b"F11", b"F12"), (gi, SPACE, ga), known)


def test_qts_own_span_over_a_synthesised_bold_is_kept() -> None:
    # Qt draws a synthesised bold twice, the offset copy in a span read as nothing.
    bold = TEXT_OBJECT.replace(b"\nET", b"\n1 0 0 -1 0 0 Tm\n/Span << /ActualText <> >> BDC\n") + (
        b"1 -40 Td <0001> Tj\n20 0 Td <0002> Tj\n25 0 Td <0003> Tj\n10 0 Td <0002> Tj\nEMC\nET"
    )
    wrapped = wrap_text_object(bold, (KI, SPACE, KA), _Glyphs())
    assert wrapped is not None
    assert wrapped.count(b"BDC") == 4
    assert wrapped.endswith(
        b"/Span << /ActualText <> >> BDC\n1 -40 Td <0001> Tj\n"
        + (b"20 0 Td <0002> Tj\n25 0 Td <0003> Tj\n10 0 Td <0002> Tj\nEMC\nET")
    )


def test_a_page_with_another_number_of_text_objects_is_left_alone() -> None:
    page = b"q\n" + TEXT_OBJECT + b"\nQ\nq\n" + TEXT_OBJECT + b"\nQ\n"
    assert wrap_page(page, [(KI, SPACE, KA)], _Glyphs()) is None
    wrapped = wrap_page(page, [(KI, SPACE, KA), ()], _Glyphs())  # () : a run left as it is
    assert wrapped is not None
    assert wrapped.count(b"/ActualText") == 3
    assert wrapped.endswith(b"\nQ\nq\n" + TEXT_OBJECT + b"\nQ\n")


def test_the_content_stream_is_written_again_and_the_file_stays_whole() -> None:
    content = zlib.compress(b"q\n" + TEXT_OBJECT + b"\nQ\n")
    pdf = (
        b"%PDF-1.4\n1 0 obj\n<<\n/Type /Pages\n/Kids \n[\n2 0 R\n]\n/Count 1\n>>\nendobj\n"
        b"2 0 obj\n<<\n/Type /Page\n/Contents 3 0 R\n>>\nendobj\n"
        b"3 0 obj\n<<\n/Length 4 0 R\n/Filter /FlateDecode\n>>\nstream\n"
        + content
        + b"\nendstream\nendobj\n4 0 obj\n%d\nendobj\n" % len(content)
        + b"xref\n0 5\n"
        + b"x" * 100
        + b"trailer\n<< /Size 5 >>\nstartxref\n1\n%%EOF\n"
    )
    out = with_actual_text(pdf, [[(KI, SPACE, KA)]])
    head = re.search(rb"3 0 obj\n<<\n/Length (\d+)\n/Filter /FlateDecode\n>>\nstream\n", out)
    assert head is not None
    stream = zlib.decompress(out[head.end() : head.end() + int(head[1])])
    assert stream.count(b"/ActualText") == 3
    assert b"%010d 00000 n" % out.index(b"3 0 obj") in out
    assert b"%010d 00000 n" % out.index(b"4 0 obj") in out
    assert out.endswith(b"startxref\n%d\n%%%%EOF\n" % out.index(b"xref\n0 5"))
    assert with_actual_text(pdf, [[()]]) == pdf  # nothing to mark: the file as it was


def test_clusters_keep_a_vowel_sign_with_its_consonant(app_fonts: None) -> None:
    font = QFont("Noto Sans Bengali")
    font.setPixelSize(40)
    raw = QRawFont.fromFont(font)
    ka, i_sign = raw.glyphIndexesForString("কি")
    assert clusters("কি", font, right_to_left=False) == (Cluster((i_sign, ka), "কি"),)
    conjunct = clusters("অগ্রাধিকার", font, right_to_left=False)
    assert "".join(cluster.text for cluster in conjunct) == "অগ্রাধিকার"
    assert [cluster.text for cluster in conjunct][1] == "গ্রা"  # ga, virama, ra, aa: one cluster
    assert clusters("Our priorities", font, right_to_left=False) == ()  # Latin: not marked
