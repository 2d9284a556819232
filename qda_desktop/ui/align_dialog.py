"""Transcript > Align to recording…: which recording (one stored in the project, or a file) and which language,
then the alignment job with its progress, time left and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from qda_desktop.core.jobs import INTERRUPTED, Progress, Steps
from qda_desktop.core.project import Project
from qda_desktop.core.views import Recording
from qda_desktop.transcribe.aligning import AlignJob
from qda_desktop.transcribe.device import choose
from qda_desktop.transcribe.recordings import AUDIO_SUFFIXES, VIDEO_SUFFIXES
from qda_desktop.ui.jobs import JobProgressDialog, JobRunner
from qda_desktop.ui.player import clock
from qda_desktop.ui.transcription_options import language_choices


class AlignDialog(QDialog):
    """The choices before aligning; ``recording()`` is a stored recording's id or a file."""

    def __init__(self, document_name: str, recordings: list[Recording], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Align to recording")
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        intro = QLabel(
            f"'{document_name}' keeps its text exactly as it is; a local transcription of the recording gives "
            "its turns and words their times."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.stored_choice = QRadioButton("In this project")
        self.stored = QComboBox()
        self._names = {rec.media_id: rec.name for rec in recordings}
        self.stored.setPlaceholderText("no recordings stored in this project yet")
        for rec in recordings:
            self.stored.addItem(f"{rec.name} ({clock(rec.duration_s)})", rec.media_id)
        self.stored.setCurrentIndex(0 if recordings else -1)  # with a placeholder, nothing is chosen by itself
        self.file_choice = QRadioButton("A file")
        self.file = QLineEdit(placeholderText="a recording (stored in the project, encrypted)")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        group = QButtonGroup(self)
        group.addButton(self.stored_choice)
        group.addButton(self.file_choice)
        form.addRow(self.stored_choice, self.stored)
        form.addRow(self.file_choice, file_row)
        self.stored_choice.setEnabled(bool(recordings))
        self.stored.setEnabled(bool(recordings))
        (self.stored_choice if recordings else self.file_choice).setChecked(True)
        self.file.textEdited.connect(lambda _text: self.file_choice.setChecked(True))
        self.stored.activated.connect(lambda _index: self.stored_choice.setChecked(True))
        self.language = QComboBox()
        for label, code in language_choices():
            self.language.addItem(label, code)
        form.addRow("Language", self.language)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Align")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: palette(link);")
        form.addRow(self.problem)

    def recording(self) -> tuple[int | Path, str] | None:
        """The recording chosen (a stored recording's id, or a file) and its name."""
        if self.stored_choice.isChecked():
            data = self.stored.currentData()
            return None if data is None else (int(data), self._names[int(data)])
        text = self.file.text().strip()
        return (Path(text), Path(text).name) if text else None

    def language_code(self) -> str | None:
        code = self.language.currentData()
        return str(code) if code else None

    def _browse(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(AUDIO_SUFFIXES | VIDEO_SUFFIXES))
        chosen, _ = QFileDialog.getOpenFileName(self, "Align to a recording", "", f"Recordings ({patterns})")
        if chosen:
            self.file.setText(chosen)
            self.file_choice.setChecked(True)

    def _accept(self) -> None:
        if self.recording() is None:
            self.problem.setText("Choose a recording first.")
            return
        self.accept()


class AlignProgressDialog(JobProgressDialog):
    """What the job is doing now: loading the model, listening, storing the file."""

    def __init__(self, runner: JobRunner, recording_name: str, parent: QWidget | None) -> None:
        super().__init__(runner, f"Loading the model to listen to {recording_name}…", parent)
        self._name = recording_name
        self.setMinimumWidth(460)

    def show_progress(self, progress: Progress) -> None:
        storing = isinstance(progress, Steps)
        self._text = f"Storing {self._name} in the project (encrypted)…" if storing else f"Listening to {self._name}…"
        super().show_progress(progress)


class AlignRun(QObject):
    """One alignment in the window: the job's work in a thread, its writes on the UI thread."""

    finished = Signal(str)  # status, once the job has finished (its summary or error on ``job``)

    def __init__(
        self,
        project: Project,
        document_id: int,
        recording: tuple[int | Path, str],
        language: str | None,
        model: Path,
        parent: QWidget,
    ) -> None:
        """``recording``: a stored recording's id or a file, and the name to show."""
        super().__init__(parent)
        source, name = recording
        self.job = AlignJob(project, document_id, source, model, choose("auto"), language)
        self.runner = JobRunner(project, self.job, self)
        self.dialog = AlignProgressDialog(self.runner, name, parent)
        self.runner.done.connect(self._done)

    @property
    def error(self) -> str:
        return self.job.error or self.runner.error

    @property
    def running(self) -> bool:
        return self.runner.status is None

    def start(self) -> None:
        self.runner.start()

    def cancel(self) -> None:
        self.runner.cancel()

    def stop(self) -> None:
        """Before the project closes: nothing was stored yet, and nothing will be."""
        if self.running:
            self.runner.stop()

    def _done(self, status: str) -> None:
        self.dialog.reset()
        if status != INTERRUPTED:
            self.finished.emit(status)
