"""Cases as a table for the window and the CLI: one row per case, one column per attribute."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.core.project import Project
from qda_desktop.store.models import Attribute, Case, CaseAttributeValue, Document, DocumentCase, Segment, SpeakerCase


@dataclass(frozen=True)
class AttributeColumn:
    id: int
    name: str
    value_type: str


@dataclass(frozen=True)
class CaseRow:
    id: int
    name: str
    values: dict[int, str]  # attribute id -> stored value
    documents: tuple[str, ...]
    speakers: tuple[str, ...]  # "document: speaker"


@dataclass(frozen=True)
class CaseTable:
    attributes: tuple[AttributeColumn, ...]
    rows: tuple[CaseRow, ...]


@dataclass(frozen=True)
class SpeakerLink:
    speaker: str
    case_id: int | None


def natural_key(name: str) -> tuple[object, ...]:
    """Sort "P2" before "P10": digits compare as numbers, the rest without regard to case."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name))


def read_case_table(session: Session) -> CaseTable:
    attributes = tuple(
        AttributeColumn(a.id, a.name, a.value_type) for a in session.scalars(select(Attribute).order_by(Attribute.id))
    )
    values: dict[int, dict[int, str]] = {}
    for row in session.scalars(select(CaseAttributeValue)):
        values.setdefault(row.case_id, {})[row.attribute_id] = row.value
    documents: dict[int, list[str]] = {}
    for case_id, name in session.execute(
        select(DocumentCase.case_id, Document.name).join(Document, Document.id == DocumentCase.document_id)
    ):
        documents.setdefault(int(case_id), []).append(str(name))
    speakers: dict[int, list[str]] = {}
    for case_id, doc, speaker in session.execute(
        select(SpeakerCase.case_id, Document.name, SpeakerCase.speaker).join(
            Document, Document.id == SpeakerCase.document_id
        )
    ):
        speakers.setdefault(int(case_id), []).append(f"{doc}: {speaker}")
    names = [(int(i), str(n)) for i, n in session.execute(select(Case.id, Case.name))]
    cases = sorted(names, key=lambda c: natural_key(c[1]))
    rows = tuple(
        CaseRow(
            i,
            n,
            values.get(i, {}),
            tuple(sorted(documents.get(i, []), key=natural_key)),
            tuple(sorted(speakers.get(i, []), key=natural_key)),
        )
        for i, n in cases
    )
    return CaseTable(attributes, rows)


def case_table(project: Project) -> CaseTable:
    with project.read() as session:
        return read_case_table(session)


def speaker_links(project: Project, document_id: int) -> tuple[str, list[SpeakerLink]] | None:
    """A transcript's name and its named speakers, each with its case (None when it has none);
    None for a document that is not a transcript."""
    with project.read() as session:
        doc = session.execute(select(Document.name, Document.kind).where(Document.id == document_id)).first()
        if doc is None or doc[1] != "transcript":
            return None
        names = session.scalars(
            select(Segment.speaker).where(Segment.document_id == document_id, Segment.speaker != "").distinct()
        ).all()
        query = select(SpeakerCase.speaker, SpeakerCase.case_id).where(SpeakerCase.document_id == document_id)
        links = {str(s): int(c) for s, c in session.execute(query)}
    return str(doc[0]), [SpeakerLink(name, links.get(name)) for name in sorted(names, key=natural_key)]


def case_id_by_name(session: Session, name: str) -> int | None:
    return session.scalar(select(Case.id).where(Case.name == name.strip()))
