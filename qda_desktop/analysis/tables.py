"""Matrix and co-occurrence results as plain tables (header row, then rows) and JSON-ready data."""

from __future__ import annotations

from typing import Any, Literal

from qda_desktop.analysis.cooccurrence import CoOccurrence
from qda_desktop.analysis.matrix import CodeMatrix
from qda_desktop.analysis.passages import CodeLine
from qda_desktop.analysis.tally import Cell

Measure = Literal["codings", "documents", "cases"]
MEASURES: tuple[Measure, ...] = ("codings", "documents", "cases")
TOTAL = "Total"


def code_label(code: CodeLine, indent: bool) -> str:
    """A row's code: indented by depth for reading, its full path for a spreadsheet."""
    return "  " * code.depth + code.name if indent else code.path


def matrix_rows(matrix: CodeMatrix, measure: Measure = "codings", indent: bool = False) -> list[list[str]]:
    """Header (Code, columns…, Total), a row per code, then the column totals."""

    def value(cell: Cell) -> str:
        return str(getattr(cell, measure))

    table = [["Code", *(c.label for c in matrix.columns), TOTAL]]
    for code, cells, total in zip(matrix.rows, matrix.cells, matrix.row_totals, strict=True):
        table.append([code_label(code, indent), *(value(c) for c in cells), value(total)])
    table.append([TOTAL, *(value(c) for c in matrix.column_totals), value(matrix.total)])
    return table


def cooccurrence_rows(table: CoOccurrence, indent: bool = False) -> list[list[str]]:
    """Header (Code, each code), then a row per code; the diagonal is the code's own extracts."""
    rows = [["Code", *(c.name if indent else c.path for c in table.codes)]]
    for code, counts in zip(table.codes, table.counts, strict=True):
        rows.append([code_label(code, indent), *(str(n) for n in counts)])
    return rows


def _cell(cell: Cell) -> dict[str, int]:
    return {"codings": cell.codings, "documents": cell.documents, "cases": cell.cases}


def matrix_data(matrix: CodeMatrix) -> dict[str, Any]:
    return {
        "columns_by": matrix.query.columns,
        "attribute": matrix.query.attribute or None,
        "sub_codes": matrix.query.sub_codes,
        "columns": [c.label for c in matrix.columns],
        "rows": [
            {"code": code.path, "cells": [_cell(c) for c in cells], "total": _cell(total)}
            for code, cells, total in zip(matrix.rows, matrix.cells, matrix.row_totals, strict=True)
        ],
        "column_totals": [_cell(c) for c in matrix.column_totals],
        "total": _cell(matrix.total),
        "detached": matrix.detached,
    }


def cooccurrence_data(table: CoOccurrence) -> dict[str, Any]:
    attribute = table.query.attribute
    return {
        "sub_codes": table.query.sub_codes,
        "case": table.query.case,
        "attribute": {"name": attribute[0], "value": attribute[1]} if attribute else None,
        "codes": [c.path for c in table.codes],
        "counts": [list(line) for line in table.counts],
        "detached": table.detached,
    }
