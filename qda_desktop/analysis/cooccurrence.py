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
    members: dict[tuple[int, int], tuple[int, ...]] = field(repr=False)  # (row, column) -> coding ids

    def coding_ids(self, row: int, column: int) -> tuple[int, ...]:
        """The codings behind a cell: the code's extracts on the diagonal, else both codings of each pair."""
        return self.members.get((row, column), ())

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
    passages = _in_scope(session, query, coded.passages, coded.cases)
    rows_of = {p.coding_id: [index[c] for c in counted.get(p.code_id, (p.code_id,))] for p in passages}
    members: dict[tuple[int, int], list[int]] = {}
    for p in passages:
        for r in rows_of[p.coding_id]:
            members.setdefault((r, r), []).append(p.coding_id)
    for a, b in overlapping_pairs(passages):
        cells = {(x, y) for x in rows_of[a] for y in rows_of[b] if x != y}
        for x, y in cells | {(y, x) for x, y in cells}:
            members.setdefault((x, y), []).extend((a, b))
    size = len(coded.codes)
    pairs_or_own = {key: len(ids) if key[0] == key[1] else len(ids) // 2 for key, ids in members.items()}
    counts = tuple(tuple(pairs_or_own.get((r, c), 0) for c in range(size)) for r in range(size))
    unique = {key: tuple(dict.fromkeys(ids)) for key, ids in members.items()}
    return CoOccurrence(query, coded.codes, counts, coded.detached_total, unique)


def overlapping_pairs(passages: list[Passage]) -> list[tuple[int, int]]:
    """(coding id, coding id) of every two codings whose ranges intersect in the same document."""
    pairs: list[tuple[int, int]] = []
    ordered = sorted(passages, key=lambda p: (p.document_id, p.start, p.end))
    active: list[Passage] = []
    for p in ordered:
        active = [a for a in active if a.document_id == p.document_id and a.end > p.start]
        if p.end > p.start:
            pairs.extend((a.coding_id, p.coding_id) for a in active)
            active.append(p)
    return pairs


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
