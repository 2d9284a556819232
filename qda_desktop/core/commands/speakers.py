"""Speakers of a transcript: rename, merge (rename onto an existing name) and reassign segments.

A segment's speaker is shown as a label ("Name: ") just before its text; changing speakers
edits those labels, so codings and word offsets follow like any other edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from qda_desktop.core.anchors import Edit
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.documents import apply_text_edits
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Document, Segment


def _label(speaker: str) -> str:
    return f"{speaker}: " if speaker else ""


def _check_speaker(name: str) -> str:
    name = " ".join(name.split())
    if ":" in name or "\n" in name:
        raise InvalidInput("a speaker name must not contain ':' or line breaks")
    return name


def respeak(ctx: Context, doc: Document, segments: list[Segment], speaker: str) -> int:
    """Give ``segments`` the speaker ``speaker``, rewriting their labels in the text."""
    edits = []
    changed = 0
    for segment in sorted(segments, key=lambda s: s.char_start):
        if segment.speaker == speaker:
            continue
        old = _label(segment.speaker)
        label_start = segment.char_start - len(old)
        if old and doc.text[label_start : segment.char_start] != old:
            label_start = segment.char_start  # the label was edited away by hand: just add the new one
        edits.append(Edit(label_start, segment.char_start, _label(speaker)))
        segment.speaker = speaker
        changed += 1
    if edits:
        ctx.session.flush()
        apply_text_edits(ctx, doc, edits)
    return changed


def _transcript(ctx: Context, document_id: int) -> Document:
    doc = ctx.document(document_id)
    if doc.kind != "transcript":
        raise InvalidInput(f"'{doc.name}' is not a transcript")
    return doc


@dataclass(frozen=True)
class RenameSpeaker(Command):
    """Every segment of ``old`` gets ``new``; renaming onto an existing speaker merges the two."""

    document_id: int
    old: str
    new: str

    @property
    def label(self) -> str:
        return f"Rename speaker '{self.old or 'unnamed'}' to '{self.new}'"

    def apply(self, ctx: Context) -> int:
        doc = _transcript(ctx, self.document_id)
        segments = list(
            ctx.session.scalars(select(Segment).where(Segment.document_id == doc.id, Segment.speaker == self.old))
        )
        if not segments:
            raise InvalidInput(f"no segment of '{doc.name}' is spoken by '{self.old}'")
        return respeak(ctx, doc, segments, _check_speaker(self.new))


@dataclass(frozen=True)
class SetSegmentSpeaker(Command):
    """Reassign some segments to a speaker (new or existing)."""

    document_id: int
    segment_ids: tuple[int, ...]
    speaker: str

    @property
    def label(self) -> str:
        return f"Assign to speaker '{self.speaker}'"

    def apply(self, ctx: Context) -> int:
        doc = _transcript(ctx, self.document_id)
        segments = list(
            ctx.session.scalars(select(Segment).where(Segment.document_id == doc.id, Segment.id.in_(self.segment_ids)))
        )
        if len(segments) != len(set(self.segment_ids)):
            raise InvalidInput("some of those segments are not in this transcript")
        return respeak(ctx, doc, segments, _check_speaker(self.speaker))
