"""Speakers of a transcript: rename, merge (rename onto an existing name) and reassign segments.

A segment's speaker is shown as a label ("Name: ") just before its text; changing speakers
edits those labels, so codings and word offsets follow like any other edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from qda_desktop.core.anchors import Edit
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.case_links import follow_speaker_rename
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
        new = _check_speaker(self.new)
        follow_speaker_rename(ctx, doc.id, self.old, new)
        return respeak(ctx, doc, segments, new)


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


@dataclass(frozen=True)
class AlternateSpeakers(Command):
    """Give ``segment_ids`` (in transcript order) the speakers in turn: the first turn to ``speakers[0]``,
    the next to ``speakers[1]``, and so on. With ``turn_gap_s`` a turn goes on until a pause of at
    least that long; without it, each segment is a turn. One undo step."""

    document_id: int
    segment_ids: tuple[int, ...]
    speakers: tuple[str, ...] = ("SPEAKER_00", "SPEAKER_01")
    turn_gap_s: float | None = None

    @property
    def label(self) -> str:
        return f"Alternate speakers {' / '.join(self.speakers)}"

    def apply(self, ctx: Context) -> int:
        doc = _transcript(ctx, self.document_id)
        names = [_check_speaker(s) for s in self.speakers]
        if len(names) < 2 or not all(names):
            raise InvalidInput("name at least two speakers to alternate")
        query = select(Segment).where(Segment.document_id == doc.id, Segment.id.in_(self.segment_ids))
        segments = list(ctx.session.scalars(query.order_by(Segment.idx)))
        if len(segments) != len(set(self.segment_ids)):
            raise InvalidInput("some of those segments are not in this transcript")
        chosen: dict[str, list[Segment]] = {name: [] for name in names}
        turn, previous_end = -1, None
        for segment in segments:
            gap = None if previous_end is None else segment.start_s - previous_end
            if self.turn_gap_s is None or gap is None or gap >= self.turn_gap_s:
                turn += 1
            chosen[names[turn % len(names)]].append(segment)
            previous_end = segment.end_s
        return sum(respeak(ctx, doc, chosen[name], name) for name in names)
