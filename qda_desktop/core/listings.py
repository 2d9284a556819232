"""Rows for the windows: documents, the codebook with counts, codings of a document, extracts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qda_desktop.core.case_rules import CaseMap
from qda_desktop.core.case_rules import document_cases as document_cases  # kept here for its callers
from qda_desktop.store.models import Code, Coding, Document


@dataclass(frozen=True)
class DocumentRow:
    id: int
    name: str
    kind: str
    cases: tuple[str, ...]
    codings: int


def document_rows(session: Session) -> list[DocumentRow]:
    cases = document_cases(session)
    counts = dict(
        session.execute(
            select(Coding.document_id, func.count()).where(Coding.detached.is_(False)).group_by(Coding.document_id)
        ).all()
    )
    rows = session.execute(select(Document.id, Document.name, Document.kind).order_by(Document.name)).all()
    return [DocumentRow(i, n, k, tuple(cases.get(i, ())), int(counts.get(i, 0))) for i, n, k in rows]


@dataclass(frozen=True)
class CodeRow:
    id: int
    name: str
    parent_id: int | None
    position: int
    color: str
    definition: str
    inclusion: str
    exclusion: str
    example: str
    memo: str
    codings: int
    documents: int


def code_rows(session: Session) -> list[CodeRow]:
    """The codebook in tree order (parents before children), with coding and document counts."""
    counts = {
        code_id: (int(n), int(docs))
        for code_id, n, docs in session.execute(
            select(Coding.code_id, func.count(), func.count(func.distinct(Coding.document_id)))
            .where(Coding.detached.is_(False))
            .group_by(Coding.code_id)
        )
    }
    codes = session.scalars(select(Code).order_by(Code.position, Code.id)).all()
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)
    ordered: list[CodeRow] = []

    def walk(parent: int | None) -> None:
        for c in children.get(parent, []):
            n, docs = counts.get(c.id, (0, 0))
            ordered.append(
                CodeRow(
                    c.id,
                    c.name,
                    c.parent_id,
                    c.position,
                    c.color,
                    c.definition,
                    c.inclusion,
                    c.exclusion,
                    c.example,
                    c.memo,
                    n,
                    docs,
                )
            )
            walk(c.id)

    walk(None)
    return ordered


@dataclass(frozen=True)
class CodingRow:
    id: int
    code_id: int
    start: int
    end: int
    memo: str


def document_codings(session: Session, document_id: int) -> list[CodingRow]:
    """Attached codings of a document; plain SQL because a long transcript can carry thousands."""
    rows = session.connection().exec_driver_sql(
        'SELECT id, code_id, start, "end", memo FROM coding WHERE document_id = ? AND detached = 0',
        (document_id,),
    )
    return [CodingRow(*r) for r in rows]


def codings_by_id(session: Session, ids: set[int]) -> list[tuple[int, CodingRow]]:
    """(document id, row) of the given codings that still exist and are attached."""
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = session.connection().exec_driver_sql(
        f'SELECT document_id, id, code_id, start, "end", memo FROM coding WHERE detached = 0 AND id IN ({marks})',
        tuple(ids),
    )
    return [(int(r[0]), CodingRow(*r[1:])) for r in rows]


def detached_codings(session: Session, document_id: int) -> list[tuple[int, int, str]]:
    """(coding id, code id, quote) of codings that lost their text to an edit."""
    rows = session.execute(
        select(Coding.id, Coding.code_id, Coding.quote).where(
            Coding.document_id == document_id, Coding.detached.is_(True)
        )
    ).all()
    return [(int(i), int(c), str(q or "")) for i, c, q in rows]


@dataclass(frozen=True)
class ExtractInContext:
    coding_id: int
    document_id: int
    document: str
    cases: tuple[str, ...]
    start: int
    end: int
    before: str
    text: str
    after: str
    memo: str


def extracts_in_context(session: Session, code_ids: list[int], context: int = 80) -> list[ExtractInContext]:
    """Every coded passage of the given codes, with some text either side (cut out by SQLite)."""
    cases = CaseMap(session)
    rows = session.execute(
        select(
            Coding.id,
            Document.id,
            Document.name,
            Coding.start,
            Coding.end,
            func.substr(Document.text, func.max(Coding.start - context, 0) + 1, func.min(Coding.start, context)),
            func.substr(Document.text, Coding.start + 1, Coding.end - Coding.start),
            func.substr(Document.text, Coding.end + 1, context),
            Coding.memo,
        )
        .join(Document, Document.id == Coding.document_id)
        .where(Coding.code_id.in_(code_ids), Coding.detached.is_(False))
        .order_by(Document.name, Coding.start)
    ).all()
    return [
        ExtractInContext(cid, did, name, cases.of_passage(did, s, e), s, e, before, text, after, memo)
        for cid, did, name, s, e, before, text, after, memo in rows
    ]
