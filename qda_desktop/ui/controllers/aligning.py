"""Transcript > Align to recording…: a typed transcript gains the times of its recording (one undo step)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox

from qda_desktop.core import views
from qda_desktop.core.jobs import CANCELLED, DONE
from qda_desktop.errors import QdaError
from qda_desktop.transcribe.recordings import probe
from qda_desktop.ui.align_dialog import AlignDialog, AlignRun
from qda_desktop.ui.controllers.base import Controller, Host
from qda_desktop.ui.transcription_ui import choose_model


class AligningController(Controller):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.run_: AlignRun | None = None

    def add_menu_actions(self) -> None:
        menu = self.host.menu("transcript")
        action = self.host.add_action(None, "Al&ign to recording…", self.align_current)
        if not menu.actions():
            menu.addAction(action)
            return
        first = menu.actions()[0]  # first in the menu, above the speaker actions
        menu.insertAction(first, action)
        menu.insertSeparator(first)

    def before_close(self) -> None:
        if self.run_ is not None:
            self.run_.stop()  # nothing is stored before the end, so nothing is left behind

    def align_current(self) -> None:
        """Ask which recording and language, then start the job (one alignment at a time)."""
        project, doc_id = self.project, self.host.workspace.current_document
        if project is None or doc_id is None:
            self.host.status("Open a document to align it to its recording")
            return
        if self.run_ is not None and self.run_.running:
            self.host.status("An alignment is already running")
            return
        self.host.flush_edits()
        doc = views.document_text(project, doc_id)
        if doc is None:
            return
        if views.is_timed(project, doc_id):
            QMessageBox.information(
                self.host.window(), "Align to recording", f"'{doc.name}' already has times: nothing to align."
            )
            return
        dialog = AlignDialog(doc.name, views.recordings(project), self.host.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.start(doc_id, dialog)

    def start(self, doc_id: int, dialog: AlignDialog) -> AlignRun | None:
        chosen = dialog.recording()
        if self.project is None or chosen is None:
            return None
        if isinstance(chosen[0], Path):
            try:
                info = probe(chosen[0])  # a clear message for a file that is not audio, before the job starts
            except QdaError as exc:
                QMessageBox.warning(self.host.window(), "Cannot align", f"{exc}\n\nNothing was changed.")
                return None
            if info.warning(chosen[1]):
                QMessageBox.warning(self.host.window(), "The recording ends early", info.warning(chosen[1]))
        model = choose_model(self.host.window())
        if model is None:
            return None
        self.run_ = AlignRun(self.project, doc_id, chosen, dialog.language_code(), model, self.host.window())
        self.run_.finished.connect(self._finished)
        self.run_.start()
        return self.run_

    def _finished(self, status: str) -> None:
        run = self.run_
        if run is None:
            return
        self.host.refresh_now()
        if run.job.note:  # e.g. the GPU could not be used
            self.host.status(run.job.note, 10_000)
        if status == DONE:
            self.host.status(run.job.summary, 10_000)
            QMessageBox.information(self.host.window(), "Aligned", run.job.summary[0].upper() + run.job.summary[1:])
        elif status == CANCELLED:
            self.host.status("Alignment cancelled; nothing was changed", 8000)
        else:
            QMessageBox.warning(self.host.window(), "Cannot align", f"{run.error}\n\nNothing was changed.")
