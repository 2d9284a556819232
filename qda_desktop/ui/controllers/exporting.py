"""File > Export…: the export dialog for the open project."""

from __future__ import annotations

from qda_desktop.ui.controllers.base import Controller
from qda_desktop.ui.export_dialog import ExportDialog


class ExportController(Controller):
    def add_menu_actions(self) -> None:
        self.action = self.host.add_action(self.host.menu("file"), "&Export…", self.open_dialog, "Ctrl+Shift+E")

    def open_dialog(self) -> None:
        if self.project is None:
            return
        self.host.flush_edits()  # export what the editor shows
        ExportDialog(self.project, self.host.window()).exec()
