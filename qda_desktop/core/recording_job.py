"""Storing a recording as a job: the file is read and hashed off the writer's thread, its chunks are
staged a few MiB per transaction, and one undoable command turns them into a recording."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from qda_desktop.core.commands.transcripts import RegisterRecording
from qda_desktop.core.jobs import DONE, Job, JobContext
from qda_desktop.core.project import MEDIA_CHUNK_SIZE, Project
from qda_desktop.errors import QdaError

STEP_CHUNKS = 4  # chunks (MiB) per staging transaction, so the window keeps answering between them


class StoreRecording(Job[bytes]):
    title = "Import recording"
    batch_size = STEP_CHUNKS

    def __init__(self, project: Project, path: Path, mime: str, duration_s: float) -> None:
        self.project = project
        self.path = path
        self.mime = mime
        self.duration_s = duration_s
        self.size = path.stat().st_size
        self.staged_id = -(time.time_ns() % 2_000_000_000) - 1  # negative: never a real media id
        self.media_id: int | None = None
        self.stored = 0  # bytes staged so far
        self.error = ""  # why it failed (reading, staging or registering)
        self._digest = hashlib.sha256()
        self._seq = 0

    def work(self, ctx: JobContext[bytes]) -> str | None:
        read = 0
        try:
            with open(self.path, "rb") as file:
                while data := file.read(MEDIA_CHUNK_SIZE):
                    ctx.check()
                    self._digest.update(data)
                    ctx.hand(data)
                    read += len(data)
                    ctx.step(read, self.size)
        except OSError as exc:
            raise QdaError(f"{self.path.name}: cannot be read ({exc.strerror})") from exc
        return DONE

    def write(self, batch: list[bytes]) -> None:
        self.project.stage_media_chunks(self.staged_id, self._seq, batch)
        self._seq += len(batch)
        self.stored += sum(len(chunk) for chunk in batch)

    def registration(self) -> RegisterRecording:
        """The command that makes the staged chunks a recording (once every chunk is written)."""
        return RegisterRecording(
            self.path.name, self.staged_id, self.mime, self.duration_s, self.stored, self._digest.hexdigest()
        )

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def finish(self, status: str, error: str) -> None:
        self.error = error
        if status == DONE:
            try:
                self.media_id = int(self.project.run(self.registration()).result)
                return
            except QdaError as exc:
                self.error = str(exc)
        self.project.discard_staged_media(self.staged_id)
