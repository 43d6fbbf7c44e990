"""Build the view for a slide's kind: the one place that knows every kind.

A new slide kind: its dataclass in kiosk/content/model.py (and its fields in the schema), a
view class here in kiosk/ui/slides/, and one line in :data:`VIEWS`. The video slide's view
is imported when the first one is made: its player frame and seek bar (QStyle's Python
types) took about 10 ms of start-up from a first slide that is not the video.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.content import ImageSlide, LinkSlide, Slide, TitleSlide, VideoSlide, WorkstreamSlide
from kiosk.ui.slides.base import SlideView
from kiosk.ui.slides.kinds import ImageSlideView, LinkSlideView, TitleSlideView, WorkstreamSlideView
from kiosk.ui.style import Style

VIEWS: dict[type[Slide], type[SlideView]] = {
    TitleSlide: TitleSlideView,
    WorkstreamSlide: WorkstreamSlideView,
    ImageSlide: ImageSlideView,
    LinkSlide: LinkSlideView,
}
"""Slide class -> its view class (the video slide's: :func:`make_slide_view`)."""


def make_slide_view(slide: Slide, style: Style, parent: QWidget | None = None) -> SlideView:
    """Build the view for ``slide``'s kind."""
    if isinstance(slide, VideoSlide):
        from kiosk.ui.slides.video import VideoSlideView  # lazy: start-up (module docstring)

        return VideoSlideView(slide, style, parent)
    return VIEWS[type(slide)](slide, style, parent)
