"""Typed reads for the window: plain dataclasses, no ORM objects and no storage formats.

Each function opens its own read session on the project, so callers never hold a session.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from qda_desktop.core import listings, queries
from qda_desktop.core.listings import CodeRow, CodingRow, DocumentRow, ExtractInContext
from qda_desktop.core.project import Project
from qda_desktop.core.timeline import TimedWord
from qda_desktop.store.models import Document, JournalEntry, Media, Segment, Transcription


@dataclass(frozen=True)
class DocumentText:
    id: int
    name: str
    kind: str
    text: str


@dataclass(frozen=True)
class Recording:
    media_id: int
    name: str
    duration_s: float = 0.0


@dataclass(frozen=True)
class SegmentView:
    id: int
    speaker: str
    start_s: float
    end_s: float
    char_start: int
    char_end: int
    words: tuple[TimedWord, ...]


@dataclass(frozen=True)
class JournalView:
    id: int
    day: date
    title: str
    text: str


# -- documents and codes -------------------------------------------------------


def document_rows(project: Project) -> list[DocumentRow]:
    with project.read() as session:
        return listings.document_rows(session)


def code_rows(project: Project) -> list[CodeRow]:
    with project.read() as session:
        return listings.code_rows(session)


def document_text(project: Project, document_id: int) -> DocumentText | None:
    with project.read() as session:
        doc = session.get(Document, document_id)
        return None if doc is None else DocumentText(doc.id, doc.name, doc.kind, doc.text)


def document_names(project: Project) -> set[str]:
    with project.read() as session:
        return set(session.scalars(select(Document.name)))


def document_codings(project: Project, document_id: int) -> list[CodingRow]:
    with project.read() as session:
        return listings.document_codings(session, document_id)


def codings_by_id(project: Project, ids: Iterable[int]) -> list[tuple[int, CodingRow]]:
    with project.read() as session:
        return listings.codings_by_id(session, set(ids))


def detached_codings(project: Project, document_id: int) -> list[tuple[int, int, str]]:
    with project.read() as session:
        return listings.detached_codings(session, document_id)


def extracts(project: Project, code_ids: list[int]) -> list[ExtractInContext]:
    with project.read() as session:
        return listings.extracts_in_context(session, code_ids)


def search(project: Project, words: str, code_id: int | None = None) -> list[queries.Hit]:
    with project.read() as session:
        return queries.search(session, words, code_id=code_id)


# -- memos and journal ---------------------------------------------------------


def journal_entries(project: Project) -> list[JournalView]:
    """Newest first."""
    with project.read() as session:
        rows = session.scalars(select(JournalEntry).order_by(JournalEntry.entry_date.desc(), JournalEntry.id.desc()))
        return [JournalView(e.id, e.entry_date, e.title, e.text) for e in rows]


def journal_day(project: Project, entry_id: int) -> date | None:
    with project.read() as session:
        return session.scalar(select(JournalEntry.entry_date).where(JournalEntry.id == entry_id))


# -- transcripts and recordings --------------------------------------------------


def recording_of(project: Project, document_id: int) -> Recording | None:
    """The recording behind a transcript, or None for plain text."""
    with project.read() as session:
        row = session.execute(
            select(Media.id, Media.name).join(Document, Document.media_id == Media.id).where(Document.id == document_id)
        ).one_or_none()
    return None if row is None else Recording(int(row[0]), str(row[1]))


def recordings(project: Project) -> list[Recording]:
    """Every recording stored in the project, by name."""
    with project.read() as session:
        rows = session.execute(select(Media.id, Media.name, Media.duration_s).order_by(Media.name, Media.id))
        return [Recording(int(i), str(n), float(d or 0.0)) for i, n, d in rows]


def is_timed(project: Project, document_id: int) -> bool:
    """Whether a document has timed segments (a transcript), so that there is nothing to align."""
    with project.read() as session:
        found = session.scalar(select(Segment.id).where(Segment.document_id == document_id).limit(1))
    return found is not None


def transcript_segments(project: Project, document_id: int) -> list[SegmentView]:
    """A transcript's segments in order, with their timed words (empty for plain text)."""
    with project.read() as session:
        rows = session.scalars(select(Segment).where(Segment.document_id == document_id).order_by(Segment.idx))
        return [
            SegmentView(s.id, s.speaker, s.start_s, s.end_s, s.char_start, s.char_end, _words(s.words)) for s in rows
        ]


def _words(raw: str) -> tuple[TimedWord, ...]:
    # stored as [text, start_s, end_s, char_start, char_end]
    return tuple(TimedWord(float(w[1]), float(w[2]), int(w[3]), int(w[4])) for w in json.loads(raw))


def transcription_status(project: Project, document_id: int) -> str | None:
    with project.read() as session:
        return session.scalar(select(Transcription.status).where(Transcription.document_id == document_id))


def transcription_options(project: Project, document_id: int) -> dict[str, Any] | None:
    """The options a transcript was started with (None when it has none)."""
    with project.read() as session:
        raw = session.scalar(select(Transcription.options).where(Transcription.document_id == document_id))
    if raw is None:
        return None
    try:
        loaded = json.loads(raw)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}
