"""What an export says, read from the project as plain data (no formats here).

Extracts come from the one extract query (``core.listings.extracts_in_context``); times from the
transcript's timeline (``core.timeline``); counts from the codebook listing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qda_desktop.core.audit_views import audit_rows
from qda_desktop.core.code_paths import SEPARATOR, build_paths
from qda_desktop.core.listings import code_rows, extracts_in_context
from qda_desktop.core.project import Project
from qda_desktop.core.timeline import Timeline, document_timeline
from qda_desktop.exchange.exports.labels import Labels
from qda_desktop.exchange.report import plural
from qda_desktop.store.models import Coding, Document, DocumentCase, ProjectInfo

EXAMPLES_PER_CODE = 2  # coded extracts shown as examples in a codebook, after the code's own example


@dataclass(frozen=True)
class CodeEntry:
    id: int
    name: str
    path: str
    parent: str  # the parent's path ("" at the top)
    depth: int  # 0 at the top of the tree
    color: str
    definition: str
    inclusion: str
    exclusion: str
    example: str
    memo: str
    codings: int
    documents: int
    participants: int  # distinct cases of the documents it was applied in


@dataclass(frozen=True)
class Extract:
    code_id: int
    code: str  # the code's path
    document: str
    participant: str  # the document's case(s), "" when none
    start: int
    end: int
    time: tuple[float, float] | None  # seconds, for a transcript with timed words
    text: str
    memo: str


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    kind: str  # do, undo, redo, job, event
    category: str  # create, rename, merge, move, status, delete, edit, other
    action: str
    changes: str  # in words: "1 coding added, 2 codes changed"
    reason: str


def project_name(session: Session) -> str:
    return str(session.scalar(select(ProjectInfo.name)) or "Project")


def codebook(session: Session) -> list[CodeEntry]:
    """Every code in tree order with its fields and counts."""
    rows = code_rows(session)
    paths = build_paths((r.id, r.name, r.parent_id) for r in rows)
    participants = dict(
        session.execute(
            select(Coding.code_id, func.count(func.distinct(DocumentCase.case_id)))
            .join(DocumentCase, DocumentCase.document_id == Coding.document_id)
            .where(Coding.detached.is_(False))
            .group_by(Coding.code_id)
        ).all()
    )
    return [
        CodeEntry(
            r.id,
            r.name,
            paths[r.id],
            paths.get(r.parent_id, "") if r.parent_id is not None else "",
            paths[r.id].count(SEPARATOR) - r.name.count(SEPARATOR),
            r.color,
            r.definition,
            r.inclusion,
            r.exclusion,
            r.example,
            r.memo,
            r.codings,
            r.documents,
            int(participants.get(r.id, 0)),
        )
        for r in rows
    ]


def extracts(session: Session, codes: list[CodeEntry], labels: Labels) -> list[Extract]:
    """Every attached coding of ``codes``, grouped by code in the codes' order, then by document and position."""
    found = extracts_in_context(session, [c.id for c in codes], context=0)
    ids = [e.coding_id for e in found]
    code_of = {int(i): int(c) for i, c in session.execute(select(Coding.id, Coding.code_id).where(Coding.id.in_(ids)))}
    transcripts = set(session.scalars(select(Document.id).where(Document.kind == "transcript")))
    timelines: dict[int, Timeline] = {}
    by_code: dict[int, list[Extract]] = defaultdict(list)
    paths = {c.id: c.path for c in codes}
    for e in found:
        time = None
        if e.document_id in transcripts:
            if e.document_id not in timelines:
                timelines[e.document_id] = document_timeline(session, e.document_id)
            time = timelines[e.document_id].time_span(e.start, e.end)
        code_id = code_of[e.coding_id]
        document = labels.document(e.document_id, e.document)
        text = labels.text(e.document_id, e.text)
        participant = " + ".join(e.cases)
        by_code[code_id].append(
            Extract(code_id, paths[code_id], document, participant, e.start, e.end, time, text, e.memo)
        )
    return [extract for code in codes for extract in by_code.get(code.id, [])]


def audit(project: Project) -> list[AuditLine]:
    """The audit log, oldest first (read through ``core.audit_views``, the one reading of it)."""
    rows = reversed(audit_rows(project))
    return [AuditLine(r.at, r.kind, r.category, r.action, changes_in_words(r.tables), r.reason) for r in rows]


OPS = {"I": "added", "U": "changed", "D": "removed"}
TABLE_NOUNS = {"case_": "case", "document_case": "document link", "case_attribute_value": "attribute value"}


def changes_in_words(data: object) -> str:
    """An audit summary ({"coding": {"I": 1}}) as "1 coding added"; an export's record as "file: 3 codes"."""
    if not isinstance(data, dict):
        return ""
    if isinstance(data.get("file"), str):
        return _export_in_words(data)
    parts: list[str] = []
    for key, value in sorted(data.items()):
        if isinstance(value, dict) and all(op in OPS for op in value):
            noun = TABLE_NOUNS.get(key, key.replace("_", " "))
            for op, count in sorted(value.items()):
                parts.append(f"{plural(int(count), noun)} {OPS[op]}")
        else:
            parts.append(f"{key}: {value}")
    return ", ".join(parts)


def _export_in_words(data: dict[str, Any]) -> str:
    """An export's record: "codebook.docx: 24 codes, with memos"."""
    counts = data.get("counts")
    words = [plural(int(n), str(noun)) for noun, n in counts.items()] if isinstance(counts, dict) else []
    words += [label for key, label in (("memos", "with memos"), ("case_labels", "with case labels")) if data.get(key)]
    return f"{data['file']}: " + ", ".join(words or ["written"])
