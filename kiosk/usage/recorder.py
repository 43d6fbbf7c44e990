"""The current visit, in memory: each event is an append, nothing is written until the end.

A *visit* runs from the touch that wakes the kiosk to its idle reset (or, in window and
presenter modes with ``--record``, from start to quit). :class:`VisitRecorder` notes what
happened on an injected clock; :meth:`VisitRecorder.end` turns it into a :class:`Visit`, the
one thing :class:`~kiosk.usage.store.UsageStore` writes, in one transaction. A crash or power
cut therefore loses only the visit under way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

LINK_KIND = "link"
"""The slide kind with the QR code: its being shown stands in for scans."""
COMPLETE = 0.9
"""A video play that got this far (of its length) counts as watched to the end."""


def minute(moment: datetime) -> str:
    """``moment`` rounded down to the minute, as ``YYYY-MM-DDTHH:MM`` (local time, no zone)."""
    return moment.strftime("%Y-%m-%dT%H:%M")


@dataclass(frozen=True)
class Visit:
    """A finished visit: nothing in it tells who the visitor was."""

    started: str
    """The minute it started (:func:`minute`)."""
    seconds: int
    language: str
    """The language the visit ended in."""
    slides: tuple[tuple[str, int], ...] = ()
    """Each slide seen, in order: (slide id, whole seconds on it)."""
    videos: tuple[tuple[str, float], ...] = ()
    """Each video play: (slide id, how far it got, 0 to 1)."""
    choices: tuple[tuple[str, str], ...] = ()
    """Language and accessibility choices: ("language", "ar"), ("accessibility", "captions")."""
    qr_shown: int = 0
    """How many times the QR (``link``) slide was shown."""


@dataclass
class _Open:
    start: float
    started: str
    language: str
    slides: list[tuple[str, float]] = field(default_factory=list)
    plays: list[str] = field(default_factory=list)
    progress: list[float] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)
    qr_shown: int = 0


class VisitRecorder:
    """Notes one visit at a time; ``clock`` is monotonic seconds, ``now`` the wall clock."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.clock = clock
        self.now = now
        self._open: _Open | None = None

    @property
    def in_visit(self) -> bool:
        return self._open is not None

    def begin(self, language: str) -> None:
        """A visitor arrived (a visit already under way goes on)."""
        if self._open is None:
            self._open = _Open(self.clock(), minute(self.now()), language)

    def slide(self, slide_id: str, kind: str) -> None:
        """The visitor now sees ``slide_id`` (of ``kind``)."""
        visit = self._open
        if visit is None:
            return
        visit.slides.append((slide_id, self.clock()))
        if kind == LINK_KIND:
            visit.qr_shown += 1

    def video_started(self, slide_id: str) -> None:
        """A video began to play (again) from its start: a new play."""
        if self._open is not None:
            self._open.plays.append(slide_id)
            self._open.progress.append(0.0)

    def video_progress(self, slide_id: str, fraction: float) -> None:
        """How far the latest play of ``slide_id`` got (the furthest point counts)."""
        visit = self._open
        if visit is None or not visit.plays or visit.plays[-1] != slide_id:
            return
        visit.progress[-1] = max(visit.progress[-1], min(max(fraction, 0.0), 1.0))

    def choice(self, kind: str, value: str) -> None:
        """A language (``kind`` "language") or accessibility option the visitor chose."""
        visit = self._open
        if visit is None:
            return
        if kind == "language":
            visit.language = value
        visit.choices.append((kind, value))

    def end(self) -> Visit | None:
        """The visit is over: what it was, or None if none was under way."""
        visit, self._open = self._open, None
        if visit is None:
            return None
        end = self.clock()
        moments = [at for _, at in visit.slides] + [end]
        slides = tuple(
            (slide_id, round(moments[i + 1] - at)) for i, (slide_id, at) in enumerate(visit.slides)
        )
        videos = tuple(
            (slide_id, round(got, 3))
            for slide_id, got in zip(visit.plays, visit.progress, strict=True)
        )
        return Visit(
            started=visit.started,
            seconds=round(end - visit.start),
            language=visit.language,
            slides=slides,
            videos=videos,
            choices=tuple(visit.choices),
            qr_shown=visit.qr_shown,
        )
