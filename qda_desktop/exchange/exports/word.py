"""A ``Report`` as a Word document (python-docx): headings by level with colour swatches, labelled fields,
extracts as quotes, examples marked as such, and page numbers in the footer."""

from __future__ import annotations

from typing import BinaryIO

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from qda_desktop.exchange.exports.blocks import Heading, Para, Report, Tick, no_tick

INDENT_CM = 0.6
GREY = RGBColor(0x55, 0x55, 0x55)


def _rgb(color: str) -> RGBColor | None:
    try:
        return RGBColor.from_string(color.lstrip("#").upper())
    except ValueError:
        return None


def write_docx(report: Report, out: BinaryIO, tick: Tick = no_tick) -> None:
    doc = docx.Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.title = report.title
    doc.add_heading(report.title, 0)
    for fact in report.facts:
        run = doc.add_paragraph().add_run(fact)
        run.font.color.rgb = GREY
    _page_numbers(doc.sections[0].footer.paragraphs[0])
    total = len(report.blocks)
    for index, block in enumerate(report.blocks):
        tick(index, total)
        if isinstance(block, Heading):
            _heading(doc.add_heading(level=block.level), block)
        else:
            _para(doc, block)
    doc.save(out)


def _heading(paragraph: Paragraph, block: Heading) -> None:
    paragraph.paragraph_format.keep_with_next = True
    color = _rgb(block.color) if block.color else None
    if color is not None:
        swatch = paragraph.add_run("■ ")  # a coloured square, as in the codebook panel
        swatch.font.color.rgb = color
    paragraph.add_run(block.text)


def _para(doc: DocxDocument, block: Para) -> None:
    style = {"item": "List Bullet", "quote": "Quote", "example": "Quote"}.get(block.style)
    paragraph = doc.add_paragraph(style=style)
    extra = 1 if block.style in ("item", "quote", "example") else 0
    if block.indent or extra:
        paragraph.paragraph_format.left_indent = Cm(INDENT_CM * (block.indent + extra))
    if block.label:
        label = paragraph.add_run(block.label)
        label.bold = True
        if block.style == "example":
            label.font.color.rgb = GREY
    text = paragraph.add_run(block.text)
    if block.style == "meta":
        text.font.size = Pt(9)
        text.font.color.rgb = GREY
    elif block.style in ("memo", "example"):
        text.italic = True


def _page_numbers(paragraph: Paragraph) -> None:
    """ "Page N of M" with Word fields (Word and LibreOffice fill them in)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph: Paragraph, code: str) -> None:
    run = paragraph.add_run()
    begin, instr, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = code
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, end):
        run._r.append(element)
