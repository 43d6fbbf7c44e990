"""``kiosk export-pdf``: the slides as a PDF handout or backup, with vector text.

Each slide is laid out by its real slide view at 1920x1080 (without the window's header and
navigation bar) and drawn into the PDF with ``QWidget.render`` (through
:class:`~kiosk.ui.render.pictures.SlideRenderer`), so text
stays text (searchable, sharp at any zoom) and SVG pictures stay vector drawings. Without
``notes`` a page is one 16:9 slide; with ``notes`` it is an A4 page with the slide above
and its speaker notes below. Needs a QApplication; the offscreen platform is enough.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextOption,
)

from kiosk import __version__
from kiosk.content import Content
from kiosk.pdf_runs import RunRecorder
from kiosk.system.pdf_text import Run, fix_file
from kiosk.ui.render.pictures import SlideRenderer
from kiosk.ui.style import DEFAULT_THEME, PRINT_FRAME, Style

SLIDE_PAGE_MM = QSizeF(254.0, 142.875)
"""A 16:9 page, 10 by 5.625 inches, as presentation programs export."""
RESOLUTION = 600
"""Dots per inch of the PDF's coordinate system (the text and drawings are vectors)."""
NOTES_MARGIN_MM = 15.0


def export_pdf(
    content: Content, out: Path, *, notes: bool = False, language: str | None = None
) -> int:
    """Write ``content``'s slides to ``out`` in ``language`` (default: the content's);
    return the number of pages."""
    out.parent.mkdir(parents=True, exist_ok=True)
    style = Style(content, language or content.presentation.language)
    writer = QPdfWriter(str(out))
    writer.setResolution(RESOLUTION)
    writer.setTitle(style.text(content.presentation.title))
    writer.setCreator(f"kiosk {__version__}")
    if notes:
        margin = NOTES_MARGIN_MM
        layout = QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(margin, margin, margin, margin),
            QPageLayout.Unit.Millimeter,
        )
    else:
        layout = QPageLayout(
            QPageSize(SLIDE_PAGE_MM, QPageSize.Unit.Millimeter, "Slide 16:9"),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    writer.setPageLayout(layout)
    renderer = SlideRenderer(content, QSize(1920, 1080), language=style.language)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {out}")
    pages: list[list[Run]] = []
    try:
        page = QRectF(layout.paintRectPixels(RESOLUTION)).translated(
            -layout.paintRectPixels(RESOLUTION).topLeft()
        )
        for index in range(len(content.slides)):
            if index:
                writer.newPage()
            # The same page drawn first where its text runs are written down, in order.
            recorder = RunRecorder(writer)
            pages.append(recorder.runs)
            draw = QPainter(recorder)
            _draw_page(draw, renderer, index, page, notes=notes, style=style)
            draw.end()
            _draw_page(painter, renderer, index, page, notes=notes, style=style)
    finally:
        painter.end()
        renderer.close()
    fix_file(out, pages)  # copied out as letters, in the order they are read
    return len(content.slides)


def _draw_page(
    painter: QPainter,
    renderer: SlideRenderer,
    index: int,
    page: QRectF,
    *,
    notes: bool,
    style: Style,
) -> None:
    """Slide ``index`` on ``page``: the slide alone, or with its notes below."""
    content = renderer.content
    if not notes:
        renderer.paint(painter, index, page)
        return
    slide = content.slides[index]
    slide_height = page.width() * 9 / 16
    drawn = renderer.paint(painter, index, QRectF(0, 0, page.width(), slide_height))
    painter.setPen(QPen(QColor(PRINT_FRAME), RESOLUTION / 150))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(drawn)
    below = QRectF(0, slide_height + RESOLUTION * 0.25, page.width(), 0)
    below.setBottom(page.height() - RESOLUTION * 0.3)
    heading = f"{index + 1}. {style.text(slide.title)}"
    _draw_text(painter, below, heading, style.text(slide.notes), content.theme.font)
    count = len(content.slides)
    _draw_footer(painter, page, f"{index + 1} / {count}", content.theme.font)


def _draw_text(painter: QPainter, area: QRectF, heading: str, body: str, family: str) -> None:
    """The slide's title and notes in ``area``, shrunk if they would not fit."""
    for point_size in (13, 12, 11, 10, 9, 8, 7):
        document = QTextDocument()
        document.documentLayout().setPaintDevice(painter.device())
        font = QFont(family)
        font.setPointSizeF(point_size)
        document.setDefaultFont(font)
        document.setTextWidth(area.width())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        document.setDefaultTextOption(option)
        cursor_html = (
            f"<p style='font-weight:bold; font-size:{point_size + 3}pt'>{_escape(heading)}</p>"
            + (
                "".join(f"<p>{_escape(part)}</p>" for part in body.split("\n") if part.strip())
                if body
                else "<p><i>No notes for this slide.</i></p>"
            )
        )
        document.setHtml(cursor_html)
        if document.size().height() <= area.height():
            break
    painter.save()
    painter.translate(area.topLeft())
    document.drawContents(painter, QRectF(0, 0, area.width(), area.height()))
    painter.restore()


def _draw_footer(painter: QPainter, page: QRectF, text: str, family: str) -> None:
    font = QFont(family)
    font.setPointSizeF(9)
    painter.save()
    painter.setFont(QFont(font, painter.device()))
    painter.setPen(QColor(DEFAULT_THEME.muted_text))
    painter.drawText(page, int(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight), text)
    painter.restore()


def _escape(text: str) -> str:
    import html

    return html.escape(text)
