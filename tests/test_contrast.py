"""WCAG contrast: the formula against known values, and the bundled theme against AA."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from kiosk.content import ContentError, Theme, load_content
from kiosk.content.contrast import TEXT_PAIRS, contrast_ratio, relative_luminance, theme_pairs
from kiosk.content.schema import MIN_CONTRAST
from kiosk.resources import bundled_content_path

AA = 4.5


@pytest.mark.parametrize(
    ("foreground", "background", "expected"),
    [
        pytest.param("#FFFFFF", "#000000", 21.0, id="white-on-black"),
        pytest.param("#000000", "#FFFFFF", 21.0, id="black-on-white"),
        pytest.param("#777777", "#FFFFFF", 4.48, id="grey-77-just-fails"),
        pytest.param("#767676", "#FFFFFF", 4.54, id="grey-76-just-passes"),
        pytest.param("#595959", "#FFFFFF", 7.0, id="grey-59-aaa"),
        pytest.param("#FF0000", "#FFFFFF", 4.0, id="red-on-white"),
        pytest.param("#0000FF", "#FFFFFF", 8.59, id="blue-on-white"),
        pytest.param("#005EB8", "#FFFFFF", 6.38, id="nhs-blue-on-white"),
        pytest.param("#123456", "#123456", 1.0, id="same-colour"),
        pytest.param("#ffffff", "#000000", 21.0, id="lower-case"),
    ],
)
def test_contrast_ratio_reference_values(foreground: str, background: str, expected: float) -> None:
    assert contrast_ratio(foreground, background) == pytest.approx(expected, abs=0.005)


def test_relative_luminance_reference_values() -> None:
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)
    assert relative_luminance("#FF0000") == pytest.approx(0.2126)
    assert relative_luminance("#00FF00") == pytest.approx(0.7152)
    assert relative_luminance("#0000FF") == pytest.approx(0.0722)
    # The linear segment of the sRGB curve: 10/255 is below 0.04045.
    assert relative_luminance("#0A0A0A") == pytest.approx(10 / 255 / 12.92)


def test_contrast_is_symmetric_and_between_1_and_21() -> None:
    rng = random.Random(1)
    for _ in range(500):
        a, b = (f"#{rng.randrange(1 << 24):06X}" for _ in range(2))
        ratio = contrast_ratio(a, b)
        assert 1.0 <= ratio <= 21.0 + 1e-9
        assert ratio == pytest.approx(contrast_ratio(b, a))


def test_aa_threshold_is_4_5() -> None:
    assert MIN_CONTRAST == AA


def test_text_pairs_name_theme_colours() -> None:
    colours = {f.name for f in dataclasses.fields(Theme) if f.name not in ("font", "logo_text")}
    assert {name for pair in TEXT_PAIRS for name in pair} == colours
    assert len(set(TEXT_PAIRS)) == len(TEXT_PAIRS)


@pytest.mark.parametrize(
    ("foreground", "background"), TEXT_PAIRS, ids=[f"{fg}-on-{bg}" for fg, bg in TEXT_PAIRS]
)
def test_bundled_theme_meets_wcag_aa(foreground: str, background: str) -> None:
    theme = load_content(bundled_content_path()).theme
    ratio = contrast_ratio(getattr(theme, foreground), getattr(theme, background))
    assert ratio >= AA, f"{foreground} on {background}: {ratio:.2f}:1"
    assert theme_pairs(theme)[(foreground, background)] == ratio


def test_bundled_theme_values() -> None:
    theme = load_content(bundled_content_path()).theme
    ratios = theme_pairs(theme)
    assert set(ratios) == set(TEXT_PAIRS)
    assert ratios[("text", "surface")] == pytest.approx(14.42, abs=0.01)
    assert ratios[("accent_text", "accent")] == pytest.approx(6.38, abs=0.01)
    assert min(ratios.values()) >= AA


def test_default_theme_meets_wcag_aa() -> None:
    assert min(theme_pairs(Theme()).values()) >= AA


def test_loader_rejects_each_low_contrast_pair(tmp_path: Path) -> None:
    head = (
        "version: 1\npresentation: {title: T, organisation: O}\n"
        "slides: [{id: a, kind: title, title: T}]\ntheme:\n"
    )
    path = tmp_path / "content.yaml"
    good = load_content(bundled_content_path()).theme
    for foreground, background in TEXT_PAIRS:
        colours = {
            name: getattr(good, name)
            for name in ("background", "surface", "text", "muted_text", "accent", "accent_text")
        }
        colours[foreground], colours[background] = "#777777", "#FFFFFF"  # 4.48:1
        lines = "".join(f"  {name}: '{value}'\n" for name, value in colours.items())
        path.write_text(head + lines, encoding="utf-8")
        with pytest.raises(ContentError) as info:
            load_content(path)
        problems = [(p.field, p.message) for p in info.value.problems]
        assert (
            f"theme.{foreground}",
            f"{foreground} on {background} has contrast 4.48:1; WCAG AA needs at least 4.5:1",
        ) in problems, problems
        assert all(field.startswith("theme.") for field, _ in problems)
