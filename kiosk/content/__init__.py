"""The content model: read, validate and resolve content.yaml. Imports no Qt.

>>> content = load_content("content.yaml")   # raises ContentError listing every problem
"""

from kiosk.content.errors import ContentError, Problem
from kiosk.content.model import (
    Content,
    ImageSlide,
    KioskSettings,
    Language,
    LinkSlide,
    Presentation,
    Slide,
    Text,
    Theme,
    TitleSlide,
    VideoSlide,
    WorkstreamSlide,
)
from kiosk.content.schema import load_content

__all__ = [
    "Content",
    "ContentError",
    "ImageSlide",
    "KioskSettings",
    "Language",
    "LinkSlide",
    "Presentation",
    "Problem",
    "Slide",
    "Text",
    "Theme",
    "TitleSlide",
    "VideoSlide",
    "WorkstreamSlide",
    "load_content",
]
