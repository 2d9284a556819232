"""Read-only queries over an open project, returning plain data."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.core.case_rules import CaseMap
from qda_desktop.core.code_paths import code_paths, require_code
from qda_desktop.core.listings import code_rows
from qda_desktop.core.theme_dump import boards_dump, themes_dump
from qda_desktop.errors import InvalidInput, NotFound
from qda_desktop.store.models import (
    Attribute,
    Case,
    CaseAttributeValue,
    Code,
    Coding,
    Document,
    JournalEntry,
    Media,
    Memo,
    ProjectInfo,
    Segment,
    Transcription,
)


def document_by_name(session: Session, name: str) -> Document:
    doc = session.scalar(select(Document).where(Document.name == name))
    if doc is None:
        raise NotFound(f"no document named '{name}'")
    return doc


def code_by_name(session: Session, name: str) -> int:
    """Find a code by its path ("Parent/Child") or, when unambiguous, its bare name."""
    return require_code(code_paths(session), name)


QUOTED_RE = re.compile(r'"([^"]*)"?')
TOKEN_RE = re.compile(r"[^\W_]+")  # what the FTS5 unicode61 tokenizer calls a word


def search_terms(words: str) -> list[tuple[str, ...]]:
    """The terms of a search: each quoted phrase ("with a small p") and each other word, as its tokens.

    The one matching rule: every term must occur; a phrase's words in order, with only spaces or
    punctuation between them; always whole words (case and accents aside).
    """
    terms: list[tuple[str, ...]] = []
    position = 0
    for quoted in QUOTED_RE.finditer(words):
        terms.extend((t,) for t in TOKEN_RE.findall(words[position : quoted.start()]))
        phrase = tuple(TOKEN_RE.findall(quoted.group(1)))
        if phrase:
            terms.append(phrase)
        position = quoted.end()
    terms.extend((t,) for t in TOKEN_RE.findall(words[position:]))
    if not terms:
        raise InvalidInput("the search is empty")
    return terms


def fts_query(words: str) -> str:
    """A safe FTS5 query: every term must occur; each is quoted, so user text is never syntax."""
    return " ".join('"' + " ".join(term) + '"' for term in search_terms(words))


def match_pattern(words: str) -> re.Pattern[str]:
    """Where the terms occur in a text: whole words only, a phrase across spaces and punctuation."""
    parts = [r"[\W_]+".join(re.escape(token) for token in term) for term in search_terms(words)]
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + r")(?![^\W_])", re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    document_id: int
    document: str
    start: int
    end: int
    before: str
    match: str
    after: str


def search(session: Session, words: str, limit: int = 200, context: int = 40, code_id: int | None = None) -> list[Hit]:
    """Documents matching every term (FTS5), with each occurrence in keyword-in-context form.

    With ``code_id``, only occurrences inside that code's extracts (sub-codes included) count.
    """
    query = fts_query(words)
    pattern = match_pattern(words)
    ranges = _coded_ranges(session, code_id) if code_id is not None else None
    rows = session.connection().exec_driver_sql(
        "SELECT d.id, d.name, d.text FROM document_fts JOIN document d ON d.id = document_fts.rowid "
        "WHERE document_fts MATCH ? ORDER BY rank",
        (query,),
    )
    hits: list[Hit] = []
    for doc_id, name, text in rows:
        if ranges is not None and doc_id not in ranges:
            continue
        for m in pattern.finditer(text):
            if ranges is not None and not any(s <= m.start() and m.end() <= e for s, e in ranges[doc_id]):
                continue
            hits.append(
                Hit(
                    doc_id,
                    name,
                    m.start(),
                    m.end(),
                    text[max(0, m.start() - context) : m.start()],
                    m.group(),
                    text[m.end() : m.end() + context],
                )
            )
            if len(hits) >= limit:
                return hits
    return hits


def code_and_descendants(session: Session, code_id: int) -> list[int]:
    """A code and every code below it, in no particular order."""
    return below(code_children(session), code_id)


def code_children(session: Session) -> dict[int, list[int]]:
    """Each code's direct sub-codes (codes without any are absent)."""
    children: dict[int, list[int]] = {}
    for cid, parent in session.execute(select(Code.id, Code.parent_id)):
        if parent is not None:
            children.setdefault(int(parent), []).append(int(cid))
    return children


def below(children: dict[int, list[int]], code_id: int) -> list[int]:
    """The sub-codes rule: a code counts with every code below it, at any depth."""
    found, frontier = [code_id], [code_id]
    while frontier:
        frontier = [c for p in frontier for c in children.get(p, []) if c not in found]
        found.extend(frontier)
    return found


def _coded_ranges(session: Session, code_id: int) -> dict[int, list[tuple[int, int]]]:
    ids = code_and_descendants(session, code_id)
    ranges: dict[int, list[tuple[int, int]]] = {}
    for doc_id, start, end in session.execute(
        select(Coding.document_id, Coding.start, Coding.end).where(Coding.code_id.in_(ids), Coding.detached.is_(False))
    ):
        ranges.setdefault(int(doc_id), []).append((int(start), int(end)))
    return ranges


def _document_dict(session: Session, doc: Document, case_names: dict[int, tuple[str, ...]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": doc.id,
        "guid": doc.guid,
        "name": doc.name,
        "kind": doc.kind,
        "text": doc.text,
        "cases": list(case_names.get(doc.id, ())),
    }
    if doc.kind == "transcript":
        out["segments"] = [
            {
                "guid": s.guid,
                "speaker": s.speaker,
                "start": s.start_s,
                "end": s.end_s,
                "char_start": s.char_start,
                "char_end": s.char_end,
                "text": doc.text[s.char_start : s.char_end],
                "words": json.loads(s.words),
            }
            for s in session.scalars(select(Segment).where(Segment.document_id == doc.id).order_by(Segment.idx))
        ]
    return out


def project_dump(session: Session) -> dict[str, Any]:
    """Everything a script needs to check a project, as JSON-ready data."""
    info = session.scalars(select(ProjectInfo)).one()
    paths = code_paths(session)
    docs = session.scalars(select(Document).order_by(Document.name)).all()
    texts = {d.id: d.text for d in docs}
    names = {d.id: d.name for d in docs}
    case_map = CaseMap(session)
    case_names = {d.id: case_map.of_document(d.id) for d in docs}
    tree_order = {row.id: i for i, row in enumerate(code_rows(session))}  # parents, then their children
    codes = sorted(session.scalars(select(Code)).all(), key=lambda c: tree_order.get(c.id, len(tree_order)))
    codings = session.scalars(select(Coding).order_by(Coding.document_id, Coding.start, Coding.id)).all()
    attributes = {a.id: a for a in session.scalars(select(Attribute))}
    values: dict[int, dict[str, str]] = {}
    for row in session.scalars(select(CaseAttributeValue)):
        values.setdefault(row.case_id, {})[attributes[row.attribute_id].name] = row.value
    return {
        "project": {"uuid": info.uuid, "name": info.name, "created_by_version": info.created_by_version},
        "documents": [_document_dict(session, d, case_names) for d in docs],
        "codes": [
            {
                "id": c.id,
                "guid": c.guid,
                "name": c.name,
                "path": paths[c.id],
                "parent": paths.get(c.parent_id) if c.parent_id else None,
                "color": c.color,
                "definition": c.definition,
                "inclusion": c.inclusion,
                "exclusion": c.exclusion,
                "example": c.example,
                "memo": c.memo,
            }
            for c in codes
        ],
        "codings": [
            {
                "id": c.id,
                "guid": c.guid,
                "document": names[c.document_id],
                "code": paths[c.code_id],
                "start": c.start,
                "end": c.end,
                "detached": c.detached,
                "text": c.quote if c.detached else texts[c.document_id][c.start : c.end],
                "cases": list(case_map.of_passage(c.document_id, c.start, c.end)),
                "memo": c.memo,
            }
            for c in codings
        ],
        "memos": [
            {
                "id": m.id,
                "guid": m.guid,
                "title": m.title,
                "text": m.text,
                "on": _memo_target(m, names),
            }
            for m in session.scalars(select(Memo).order_by(Memo.id))
        ],
        "journal": [
            {"id": j.id, "guid": j.guid, "date": j.entry_date.isoformat(), "title": j.title, "text": j.text}
            for j in session.scalars(select(JournalEntry).order_by(JournalEntry.entry_date, JournalEntry.id))
        ],
        "cases": [
            {
                "id": c.id,
                "guid": c.guid,
                "name": c.name,
                "description": c.description,
                "attributes": values.get(c.id, {}),
            }
            for c in session.scalars(select(Case).order_by(Case.name))
        ],
        "attributes": [{"guid": a.guid, "name": a.name, "type": a.value_type} for a in attributes.values()],
        "recordings": [
            {"id": m.id, "guid": m.guid, "name": m.name, "mime": m.mime, "size": m.size, "duration_s": m.duration_s}
            for m in session.scalars(select(Media).order_by(Media.id))
        ],
        "transcriptions": [
            {"guid": t.guid, "document": names[t.document_id], "status": t.status, "model": t.model_name}
            for t in session.scalars(select(Transcription).order_by(Transcription.id))
        ],
        "themes": themes_dump(session),
        "boards": boards_dump(session),
    }


def _memo_target(memo: Memo, doc_names: dict[int, str]) -> dict[str, Any]:
    if memo.document_id is not None:
        return {"document": doc_names[memo.document_id]}
    return {"project": True}
