"""Code × column matrix (NVivo's matrix coding query, MAXQDA's code matrix browser).

Rows are the codes in tree order. Columns are the cases, the documents or the values of one case
attribute. A cell counts the extracts (attached codings) of the row's code that belong to the
column: a passage belongs to the case(s) ``CaseMap.of_passage`` gives it (a transcript's turns to
their speakers' cases), and to a value when one of those cases has it. One extract can therefore sit
in two columns (a passage across two speakers linked to different cases); the totals count each
extract once. With ``sub_codes`` a row also counts the codings of every code below it (the
retrieval panel's rule). Extracts without a case go to a "Not linked to a case" column, those whose
cases lack the attribute to "No value"; both columns appear only when they count something.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy.orm import Session

from qda_desktop.analysis.passages import CodeLine, Passage, attribute_values, counted_in, read_coded
from qda_desktop.analysis.tally import Cell, Tally
from qda_desktop.core.project import Project
from qda_desktop.core.retrieval import NO_CASE
from qda_desktop.errors import InvalidInput

ColumnsBy = Literal["cases", "documents", "attribute"]
COLUMN_KINDS: tuple[ColumnsBy, ...] = ("cases", "documents", "attribute")
NO_VALUE = "No value"


def columns_by(text: str) -> ColumnsBy:
    """``text`` as a kind of columns, or a one-line refusal."""
    for kind in COLUMN_KINDS:
        if kind == text:
            return kind
    raise InvalidInput(f"no such columns: '{text}' (choose from {', '.join(COLUMN_KINDS)})")


@dataclass(frozen=True)
class MatrixQuery:
    columns: ColumnsBy = "cases"
    attribute: str = ""  # the attribute whose values are the columns (columns="attribute")
    sub_codes: bool = False


@dataclass(frozen=True)
class Column:
    label: str
    kind: Literal["case", "document", "value", "none"]  # "none": no case / no value


@dataclass(frozen=True)
class CodeMatrix:
    query: MatrixQuery
    rows: tuple[CodeLine, ...]
    columns: tuple[Column, ...]
    cells: tuple[tuple[Cell, ...], ...]  # [row][column]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    total: Cell
    detached: int  # detached codings of all codes, left out of every count
    members: dict[tuple[int, int], tuple[int, ...]] = field(repr=False)  # (row, column) -> coding ids

    def coding_ids(self, row: int, column: int) -> tuple[int, ...]:
        """The codings a cell counts; column -1 is the row's total."""
        return self.members.get((row, column), ())

    @property
    def largest(self) -> int:
        return max((c.codings for line in self.cells for c in line), default=0)


def code_matrix(project: Project, query: MatrixQuery) -> CodeMatrix:
    with project.read() as session:
        return code_matrix_in(session, query)


def code_matrix_in(session: Session, query: MatrixQuery) -> CodeMatrix:
    """The matrix a query asks for, from a few queries and one pass over the codings."""
    columns_by(query.columns)
    coded = read_coded(session)
    counted = counted_in(session, query.sub_codes)
    row_of = {code.id: i for i, code in enumerate(coded.codes)}
    columns, place = _column_rule(session, query, coded.cases, coded.documents)
    cells: dict[tuple[int, int], Tally] = {}
    rows = [Tally() for _ in coded.codes]
    by_column = [Tally() for _ in columns]
    total = Tally()
    for passage in coded.passages:
        spots = place(passage)
        total.add(passage, passage.cases)
        for c, cases in spots:
            by_column[c].add(passage, cases)
        for code_id in counted.get(passage.code_id, (passage.code_id,)):
            r = row_of[code_id]
            rows[r].add(passage, passage.cases)
            for c, cases in spots:
                cells.setdefault((r, c), Tally()).add(passage, cases)
    # "No case" / "No value" only when they count something; the rest always, empty or not
    kept = [c for c, column in enumerate(columns) if column.kind != "none" or by_column[c].ids]
    new = {old: i for i, old in enumerate(kept)}
    members = {(r, new[c]): tuple(t.ids) for (r, c), t in cells.items()}
    members.update({(r, -1): tuple(t.ids) for r, t in enumerate(rows)})
    empty = Tally()
    return CodeMatrix(
        query,
        coded.codes,
        tuple(columns[c] for c in kept),
        tuple(tuple(cells.get((r, c), empty).cell() for c in kept) for r in range(len(coded.codes))),
        tuple(t.cell() for t in rows),
        tuple(by_column[c].cell() for c in kept),
        total.cell(),
        coded.detached_total,
        members,
    )


Placer = Callable[[Passage], list[tuple[int, tuple[str, ...]]]]


def _column_rule(
    session: Session, query: MatrixQuery, cases: tuple[str, ...], documents: dict[int, str]
) -> tuple[list[Column], Placer]:
    """The columns in order, and where a passage goes: (column index, the cases that put it there)."""
    if query.columns == "documents":
        ordered = sorted(documents, key=lambda d: documents[d].casefold())
        at = {doc_id: i for i, doc_id in enumerate(ordered)}
        return [Column(documents[d], "document") for d in ordered], lambda p: [(at[p.document_id], p.cases)]
    if query.columns == "cases":
        case_at = {name: i for i, name in enumerate(cases)}
        columns = [Column(name, "case") for name in cases] + [Column(NO_CASE, "none")]
        return columns, lambda p: [(case_at[c], (c,)) for c in p.cases] or [(len(cases), ())]
    values = attribute_values(session, query.attribute)
    ordered_values = sorted(set(values.values()), key=value_order)
    value_at = {value: i for i, value in enumerate(ordered_values)}
    columns = [Column(v, "value") for v in ordered_values] + [Column(NO_VALUE, "none")]

    def by_value(passage: Passage) -> list[tuple[int, tuple[str, ...]]]:
        found: dict[int, list[str]] = {}
        for case in passage.cases:
            found.setdefault(value_at[values[case]] if case in values else len(ordered_values), []).append(case)
        return [(c, tuple(names)) for c, names in sorted(found.items())] or [(len(ordered_values), ())]

    return columns, by_value


def value_order(value: str) -> tuple[int, float, str]:
    """Numbers in numeric order first (2 before 10), then the rest alphabetically."""
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value.casefold())
