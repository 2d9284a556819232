"""Contrast arithmetic for readable highlights (WCAG 2 formulas, checked against known values)."""

from __future__ import annotations

import pytest

from qda_desktop.core import contrast

WHITE, BLACK = (255, 255, 255), (0, 0, 0)
DARK_BASE, DARK_TEXT = contrast.parse("#1e1f22"), contrast.parse("#dfe1e5")


def test_contrast_matches_the_wcag_reference_values() -> None:
    assert contrast.contrast(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast.contrast(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast.contrast(contrast.parse("#767676"), WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast.parse("#abc") == (0xAA, 0xBB, 0xCC)
    with pytest.raises(ValueError):
        contrast.parse("blue")


def test_over_blends_by_opacity() -> None:
    assert contrast.over((200, 100, 0), 0.5, WHITE) == (228, 178, 128)
    assert contrast.over((200, 100, 0), 1.0, WHITE) == (200, 100, 0)


def test_light_child_colours_get_a_visible_shade_and_strong_ones_stay() -> None:
    pale = contrast.parse("#c6dbef")  # a child code's tint in the corpus codebook
    assert contrast.contrast(pale, WHITE) < contrast.SHADE_CONTRAST
    shaded = contrast.visible_shade(pale, WHITE)
    assert contrast.contrast(shaded, WHITE) >= contrast.SHADE_CONTRAST
    assert shaded[2] > shaded[0]  # still blue
    strong = contrast.parse("#1f77b4")
    assert contrast.visible_shade(strong, WHITE) == strong
    dim = contrast.parse("#3a2a4a")  # too dark for a dark background: lightened instead
    assert contrast.contrast(contrast.visible_shade(dim, DARK_BASE), DARK_BASE) >= contrast.SHADE_CONTRAST


@pytest.mark.parametrize(("base", "text"), [(WHITE, BLACK), (DARK_BASE, DARK_TEXT)])
@pytest.mark.parametrize("color", ["#bcbd22", "#1f77b4", "#d62728", "#6a1b9a", "#ffeb3b", "#000000", "#ffffff"])
def test_text_over_any_highlight_stays_readable(base: contrast.RGB, text: contrast.RGB, color: str) -> None:
    for depth in range(1, 6):
        colour, alpha = contrast.highlight([contrast.parse(color)] * depth, base, text)
        assert contrast.contrast(text, contrast.over(colour, alpha, base)) >= contrast.TEXT_CONTRAST


def test_deeper_overlaps_are_stronger_while_readable() -> None:
    blue = contrast.parse("#1f77b4")
    alphas = [contrast.highlight([blue] * depth, WHITE, BLACK)[1] for depth in (1, 2, 3)]
    assert alphas == sorted(alphas) and alphas[0] < alphas[2]
    # in the dark theme a bright yellow is capped where light text would stop being readable
    yellow = contrast.parse("#ffeb3b")
    capped = contrast.highlight([yellow] * 4, DARK_BASE, DARK_TEXT)[1]
    assert capped < contrast.depth_alpha(4)
