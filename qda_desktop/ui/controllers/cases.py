"""The Cases tab: cases and attributes in a table, links to documents and speakers, sheet import."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from qda_desktop.core import views
from qda_desktop.core.case_table import CaseTable, case_table, speaker_links
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import (
    AddCase,
    Batch,
    CaseForDocument,
    Command,
    DefineAttribute,
    DeleteAttribute,
    DeleteCase,
    LinkDocumentToCase,
    LinkSpeakerToCase,
    MergeCases,
    RenameCase,
    SetCaseAttribute,
    UnlinkDocumentFromCase,
    UpdateAttribute,
)
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError
from qda_desktop.exchange.case_import import ImportCases, read_state
from qda_desktop.exchange.spreadsheets import read_table
from qda_desktop.ui.case_import_dialog import CaseImportDialog
from qda_desktop.ui.cases_view import CasesView
from qda_desktop.ui.controllers.base import Controller, Host
from qda_desktop.ui.side_panels import DocumentsPanel

TABLE_AREAS = {"cases", "attributes", "case_attributes", "document_cases", "documents", "speaker_cases"}
SPEAKER_AREAS = {"cases", "segments", "speaker_cases"}


class CasesController(Controller):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.view = CasesView()
        host.add_tab(self.view, "Cases")
        self.dialog: CaseImportDialog | None = None
        v = self.view
        v.add_case_requested.connect(self.add_case)
        v.rename_requested.connect(lambda case, name: self._run(RenameCase(case, name)))
        v.delete_requested.connect(self.delete_cases)
        v.merge_requested.connect(self.merge_cases)
        v.value_edited.connect(lambda case, attribute, value: self._run(SetCaseAttribute(case, attribute, value)))
        v.add_attribute_requested.connect(self.add_attribute)
        v.rename_attribute_requested.connect(self.ask_attribute_name)
        v.retype_requested.connect(self.retype_attribute)
        v.delete_attribute_requested.connect(lambda attribute: self._run(DeleteAttribute(attribute)))
        v.link_documents_requested.connect(self.link_selected_documents)
        v.import_requested.connect(self.import_cases)
        v.speaker_link_requested.connect(self.link_speaker)
        documents = getattr(host, "documents", None)
        self.documents = documents if isinstance(documents, DocumentsPanel) else None
        if self.documents is not None:
            self.documents.customContextMenuRequested.connect(self._documents_menu)

    def add_menu_actions(self) -> None:
        self.host.add_action(self.host.menu("file"), "Import &cases…", self.import_cases)

    # -- hooks -------------------------------------------------------------------

    def project_opened(self, project: Project) -> None:
        self.refresh()

    def project_closed(self) -> None:
        self.view.set_cases(CaseTable((), ()))
        self.view.show_speakers(None, [])

    def document_shown(self, document_id: int | None) -> None:
        self.refresh_speakers()

    def changed(self, changes: Changes) -> None:
        if changes.areas & TABLE_AREAS and self.project is not None:
            self.view.set_cases(case_table(self.project))
        if changes.areas & SPEAKER_AREAS:  # the choosers list the cases, and the transcript's speakers
            self.refresh_speakers()

    def refresh(self) -> None:
        if self.project is not None:
            self.view.set_cases(case_table(self.project))
            self.refresh_speakers()

    def refresh_speakers(self) -> None:
        doc = self.host.workspace.current_document
        found = speaker_links(self.project, doc) if self.project is not None and doc is not None else None
        self.view.show_speakers(*(found or (None, [])))

    def _run(self, command: Command[Any]) -> Changes | None:
        changes = self.host.run(command)
        if changes is None:
            self.refresh()  # refused: show the stored values again, not what was typed
        return changes

    # -- cases -------------------------------------------------------------------------

    def add_case(self) -> None:
        if self.project is None:
            return
        names = {row.name for row in case_table(self.project).rows}
        name = next(f"Case {n}" for n in range(1, len(names) + 2) if f"Case {n}" not in names)
        changes = self._run(AddCase(name))
        if changes is not None:
            self.view.edit_case_name(int(changes.result))

    def delete_cases(self, case_ids: list[int]) -> None:
        if case_ids:
            label = "Delete case" if len(case_ids) == 1 else f"Delete {len(case_ids)} cases"
            self._run(Batch(label, [DeleteCase(c) for c in case_ids]))

    def merge_cases(self, survivor: int, merged: list[int]) -> None:
        changes = self._run(MergeCases(survivor, tuple(merged)))
        if changes is not None and changes.result:
            self.host.status(f"Merged; kept the first value where they differed: {'; '.join(changes.result)}", 15000)

    # -- attributes ----------------------------------------------------------------------

    def add_attribute(self) -> None:
        if self.project is None:
            return
        names = {a.name for a in case_table(self.project).attributes}
        name = next(f"Attribute {n}" for n in range(1, len(names) + 2) if f"Attribute {n}" not in names)
        if self._run(DefineAttribute(name)) is not None:
            self.host.status(f"Added '{name}': right-click its column header to rename it or set its type", 8000)

    def _attribute(self, attribute_id: int) -> tuple[str, str] | None:
        if self.project is None:
            return None
        found = [(a.name, a.value_type) for a in case_table(self.project).attributes if a.id == attribute_id]
        return found[0] if found else None

    def ask_attribute_name(self, attribute_id: int) -> None:
        current = self._attribute(attribute_id)
        if current is None:
            return
        name, ok = QInputDialog.getText(self.host.window(), "Rename attribute", "Name:", text=current[0])
        if ok and name.strip():
            self.rename_attribute(attribute_id, name)

    def rename_attribute(self, attribute_id: int, name: str) -> None:
        current = self._attribute(attribute_id)
        if current is not None:
            self._run(UpdateAttribute(attribute_id, name, current[1]))

    def retype_attribute(self, attribute_id: int, value_type: str) -> None:
        current = self._attribute(attribute_id)
        if current is not None and current[1] != value_type:
            self._run(UpdateAttribute(attribute_id, current[0], value_type))

    # -- documents and speakers ------------------------------------------------------------

    def selected_documents(self) -> list[int]:
        return self.documents.selected_documents() if self.documents is not None else []

    def link_selected_documents(self, case_id: int) -> None:
        docs = self.selected_documents()
        if not docs:
            self.host.status("Select documents in the Documents list first")
            return
        label = "Link document to case" if len(docs) == 1 else f"Link {len(docs)} documents to case"
        self._run(Batch(label, [LinkDocumentToCase(d, case_id) for d in docs]))

    def link_speaker(self, speaker: str, case_id: int | None) -> None:
        doc = self.host.workspace.current_document
        if doc is not None:
            self._run(LinkSpeakerToCase(doc, speaker, case_id))

    def _documents_menu(self, pos: QPoint) -> None:
        assert self.documents is not None
        docs = self.selected_documents()
        if self.project is None or not docs:
            return
        rows = case_table(self.project).rows
        menu = QMenu(self.documents)
        link = menu.addMenu("Link to case")
        for row in rows:
            link.addAction(row.name, partial(self.link_selected_documents, row.id))
        link.setEnabled(bool(rows))
        names = {r.id: r.name for r in views.document_rows(self.project)}
        linked = [r for r in rows if any(names.get(d) in r.documents for d in docs)]
        unlink = menu.addMenu("Unlink from case")
        for row in linked:
            commands = [UnlinkDocumentFromCase(d, row.id) for d in docs]
            unlink.addAction(row.name, partial(self._run, Batch("Unlink from case", list(commands))))
        unlink.setEnabled(bool(linked))
        menu.addAction("New case for each document", lambda: self.case_per_document(docs))
        menu.exec(self.documents.viewport().mapToGlobal(pos))

    def case_per_document(self, docs: list[int]) -> None:
        """A case named after each document, linked to it (one step)."""
        if self.project is None:
            return
        self._run(Batch("New case for each document", [CaseForDocument(d) for d in docs]))

    # -- import ----------------------------------------------------------------------------

    def import_cases(self) -> None:
        if self.project is None:
            return
        chosen, _ = QFileDialog.getOpenFileName(
            self.host.window(), "Import cases", "", "Spreadsheets (*.csv *.tsv *.txt *.xlsx *.xlsm)"
        )
        if chosen:
            self.preview(Path(chosen))

    def preview(self, path: Path) -> CaseImportDialog | None:
        """Read the sheet and show the plan; Import in the dialog applies it as one step."""
        if self.project is None:
            return None
        try:
            table = read_table(path)
        except QdaError as exc:
            QMessageBox.warning(self.host.window(), "Cannot import cases", str(exc))
            return None
        with self.project.read() as session:
            state = read_state(session)
        self.dialog = CaseImportDialog(table, state, self.host.window())
        self.dialog.accepted.connect(self._apply_import)
        self.dialog.open()
        return self.dialog

    def _apply_import(self) -> None:
        if self.dialog is None:
            return
        changes = self._run(ImportCases(self.dialog.plan))
        if changes is not None:
            self.host.status(changes.result.summary(), 15000)
        self.dialog.deleteLater()
        self.dialog = None
