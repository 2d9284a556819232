"""Transcribing from the window: a job thread, a progress dialog with speed, ETA and Cancel.

The job's slow part runs in a thread; everything it stores reaches the project through queued
signals, so all writes (and the window's refreshes) happen on the UI thread.
"""

from __future__ import annotations

import json
import threading
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
from sqlalchemy import select

from qda_desktop.core.commands.transcripts import AppendSegments, SegmentData
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError
from qda_desktop.store.models import Document, Transcription
from qda_desktop.transcribe.device import DeviceChoice, choose
from qda_desktop.transcribe.job import Progress, TranscribeOptions, TranscriptionJob, start_transcript
from qda_desktop.transcribe.models import ModelNotFound, resolve
from qda_desktop.transcribe.recordings import AUDIO_SUFFIXES, VIDEO_SUFFIXES, probe
from qda_desktop.ui.player import clock
from qda_desktop.ui.recording_import import RecordingImport
from qda_desktop.ui.theme import app_settings
from qda_desktop.ui.transcription_options import TranscriptionOptionsDialog

MODEL_KEY = "transcription/model"


class JobSignals(QObject):
    segments = Signal(object, float, object)  # list[SegmentData], processed seconds, resume window
    progress = Signal(object)  # Progress
    finished = Signal(str)  # status


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
    """Runs one job: begin and finish on the UI thread, the transcription itself in a thread."""

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
        self.signals = JobSignals()
        self.signals.segments.connect(self._store)
        options = options or stored_options(project, document_id)
        self.job = TranscriptionJob(
            project, document_id, model, device or choose("auto"), options, sink=self.signals.segments.emit
        )
        with project.read() as session:
            doc = session.get(Document, document_id)
            name = doc.name if doc else "recording"
        self.dialog = TranscriptionDialog(name, parent)
        self.dialog.cancel_button.clicked.connect(self.cancel)
        self.signals.progress.connect(self.dialog.show_progress)
        self.signals.progress.connect(self._show_note)
        self.signals.finished.connect(self._finished)

    def start(self) -> None:
        offset = self.job.begin()
        self.dialog.show()

        def work() -> None:
            status = self.job.transcribe(offset, self.signals.progress.emit)
            self.signals.finished.emit(status)

        self._worker = threading.Thread(target=work, name="transcription", daemon=True)
        self._worker.start()

    def stop(self) -> None:
        """Cancel and wait for the job's thread (before the project closes)."""
        self.job.cancel()
        thread: threading.Thread | None = getattr(self, "_worker", None)
        if thread is not None:
            thread.join(timeout=15)

    def cancel(self) -> None:
        self.dialog.status.setText("Cancelling…")
        self.job.cancel()

    def _store(self, segments: list[SegmentData], processed: float, window: dict[str, Any] | None = None) -> None:
        if not self.project.store.is_open:
            return  # the project was closed while the job stopped
        flush = getattr(self.parent(), "flush_edits", None)
        if flush is not None:
            flush()  # commit a pending edit of the text first, so the new segments are not diffed away
        self.project.run(AppendSegments(self.document_id, tuple(segments), processed, window), undoable=False)

    def _show_note(self, _progress: Progress) -> None:
        if self.job.note:
            self.dialog.status.setToolTip(self.job.note)
            self.dialog.detail.setText(f"{self.dialog.detail.text()} · {self.job.note}")

    def _finished(self, status: str) -> None:
        self.dialog.close()
        if not self.project.store.is_open:
            return
        if self.job.note:  # e.g. the GPU could not be used: say so
            parent = self.parent()
            if isinstance(parent, QWidget) and hasattr(parent, "statusBar"):
                parent.statusBar().showMessage(self.job.note, 10_000)
        self.job.finish(status)
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
    with project.read() as session:
        raw = session.scalar(select(Transcription.options).where(Transcription.document_id == document_id))
    try:
        values = json.loads(raw or "{}")
        return TranscribeOptions(**{k: v for k, v in values.items() if k in TranscribeOptions.__dataclass_fields__})
    except (ValueError, TypeError):
        return TranscribeOptions()


def unfinished(project: Project, document_id: int) -> bool:
    with project.read() as session:
        status = session.scalar(select(Transcription.status).where(Transcription.document_id == document_id))
    return status is not None and status != "done"


def _free_name(project: Project, wanted: str) -> str:
    with project.read() as session:
        taken = set(session.scalars(select(Document.name)))
    name, n = wanted, 2
    while name in taken:
        name, n = f"{wanted} {n}", n + 1
    return name
