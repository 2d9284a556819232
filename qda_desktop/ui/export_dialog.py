"""File > Export…: choose what to export, the format, the options and the file; the export runs as a job
inside the dialog (progress, Cancel) and ends with a summary. The file leaves the encrypted project as
plain text, so the dialog says so and asks before writing it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core.jobs import CANCELLED, DONE, Progress, describe
from qda_desktop.core.project import Project
from qda_desktop.core.wording import listing
from qda_desktop.errors import QdaError
from qda_desktop.exchange.exports.builders import Options
from qda_desktop.exchange.exports.job import ExportJob
from qda_desktop.exchange.exports.kinds import FORMAT_TITLES, KIND_TITLES, OUR_FORMATS, formats_for, kinds
from qda_desktop.exchange.report import plural
from qda_desktop.ui.jobs import JobRunner

PLAINTEXT_WARNING = (
    "The file will not be encrypted: what you export leaves the protected project as plain text. "
    "Keep it somewhere safe and share it only with people who may read it."
)
CASE_LABELS_NOTE = (
    "Document names and the names of transcript speakers who are participants become their case's label. "
    "Words inside the extracts are not changed."
)


# The exports that read the two options (REFI-QDA files and the audit trail do not).
OPTIONS_APPLY = {(kind, fmt) for kind in ("codebook", "extracts", "theme-extracts", "themes") for fmt in OUR_FORMATS}


def ask_plaintext(parent: QWidget, path: Path) -> bool:
    """The confirmation before plain text leaves the project."""
    answer = QMessageBox.warning(
        parent,
        "Export without encryption?",
        f"{PLAINTEXT_WARNING}\n\nWrite {path.name}?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class ExportDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.runner: JobRunner | None = None
        self.confirm: Callable[[QWidget, Path], bool] = ask_plaintext  # tests answer it themselves
        self.setWindowTitle("Export")
        self.setMinimumWidth(560)
        self.kind = QComboBox()
        for kind in kinds():
            self.kind.addItem(KIND_TITLES.get(kind, kind), kind)
        self.format = QComboBox()
        self.memos = QCheckBox("Include code and coding memos")
        self.case_labels = QCheckBox("Replace participant names with their case labels")
        self.case_labels.setToolTip(CASE_LABELS_NOTE)
        note = QLabel(CASE_LABELS_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #666666; margin-left: 22px;")
        options = QVBoxLayout()
        options.setSpacing(4)
        for widget in (self.memos, self.case_labels, note):
            options.addWidget(widget)
        self.file = QLineEdit()
        self.file.setPlaceholderText("Choose where to save the file")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)

        form = QFormLayout()
        form.addRow("Export:", self.kind)
        form.addRow("Format:", self.format)
        form.addRow("Options:", options)
        form.addRow("File:", file_row)
        self.form = QWidget()
        self.form.setLayout(form)

        warning = QLabel(f"<b>Not encrypted.</b> {PLAINTEXT_WARNING}")
        warning.setWordWrap(True)
        warning.setStyleSheet("background: #fff4ce; color: #5c4400; padding: 8px; border-radius: 4px;")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.cancel_or_close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(warning)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._fill_formats)
        self.format.currentIndexChanged.connect(self._follow_format)
        self.file.textChanged.connect(self._update_buttons)
        self._fill_formats()

    # -- choosing ------------------------------------------------------------------------------------------------

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def _fill_formats(self) -> None:
        kind = self.chosen_kind()
        self.format.blockSignals(True)
        self.format.clear()
        for fmt in formats_for(kind):
            self.format.addItem(FORMAT_TITLES.get(fmt, fmt), fmt)
        self.format.blockSignals(False)
        self._follow_format()

    def _follow_format(self) -> None:
        """Give the chosen file the format's extension (or suggest a name next to the project)."""
        fmt = self.chosen_format()
        with_options = (self.chosen_kind(), fmt) in OPTIONS_APPLY
        self.memos.setEnabled(with_options)
        self.case_labels.setEnabled(with_options)
        text = self.file.text().strip()
        path = Path(text) if text else self.project.path.parent / self.chosen_kind()
        self.file.setText(str(path.with_suffix(f".{fmt}")))

    def choose_file(self) -> None:
        fmt = self.chosen_format()
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.file.text(), f"{FORMAT_TITLES[fmt]} (*.{fmt})")
        if chosen:
            self.file.setText(chosen)

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(bool(self.file.text().strip()) and self.runner is None)

    # -- running -------------------------------------------------------------------------------------------------

    def start(self) -> None:
        path = Path(self.file.text().strip()).expanduser()
        if not self.confirm(self, path):
            return
        options = Options(memos=self.memos.isChecked(), case_labels=self.case_labels.isChecked())
        try:
            job = ExportJob(self.project, self.chosen_kind(), self.chosen_format(), path, options)
        except QdaError as exc:
            self.summary.setText(str(exc))
            return
        self.runner = JobRunner(self.project, job, self)
        self.runner.progress.connect(self._show_progress)
        self.runner.done.connect(lambda status: self._finished(job, status))
        self.form.setEnabled(False)
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.summary.setText(f"Writing {path.name}…")
        self.runner.start()

    def _show_progress(self, progress: Progress) -> None:
        self.progress.setValue(int(progress.fraction * 1000))
        self.progress.setFormat(describe(progress))

    def _finished(self, job: ExportJob, status: str) -> None:
        runner, self.runner = self.runner, None
        self.progress.hide()
        self.form.setEnabled(True)
        self._update_buttons()
        self.close_button.setText("Close")
        if status == DONE and job.report is not None:
            counts = listing([plural(n, noun) for noun, n in job.report.counts.items() if n])
            lines = [f"Wrote {job.path.name}: {counts or 'nothing'}.", f"Saved in {job.path.parent}."]
            if left_out := [*job.report.problems, *job.report.left_out]:
                lines += ["Not in the file:", *(f"•  {line}" for line in left_out)]
            self.summary.setText("\n".join(lines))
        elif status == CANCELLED:
            self.summary.setText("Export cancelled: no file was written.")
        else:
            self.summary.setText(runner.error if runner is not None and runner.error else "The export failed.")
        self.adjustSize()  # room for the summary without squeezing the form

    def cancel_or_close(self) -> None:
        if self.runner is not None:
            self.runner.cancel()
        else:
            self.reject()

    def done(self, result: int) -> None:
        if self.runner is not None:  # closing the window while exporting cancels the export first
            self.runner.stop()
            self.runner = None
        super().done(result)
