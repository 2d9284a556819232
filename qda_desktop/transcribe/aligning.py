"""Aligning a typed transcript to its recording, as a job (the window's and ``qda align``'s one path).

The transcription worker process (the model and device transcription uses, word timestamps on) listens to
the recording; its words are matched to the researcher's text (``exchange.alignment``), which stays as it
is; one undo step then makes the document a transcript of the recording. A recording chosen as a file is
stored encrypted on the way, in that same step. Nothing is written before the end, so Cancel or a failure
leaves the project as it was; no audio or text goes to a temporary file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select

from qda_desktop.core import views
from qda_desktop.core.commands.transcript_import import AlignToNewRecording, AlignTranscript
from qda_desktop.core.commands.transcripts import SegmentData
from qda_desktop.core.jobs import CANCELLED, DONE, Cancelled, Job, JobContext
from qda_desktop.core.project import Project
from qda_desktop.core.recording_job import STEP_CHUNKS, StoreRecording
from qda_desktop.errors import InvalidInput, QdaError
from qda_desktop.exchange.alignment import Alignment, HeardWord, align
from qda_desktop.exchange.report import plural
from qda_desktop.store.media import open_media
from qda_desktop.store.models import Media
from qda_desktop.transcribe.device import DeviceChoice
from qda_desktop.transcribe.job import TranscribeOptions, TranscriptionJob
from qda_desktop.transcribe.recordings import probe


class AlignFailed(QdaError):
    pass


class Listening(TranscriptionJob):
    """The transcription worker run over a recording (stored, or a file), keeping only the words it heard
    with their times; nothing is stored."""

    def __init__(
        self,
        project: Project,
        source: int | Path,
        name: str,
        duration_s: float,
        model_path: Path,
        device: DeviceChoice,
        language: str | None,
    ) -> None:
        options = TranscribeOptions(language=language, word_timestamps=True)
        super().__init__(project, 0, model_path, device, options, sink=self._keep)
        self.source, self.name, self.duration_s = source, name, duration_s
        self.words: list[HeardWord] = []

    def _source(self) -> tuple[BinaryIO | str, str, float]:
        if isinstance(self.source, Path):
            return str(self.source), self.name, self.duration_s  # her own file, decoded in memory
        return open_media(self.project.store.engine, self.source, self._cancelled), self.name, self.duration_s

    def _keep(self, segments: list[SegmentData], _processed: float, _window: dict[str, Any] | None) -> None:
        self.words.extend(
            HeardWord(w.text.strip(), w.start, w.end) for s in segments for w in s.words if w.text.strip()
        )


class AlignJob(Job[bytes]):
    """``recording``: a stored recording's id, or a file (stored encrypted once the alignment is done)."""

    title = "Align to recording"
    batch_size = STEP_CHUNKS

    def __init__(
        self,
        project: Project,
        document_id: int,
        recording: int | Path,
        model_path: Path,
        device: DeviceChoice,
        language: str | None = None,
    ) -> None:
        self.project = project
        self.document_id = document_id
        self.recording = recording
        self.model_path = model_path
        self.device = device
        self.language = language
        self.document_name = ""
        self.recording_name = recording.name if isinstance(recording, Path) else ""
        self.alignment: Alignment | None = None
        self.media_id: int | None = None
        self.store: StoreRecording | None = None  # the file's chunks, staged as they are read
        self.listening: Listening | None = None
        self.summary = ""  # one line once done
        self.error = ""
        self._text = ""

    @property
    def note(self) -> str:
        """Why the device asked for was not used (the GPU failed), or empty."""
        return self.listening.note if self.listening is not None else ""

    def begin(self) -> None:
        doc = views.document_text(self.project, self.document_id)
        if doc is None:
            raise InvalidInput("the document to align no longer exists")
        if views.is_timed(self.project, doc.id):
            raise InvalidInput(f"'{doc.name}' already has timed segments; nothing to align")
        self.document_name, self._text = doc.name, doc.text
        if isinstance(self.recording, Path):
            info = probe(self.recording)  # a clear error naming the file, before anything else
            self.store = StoreRecording(self.project, self.recording, info.mime, info.duration_s)
            source: int | Path = self.recording
            duration_s = info.duration_s
        else:
            stored = {r.media_id: r for r in views.recordings(self.project)}.get(self.recording)
            if stored is None:
                raise InvalidInput("the recording to align to is no longer in the project")
            source, self.recording_name, duration_s = stored.media_id, stored.name, stored.duration_s
        self.listening = Listening(
            self.project, source, self.recording_name, duration_s, self.model_path, self.device, self.language
        )

    def work(self, ctx: JobContext[bytes]) -> str | None:
        listening = self.listening
        assert listening is not None
        status = listening.transcribe(0.0, ctx.progress)
        if status == CANCELLED or ctx.cancelled:
            raise Cancelled
        if status != DONE:
            raise AlignFailed(listening.error or f"{self.recording_name}: the transcription failed")
        if not listening.words:
            raise AlignFailed(f"{self.recording_name}: the transcription heard no words; nothing to align to")
        alignment = align(self._text, listening.words, listening.duration_s)
        if not alignment.segments:
            raise AlignFailed(f"'{self.document_name}' holds no words to align")
        self.alignment = alignment
        if self.store is not None:
            self.store.work(ctx)  # read and hashed here, staged encrypted by ``write``
        return DONE

    def write(self, batch: list[bytes]) -> None:
        assert self.store is not None
        self.store.write(batch)

    def finish(self, status: str, error: str) -> None:
        self.error = error
        try:
            if status == DONE and self.alignment is not None and not error:
                self.media_id = self._commit(self.alignment)
                self.summary = (
                    f"aligned '{self.document_name}' to {self.recording_name}: "
                    f"{plural(len(self.alignment.segments), 'turn')}, {self.alignment.share:.0%} of its words "
                    "matched what the model heard (the rest take times between them)"
                )
        except QdaError as exc:  # the job fails with it (the driver reports what ``finish`` raises)
            self.error = str(exc)
            raise
        finally:
            if self.store is not None and self.media_id is None:
                self.project.discard_staged_media(self.store.staged_id)

    def _commit(self, alignment: Alignment) -> int:
        """One undo step; a file already stored in the project (the same bytes) is not stored twice."""
        now = views.document_text(self.project, self.document_id)
        if now is None or now.text != self._text:  # the times found belong to the text as it was
            raise InvalidInput(f"'{self.document_name}' was changed while it was being aligned; align it again")
        if self.store is None:
            assert isinstance(self.recording, int)
            self.project.run(AlignTranscript(self.document_id, self.recording, alignment.segments))
            return self.recording
        with self.project.read() as session:
            existing = session.scalar(select(Media.id).where(Media.sha256 == self.store.sha256).limit(1))
        if existing is not None:
            self.project.discard_staged_media(self.store.staged_id)
            self.project.run(AlignTranscript(self.document_id, int(existing), alignment.segments))
            return int(existing)
        command = AlignToNewRecording(self.store.registration(), self.document_id, alignment.segments)
        return int(self.project.run(command).result)

    def stop(self) -> None:
        if self.listening is not None:
            self.listening.cancel()
