"""A ``Report`` as PDF (reportlab platypus): headings with colour swatches, wrapped paragraphs, extracts set
off as quotes, page numbers. Text is set in a Unicode font found on the system (DejaVu, Arial, Noto…) so that
accents and non-Latin letters print; reportlab's own Vera is the fallback. Paragraphs with right-to-left
letters (Arabic, Hebrew) are shaped and reordered first (``rtl``)."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from qda_desktop.exchange.exports.blocks import Heading, Para, Report, Tick, no_tick
from qda_desktop.exchange.exports.rtl import BidiParagraph, Run, has_rtl, mostly_rtl, shape

# (regular, bold, italic) candidates, first found wins.
FONT_FILES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "arialbd.ttf", "ariali.ttf"),
    ("/System/Library/Fonts/Supplemental/Arial.ttf", "Arial Bold.ttf", "Arial Italic.ttf"),
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"),
]
INDENT = 0.6 * cm


@cache
def font_family() -> tuple[str, str, str]:
    """Registered (regular, bold, italic) font names."""
    import reportlab

    candidates = [(Path(r), Path(r).with_name(b), Path(r).with_name(i)) for r, b, i in FONT_FILES]
    bundled = Path(reportlab.__file__).parent / "fonts"
    candidates.append((bundled / "Vera.ttf", bundled / "VeraBd.ttf", bundled / "VeraIt.ttf"))
    for regular, bold, italic in candidates:
        if regular.is_file() and bold.is_file() and italic.is_file():
            names = ("QdaSans", "QdaSans-Bold", "QdaSans-Italic")
            for name, path in zip(names, (regular, bold, italic), strict=True):
                pdfmetrics.registerFont(TTFont(name, str(path)))
            pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[2])
            return names
    return ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique")


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = font_family()
    base = getSampleStyleSheet()
    body = ParagraphStyle("QdaBody", base["BodyText"], fontName=regular, fontSize=10, leading=13, spaceAfter=4)
    styles = {
        "title": ParagraphStyle("QdaTitle", base["Title"], fontName=bold, alignment=0),
        "fact": ParagraphStyle("QdaFact", body, textColor=HexColor("#555555"), spaceAfter=1),
        "body": body,
        "item": ParagraphStyle("QdaItem", body, bulletFontName=regular, spaceAfter=1),
        "quote": ParagraphStyle("QdaQuote", body, leftIndent=INDENT, rightIndent=INDENT, textColor=HexColor("#222222")),
        "example": ParagraphStyle("QdaExample", body, fontName=italic, leftIndent=INDENT),
        "meta": ParagraphStyle("QdaMeta", body, fontSize=8.5, leading=11, textColor=HexColor("#555555")),
        "memo": ParagraphStyle("QdaMemo", body, fontName=italic),
    }
    for level, size in enumerate((16, 13.5, 12, 11), start=1):
        styles[f"h{level}"] = ParagraphStyle(
            f"QdaH{level}",
            base[f"Heading{min(level, 4)}"],
            fontName=bold,
            fontSize=size,
            leading=size * 1.25,
            keepWithNext=1,
        )
    return styles


def _markup(text: str) -> str:
    return escape(_printable(text)).replace("\n", "<br/>")


def _glyphs() -> dict[int, object] | None:
    """The regular font's characters (None: a built-in font, whose characters are not listed)."""
    font = pdfmetrics.getFont(font_family()[0])
    glyphs: dict[int, object] | None = getattr(getattr(font, "face", None), "charToGlyph", None)
    return glyphs


def _printable(text: str) -> str:
    """Characters the font cannot draw (an emoji) named in brackets, "[purple heart]", instead of a blank box."""
    glyphs = _glyphs()
    if glyphs is None:
        return text
    out = []
    for char in text:
        if ord(char) > 0x7F and ord(char) not in glyphs and not char.isspace():
            name = unicodedata.name(char, "")
            out.append(f"[{name.lower()}]" if name and unicodedata.category(char) not in ("Mn", "Cf") else "")
        else:
            out.append(char)
    return "".join(out)


def write_pdf(report: Report, out: BinaryIO, tick: Tick = no_tick) -> None:
    styles = _styles()
    story: list[Flowable] = [_paragraph(report.title, styles["title"], ours=True)]
    story += [_paragraph(fact, styles["fact"], ours=True) for fact in report.facts]
    story.append(Spacer(1, 0.4 * cm))
    total = len(report.blocks)
    for index, block in enumerate(report.blocks):
        tick(index, total)
        story.append(_flowable(block, styles))
    doc = SimpleDocTemplate(
        out, pagesize=A4, title=report.title, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm
    )
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)


def _flowable(block: Heading | Para, styles: dict[str, ParagraphStyle]) -> Flowable:
    if isinstance(block, Heading):
        return _paragraph(block.text, styles[f"h{min(block.level, 4)}"], swatch=block.color)
    style = styles.get(block.style, styles["body"])
    if block.indent or block.style == "item":
        left = style.leftIndent + INDENT * block.indent + (12 if block.style == "item" else 0)
        style = ParagraphStyle(f"{style.name}-{block.indent}", style, leftIndent=left, bulletIndent=left - 12)
    return _paragraph(block.text, style, label=block.label.strip(), bullet="•" if block.style == "item" else None)


def _paragraph(
    text: str,
    style: ParagraphStyle,
    label: str = "",
    swatch: str | None = None,
    bullet: str | None = None,
    ours: bool = False,
) -> Flowable:
    """``text`` after a colour ``swatch`` and a bold ``label``; right-to-left text goes through ``rtl``, and
    makes the paragraph right to left if most of its letters are, unless it is ``ours`` (an English line of the
    export's own with a name in it: "Project: …")."""
    if has_rtl(label + text):
        return _bidi_paragraph(text, style, label, swatch, bullet, rtl=not ours and mostly_rtl(text))
    markup = f'<font backColor="{swatch}">&nbsp;&nbsp;&nbsp;&nbsp;</font>&nbsp;' if swatch else ""
    markup += f"<b>{_markup(label)}</b> " if label else ""
    return Paragraph(markup + _markup(text), style, bulletText=bullet)


def _bidi_paragraph(
    text: str, style: ParagraphStyle, label: str, swatch: str | None, bullet: str | None, rtl: bool
) -> Flowable:
    glyphs = _glyphs()

    def printable(part: str) -> str:
        return _printable(shape(part, lambda char: glyphs is None or ord(char) in glyphs))

    regular, bold, _italic = font_family()
    family, _bold, italic = ps2tt(style.fontName)
    font = style.fontName
    runs = [Run("\xa0" * 4, font, f'<font backColor="{swatch}">{{}}</font>', atomic=True)] if swatch else []
    if label:  # in the face <b> gives
        runs.append(_run(printable(label), tt2ps(family, 1, italic), bold, font, isolate=True))
    runs.append(_run(printable(text), font, bold if font == bold else regular, font))
    return BidiParagraph(runs, style, rtl, bullet)


def _run(text: str, font: str, upright: str, paragraph_font: str, isolate: bool = False) -> Run:
    """``text`` in ``font``, or in the ``upright`` face where a slanted one lacks its letters (DejaVu Sans
    Oblique has no Arabic; Arabic has no italics anyway)."""
    glyphs = getattr(getattr(pdfmetrics.getFont(font), "face", None), "charToGlyph", None)
    if glyphs is not None and any(ord(char) not in glyphs and not char.isspace() for char in text):
        font = upright
    return Run(text, font, "{}" if font == paragraph_font else f'<font name="{font}">{{}}</font>', isolate=isolate)


def _page_number(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(font_family()[0], 8.5)
    canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"Page {doc.page}")
    canvas.restoreState()
