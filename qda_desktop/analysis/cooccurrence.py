"""Code co-occurrence (ATLAS.ti's co-occurrence table, MAXQDA's code relations browser).

What counts: two codings *co-occur* when they are in the same document and their character ranges
intersect, ``a.start < b.end and b.start < a.end``; ranges that only touch (one ends where the other
starts) do not, nor does an empty range. Cell (A, B) is the number of distinct pairs of different
codings, one counted in A and the other in B, that co-occur. The diagonal (A, A) is A's own number of
extracts instead. With ``sub_codes`` a code counts the codings of every code below it, as in the
matrix; a pair of codings both under A then adds to A × B only once. Detached codings are left out.
``case`` / ``attribute`` keep only the extracts of that case / of cases with that value (the same
passage→case rule as the matrix), so both codings of a pair must be in the scope.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from qda_desktop.analysis.passages import CodeLine, Passage, attribute_values, counted_in, read_coded
from qda_desktop.core.project import Project
from qda_desktop.errors import NotFound


@dataclass(frozen=True)
class CoOccurrenceQuery:
    sub_codes: bool = False
    case: str | None = None  # only extracts of this case
    attribute: tuple[str, str] | None = None  # only extracts whose case has (attribute, value)


@dataclass(frozen=True)
class CoOccurrence:
    query: CoOccurrenceQuery
    codes: tuple[CodeLine, ...]
    counts: tuple[tuple[int, ...], ...]  # [row][column]; the diagonal is each code's own extracts
    detached: int
    passages: tuple[Passage, ...] = field(repr=False)  # those in scope
    rows_of: dict[int, tuple[int, ...]] = field(repr=False)  # code id -> the rows its codings count in

    def coding_ids(self, row: int, column: int) -> tuple[int, ...]:
        """The codings behind a cell: the code's extracts on the diagonal, else both codings of each pair."""
        in_row = [p for p in self.passages if row in self.rows_of[p.code_id]]
        if row == column:
            return tuple(p.coding_id for p in in_row)
        in_column = [p for p in self.passages if column in self.rows_of[p.code_id]]
        found: dict[int, None] = {}
        for a, b in overlapping_pairs(list({p.coding_id: p for p in in_row + in_column}.values())):
            ra, rb = self.rows_of[a.code_id], self.rows_of[b.code_id]
            if (row in ra and column in rb) or (column in ra and row in rb):
                found.update({a.coding_id: None, b.coding_id: None})
        return tuple(found)

    @property
    def largest(self) -> int:
        """The largest count off the diagonal (the diagonal is of another kind)."""
        return max((n for r, line in enumerate(self.counts) for c, n in enumerate(line) if r != c), default=0)


def co_occurrence(project: Project, query: CoOccurrenceQuery) -> CoOccurrence:
    with project.read() as session:
        return co_occurrence_in(session, query)


def co_occurrence_in(session: Session, query: CoOccurrenceQuery) -> CoOccurrence:
    coded = read_coded(session)
    counted = counted_in(session, query.sub_codes)
    index = {code.id: i for i, code in enumerate(coded.codes)}
    rows_of = {c.id: tuple(index[r] for r in counted.get(c.id, (c.id,))) for c in coded.codes}
    passages = _in_scope(session, query, coded.passages, coded.cases)
    grid: dict[tuple[int, int], int] = {}
    for code_id, n in Counter(p.code_id for p in passages).items():
        for r in rows_of[code_id]:
            grid[r, r] = grid.get((r, r), 0) + n
    # a pair's cells depend only on the two codes: count pairs per code pair first
    pairs = Counter(
        (a.code_id, b.code_id) if a.code_id <= b.code_id else (b.code_id, a.code_id)
        for a, b in overlapping_pairs(passages)
    )
    for (first, second), n in pairs.items():
        cells = {(x, y) for x in rows_of[first] for y in rows_of[second] if x != y}
        for x, y in cells | {(y, x) for x, y in cells}:
            grid[x, y] = grid.get((x, y), 0) + n
    size = len(coded.codes)
    counts = tuple(tuple(grid.get((r, c), 0) for c in range(size)) for r in range(size))
    return CoOccurrence(query, coded.codes, counts, coded.detached_total, tuple(passages), rows_of)


def overlapping_pairs(passages: list[Passage]) -> Iterator[tuple[Passage, Passage]]:
    """Every two codings whose ranges intersect in the same document (a sweep along each document)."""
    active: list[Passage] = []
    for p in sorted(passages, key=lambda p: (p.document_id, p.start, p.end)):
        active = [a for a in active if a.end > p.start and a.document_id == p.document_id]
        if p.end > p.start:
            for a in active:
                yield a, p
            active.append(p)


def _in_scope(
    session: Session, query: CoOccurrenceQuery, passages: tuple[Passage, ...], cases: tuple[str, ...]
) -> list[Passage]:
    if query.case is not None:
        wanted = {c for c in cases if c.casefold() == query.case.strip().casefold()}
        if not wanted:
            raise NotFound(f"no case named '{query.case.strip()}'")
        passages = tuple(p for p in passages if wanted & set(p.cases))
    if query.attribute is not None:
        name, value = query.attribute
        having = {case for case, v in attribute_values(session, name).items() if v == value}
        passages = tuple(p for p in passages if having & set(p.cases))
    return list(passages)
