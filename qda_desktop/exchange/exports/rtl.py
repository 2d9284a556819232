"""Right-to-left scripts (Arabic, Farsi, Urdu, Hebrew) in the PDF.

ReportLab draws a line's characters one after another from the left and does not join Arabic letters, so a
paragraph with right-to-left letters is prepared here: Arabic letters are joined (presentation forms and
lam-alef ligatures, by arabic-reshaper), the text is broken into lines in reading order, each line is put in
display order by the Unicode bidi algorithm (python-bidi), and the lines go to a plain Paragraph, one per
``<br/>``, right-aligned when most of the letters are right-to-left. (ReportLab's own bidi needs ``rlbidi``,
which is not on PyPI.)"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

# Harakat are kept (they are part of the quote); the only ligatures are the lam-alef ones every Arabic font has.
_RESHAPER = ArabicReshaper({"delete_harakat": False, "ARABIC LIGATURE ALLAH": False})
_FORMS = ("<initial>", "<medial>", "<final>", "<isolated>")
_SPACES = re.compile(r"[ \t\r\f\v]+")  # a no-break space does not break a line
SLACK = 1.0  # points kept free on each line, so that ReportLab never breaks a line of ours again


def is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def has_rtl(text: str) -> bool:
    return any(is_rtl(char) for char in text)


def mostly_rtl(text: str) -> bool:
    """More right-to-left letters than left-to-right ones (digits and punctuation do not count)."""
    rtl = sum(1 for char in text if is_rtl(char))
    return rtl > sum(1 for char in text if unicodedata.bidirectional(char) == "L")


def shape(text: str, has_glyph: Callable[[str], bool]) -> str:
    """Arabic letters in their joined forms, still in reading order. A form the font lacks (Urdu's heh goal in
    DejaVu Sans) falls back to the plain letter, unjoined but readable."""
    out = []
    for char in _RESHAPER.reshape(text):
        tag, _, codes = ("", "", "") if has_glyph(char) else unicodedata.decomposition(char).partition(" ")
        out.append("".join(chr(int(code, 16)) for code in codes.split()) if tag in _FORMS else char)
    return "".join(out)


def display(line: str, rtl: bool) -> str:
    """One line in display order (left to right), in a paragraph whose direction ``rtl`` gives. python-bidi's
    Python implementation, because its Rust one does not mirror brackets (its issue 25). A combining mark stays
    before its letter: the fonts draw marks to the right of the pen, over the letter that follows."""
    shown: str = get_display(line, base_dir="R" if rtl else "L")
    return shown


@dataclass(frozen=True)
class Run:
    """Part of a paragraph: ``text`` (shaped, reading order) set in ``font``; ``markup`` wraps its escaped
    text ("<b>{}</b>"). An ``atomic`` run (a colour swatch, a bullet) is neither broken nor reordered; an
    ``isolate`` (a label) takes its direction from its own letters, not from the paragraph's."""

    text: str
    font: str
    markup: str = "{}"
    atomic: bool = False
    isolate: bool = False


Word = tuple[Run, str]


def break_lines(runs: list[Run], width: float, size: float) -> list[list[Word]]:
    """Words in reading order, filled greedily into lines of ``width`` points; a newline always breaks."""
    lines: list[list[Word]] = [[]]
    used = 0.0
    for run in runs:
        for number, part in enumerate([run.text] if run.atomic else run.text.split("\n")):
            if number:
                lines.append([])
                used = 0.0
            for word in [part] if run.atomic else _SPACES.split(part):
                if not word:
                    continue
                wide = stringWidth(word, run.font, size)
                gap = stringWidth(" ", run.font, size) if lines[-1] else 0.0
                if lines[-1] and used + gap + wide > width:
                    lines.append([])
                    used, gap = 0.0, 0.0
                lines[-1].append((run, word))
                used += gap + wide
    return lines


def line_markup(words: list[Word], rtl: bool) -> str:
    """A line's markup in display order: each run's words reordered, the runs right to left if ``rtl``."""
    pieces: list[tuple[Run, list[str]]] = []
    for run, word in words:
        if pieces and pieces[-1][0] is run:
            pieces[-1][1].append(word)
        else:
            pieces.append((run, [word]))
    shown = [run.markup.format(escape(_display_run(run, " ".join(text), rtl))) for run, text in pieces]
    return " ".join(reversed(shown) if rtl else shown)


def _display_run(run: Run, text: str, rtl: bool) -> str:
    if run.atomic:
        return text
    return display(text, mostly_rtl(text) if run.isolate else rtl)


class BidiParagraph(Flowable):
    """A paragraph with right-to-left text. Its lines depend on the width, so they are made in ``wrap``; a plain
    Paragraph sets them (and splits them across pages). A mostly right-to-left one is mirrored: right-aligned,
    its indents swapped, its bullet at the right."""

    def __init__(self, runs: list[Run], style: ParagraphStyle, rtl: bool, bullet: str | None = None) -> None:
        super().__init__()
        self.rtl = rtl
        self.runs, self.style, self.bullet = runs, style, bullet
        if self.rtl:
            left, right = style.rightIndent, style.leftIndent
            name = f"{style.name}-rtl"
            self.style = ParagraphStyle(name, style, alignment=TA_RIGHT, leftIndent=left, rightIndent=right)
            if bullet:
                self.runs, self.bullet = [Run(bullet, style.fontName, atomic=True), *runs], None
        self._set: tuple[float, Paragraph] | None = None

    def paragraph(self, avail_width: float) -> Paragraph:
        if self._set is None or self._set[0] != avail_width:
            style = self.style
            width = avail_width - style.leftIndent - style.rightIndent - SLACK
            lines = break_lines(self.runs, width, style.fontSize)
            markup = "<br/>".join(line_markup(line, self.rtl) for line in lines)
            self._set = (avail_width, Paragraph(markup, style, bulletText=self.bullet))
        return self._set[1]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 (ReportLab's names)
        self.width, self.height = self.paragraph(aW).wrap(aW, aH)
        return self.width, self.height

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        return list(self.paragraph(aW).split(aW, aH))

    def draw(self) -> None:
        assert self._set is not None, "drawn before wrap"
        self._set[1].drawOn(self.canv, 0, 0)
