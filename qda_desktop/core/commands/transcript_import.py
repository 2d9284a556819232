"""A transcript made from timed turns someone else wrote (subtitles, noScribe, timestamped text):
one command makes the document and its segments, linked to a recording when there is one."""

from __future__ import annotations

from dataclasses import dataclass

from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.transcripts import AppendSegments, SegmentData
from qda_desktop.core.guids import assign_guid
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Document, Media


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
