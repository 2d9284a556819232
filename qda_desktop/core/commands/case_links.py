"""Merging cases, and speakers of transcripts linked to cases."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.cases import AddCase, LinkDocumentToCase
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Attribute, Case, CaseAttributeValue, DocumentCase, Segment, SpeakerCase


@dataclass(frozen=True)
class MergeCases(Command[list[str]]):
    """Fold ``merged`` into ``survivor``: documents, speakers and values move, the others are deleted.

    Where both have a value for an attribute and they differ, the survivor's is kept; the result
    lists each such conflict ("Age: kept '34', not '35' from 'P01b'").
    """

    survivor_id: int
    merged_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return "Merge cases"

    def apply(self, ctx: Context) -> list[str]:
        survivor = ctx.get(Case, self.survivor_id, "case")
        merged = [ctx.get(Case, i, "case") for i in dict.fromkeys(self.merged_ids) if i != survivor.id]
        if not merged:
            raise InvalidInput("choose at least one other case to merge into the first")
        conflicts: list[str] = []
        for case in merged:
            _move_documents(ctx, case.id, survivor.id)
            _move_speakers(ctx, case.id, survivor.id)
            conflicts += _move_values(ctx, case, survivor.id)
            ctx.session.flush()
            ctx.session.delete(case)
            ctx.session.flush()
        return conflicts


def _move_documents(ctx: Context, from_id: int, to_id: int) -> None:
    have = set(ctx.session.scalars(select(DocumentCase.document_id).where(DocumentCase.case_id == to_id)))
    for link in ctx.session.scalars(select(DocumentCase).where(DocumentCase.case_id == from_id)).all():
        if link.document_id in have:
            ctx.session.delete(link)
        else:
            link.case_id = to_id


def _move_speakers(ctx: Context, from_id: int, to_id: int) -> None:
    for link in ctx.session.scalars(select(SpeakerCase).where(SpeakerCase.case_id == from_id)):
        link.case_id = to_id


def _move_values(ctx: Context, case: Case, to_id: int) -> list[str]:
    query = select(CaseAttributeValue)
    kept = {v.attribute_id: v for v in ctx.session.scalars(query.where(CaseAttributeValue.case_id == to_id))}
    names = {int(i): str(n) for i, n in ctx.session.execute(select(Attribute.id, Attribute.name))}
    conflicts = []
    for value in ctx.session.scalars(query.where(CaseAttributeValue.case_id == case.id)).all():
        mine = kept.get(value.attribute_id)
        if mine is None or mine.value == "":
            if mine is not None:
                ctx.session.delete(mine)
                ctx.session.flush()
            value.case_id = to_id
            continue
        if value.value not in ("", mine.value):
            name = names[value.attribute_id]
            conflicts.append(f"{name}: kept '{mine.value}', not '{value.value}' from '{case.name}'")
        ctx.session.delete(value)
    return conflicts


@dataclass(frozen=True)
class CaseForDocument(Command[int]):
    """A case named after a document (the existing one when there is one), linked to it."""

    document_id: int

    @property
    def label(self) -> str:
        return "New case for a document"

    def apply(self, ctx: Context) -> int:
        doc = ctx.document(self.document_id)
        case_id = ctx.session.scalar(select(Case.id).where(Case.name == doc.name))
        if case_id is None:
            case_id = AddCase(doc.name).apply(ctx)
        LinkDocumentToCase(doc.id, case_id).apply(ctx)
        return case_id


def speakers_of(ctx: Context, document_id: int) -> set[str]:
    return set(ctx.session.scalars(select(Segment.speaker).where(Segment.document_id == document_id).distinct()))


@dataclass(frozen=True)
class LinkSpeakerToCase(Command[None]):
    """What ``speaker`` says in a transcript belongs to a case (``case_id`` None: to no case)."""

    document_id: int
    speaker: str
    case_id: int | None

    @property
    def label(self) -> str:
        return f"Link speaker '{self.speaker}' to a case" if self.case_id else f"Unlink speaker '{self.speaker}'"

    def apply(self, ctx: Context) -> None:
        doc = ctx.document(self.document_id)
        if not self.speaker or self.speaker not in speakers_of(ctx, doc.id):
            raise InvalidInput(f"'{doc.name}' has no speaker named '{self.speaker}'")
        link = ctx.session.scalar(
            select(SpeakerCase).where(SpeakerCase.document_id == doc.id, SpeakerCase.speaker == self.speaker)
        )
        if self.case_id is None:
            if link is not None:
                ctx.session.delete(link)
            return
        ctx.get(Case, self.case_id, "case")
        if link is None:
            ctx.session.add(SpeakerCase(document_id=doc.id, speaker=self.speaker, case_id=self.case_id))
        elif link.case_id != self.case_id:
            link.case_id = self.case_id


def follow_speaker_rename(ctx: Context, document_id: int, old: str, new: str) -> None:
    """A renamed speaker keeps its case; renamed onto a speaker with a case of its own, that one wins."""
    links = {
        link.speaker: link
        for link in ctx.session.scalars(
            select(SpeakerCase).where(SpeakerCase.document_id == document_id, SpeakerCase.speaker.in_((old, new)))
        )
    }
    if old not in links or old == new:
        return
    if new in links or not new:
        ctx.session.delete(links[old])
    else:
        links[old].speaker = new
