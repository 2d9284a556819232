"""Commands for recordings and transcripts: import a recording, grow a transcript as segments arrive."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from qda_desktop import __version__
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.errors import InvalidInput
from qda_desktop.store.media import CHUNK_SIZE, store_media
from qda_desktop.store.models import Document, Media, MediaChunk, Segment, Transcription, utcnow


@dataclass(frozen=True)
class ImportRecording(Command):
    """Copy a recording (already probed) into the project, encrypted, in chunks."""

    name: str
    path: Path
    mime: str
    duration_s: float

    @property
    def label(self) -> str:
        return f"Import recording '{self.name}'"

    def apply(self, ctx: Context) -> int:
        with open(self.path, "rb") as source:
            return store_media(ctx.session.connection(), self.name, source, self.mime, self.duration_s)


@dataclass(frozen=True)
class RegisterRecording(Command):
    """Make chunks staged under ``staged_id`` (written in small steps by the window) a recording."""

    name: str
    staged_id: int
    mime: str
    duration_s: float
    size: int
    sha256: str

    @property
    def label(self) -> str:
        return f"Import recording '{self.name}'"

    def apply(self, ctx: Context) -> int:
        media = Media(
            name=self.name,
            mime=self.mime,
            size=self.size,
            sha256=self.sha256,
            chunk_size=CHUNK_SIZE,
            duration_s=self.duration_s,
        )
        ctx.session.add(media)
        ctx.session.flush()
        moved = ctx.session.execute(
            MediaChunk.__table__.update()  # type: ignore[attr-defined]
            .where(MediaChunk.media_id == self.staged_id)
            .values(media_id=media.id)
        ).rowcount
        if moved * CHUNK_SIZE < self.size:
            raise InvalidInput(f"{self.name}: the recording was not stored completely; import it again")
        return media.id


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float


@dataclass(frozen=True)
class SegmentData:
    start: float
    end: float
    text: str
    words: tuple[Word, ...] = ()
    speaker: str = ""


@dataclass(frozen=True)
class StartTranscript(Command):
    """An empty transcript document for a recording, with the job's provenance."""

    name: str
    media_id: int
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"Transcribe '{self.name}'"

    def apply(self, ctx: Context) -> int:
        ctx.require_unique_document_name(self.name)
        media = ctx.get(Media, self.media_id, "recording")
        doc = Document(name=self.name, kind="transcript", text="", media_id=media.id)
        ctx.session.add(doc)
        ctx.session.flush()
        p = self.provenance
        ctx.session.add(
            Transcription(
                document_id=doc.id,
                media_id=media.id,
                status="running",
                model_name=str(p.get("model_name", "")),
                model_sha256=str(p.get("model_sha256", "")),
                device=str(p.get("device", "cpu")),
                compute_type=str(p.get("compute_type", "")),
                options=json.dumps(p.get("options", {}), sort_keys=True),
                app_version=__version__,
                audio_duration_s=float(media.duration_s or 0.0),
            )
        )
        return doc.id


def segment_layout(text_so_far: str, segment: SegmentData) -> tuple[str, int, list[list[Any]]]:
    """The text to append for ``segment``, where its own text starts, and its words with offsets."""
    separator = "\n" if text_so_far else ""
    label = f"{segment.speaker}: " if segment.speaker else ""
    base = len(text_so_far) + len(separator) + len(label)
    if segment.words:
        joined = "".join(w.text for w in segment.words)
        lead = len(joined) - len(joined.lstrip())
        body = joined.strip()
        words: list[list[Any]] = []
        pos = -lead
        for word in segment.words:
            stripped = word.text.strip()
            offset = word.text.find(stripped) if stripped else 0
            start = base + pos + offset
            words.append([stripped, float(word.start), float(word.end), start, start + len(stripped)])
            pos += len(word.text)
    else:
        body, words = segment.text.strip(), []
    return separator + label + body, base, words


@dataclass(frozen=True)
class AppendSegments(Command):
    """Add newly transcribed segments to the end of a transcript (codings are unaffected)."""

    document_id: int
    segments: tuple[SegmentData, ...]
    processed_s: float

    @property
    def label(self) -> str:
        return "Add transcribed segments"

    def apply(self, ctx: Context) -> int:
        doc = ctx.document(self.document_id)
        if doc.kind != "transcript":
            raise InvalidInput(f"'{doc.name}' is not a transcript")
        index = ctx.session.scalar(select(func.max(Segment.idx)).where(Segment.document_id == doc.id))
        index = -1 if index is None else index
        text = doc.text
        for segment in self.segments:
            piece, start, words = segment_layout(text, segment)
            text += piece
            index += 1
            ctx.session.add(
                Segment(
                    document_id=doc.id,
                    idx=index,
                    speaker=segment.speaker,
                    start_s=float(segment.start),
                    end_s=float(segment.end),
                    char_start=start,
                    char_end=len(text),
                    words=json.dumps(words, ensure_ascii=False),
                )
            )
        doc.text = text
        doc.updated_at = utcnow()
        job = ctx.session.scalar(select(Transcription).where(Transcription.document_id == doc.id))
        if job is not None and self.processed_s > job.processed_s:
            job.processed_s = float(self.processed_s)
        return len(self.segments)


@dataclass(frozen=True)
class FinishTranscription(Command):
    document_id: int
    status: str
    wall_s: float
    error: str = ""
    device: str | None = None
    compute_type: str | None = None

    @property
    def label(self) -> str:
        return "Finish transcription"

    def apply(self, ctx: Context) -> None:
        job = ctx.session.scalar(select(Transcription).where(Transcription.document_id == self.document_id))
        if job is None:
            raise InvalidInput("this document has no transcription job")
        job.status = self.status
        job.wall_s = float(job.wall_s + self.wall_s)
        job.error = self.error
        if self.device:
            job.device = self.device
        if self.compute_type:
            job.compute_type = self.compute_type
        job.finished_at = utcnow() if self.status == "done" else None


@dataclass(frozen=True)
class ResumeTranscription(Command):
    document_id: int

    @property
    def label(self) -> str:
        return "Resume transcription"

    def apply(self, ctx: Context) -> float:
        """Marks the job running again; returns the time (s) up to which segments are stored."""
        job = ctx.session.scalar(select(Transcription).where(Transcription.document_id == self.document_id))
        if job is None:
            raise InvalidInput("this document has no transcription job to resume")
        job.status = "running"
        last_end = ctx.session.scalar(select(func.max(Segment.end_s)).where(Segment.document_id == self.document_id))
        return float(last_end or 0.0)
