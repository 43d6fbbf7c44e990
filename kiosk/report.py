"""``kiosk report``: usage figures from one or many kiosks as CSV files, an HTML page and a
one-page PDF (the same SVG charts, drawn by QtSvg onto a QPdfWriter), without a window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgRenderer

from kiosk.usage.charts import charts, report_html, summary_lines
from kiosk.usage.figures import Figures, read_figures, write_csvs

TITLE = "What the stand achieved"
PAGE = QRectF(0, 0, 1000, 1414)
"""The page in drawing units (A4's proportions)."""


def period_text(figures: Figures, since: date | None, until: date | None) -> str:
    first = since.isoformat() if since else (figures.first[:10] or "-")
    last = until.isoformat() if until else (figures.last[:10] or "-")
    return f"{first} to {last}"


def paint_report(painter: QPainter, figures: Figures, period: str) -> None:
    """The one-page report on ``painter``, whose window is :data:`PAGE`."""
    painter.fillRect(PAGE, QColor("white"))
    painter.setPen(QColor("#005eb8"))
    heading = QFont("Noto Sans")
    heading.setPixelSize(40)
    heading.setBold(True)
    painter.setFont(heading)
    painter.drawText(QRectF(40, 30, 920, 60), TITLE)
    body = QFont("Noto Sans")
    body.setPixelSize(17)
    painter.setFont(body)
    painter.setPen(QColor("#231f20"))
    y = 100.0
    for line in summary_lines(figures, period):
        box = painter.boundingRect(QRectF(40, y, 920, 400), Qt.TextFlag.TextWordWrap, line)
        painter.drawText(box, Qt.TextFlag.TextWordWrap, line)
        y += box.height() + 6
    y += 10
    bold = QFont(body)
    bold.setBold(True)
    painter.setFont(bold)
    drawn = [_chart_size(QSvgRenderer(QByteArray(svg.encode()))) for _, svg in charts(figures)]
    for i, (name, svg) in enumerate(charts(figures)):
        column = i % 2
        x = 40 + column * 470
        if column == 0 and i:
            y += 30 + max(size.height() for size in drawn[i - 2 : i]) + 30
        painter.drawText(QRectF(x, y, 450, 26), name)
        size = drawn[i]
        QSvgRenderer(QByteArray(svg.encode())).render(
            painter, QRectF(x, y + 30, size.width(), size.height())
        )


def _chart_size(renderer: QSvgRenderer) -> QSizeF:
    """A chart's size on the page: as drawn, at most 450 by 290."""
    size = renderer.defaultSize()
    scale = min(450 / max(size.width(), 1), 290 / max(size.height(), 1), 1.0)
    return QSizeF(size.width() * scale, size.height() * scale)


def write_pdf(figures: Figures, period: str, path: Path) -> Path:
    writer = QPdfWriter(str(path))
    writer.setTitle(TITLE)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(10, 10, 10, 10),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    target = painter.viewport()
    scale = min(target.width() / PAGE.width(), target.height() / PAGE.height())
    painter.scale(scale, scale)
    paint_report(painter, figures, period)
    painter.end()
    return path


def write_png(figures: Figures, period: str, path: Path, width: int = 1000) -> Path:
    """The report as a picture (for the README)."""
    image = QImage(width, round(width * PAGE.height() / PAGE.width()), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(width / PAGE.width(), width / PAGE.width())
    paint_report(painter, figures, period)
    painter.end()
    image.save(str(path))
    return path


def write_report(
    databases: list[Path], out: Path, since: date | None = None, until: date | None = None
) -> list[Path]:
    """CSV files, report.html and report.pdf in ``out`` from ``databases``; the files."""
    figures = read_figures(databases, since, until)
    period = period_text(figures, since, until)
    written = write_csvs(figures, out)
    html = out / "report.html"
    html.write_text(report_html(figures, period, TITLE), encoding="utf-8")
    return [*written, html, write_pdf(figures, period, out / "report.pdf")]
