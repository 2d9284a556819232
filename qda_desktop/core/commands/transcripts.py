"""Commands for recordings and transcripts: import a recording, grow a transcript as segments arrive."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from qda_desktop import __version__
from qda_desktop.core.anchors import Edit
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.documents import apply_text_edits
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
    window: dict[str, Any] | None = None  # where a resumed job may start (see ResumeTranscription)

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
        if job is not None and self.window is not None:
            options = json.loads(job.options or "{}")
            options[RESUME_KEY] = self.window
            job.options = json.dumps(options, sort_keys=True)
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


RESUME_KEY = "resume_window"  # kept with the job's options: there is no column for it (yet)


@dataclass(frozen=True)
class ResumePoint:
    """Where a resumed job starts: audio from ``restart_s``; nothing before ``stored_until_s`` is kept
    from the new run. With ``seek_s`` (a window of the first run, in VAD-filtered seconds) and that
    window's ``prompt`` tokens, the worker decodes exactly as the first run did from there."""

    restart_s: float
    stored_until_s: float
    seek_s: float | None = None
    prompt: tuple[int, ...] = ()


@dataclass(frozen=True)
class ResumeTranscription(Command):
    """Mark the job running again and find a safe point to go on from. The segments of the last
    window the model worked on are dropped and that window is decoded again with the same context;
    without that window (older projects, batched jobs) the last segment, which may end
    mid-utterance, is dropped and transcription restarts in the pause before it. Segments the user
    edited are never dropped."""

    document_id: int

    @property
    def label(self) -> str:
        return "Resume transcription"

    def apply(self, ctx: Context) -> ResumePoint:
        job = ctx.session.scalar(select(Transcription).where(Transcription.document_id == self.document_id))
        if job is None:
            raise InvalidInput("this document has no transcription job to resume")
        was_done = job.status == "done"
        job.status = "running"
        doc = ctx.document(self.document_id)
        stored = list(ctx.session.scalars(select(Segment).where(Segment.document_id == doc.id).order_by(Segment.idx)))
        if not stored:
            return ResumePoint(0.0, 0.0)
        last_end = float(stored[-1].end_s)
        if was_done:
            return ResumePoint(last_end, last_end)
        window = json.loads(job.options or "{}").get(RESUME_KEY)
        if window is not None:
            window_s = float(window["window_s"])
            later = [s for s in stored if s.start_s >= window_s - 0.01]
            if stored[len(stored) - len(later) :] == later and _drop(ctx, doc, later):
                job.processed_s = min(job.processed_s, window_s)
                return ResumePoint(window_s, window_s, float(window["seek_s"]), tuple(window["prompt"]))
        if not _drop(ctx, doc, stored[-1:]):
            return ResumePoint(last_end, last_end)
        kept_end = max((float(s.end_s) for s in stored[:-1]), default=0.0)
        start = float(stored[-1].start_s)
        restart = (kept_end + start) / 2 if kept_end <= start else start
        job.processed_s = min(job.processed_s, kept_end)
        return ResumePoint(restart if len(stored) > 1 else 0.0, kept_end)


def _unedited(doc: Document, segment: Segment) -> bool:
    words = [str(w[0]) for w in json.loads(segment.words)]
    return bool(words) and doc.text[segment.char_start : segment.char_end].split() == [w for w in words if w]


def _drop(ctx: Context, doc: Document, segments: list[Segment]) -> bool:
    """Remove ``segments`` (the last ones) with their labels and line breaks; refused (False) where
    the user edited one of them."""
    if not all(_unedited(doc, s) for s in segments):
        return False
    for segment in reversed(segments):
        start = segment.char_start
        label = f"{segment.speaker}: " if segment.speaker else ""
        for prefix in ("\n" + label, label):
            if prefix and doc.text[max(0, start - len(prefix)) : start] == prefix:
                start -= len(prefix)
                break
        end = segment.char_end
        if start == 0 and doc.text[end : end + 1] == "\n":
            end += 1  # the first line goes: so does the break after it
        apply_text_edits(ctx, doc, [Edit(start, end, "")])
        ctx.session.delete(segment)
        ctx.session.flush()
    return True
