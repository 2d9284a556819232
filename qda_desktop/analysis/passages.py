"""The coded passages an analysis counts, read once: attached codings with their cases, the code tree.

Which case a passage belongs to is ``core.case_rules.CaseMap.of_passage``; which codes a coding
counts for with sub-codes on is ``core.queries.below``. Detached codings (their text was deleted)
have no place in a document, so they are left out and only counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qda_desktop.core.case_rules import CaseMap
from qda_desktop.core.code_paths import build_paths
from qda_desktop.core.listings import code_rows
from qda_desktop.core.queries import below, code_children
from qda_desktop.errors import NotFound
from qda_desktop.store.models import Attribute, Case, CaseAttributeValue, Coding, Document


@dataclass(frozen=True)
class CodeLine:
    """A code as a row of a table: its path, depth in the tree (0 at the top) and colour."""

    id: int
    path: str
    depth: int
    color: str

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Passage:
    """An attached coding: where it is and which cases it belongs to (empty: none)."""

    coding_id: int
    document_id: int
    code_id: int
    start: int
    end: int
    cases: tuple[str, ...]


@dataclass(frozen=True)
class Coded:
    codes: tuple[CodeLine, ...]  # tree order: parents before children, siblings by position
    passages: tuple[Passage, ...]
    documents: dict[int, str]  # id -> name, every document
    cases: tuple[str, ...]  # every case, by name
    detached: dict[int, int]  # code id -> detached codings left out

    @property
    def detached_total(self) -> int:
        return sum(self.detached.values())


def read_coded(session: Session) -> Coded:
    """Everything the analyses count, in a few queries whatever the number of codings."""
    rows = code_rows(session)
    paths = build_paths((r.id, r.name, r.parent_id) for r in rows)
    depth: dict[int | None, int] = {None: -1}
    for r in rows:  # parents come first
        depth[r.id] = depth.get(r.parent_id, -1) + 1
    codes = tuple(CodeLine(r.id, paths[r.id], depth[r.id], r.color) for r in rows)
    case_map = CaseMap(session)
    passages: list[Passage] = []
    detached: dict[int, int] = {}
    query = select(Coding.id, Coding.document_id, Coding.code_id, Coding.start, Coding.end, Coding.detached)
    for cid, did, code_id, start, end, gone in session.execute(query.order_by(Coding.document_id, Coding.start)):
        if gone:
            detached[int(code_id)] = detached.get(int(code_id), 0) + 1
            continue
        cases = case_map.of_passage(int(did), int(start), int(end))
        passages.append(Passage(int(cid), int(did), int(code_id), int(start), int(end), cases))
    documents = {int(i): str(n) for i, n in session.execute(select(Document.id, Document.name))}
    cases = tuple(sorted((str(n) for n in session.scalars(select(Case.name))), key=str.casefold))
    return Coded(codes, tuple(passages), documents, cases, detached)


def counted_in(session: Session, sub_codes: bool) -> dict[int, tuple[int, ...]]:
    """The rows a coding of each code counts in, when not just its own: with ``sub_codes``, every code above it."""
    if not sub_codes:
        return {}
    children = code_children(session)
    rows: dict[int, list[int]] = {}
    for code_id in {*children, *(c for kids in children.values() for c in kids)}:
        for inner in below(children, code_id):
            rows.setdefault(inner, []).append(code_id)
    return {code_id: tuple(found) for code_id, found in rows.items()}


def attribute_values(session: Session, name: str) -> dict[str, str]:
    """Case name -> its value of attribute ``name`` (cases without a value are absent)."""
    attribute_id = session.scalar(select(Attribute.id).where(func.lower(Attribute.name) == name.strip().lower()))
    if attribute_id is None:
        raise NotFound(f"no attribute named '{name.strip()}'")
    query = (
        select(Case.name, CaseAttributeValue.value)
        .join(CaseAttributeValue, CaseAttributeValue.case_id == Case.id)
        .where(CaseAttributeValue.attribute_id == attribute_id, CaseAttributeValue.value != "")
    )
    return {str(case): str(value) for case, value in session.execute(query)}
