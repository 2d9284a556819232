"""Markdown, CSV and XLSX writers (a ``Report`` as Markdown, a ``Sheet`` as CSV or XLSX)."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from qda_desktop.exchange.exports.blocks import Heading, Para, Report, Sheet, Tick, no_tick


def write_markdown(report: Report, out: BinaryIO, tick: Tick = no_tick) -> None:
    lines = [f"# {report.title}", "", *(f"- {fact}" for fact in report.facts), ""]
    total = len(report.blocks)
    for index, block in enumerate(report.blocks):
        tick(index, total)
        if lines[-1].lstrip().startswith("- ") and not (isinstance(block, Para) and block.style == "item"):
            lines.append("")  # a list ends
        if isinstance(block, Heading):
            swatch = f" `{block.color}`" if block.color else ""
            lines += [f"{'#' * min(block.level + 1, 6)} {block.text}{swatch}", ""]
        elif block.style == "item":
            lines.append(f"{'  ' * block.indent}- {_label(block.label)}{_inline(block.text)}")
        elif block.style in ("quote", "example"):
            quoted = "\n".join(f"> {line}" if line else ">" for line in block.text.splitlines() or [""])
            if block.label:
                quoted = f"> {_label(block.label).rstrip()}\n>\n{quoted}"
            lines += [quoted, ""]
        else:
            meta = block.style == "meta"
            text = (block.label if meta else _label(block.label)) + block.text
            lines += [f"*{text.strip()}*" if meta else text, ""]
    out.write("\n".join(lines).rstrip("\n").encode("utf-8") + b"\n")


def _label(label: str) -> str:
    return f"**{label.strip()}** " if label.strip() else ""


def _inline(text: str) -> str:
    return " ".join(text.split())


def write_csv(sheet: Sheet, out: BinaryIO, tick: Tick = no_tick) -> None:
    """UTF-8 with a byte-order mark, so that Excel reads the accents right."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(sheet.columns)
    for index, row in enumerate(sheet.rows):
        tick(index, len(sheet.rows))
        writer.writerow(["" if v is None else v for v in row])
    out.write(text.getvalue().encode("utf-8-sig"))


def write_xlsx(sheet: Sheet, out: BinaryIO, tick: Tick = no_tick) -> None:
    """A header row in bold and frozen, columns sized, long text wrapped; colour codes shown as a fill."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet.title[:31]
    ws.append(sheet.columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    colour_col = sheet.columns.index("colour_hex") if "colour_hex" in sheet.columns else None
    for index, row in enumerate(sheet.rows, start=2):
        tick(index - 2, len(sheet.rows))
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=index, column=col, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            cell.alignment = wrap
        if colour_col is not None and isinstance(row[colour_col], str):
            fill = str(row[colour_col]).lstrip("#")
            if len(fill) == 6:
                ws.cell(row=index, column=colour_col + 1).fill = PatternFill("solid", start_color=fill)
    for col, name in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = sheet.widths.get(name, 14)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    book.save(out)
