"""Commands on documents: import, rename, delete, and text edits that carry codings along."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from qda_desktop.core.anchors import Edit, apply_edits, diff_edits, map_point, map_range, replacement_edits
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.guids import assign_guid
from qda_desktop.core.textfiles import normalise_text
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Coding, Document, Segment, utcnow


def canonical_text(text: str) -> str:
    """Document text as stored: newlines normalised to LF, no BOM (see ``core.textfiles``)."""
    return normalise_text(text).text


@dataclass(frozen=True)
class ImportText(Command[int]):
    name: str
    text: str
    guid: str | None = None

    @property
    def label(self) -> str:
        return f"Import '{self.name}'"

    def apply(self, ctx: Context) -> int:
        name = ctx.require_unique_document_name(self.name)
        guid = assign_guid(ctx.session, Document, self.guid)
        doc = Document(guid=guid, name=name, kind="text", text=canonical_text(self.text))
        ctx.session.add(doc)
        ctx.session.flush()
        return doc.id


@dataclass(frozen=True)
class RenameDocument(Command[None]):
    document_id: int
    name: str

    @property
    def label(self) -> str:
        return f"Rename document to '{self.name}'"

    def apply(self, ctx: Context) -> None:
        doc = ctx.document(self.document_id)
        doc.name = ctx.require_unique_document_name(self.name, exclude_id=doc.id)
        doc.updated_at = utcnow()


@dataclass(frozen=True)
class DeleteDocument(Command[None]):
    document_id: int

    @property
    def label(self) -> str:
        return "Delete document"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(ctx.document(self.document_id))


def apply_text_edits(ctx: Context, doc: Document, edits: list[Edit]) -> None:
    """Change ``doc``'s text by ``edits`` and carry codings and segments along."""
    if not edits:
        return
    old_text = doc.text
    codings = ctx.session.scalars(select(Coding).where(Coding.document_id == doc.id, Coding.detached.is_(False))).all()
    for coding in codings:
        mapped = map_range(coding.start, coding.end, edits)
        if mapped is None:
            coding.quote = old_text[coding.start : coding.end]
            coding.detached = True
            coding.start = coding.end = map_point(coding.start, edits)
        elif mapped != (coding.start, coding.end):
            coding.start, coding.end = mapped
    for segment in ctx.session.scalars(select(Segment).where(Segment.document_id == doc.id)):
        segment.char_start = map_point(segment.char_start, edits)
        segment.char_end = max(segment.char_start, map_point(segment.char_end, edits))
        words = json.loads(segment.words)
        for word in words:
            word[3] = map_point(word[3], edits)
            word[4] = max(word[3], map_point(word[4], edits))
        segment.words = json.dumps(words, ensure_ascii=False)
    doc.text = apply_edits(old_text, edits)
    doc.updated_at = utcnow()


@dataclass(frozen=True)
class EditDocumentText(Command[None]):
    """Replace the whole text; codings follow through a diff of old and new."""

    document_id: int
    text: str

    @property
    def label(self) -> str:
        return "Edit text"

    def apply(self, ctx: Context) -> None:
        doc = ctx.document(self.document_id)
        apply_text_edits(ctx, doc, diff_edits(doc.text, canonical_text(self.text)))


@dataclass(frozen=True)
class ReplaceText(Command[None]):
    """Replace text[start:end] (typing, pasting, deleting in the editor)."""

    document_id: int
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        if not self.text:
            return "Delete text"
        return "Type text" if self.start == self.end else "Replace text"

    def apply(self, ctx: Context) -> None:
        doc = ctx.document(self.document_id)
        try:
            edits = replacement_edits(doc.text, self.start, self.end, canonical_text(self.text))
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
        apply_text_edits(ctx, doc, edits)
