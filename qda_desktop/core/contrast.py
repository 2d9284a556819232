"""Colour arithmetic for readable coding highlights (WCAG 2 contrast). Pure Python, no Qt.

A highlight is a code colour laid over the text's background with some transparency. These functions
pick a shade of a code colour that stands out from the background (light child-code colours vanish on
white), and the strongest highlight for an overlap depth that still leaves the text readable.
"""

from __future__ import annotations

import colorsys

RGB = tuple[int, int, int]

TEXT_CONTRAST = 4.5  # WCAG AA for body text
SHADE_CONTRAST = 2.0  # a code colour against the background: enough to tell a highlight from none
DEPTH_ALPHA = (0.30, 0.42, 0.54, 0.66)  # highlight opacity for 1, 2, 3, 4+ overlapping codings


def parse(color: str) -> RGB:
    """'#rrggbb' (or 'rrggbb', or '#rgb') as three 0-255 channels."""
    digits = color.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    if len(digits) != 6:
        raise ValueError(f"not a colour: {color!r}")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def hex_of(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1 (same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(color: RGB, alpha: float, background: RGB) -> RGB:
    """``color`` at opacity ``alpha`` painted over ``background``."""
    r, g, b = (round(alpha * c + (1 - alpha) * bg) for c, bg in zip(color, background, strict=True))
    return r, g, b


def mean(colors: list[RGB]) -> RGB:
    n = len(colors)
    r, g, b = (sum(c[i] for c in colors) // n for i in range(3))
    return r, g, b


def visible_shade(color: RGB, background: RGB, target: float = SHADE_CONTRAST) -> RGB:
    """The colour itself when it stands out from ``background``; else the same hue made darker (on a light
    background) or lighter (on a dark one) until it does."""
    if contrast(color, background) >= target:
        return color
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in color))
    darken = luminance(background) > 0.18
    shade = color
    for step in range(1, 21):
        level = lightness * (1 - step / 20) if darken else lightness + (1 - lightness) * step / 20
        r, g, b = colorsys.hls_to_rgb(hue, level, saturation)
        shade = (round(r * 255), round(g * 255), round(b * 255))
        if contrast(shade, background) >= target:
            break
    return shade


def depth_alpha(depth: int) -> float:
    """Opacity for a stretch covered by ``depth`` codings: stronger where more codes overlap."""
    return DEPTH_ALPHA[min(max(depth, 1), len(DEPTH_ALPHA)) - 1]


def highlight(colors: list[RGB], background: RGB, text: RGB, target: float = TEXT_CONTRAST) -> tuple[RGB, float]:
    """Colour and opacity of the highlight for codings of ``colors`` overlapping: as strong as the depth
    asks, but never so strong that ``text`` over it falls below ``target`` contrast."""
    color = mean(colors)
    alpha = depth_alpha(len(colors))
    while alpha > 0.05 and contrast(text, over(color, alpha, background)) < target:
        alpha -= 0.02
    return color, round(alpha, 2)
