"""The text runs a page of the PDF handout draws, in order, with their shaping clusters.

Qt's PDF writer turns each text run the painter draws (one font, one line) into one text
object (``BT``..``ET``), one glyph at a time, in the order it draws them.
:class:`RunRecorder` is a paint device that draws nothing: the exporter paints each page on
it first, with the same code and the writer's metrics, and it writes down each run's string
shaped again (:func:`clusters`): which glyphs draw which characters.
:mod:`kiosk.system.pdf_text` then finds those runs in the PDF, checks they are the same
glyphs, and marks each word with the characters it stands for.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QPaintDevice,
    QPaintEngine,
    QPaintEngineState,
    QPainterPath,
    QPdfWriter,
    QTextItem,
    QTextLayout,
    QTextOption,
)

from kiosk.system.pdf_text import Cluster, Run, needs_spans

_RETRIEVE = (
    QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes
    | QTextLayout.GlyphRunRetrievalFlag.RetrieveStringIndexes
)


def clusters(text: str, font: QFont, right_to_left: bool) -> Run:
    """``text`` shaped in ``font``: its glyphs in drawing order, grouped by the characters
    they draw; empty if its glyphs copy out right by themselves, or if it is not one run of
    one font with each cluster's glyphs together."""
    if not needs_spans(text):
        return ()
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
    )
    layout.setTextOption(option)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns(0, len(text), _RETRIEVE)
    if len(runs) != 1:
        return ()
    glyphs, starts = runs[0].glyphIndexes(), runs[0].stringIndexes()
    if len(glyphs) != len(starts) or not glyphs:
        return ()
    bounds = sorted(set(starts))
    end_of = dict(zip(bounds, [*bounds[1:], len(text)], strict=True))
    out: list[Cluster] = []
    previous = None
    for glyph, start in zip(glyphs, starts, strict=True):
        if start == previous:
            out[-1] = Cluster((*out[-1].glyphs, glyph), out[-1].text)
        else:
            out.append(Cluster((glyph,), text[start : end_of[start]]))
        previous = start
    if len(out) != len(bounds):  # a cluster's glyphs apart: its span cannot be drawn
        return ()
    return tuple(out)


class _Engine(QPaintEngine):
    """Draws nothing; writes down each text run."""

    def __init__(self) -> None:
        super().__init__(QPaintEngine.PaintEngineFeature.AllFeatures)
        self.runs: list[Run] = []

    def drawTextItem(self, p: object, item: QTextItem) -> None:
        right_to_left = bool(item.renderFlags() & QTextItem.RenderFlag.RightToLeft)
        self.runs.append(clusters(item.text(), item.font(), right_to_left))

    # Every drawing call is overridden: a default one calls another (a path, polygons...)
    # and an engine written in Python that leaves one to Qt can crash it.
    def begin(self, pdev: QPaintDevice) -> bool:
        return True

    def end(self) -> bool:
        return True

    def type(self) -> QPaintEngine.Type:
        return QPaintEngine.Type.User

    def updateState(self, state: QPaintEngineState) -> None:
        pass

    def drawPixmap(self, *args: object) -> None:
        pass

    def drawImage(self, *args: object) -> None:
        pass

    def drawPath(self, path: QPainterPath) -> None:
        pass

    def drawEllipse(self, *args: object) -> None:
        pass

    def drawLines(self, *args: object) -> None:
        pass

    def drawPoints(self, *args: object) -> None:
        pass

    def drawPolygon(self, *args: object) -> None:
        pass

    def drawRects(self, *args: object) -> None:
        pass

    def drawTiledPixmap(self, *args: object) -> None:
        pass


class RunRecorder(QPaintDevice):
    """A paint device with ``writer``'s size and resolution that writes down, in ``runs``,
    each text run drawn on it (see the module)."""

    def __init__(self, writer: QPdfWriter) -> None:
        super().__init__()
        self._writer = writer
        self._engine = _Engine()
        self.runs = self._engine.runs

    def paintEngine(self) -> QPaintEngine:
        return self._engine

    def metric(self, metric: QPaintDevice.PaintDeviceMetric) -> int:
        return self._writer.metric(metric)
