"""The content model: read, validate and resolve content.yaml. Imports no Qt.

>>> content = load_content("content.yaml")   # raises ContentError listing every problem
"""

import re
import sys

YAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
"""PyYAML's ``yaml.reader.Reader.NON_PRINTABLE``: characters YAML does not allow."""
NON_PRINTABLE_LISTED = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
"""The same characters, listed: the same matches, compiled in under 1 ms instead of 5 (``re``
builds a bitmap of the whole Basic Multilingual Plane for the negated class)."""


def _import_yaml() -> None:
    """Import PyYAML with its one slow pattern compiled from its listed twin (start-up:
    bench/RESULTS.md); a PyYAML whose pattern differs compiles its own as before."""
    if "yaml" in sys.modules:
        return
    real = re.compile

    def compile_listed(pattern: object, flags: int = 0) -> re.Pattern[str]:
        listed = NON_PRINTABLE_LISTED if pattern == YAML_NON_PRINTABLE and not flags else pattern
        return real(listed, flags)  # type: ignore[call-overload]

    re.compile = compile_listed  # type: ignore[assignment]
    try:
        import yaml  # noqa: F401
    finally:
        re.compile = real


_import_yaml()


from kiosk.content.errors import ContentError, Problem  # noqa: E402
from kiosk.content.model import (  # noqa: E402
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
from kiosk.content.schema import load_content  # noqa: E402

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
