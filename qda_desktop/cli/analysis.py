"""``qda matrix``: codes × cases/documents/attribute values, or code co-occurrence, as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from qda_desktop.analysis.cooccurrence import CoOccurrenceQuery, co_occurrence
from qda_desktop.analysis.matrix import MatrixQuery, code_matrix, columns_by
from qda_desktop.analysis.tables import (
    MEASURES,
    cooccurrence_data,
    cooccurrence_rows,
    matrix_data,
    matrix_rows,
)
from qda_desktop.cli.common import CliError, SubParsers, add_command, open_project
from qda_desktop.exchange.report import plural

FORMATS = ("table", "csv", "json")


def parse_columns(text: str) -> MatrixQuery:
    """``cases``, ``documents`` or ``attribute:NAME``."""
    if text in ("cases", "documents"):
        return MatrixQuery(columns_by(text))
    kind, _, name = text.partition(":")
    if kind == "attribute" and name.strip():
        return MatrixQuery("attribute", name.strip())
    raise CliError(f"--columns: '{text}' is not cases, documents or attribute:NAME")


def parse_value(text: str | None) -> tuple[str, str] | None:
    if text is None:
        return None
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise CliError(f"--attribute: '{text}' is not NAME=VALUE")
    return name.strip(), value.strip()


def aligned(rows: list[list[str]]) -> str:
    """Columns padded for a terminal: the first left-aligned, the counts right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def cmd_matrix(args: argparse.Namespace) -> None:
    query = parse_columns(args.columns)
    scope = parse_value(args.attribute)
    if not args.cooccurrence and (args.case is not None or scope is not None):
        raise CliError("--case and --attribute restrict --cooccurrence; use --columns for the matrix")
    with open_project(Path(args.project)) as project:
        if args.cooccurrence:
            table = co_occurrence(project, CoOccurrenceQuery(args.subcodes, args.case, scope))
            rows, data, detached = (
                cooccurrence_rows(table, args.format == "table"),
                cooccurrence_data(table),
                table.detached,
            )
        else:
            matrix = code_matrix(project, MatrixQuery(query.columns, query.attribute, args.subcodes))
            rows, data, detached = (
                matrix_rows(matrix, args.count, args.format == "table"),
                matrix_data(matrix),
                matrix.detached,
            )
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        csv.writer(sys.stdout, lineterminator="\n").writerows(rows)
    else:
        print(aligned(rows))
        if detached:
            print(f"({plural(detached, 'detached coding')} left out: their text was deleted)")


def register(sub: SubParsers) -> None:
    p = add_command(sub, "matrix", cmd_matrix, "count extracts per code and case/document/attribute value")
    p.add_argument("project")
    p.add_argument("--columns", default="cases", metavar="cases|documents|attribute:NAME", help="what the columns are")
    p.add_argument("--subcodes", action="store_true", help="count each code's sub-codes into it")
    p.add_argument("--count", choices=MEASURES, default="codings", help="what a cell shows (default: codings)")
    p.add_argument(
        "--cooccurrence", action="store_true", help="codes × codes: how often their extracts overlap instead"
    )
    p.add_argument("--case", help="co-occurrence only within this case's extracts")
    p.add_argument("--attribute", metavar="NAME=VALUE", help="co-occurrence only within cases with this value")
    p.add_argument("--format", choices=FORMATS, default="table")
