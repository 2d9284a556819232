"""Storing a recording from the window without freezing it: a ``StoreRecording`` job reads and hashes
the file in a thread; the UI thread (the project's one writer) stages it a few MiB per transaction;
a progress dialog shows how far it is and the time left, and offers Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from qda_desktop.core.jobs import DONE
from qda_desktop.core.project import Project
from qda_desktop.core.recording_job import StoreRecording
from qda_desktop.transcribe.recordings import RecordingInfo
from qda_desktop.ui.jobs import JobProgressDialog, JobRunner


class RecordingImport(QObject):
    finished = Signal(object)  # the new media id, or None (cancelled or failed)

    def __init__(self, project: Project, path: Path, info: RecordingInfo, parent: QWidget) -> None:
        super().__init__(parent)
        self.project = project
        self.path = path
        self.job = StoreRecording(project, path, info.mime, info.duration_s)
        self.runner = JobRunner(project, self.job, self)
        self.runner.done.connect(self._done)
        text = f"Storing {path.name} in the project (encrypted)…"
        self.dialog = JobProgressDialog(self.runner, text, parent)

    @property
    def error(self) -> str:
        return self.job.error or self.runner.error

    @property
    def size(self) -> int:
        return self.job.size

    def start(self) -> None:
        self.runner.start()

    def cancel(self) -> None:
        """Stop now (before the project closes, too): the staged chunks are discarded."""
        if self.runner.status is None:
            self.runner.stop()

    def _done(self, status: str) -> None:
        self.finished.emit(self.job.media_id if status == DONE else None)
