"""The code matrix (codes × cases) and the code co-occurrence table as sheets, for CSV and XLSX.

The counts are those of ``qda_desktop.analysis`` with its defaults: every code as its own row (no
sub-codes counted in), extracts counted per case by the passage→case rule. Case names are already
case labels, so the "case labels" option changes nothing here; memos have no place in a count.
"""

from __future__ import annotations

from qda_desktop.analysis.cooccurrence import CoOccurrenceQuery, co_occurrence
from qda_desktop.analysis.matrix import MatrixQuery, code_matrix
from qda_desktop.core.project import Project
from qda_desktop.exchange.exports.blocks import Cell, Sheet

CODE_WIDTH = 36


def analysis_sheet(kind: str, project: Project) -> tuple[Sheet, dict[str, int]]:
    """The sheet for ``kind`` ("matrix" or "co-occurrence") and what it counts, for the summary."""
    if kind == "matrix":
        matrix = code_matrix(project, MatrixQuery("cases"))
        columns = ["Code", *(c.label for c in matrix.columns), "Total"]
        rows: list[list[Cell]] = [
            [code.path, *(c.codings for c in cells), total.codings]
            for code, cells, total in zip(matrix.rows, matrix.cells, matrix.row_totals, strict=True)
        ]
        rows.append(["Total", *(c.codings for c in matrix.column_totals), matrix.total.codings])
        sheet = Sheet("Code matrix", columns, rows, {"Code": CODE_WIDTH})
        return sheet, {"code": len(matrix.rows), "extract": matrix.total.codings}
    table = co_occurrence(project, CoOccurrenceQuery())
    columns = ["Code", *(c.path for c in table.codes)]
    rows = [[code.path, *line] for code, line in zip(table.codes, table.counts, strict=True)]
    return Sheet("Code co-occurrence", columns, rows, {"Code": CODE_WIDTH}), {"code": len(table.codes)}
