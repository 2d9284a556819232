"""Transcripts from outside: one made from timed turns someone else wrote (subtitles, noScribe,
timestamped text), linked to a recording when there is one; and a typed transcript aligned to its
recording (segments placed over the text as it stands)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.transcripts import AppendSegments, RegisterRecording, SegmentData
from qda_desktop.core.guids import assign_guid
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Document, Media, Segment, utcnow


@dataclass(frozen=True)
class ImportTranscript(Command[int]):
    """Segments are laid out as transcription lays them out (``Speaker: text``, one turn a line)."""

    name: str
    segments: tuple[SegmentData, ...]
    media_id: int | None = None
    guid: str | None = None

    @property
    def label(self) -> str:
        return f"Import transcript '{self.name}'"

    def apply(self, ctx: Context) -> int:
        if not self.segments:
            raise InvalidInput(f"'{self.name}': a transcript needs at least one turn")
        name = ctx.require_unique_document_name(self.name)
        if self.media_id is not None:
            ctx.get(Media, self.media_id, "recording")
        guid = assign_guid(ctx.session, Document, self.guid)
        doc = Document(guid=guid, name=name, kind="transcript", text="", media_id=self.media_id)
        ctx.session.add(doc)
        ctx.session.flush()
        AppendSegments(doc.id, self.segments, processed_s=0.0).apply(ctx)
        return doc.id


TimedWordRow = tuple[str, float, float, int, int]  # word, start_s, end_s, char_start, char_end


@dataclass(frozen=True)
class PlacedSegment:
    """A segment over text that already exists (char offsets into it), with its times."""

    speaker: str
    start_s: float
    end_s: float
    char_start: int
    char_end: int
    words: tuple[TimedWordRow, ...] = ()


@dataclass(frozen=True)
class AlignTranscript(Command[None]):
    """A typed transcript gains times: it becomes a transcript of the recording, its text unchanged."""

    document_id: int
    media_id: int
    segments: tuple[PlacedSegment, ...]

    @property
    def label(self) -> str:
        return "Align transcript to its recording"

    def apply(self, ctx: Context) -> None:
        doc = ctx.document(self.document_id)
        media = ctx.get(Media, self.media_id, "recording")
        if ctx.session.scalar(select(Segment.id).where(Segment.document_id == doc.id).limit(1)) is not None:
            raise InvalidInput(f"'{doc.name}' already has timed segments; nothing to align")
        previous_end = 0
        for index, placed in enumerate(self.segments):
            if not previous_end <= placed.char_start <= placed.char_end <= len(doc.text):
                raise InvalidInput(f"'{doc.name}': segment {index} does not lie inside the text, in order")
            previous_end = placed.char_end
            ctx.session.add(
                Segment(
                    document_id=doc.id,
                    idx=index,
                    speaker=placed.speaker,
                    start_s=float(placed.start_s),
                    end_s=float(placed.end_s),
                    char_start=placed.char_start,
                    char_end=placed.char_end,
                    words=json.dumps([list(w) for w in placed.words], ensure_ascii=False),
                )
            )
        doc.kind = "transcript"
        doc.media_id = media.id
        doc.updated_at = utcnow()


@dataclass(frozen=True)
class AlignToNewRecording(Command[int]):
    """A recording stored on the way (its chunks staged) and a typed transcript aligned to it, in one undo
    step; returns the recording's id."""

    recording: RegisterRecording
    document_id: int
    segments: tuple[PlacedSegment, ...]

    @property
    def label(self) -> str:
        return "Align transcript to its recording"

    def apply(self, ctx: Context) -> int:
        media_id = int(self.recording.apply(ctx))
        AlignTranscript(self.document_id, media_id, self.segments).apply(ctx)
        return media_id
