"""File > Import documents…: choose files, import them as a job (progress, Cancel), read the summary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core.jobs import CANCELLED, DONE, Progress, describe
from qda_desktop.core.project import Project
from qda_desktop.core.wording import listing
from qda_desktop.errors import QdaError
from qda_desktop.exchange.importing import ImportJob, supported_suffixes
from qda_desktop.exchange.report import ExchangeReport, plural
from qda_desktop.transcribe.recordings import AUDIO_SUFFIXES, VIDEO_SUFFIXES, RecordingInfo, probe
from qda_desktop.ui.jobs import JobRunner
from qda_desktop.ui.player import clock
from qda_desktop.ui.recording_import import RecordingImport

NO_RECORDING = "Recording: none (optional, for timed transcripts)"


def file_filter() -> str:
    patterns = " ".join(f"*{s}" for s in supported_suffixes())
    return f"Documents and transcripts ({patterns});;All files (*)"


def outcome_text(report: ExchangeReport) -> str:
    """ "Imported 12 documents. 1 file could not be read:" and one line per problem."""
    counts = [plural(n, noun) for noun, n in report.counts.items() if n and noun != "turn"]
    turns = report.counts.get("turn", 0)
    done = f"Imported {listing(counts)}" if counts else "Nothing was imported"
    lines = [done + (f" ({plural(turns, 'turn')} in transcripts)." if turns else ".")]
    if report.problems:
        lines.append(f"{plural(len(report.problems), 'file')} could not be imported:")
        lines.extend(f"•  {problem}" for problem in report.problems)
    if report.left_out:
        lines.append("What was left out or changed:")
        lines.extend(f"•  {line}" for line in report.left_out)
    return "\n".join(lines)


class ImportDialog(QDialog):
    imported = Signal(list)  # ids of the new documents, after the import has been written

    def __init__(self, project: Project, parent: QWidget | None = None, paths: Sequence[Path] = ()) -> None:
        super().__init__(parent)
        self.project = project
        self.runner: JobRunner | None = None
        self.job: ImportJob | None = None
        self.setWindowTitle("Import documents")
        self.setMinimumSize(560, 380)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Word, OpenDocument, PDF, RTF, HTML, Markdown and text files become documents; subtitles (SRT, "
            "WebVTT), noScribe HTML and timestamped text become transcripts with speakers and times."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.files = QListWidget()
        self.files.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        layout.addWidget(self.files, 3)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add files…")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        recording_row = QHBoxLayout()
        self.recording_label = QLabel(NO_RECORDING)
        self.recording_label.setWordWrap(True)
        self.recording_button = QPushButton("Link a recording…")
        self.recording_button.setToolTip(
            "Stored in the project (encrypted); the timed transcripts play in step with it"
        )
        self.recording_button.clicked.connect(self.choose_recording)
        recording_row.addWidget(self.recording_label, 1)
        recording_row.addWidget(self.recording_button)
        layout.addLayout(recording_row)
        self.recording: tuple[Path, RecordingInfo] | None = None
        self.recording_import: RecordingImport | None = None
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.hide()
        layout.addWidget(self.bar)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroller = QScrollArea()  # a long list of what was left out scrolls instead of being cut off
        scroller.setWidget(self.summary)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(scroller, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.close_button = QPushButton("Cancel")
        self.import_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.add_paths(paths)

    # -- choosing files ------------------------------------------------------------------

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.files.count())]

    def add_paths(self, paths: Sequence[Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if path not in known:
                self.files.addItem(path.name)
                item = self.files.item(self.files.count() - 1)
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setToolTip(str(path))
                known.add(path)
        self._update_buttons()

    def choose_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, "Import documents", "", file_filter())
        self.add_paths([Path(p) for p in chosen])

    def choose_recording(self) -> None:
        patterns = " ".join(f"*{s}" for s in sorted(AUDIO_SUFFIXES | VIDEO_SUFFIXES))
        chosen, _ = QFileDialog.getOpenFileName(self, "Link a recording", "", f"Recordings ({patterns})")
        if chosen:
            self.set_recording(Path(chosen))

    def set_recording(self, path: Path) -> bool:
        """Probe it now: a file that is not audio is said at once, before anything is stored."""
        try:
            info = probe(path)
        except QdaError as exc:
            QMessageBox.warning(self, "Cannot use this recording", str(exc))
            return False
        self.recording = (path, info)
        self.recording_label.setText(f"Recording: {path.name} ({clock(info.duration_s)}), for the timed transcripts")
        return True

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self.runner is None
        self.import_button.setEnabled(idle and self.files.count() > 0)
        self.add_button.setEnabled(idle)
        self.recording_button.setEnabled(idle)
        self.remove_button.setEnabled(idle and self.files.count() > 0)

    # -- the job -------------------------------------------------------------------------

    def start(self) -> None:
        """Store the recording first when there is one (its own job), then import the files."""
        if self.runner is not None or self.recording_import is not None or not self.paths():
            return
        if self.recording is None:
            self._start_import(None, None)
            return
        path, info = self.recording
        self.recording_import = RecordingImport(self.project, path, info, self)
        self.recording_import.finished.connect(lambda media_id: self._recording_stored(media_id, info.duration_s))
        self.summary.setText(f"Storing {path.name} in the project (encrypted)…")
        self.import_button.setEnabled(False)
        self.recording_import.start()

    def _recording_stored(self, media_id: int | None, duration_s: float) -> None:
        if media_id is None:
            error = self.recording_import.error if self.recording_import is not None else ""
            self.summary.setText(f"The recording could not be stored, so nothing was imported. {error}".strip())
            self.recording_import = None
            self._update_buttons()
            return
        self._start_import(media_id, duration_s)

    def _start_import(self, media_id: int | None, duration_s: float | None) -> None:
        self.job = ImportJob(self.project, self.paths(), media_id, duration_s)
        self.runner = JobRunner(self.project, self.job, self)
        self.runner.progress.connect(self._show_progress)
        self.runner.done.connect(self._done)
        self.bar.setValue(0)
        self.bar.show()
        self.summary.setText(f"Reading {plural(len(self.job.paths), 'file')}…")
        self._update_buttons()
        self.runner.start()

    def _show_progress(self, progress: Progress) -> None:
        self.bar.setValue(int(progress.fraction * 1000))
        self.bar.setFormat(describe(progress))

    def _done(self, status: str) -> None:
        assert self.job is not None and self.runner is not None
        self.bar.setValue(1000)
        self.bar.setFormat({DONE: "Done", CANCELLED: "Cancelled"}.get(status, "Failed"))
        for widget in (self.files, self.add_button, self.remove_button, self.recording_button):
            widget.hide()  # the summary takes their place
        if status == DONE:
            self.summary.setText(outcome_text(self.job.report))
        elif status == CANCELLED:
            self.summary.setText("Cancelled: nothing was imported.")
        else:
            self.summary.setText(f"The import failed, and nothing was imported: {self.runner.error}")
        self.import_button.hide()
        self.close_button.setText("Close")
        if self.job.document_ids:
            self.imported.emit(self.job.document_ids)

    @property
    def running(self) -> bool:
        return self.runner is not None and self.runner.status is None

    def reject(self) -> None:
        """Cancel while the import runs (nothing is imported); close once it has ended."""
        if self.running:
            assert self.runner is not None
            self.runner.cancel()
            return
        super().reject()

    def stop(self) -> None:
        """Before the project closes: stop the job and wait for it."""
        if self.recording_import is not None:
            self.recording_import.cancel()
        if self.running:
            assert self.runner is not None
            self.runner.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            assert self.runner is not None
            self.runner.cancel()
            event.ignore()
            return
        super().closeEvent(event)
