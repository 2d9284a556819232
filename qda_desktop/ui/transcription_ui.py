"""Transcribing from the window: a job thread, a progress dialog with speed, ETA and Cancel.

The job runs through the job API (``ui.jobs``): its slow part in a thread, everything it stores
handed to the UI thread in batches, so all writes (and the window's refreshes) happen there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core import views
from qda_desktop.core.commands.transcripts import SegmentData
from qda_desktop.core.jobs import INTERRUPTED
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError
from qda_desktop.transcribe.device import DeviceChoice, choose
from qda_desktop.transcribe.job import Progress, TranscribeOptions, TranscriptionJob, start_transcript
from qda_desktop.transcribe.models import ModelNotFound, resolve
from qda_desktop.transcribe.recordings import AUDIO_SUFFIXES, VIDEO_SUFFIXES, probe
from qda_desktop.transcribe.task import TranscriptionTask
from qda_desktop.ui.jobs import JobRunner
from qda_desktop.ui.player import clock
from qda_desktop.ui.recording_import import RecordingImport
from qda_desktop.ui.theme import app_settings
from qda_desktop.ui.transcription_options import TranscriptionOptionsDialog

MODEL_KEY = "transcription/model"


class TranscriptionDialog(QDialog):
    """Progress of one transcription job; Cancel stops it at once (it can be resumed)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Transcribing {name}")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.status = QLabel("Loading the model…")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.detail = QLabel("")
        self.detail.setStyleSheet("color: palette(mid);")
        self.cancel_button = QPushButton("Cancel")
        for widget in (self.status, self.bar, self.detail, self.cancel_button):
            layout.addWidget(widget)

    def show_progress(self, progress: Progress) -> None:
        self.bar.setValue(int(progress.fraction * 1000))
        eta = f", about {clock(progress.eta_s)} left" if progress.eta_s is not None else ""
        self.status.setText(
            f"{progress.fraction:.0%} · {clock(progress.processed_s)} of {clock(progress.total_s)}{eta}"
        )
        self.detail.setText(f"{progress.speed:.1f}× real time · {progress.segments} segments so far")


class TranscriptionRunner(QObject):
    """Runs one job through the job API: begin, writes and finish on the UI thread, the
    transcription itself in a thread."""

    done = Signal(int, str)  # document id, status

    def __init__(
        self,
        project: Project,
        document_id: int,
        model: Path,
        parent: QWidget,
        device: DeviceChoice | None = None,
        options: TranscribeOptions | None = None,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.document_id = document_id
        options = options or stored_options(project, document_id)
        self.job = TranscriptionJob(project, document_id, model, device or choose("auto"), options)
        self.task = TranscriptionTask(self.job)
        self.runner = JobRunner(project, self.task, self, before_write=self._flush_edits)
        self.signals = self.runner.signals  # progress and finished, sent from the job's thread
        doc = views.document_text(project, document_id)
        name = doc.name if doc else "recording"
        self.dialog = TranscriptionDialog(name, parent)
        self.dialog.cancel_button.clicked.connect(self.cancel)
        self.runner.progress.connect(self.dialog.show_progress)
        self.runner.progress.connect(self._show_note)
        self.runner.done.connect(self._finished)

    def start(self) -> None:
        self.dialog.show()
        self.runner.start()

    def stop(self) -> None:
        """Cancel and wait for the job (before the project closes); it stays resumable."""
        self.runner.stop()

    def cancel(self) -> None:
        self.dialog.status.setText("Cancelling…")
        self.runner.cancel()

    def _flush_edits(self) -> None:
        flush = getattr(self.parent(), "flush_edits", None)
        if flush is not None:
            flush()  # commit a pending edit of the text first, so the new segments are not diffed away

    def _store(self, segments: list[SegmentData], processed: float, window: dict[str, Any] | None = None) -> None:
        """Write one batch of segments, as the runner does when they arrive."""
        if self.project.is_open:
            self._flush_edits()
            self.task.write([(segments, processed, window)])

    def _show_note(self, _progress: Progress) -> None:
        if self.job.note:
            self.dialog.status.setToolTip(self.job.note)
            self.dialog.detail.setText(f"{self.dialog.detail.text()} · {self.job.note}")

    def _finished(self, status: str) -> None:
        self.dialog.close()
        if status == INTERRUPTED or not self.project.is_open:
            return
        if self.job.note:  # e.g. the GPU could not be used: say so
            parent = self.parent()
            if isinstance(parent, QWidget) and hasattr(parent, "statusBar"):
                parent.statusBar().showMessage(self.job.note, 10_000)
        self.done.emit(self.document_id, status)


def choose_model(parent: QWidget) -> Path | None:
    """The model to use: the remembered folder, QDA_WHISPER_MODEL, the model folder, or ask for one."""
    settings = app_settings()
    remembered = str(settings.value(MODEL_KEY, "", type=str) or "")
    for spec in (remembered or None, None):
        try:
            return resolve(spec)
        except ModelNotFound:
            continue
    folder = QFileDialog.getExistingDirectory(parent, "Choose a faster-whisper model folder (with model.bin)")
    if not folder:
        return None
    try:
        model = resolve(folder)
    except ModelNotFound as exc:
        QMessageBox.warning(parent, "Not a model folder", str(exc))
        return None
    settings.setValue(MODEL_KEY, str(model))
    return model


def import_and_start(
    project: Project, parent: QWidget, on_ready: Callable[[TranscriptionRunner], None], path: Path | None = None
) -> RecordingImport | None:
    """Ask for a recording and the options, store it encrypted (in steps), then hand over a runner."""
    if path is None:
        patterns = " ".join(f"*{s}" for s in sorted(AUDIO_SUFFIXES | VIDEO_SUFFIXES))
        chosen, _ = QFileDialog.getOpenFileName(parent, "Transcribe a recording", "", f"Recordings ({patterns})")
        if not chosen:
            return None
        path = Path(chosen)
    try:
        info = probe(path)  # before anything else: a clear message for a file that is not audio
    except QdaError as exc:
        QMessageBox.warning(parent, "Cannot transcribe", str(exc))
        return None
    if info.warning(path.name):
        QMessageBox.warning(parent, "The recording ends early", info.warning(path.name))
    dialog = TranscriptionOptionsDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.model is None:
        return None
    model, device, options = dialog.model, choose(dialog.device_preference()), dialog.options()
    importer = RecordingImport(project, path, info, parent)

    def stored(media_id: int | None) -> None:
        if media_id is None:
            if importer.error:
                QMessageBox.warning(parent, "Cannot import the recording", importer.error)
            return
        try:
            name = _free_name(project, f"{path.stem} (transcript)")
            document_id = start_transcript(project, media_id, name, model, device, options)
        except QdaError as exc:
            QMessageBox.warning(parent, "Cannot transcribe", str(exc))
            return
        on_ready(TranscriptionRunner(project, document_id, model, parent, device, options))

    importer.finished.connect(stored)
    importer.start()
    return importer


def stored_options(project: Project, document_id: int) -> TranscribeOptions:
    """The options a job started with, so that resuming continues the same way."""
    values = views.transcription_options(project, document_id) or {}
    try:
        return TranscribeOptions(**{k: v for k, v in values.items() if k in TranscribeOptions.__dataclass_fields__})
    except (ValueError, TypeError):
        return TranscribeOptions()


def unfinished(project: Project, document_id: int) -> bool:
    status = views.transcription_status(project, document_id)
    return status is not None and status != "done"


def _free_name(project: Project, wanted: str) -> str:
    taken = views.document_names(project)
    name, n = wanted, 2
    while name in taken:
        name, n = f"{wanted} {n}", n + 1
    return name
