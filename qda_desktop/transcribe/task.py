"""A transcription as a core job: ``TranscriptionJob`` does the work unchanged; this adapter hands
its segments to the project's one writer and lets the job API cancel it."""

from __future__ import annotations

from typing import Any

from qda_desktop.core.commands.transcripts import AppendSegments, SegmentData
from qda_desktop.core.jobs import INTERRUPTED, Job, JobContext
from qda_desktop.transcribe.job import TranscriptionJob

# Segments, the audio seconds processed up to them, and the model's window to resume from (or None).
Batch = tuple[list[SegmentData], float, dict[str, Any] | None]


class TranscriptionTask(Job[Batch]):
    title = "Transcription"

    def __init__(self, job: TranscriptionJob) -> None:
        self.job = job
        self._offset = 0.0

    def begin(self) -> None:
        self._offset = self.job.begin()

    def work(self, ctx: JobContext[Batch]) -> str | None:
        self.job.sink = lambda segments, processed, window: ctx.hand((list(segments), processed, window))
        return self.job.transcribe(self._offset, ctx.progress)

    def write(self, batch: list[Batch]) -> None:
        segments = tuple(segment for part, _, _ in batch for segment in part)
        processed = max(done for _, done, _ in batch)
        command = AppendSegments(self.job.document_id, segments, processed, batch[-1][2])
        self.job.project.run(command, undoable=False)

    def finish(self, status: str, error: str) -> None:
        if status == INTERRUPTED:
            return  # the project is closing: the job stays "running" and resumes from its segments
        if error and not self.job.error:
            self.job.error = error
        self.job.finish(status)

    def stop(self) -> None:
        self.job.cancel()
