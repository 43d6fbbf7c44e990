"""Slides lay out from 720p to 4K and in portrait: text fits, scales and never overlaps."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QCoreApplication, QRect
from pytestqt.qtbot import QtBot

from kiosk.ui.show.window import MainWindow
from kiosk.ui.slides.kinds import WorkstreamSlideView
from kiosk.ui.slides.video import VideoSlideView
from kiosk.ui.widgets.fitted import FittedLabel

SIZES = [(1280, 720), (1920, 1080), (3840, 2160), (1080, 1920)]


def _visible_labels(window: MainWindow) -> list[FittedLabel]:
    view = window.current_view
    return [label for label in view.text_labels() if label.isVisible() and label.text()]


def _rect_in_window(window: MainWindow, label: FittedLabel) -> QRect:
    return QRect(label.mapTo(window, label.rect().topLeft()), label.size())


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_text_fits_and_nothing_overlaps(window: MainWindow, width: int, height: int) -> None:
    window.resize(width, height)
    for index in range(len(window.content.slides)):
        window.go_to(index)
        QCoreApplication.sendPostedEvents()  # apply the new slide's layout
        labels = _visible_labels(window)
        # A landscape video slide is the film alone (its time is a plain label).
        film = isinstance(window.current_view, VideoSlideView) and width > height
        assert labels or film, f"slide {index} shows no text"
        for label in labels:
            where = f"slide {index} {label.objectName() or label.text()[:30]!r} at {width}x{height}"
            assert label.fits(label.pixel_size()), f"text clipped: {where}"
            assert label.width() > 0, where
            assert label.height() > 0, where
            assert window.rect().contains(_rect_in_window(window, label)), f"outside: {where}"
        for first, second in itertools.combinations(labels, 2):
            overlap = _rect_in_window(window, first) & _rect_in_window(window, second)
            assert overlap.isEmpty(), f"overlap on slide {index}: {first.text()[:20]!r}"


def test_text_scales_with_the_window(window: MainWindow) -> None:
    sizes = []
    for width, height in [(1280, 720), (1920, 1080), (3840, 2160)]:
        window.resize(width, height)
        window.go_to(1)
        QCoreApplication.sendPostedEvents()
        view = window.current_view
        assert isinstance(view, WorkstreamSlideView)
        sizes.append(view.body_label.pixel_size())
    assert sizes[0] < sizes[1] < sizes[2]
    assert sizes[2] >= 1.8 * sizes[1]  # 4K text is about twice 1080p text


def test_long_text_shrinks_to_fit(window: MainWindow) -> None:
    window.resize(1280, 720)
    window.go_to(1)
    view = window.current_view
    assert isinstance(view, WorkstreamSlideView)
    normal = view.body_label.pixel_size()
    view.body_label.setText(" ".join(["Long text that wraps and wraps."] * 40))
    assert view.body_label.pixel_size() < normal
    assert view.body_label.fits(view.body_label.pixel_size())


def test_portrait_stacks_the_workstream_body_under_the_badge(window: MainWindow) -> None:
    window.resize(1080, 1920)
    window.go_to(2)
    QCoreApplication.sendPostedEvents()
    view = window.current_view
    assert isinstance(view, WorkstreamSlideView)
    badge = view.badge.geometry()
    body = view.body_label.geometry()
    assert body.top() >= badge.bottom()
    assert body.left() <= badge.left() + 1  # full width in portrait


class _CountingLabel(FittedLabel):
    measured: list[int]

    def fits(self, pixels: int) -> bool:
        self.measured.append(pixels)
        return super().fits(pixels)


def test_fitting_measures_a_short_text_once_and_a_long_one_to_the_largest_size(
    qtbot: QtBot,
) -> None:
    label = _CountingLabel(max_pixels=60, min_pixels=10)
    label.measured = []
    qtbot.addWidget(label)
    label.resize(800, 200)
    label.setText("Our Priorities")
    assert label.measured == [60], "fits at the largest size: measured once (start-up)"
    assert label.pixel_size() == 60
    label.measured = []
    label.setText(" ".join(["Long text that wraps and wraps."] * 12))
    size = label.pixel_size()
    assert 10 <= size < 60
    assert len(label.measured) <= 8, "a binary search, not a walk down"
    assert label.fits(size)
    assert not label.fits(size + 1), "the largest size that fits"
