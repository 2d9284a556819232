"""Sample files written by the tests themselves: real DOCX (python-docx), ODT (zip + XML), PDF (reportlab), RTF."""

from __future__ import annotations

import zipfile
from pathlib import Path

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None, after: str = "") -> Path:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if after:
        document.add_paragraph(after)
    document.save(str(path))
    return path


def odt_content(body: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
        f'<office:document-content {ODT_NS} office:version="1.2"><office:body><office:text>'
        f"{body}</office:text></office:body></office:document-content>"
    )


def write_odt(path: Path, content: str, mimetype: str = "application/vnd.oasis.opendocument.text") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored, first, as ODF requires
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return path


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A real PDF with a text layer (reportlab, Helvetica); an empty page list of lines draws only a box."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        if not lines:
            pdf.rect(100, 400, 300, 200, fill=1)  # a "scan": drawing, no text
        for index, line in enumerate(lines):
            pdf.drawString(72, 770 - 18 * index, line)
        pdf.showPage()
    pdf.save()
    return path


RTF_SAMPLE = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}"
    r"\f0\fs24 Interviewer: How did it start?\par "
    r"Participant: At the caf\'e9, with {\b my neighbour}.\par }"
)
