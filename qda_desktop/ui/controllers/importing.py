"""Importing documents from the window: File > Import documents… opens the import dialog; the new
documents show once the job has written them. The one import path: ``exchange.importing``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer

from qda_desktop.ui.controllers.base import Controller
from qda_desktop.ui.import_dialog import ImportDialog


class ImportingController(Controller):
    dialog: ImportDialog | None = None

    def add_menu_actions(self) -> None:
        self.host.add_action(self.host.menu("file"), "&Import documents…", self.import_documents, "Ctrl+I")

    def import_documents(self, paths: Sequence[Path] = ()) -> ImportDialog | None:
        """The dialog, with ``paths`` listed (or the file chooser opened over it when there are none)."""
        if self.project is None:
            return None
        self.host.flush_edits()
        self.dialog = ImportDialog(self.project, self.host.window(), paths)
        self.dialog.imported.connect(self._imported)
        self.dialog.show()
        if not paths:
            QTimer.singleShot(0, self.dialog.choose_files)
        return self.dialog

    def before_close(self) -> None:
        if self.dialog is not None:
            self.dialog.stop()
            self.dialog.close()
            self.dialog = None

    def _imported(self, document_ids: list[int]) -> None:
        self.host.refresh_now()
        self.host.show_document(document_ids[0])
        if self.dialog is not None and self.dialog.job is not None:
            self.host.status(self.dialog.job.report.summary(), 10000)
