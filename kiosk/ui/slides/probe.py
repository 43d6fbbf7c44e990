"""Counting the frames a video shows in a ``QVideoSink`` (the self-test's video check)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoSink


class FrameProbe(QObject):
    """Counts the frames a video shows in ``sink`` and keeps the first real picture.

    ``enough`` fires once ``needed`` valid frames arrived and one of them passed
    ``is_picture`` (not a black or single-colour frame, say).

    The sink emits ``videoFrameChanged`` on the decoder's render thread, so every frame
    reaches the GUI thread as a queued call. Its receiver must be a QObject of the GUI thread,
    as this one is: Qt posts the queued calls to it and drops those still waiting when it is
    deleted, so no frame outlives the probe. Never connect the sink to a method of a plain
    Python object: PySide binds such a method to a borrowed ``self``, and a frame still
    queued when that object is freed runs on freed memory (the interpreter crashes then, or
    later, anywhere, from a corrupted heap).
    """

    enough = Signal()

    def __init__(
        self,
        sink: QVideoSink,
        needed: int,
        is_picture: Callable[[QImage], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.needed = needed
        self.is_picture = is_picture
        self.frames = 0
        self.picture: QImage | None = None
        self.last = QVideoFrame()
        """The last valid frame (the self-test converts it as the video slide does)."""
        sink.videoFrameChanged.connect(self._on_frame)

    @Slot(QVideoFrame)
    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        self.frames += 1
        self.last = QVideoFrame(frame)
        if self.picture is None:
            image = QVideoFrame(frame).toImage()
            if self.is_picture(image):
                self.picture = image
        if self.frames >= self.needed and self.picture is not None:
            self.enough.emit()
