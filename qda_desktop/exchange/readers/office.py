"""Word (.docx, through python-docx) and OpenDocument text (.odt, its content.xml read directly).

Both are zip archives: the archive is checked first (see ``safety``) and every XML part is parsed
with DTDs refused before python-docx (lxml) sees it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from qda_desktop.exchange.readers.base import ReadDocument, refuse
from qda_desktop.exchange.readers.safety import not_a, open_zip, parse_xml, read_capped, read_member

WORD = "a Word document"
ODT = "an OpenDocument text"
ODT_MIME = "application/vnd.oasis.opendocument.text"


def _finish(path: Path, paragraphs: list[str], kind: str) -> ReadDocument:
    text = "\n".join(p.rstrip() for p in paragraphs).strip("\n")
    if not text.strip():
        raise refuse(path, f"the document holds no text; nothing to import (is it {kind} of images only?)")
    return ReadDocument(text, kind=kind[kind.index(" ") + 1 :])


# -- Word ------------------------------------------------------------------------------------


def read_docx(path: Path) -> ReadDocument:
    data = read_capped(path)
    archive = open_zip(path, data, WORD)
    names = archive.namelist()
    if "word/document.xml" not in names:
        raise not_a(path, WORD, data)
    for name in names:
        if name.endswith((".xml", ".rels")):
            parse_xml(path, read_member(path, archive, name), name)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_blocks(document.iter_inner_content()))
    except Exception as exc:  # python-docx raises many kinds for broken packages
        raise refuse(path, f"damaged Word document ({_first_line(exc)})") from None
    return _finish(path, paragraphs, WORD)


def _blocks(content: Iterator[Any]) -> Iterator[str]:
    """Paragraphs in reading order; a table gives one line per row, its cells separated by tabs."""
    from docx.table import Table

    for block in content:
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(p for p in _blocks(cell.iter_inner_content()) if p.strip()))
                yield "\t".join(cells)
        else:
            yield str(block.text)


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


# -- OpenDocument ------------------------------------------------------------------------------

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}
SPACE_RUN = re.compile(r"[ \t\r\n]+")
SKIPPED = {"sequence-decls", "tracked-changes", "forms", "variable-decls", "user-field-decls", "note", "annotation"}


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def read_odt(path: Path) -> ReadDocument:
    data = read_capped(path)
    archive = open_zip(path, data, ODT)
    names = set(archive.namelist())
    if "content.xml" not in names:
        raise not_a(path, ODT, data)
    if "mimetype" in names:
        mime = read_member(path, archive, "mimetype", 200).decode("ascii", "replace").strip()
        if mime != ODT_MIME:
            raise refuse(path, f"not {ODT} (it is an OpenDocument file of type '{mime}')")
    root = parse_xml(path, read_member(path, archive, "content.xml"), "content.xml")
    body = root.find("office:body/office:text", NS)
    if body is None:
        raise refuse(path, f"damaged {ODT[3:]}: content.xml has no text body")
    paragraphs: list[str] = []
    _walk(body, paragraphs)
    return _finish(path, paragraphs, ODT)


def _walk(element: Element, out: list[str]) -> None:
    """Headings and paragraphs in order, through lists, sections and tables."""
    for child in element:
        name = _local(child)
        if name in ("p", "h"):
            out.append(_inline(child))
        elif name == "table":
            out.extend(_table_rows(child))
        elif name not in SKIPPED:
            _walk(child, out)


ROW_GROUPS = {"table-header-rows", "table-rows", "table-row-group"}
MAX_SPACES = 1000  # text:s c="…" beyond this is no document's spacing (a memory bomb)


def _rows(table: Element) -> Iterator[Element]:
    for child in table:
        if _local(child) == "table-row":
            yield child
        elif _local(child) in ROW_GROUPS:
            yield from _rows(child)


def _table_rows(table: Element) -> Iterator[str]:
    for row in _rows(table):
        cells = []
        for cell in row.findall("table:table-cell", NS):
            inner: list[str] = []
            _walk(cell, inner)
            cells.append(" ".join(p for p in inner if p.strip()))
        yield "\t".join(cells)


def _inline(element: Element) -> str:
    """A paragraph's text: runs of blank space collapse (ODF's rule); text:s, text:tab and
    text:line-break give the spaces, tabs and breaks the author typed."""
    parts = [SPACE_RUN.sub(" ", element.text or "")]
    for child in element:
        name = _local(child)
        if name == "s":
            count = child.get(f"{{{NS['text']}}}c", "1")
            parts.append(" " * min(MAX_SPACES, int(count) if count.isdigit() else 1))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in SKIPPED:
            parts.append(_inline(child))
        parts.append(SPACE_RUN.sub(" ", child.tail or ""))
    return "".join(parts)
