"""The colours codings are drawn in, for the current theme: stripes, their labels and highlight formats.

Code colours too close to the background (light child-code tints on white) are shaded until they stand
out; highlights get stronger with overlap depth but never so strong that the text over them becomes hard
to read (see core.contrast).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextCharFormat

from qda_desktop.core import contrast
from qda_desktop.core.workspace import CodeStyle

UNKNOWN_STYLE = CodeStyle("?", "#888888")


def rgb(color: QColor) -> contrast.RGB:
    return color.red(), color.green(), color.blue()


def _parse(color: str) -> contrast.RGB:
    try:
        return contrast.parse(color)
    except ValueError:
        return contrast.parse(UNKNOWN_STYLE.color)


class CodingColors:
    """Colours per code for one palette and codebook; cached until either changes."""

    def __init__(self) -> None:
        self._styles: dict[int, CodeStyle] = {}
        self._window = (255, 255, 255)
        self._base = (255, 255, 255)
        self._text = (0, 0, 0)
        self._stripes: dict[int, QColor] = {}
        self._labels: dict[int, QColor] = {}
        self._formats: dict[tuple[int, ...], QTextCharFormat] = {}

    def reset(self, styles: dict[int, CodeStyle], palette: QPalette) -> None:
        self._styles = styles
        self._window = rgb(palette.color(QPalette.ColorRole.Window))
        self._base = rgb(palette.color(QPalette.ColorRole.Base))
        self._text = rgb(palette.color(QPalette.ColorRole.Text))
        self._stripes, self._labels, self._formats = {}, {}, {}

    @property
    def styles(self) -> dict[int, CodeStyle]:
        return self._styles

    def style(self, code_id: int) -> CodeStyle:
        return self._styles.get(code_id, UNKNOWN_STYLE)

    def _shade(self, code_id: int, background: contrast.RGB) -> contrast.RGB:
        return contrast.visible_shade(_parse(self.style(code_id).color), background)

    def stripe(self, code_id: int) -> QColor:
        """The stripe's colour: the code's own, shaded when it would vanish into the margin."""
        if code_id not in self._stripes:
            self._stripes[code_id] = QColor(contrast.hex_of(self._shade(code_id, self._window)))
        return self._stripes[code_id]

    def label(self, code_id: int) -> QColor:
        """The colour of a code's name beside its stripe: its hue, readable as text on the margin."""
        if code_id not in self._labels:
            own = _parse(self.style(code_id).color)
            shade = contrast.visible_shade(own, self._window, contrast.TEXT_CONTRAST)
            if contrast.contrast(shade, self._window) < contrast.TEXT_CONTRAST:
                shade = self._text
            self._labels[code_id] = QColor(contrast.hex_of(shade))
        return self._labels[code_id]

    def run_format(self, codes: tuple[int, ...]) -> QTextCharFormat:
        """The background of a stretch covered by codings of ``codes`` (one per coding)."""
        fmt = self._formats.get(codes)
        if fmt is None:
            shades = [self._shade(c, self._base) for c in codes]
            color, alpha = contrast.highlight(shades, self._base, self._text)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(color[0], color[1], color[2], round(alpha * 255)))
            self._formats[codes] = fmt
        return fmt
