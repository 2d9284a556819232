"""The codebook dock and what works on codes, plus the retrieval and search tabs that show their extracts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from qda_desktop.core import retrieval, views
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import AddCode, DeleteCode, MergeCodes, MoveCode, UpdateCode
from qda_desktop.core.project import Project
from qda_desktop.core.wording import plural
from qda_desktop.errors import QdaError
from qda_desktop.exchange.codebook_import import ImportCodebook, plan_codebook_for
from qda_desktop.ui.codebook_import_dialog import CodebookImportDialog
from qda_desktop.ui.codebook_panel import CodebookPanel
from qda_desktop.ui.controllers.base import Controller, Host
from qda_desktop.ui.dialogs import ChooseCodeDialog, CodeDetailsDialog
from qda_desktop.ui.retrieval_panel import RetrievalPanel
from qda_desktop.ui.search_panel import SearchPanel
from qda_desktop.ui.theme import next_code_color


class CodebookController(Controller):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.codebook = CodebookPanel()
        self.retrieval = RetrievalPanel()
        self.search = SearchPanel()
        host.add_left_dock(self.codebook, "Codebook")
        host.add_tab(self.retrieval, "Retrieval")
        host.add_tab(self.search, "Search")
        self.codebook.code_selected.connect(self.show_extracts)
        self.codebook.rename_requested.connect(self.rename_code)
        self.codebook.tree.move_requested.connect(self.move_code)
        self.retrieval.jump_requested.connect(host.jump_to)
        self.search.jump_requested.connect(host.jump_to)
        self.search.search_requested.connect(self.run_search)
        self.retrieval.query_changed.connect(lambda: self.show_extracts(self.codebook.current_code()))
        self.retrieval.context_requested.connect(self.show_context)

    def add_menu_actions(self) -> None:
        """The code actions, in the Code menu and in the codebook's context menu (the same actions)."""
        add, menu = self.host.add_action, self.host.menu("code")
        actions = [
            add(menu, "&New code…", self.new_code, "Ctrl+Shift+N"),
            add(menu, "New &sub-code…", self.new_sub_code),
            add(menu, "Code &details…", self.edit_code_details, "Ctrl+D"),
            add(menu, "Merge code &into…", self.merge_code),
            add(menu, "&Delete code…", self.delete_code),
            add(menu, "&Import codebook…", self.import_codebook),
        ]
        for action in actions:
            self.codebook.menu.addAction(action)

    # -- hooks -------------------------------------------------------------------

    def project_opened(self, project: Project) -> None:
        self.refresh_codes()

    def project_closed(self) -> None:
        self.codebook.clear()
        self.retrieval.clear_extracts()

    def changed(self, changes: Changes) -> None:
        areas = changes.areas
        if areas & {"codes", "codings"}:
            self.refresh_codes()
        if areas & {"codes", "codings", "documents", "cases", "case_attributes", "document_cases", "attributes"}:
            self.show_extracts(self.codebook.current_code())

    def refresh_codes(self) -> None:
        if self.project is None:
            return
        rows = views.code_rows(self.project)
        self.codebook.set_codes(rows)
        self.host.workspace.set_codes(rows)
        self.search.set_codes(rows)

    def current_code(self) -> int | None:
        return self.codebook.current_code()

    # -- codes -----------------------------------------------------------------------

    def _ask_name(self, title: str, label: str, value: str = "") -> str | None:
        name, ok = QInputDialog.getText(self.host.window(), title, label, text=value)
        return name.strip() if ok and name.strip() else None

    def new_code(self, parent_id: int | None = None) -> None:
        name = self._ask_name("New code", "Name of the new code:")
        if name:
            color = next_code_color(len(self.host.workspace.styles))
            changes = self.host.run(AddCode(name, parent_id=parent_id, color=color))
            if changes is not None:
                self.codebook.select_code(changes.result)

    def new_sub_code(self) -> None:
        parent = self.codebook.current_code()
        if parent is None:
            self.host.status("Choose the parent code in the codebook first")
            return
        self.new_code(parent)

    def rename_code(self, code_id: int, name: str) -> None:
        if self.host.run(UpdateCode(code_id, {"name": name})) is None:
            self.refresh_codes()  # put the old name back in the tree

    def move_code(self, code_id: int, parent_id: int | None, position: int) -> None:
        self.host.run(MoveCode(code_id, parent_id, position))

    def edit_code_details(self) -> None:
        code_id = self.codebook.current_code()
        row = self.codebook.row(code_id) if code_id is not None else None
        if row is None:
            return
        dialog = CodeDetailsDialog(row, self.host.window())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.changes():
            self.host.run(UpdateCode(row.id, dialog.changes()))

    def merge_code(self) -> None:
        code_id = self.codebook.current_code()
        row = self.codebook.row(code_id) if code_id is not None else None
        if row is None:
            return
        dialog = ChooseCodeDialog(
            "Merge code",
            f"Merge “{row.name}” and its codings into:",
            self.codebook.rows(),
            {row.id},
            self.host.window(),
        )
        chosen = dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        if chosen is not None:
            self.host.run(MergeCodes(row.id, chosen))

    def delete_code(self) -> None:
        code_id = self.codebook.current_code()
        row = self.codebook.row(code_id) if code_id is not None else None
        if row is None:
            return
        answer = QMessageBox.question(
            self.host.window(),
            "Delete code",
            f"Delete “{row.name}”, its sub-codes and their {plural(row.codings, 'coding')} in "
            f"{plural(row.documents, 'document')}? You can undo this.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.host.run(DeleteCode(row.id))

    def import_codebook(self) -> None:
        if self.project is None:
            return
        path, _filter = QFileDialog.getOpenFileName(
            self.host.window(), "Import codebook", "", "Spreadsheets (*.csv *.xlsx *.xlsm *.tsv *.txt)"
        )
        if path:
            self.import_codebook_file(Path(path))

    def import_codebook_file(self, path: Path) -> None:
        """Show the plan for ``path``; Import applies it as one undo step."""
        if self.project is None:
            return
        try:
            plan = plan_codebook_for(self.project, path)
        except QdaError as exc:
            QMessageBox.warning(self.host.window(), "Import codebook", str(exc))
            return
        dialog = CodebookImportDialog(plan, self.host.window())
        if dialog.exec() == QDialog.DialogCode.Accepted and self.host.run(ImportCodebook(plan)) is not None:
            self.host.status(plan.summary())

    # -- retrieval and search ------------------------------------------------------------

    def show_extracts(self, code_id: int | None) -> None:
        self.host.workspace.current_code = code_id
        styles = self.host.workspace.styles
        if self.project is None or code_id is None or code_id not in styles:
            self.retrieval.clear_extracts()
            return
        self.retrieval.set_filter_choices(retrieval.filter_choices(self.project))
        extracts = retrieval.retrieve(self.project, self.retrieval.query(code_id))
        self.retrieval.show_extracts(styles[code_id].name, extracts)

    def show_context(self, extract: retrieval.Extract, unit: retrieval.ContextUnit) -> None:
        if self.project is not None:
            self.retrieval.show_context(extract, retrieval.in_context(self.project, extract, unit))

    def run_search(self, words: str, scope_code: int | None = None) -> None:
        if self.project is None:
            return
        try:
            hits = views.search(self.project, words, scope_code)
        except QdaError as exc:
            self.search.show_error(str(exc))
            return
        styles = self.host.workspace.styles
        scope = styles[scope_code].name if scope_code is not None and scope_code in styles else None
        self.search.show_hits(hits, retrieval.search_summary(hits, words, scope))
