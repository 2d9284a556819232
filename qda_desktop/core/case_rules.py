"""The one rule for "which case is this from": a passage, a document.

A passage of a transcript belongs to the case of the speaker who said it (a speaker linked
to a case); any other passage belongs to its document's cases. A document belongs to its
own cases and to those of its speakers (how the documents list groups it).
"""

from __future__ import annotations

from bisect import bisect_right

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.store.models import Case, DocumentCase, Segment, SpeakerCase


class CaseMap:
    """Cases of documents and passages, read once from ``session`` (segments only when needed)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.linked: dict[int, tuple[str, ...]] = _linked(session)
        self.speakers: dict[int, dict[str, str]] = {}
        query = select(SpeakerCase.document_id, SpeakerCase.speaker, Case.name).join(
            Case, Case.id == SpeakerCase.case_id
        )
        for doc_id, speaker, case in session.execute(query):
            self.speakers.setdefault(int(doc_id), {})[str(speaker)] = str(case)
        self._segments: dict[int, tuple[list[int], list[tuple[int, str]]]] = {}

    def of_document(self, document_id: int) -> tuple[str, ...]:
        """The document's own cases and its speakers' cases, sorted."""
        spoken = self.speakers.get(document_id, {}).values()
        return tuple(sorted({*self.linked.get(document_id, ()), *spoken}, key=str.casefold))

    def of_passage(self, document_id: int, start: int, end: int) -> tuple[str, ...]:
        """Cases of the speakers who say [start, end) when they have one, else the document's own."""
        by_speaker = self.speakers.get(document_id)
        if by_speaker:
            starts, spans = self._segments_of(document_id)
            found: set[str] = set()
            for i in range(max(0, bisect_right(starts, start) - 1), bisect_right(starts, max(start, end - 1))):
                seg_end, speaker = spans[i]
                if (seg_end > start or starts[i] == start) and speaker in by_speaker:
                    found.add(by_speaker[speaker])
            if found:
                return tuple(sorted(found, key=str.casefold))
        return self.linked.get(document_id, ())

    def _segments_of(self, document_id: int) -> tuple[list[int], list[tuple[int, str]]]:
        if document_id not in self._segments:
            rows = self._session.execute(
                select(Segment.char_start, Segment.char_end, Segment.speaker)
                .where(Segment.document_id == document_id)
                .order_by(Segment.char_start)
            ).all()
            self._segments[document_id] = ([int(r[0]) for r in rows], [(int(r[1]), str(r[2])) for r in rows])
        return self._segments[document_id]


def _linked(session: Session) -> dict[int, tuple[str, ...]]:
    cases: dict[int, list[str]] = {}
    query = select(DocumentCase.document_id, Case.name).join(Case, Case.id == DocumentCase.case_id)
    for doc_id, case_name in session.execute(query.order_by(Case.name)):
        cases.setdefault(int(doc_id), []).append(str(case_name))
    return {doc_id: tuple(sorted(names, key=str.casefold)) for doc_id, names in cases.items()}


def document_cases(session: Session) -> dict[int, tuple[str, ...]]:
    """Each document's cases by name, sorted (documents without a case are absent)."""
    cases = CaseMap(session)
    docs = set(cases.linked) | set(cases.speakers)
    return {doc_id: cases.of_document(doc_id) for doc_id in docs if cases.of_document(doc_id)}
