"""Build the view for a slide's kind: the one place that knows every kind.

A new slide kind: its dataclass in kiosk/content/model.py (and its fields in the schema), a
view class here in kiosk/ui/slides/, and one line in :data:`VIEWS`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.content import ImageSlide, LinkSlide, Slide, TitleSlide, VideoSlide, WorkstreamSlide
from kiosk.ui.slides.base import SlideView
from kiosk.ui.slides.kinds import ImageSlideView, LinkSlideView, TitleSlideView, WorkstreamSlideView
from kiosk.ui.slides.video import VideoSlideView
from kiosk.ui.style import Style

VIEWS: dict[type[Slide], type[SlideView]] = {
    TitleSlide: TitleSlideView,
    WorkstreamSlide: WorkstreamSlideView,
    ImageSlide: ImageSlideView,
    LinkSlide: LinkSlideView,
    VideoSlide: VideoSlideView,
}
"""Slide class -> its view class."""


def make_slide_view(slide: Slide, style: Style, parent: QWidget | None = None) -> SlideView:
    """Build the view for ``slide``'s kind."""
    return VIEWS[type(slide)](slide, style, parent)
