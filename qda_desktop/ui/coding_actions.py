"""What the user can do in the main window: the routes to apply a code, work on codings and
codes, memos and the journal. Each route ends in one command run through ``run``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from qda_desktop.core import views
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import (
    AddCode,
    AddJournalEntry,
    AddMemo,
    ApplyCode,
    ApplyNewCode,
    Batch,
    Command,
    DeleteCode,
    DeleteJournalEntry,
    DeleteMemo,
    ImportText,
    MergeCodes,
    MoveCode,
    ReattachCoding,
    RemoveCoding,
    SetCodingMemo,
    SetCodingRange,
    UpdateCode,
    UpdateJournalEntry,
    UpdateMemo,
)
from qda_desktop.core.commands.codings import in_vivo_name
from qda_desktop.core.listings import CodeRow
from qda_desktop.core.project import Project
from qda_desktop.core.textfiles import read_text_file
from qda_desktop.errors import QdaError
from qda_desktop.ui.codebook_panel import CodebookPanel
from qda_desktop.ui.dialogs import ChooseCodeDialog, CodeDetailsDialog
from qda_desktop.ui.document_view import CodeStyle, CodingEditor
from qda_desktop.ui.notes_panel import Note, NotesPanel
from qda_desktop.ui.side_panels import DocumentsPanel, RetrievalPanel, SearchPanel
from qda_desktop.ui.theme import next_code_color

MAX_RECENT_CODES = 9


class CodingActions(QMainWindow):
    """The main window's actions; ``MainWindow`` builds the widgets these methods use."""

    project: Project | None
    current_document: int | None
    editor: CodingEditor
    codebook: CodebookPanel
    documents: DocumentsPanel
    retrieval: RetrievalPanel
    search: SearchPanel
    memos: NotesPanel
    journal: NotesPanel
    code_box: QLineEdit
    detached_choice: QComboBox
    recent_codes: list[int]
    _styles: dict[int, CodeStyle]

    def run(self, command: Command) -> Changes | None:
        raise NotImplementedError

    def flush_edits(self) -> None:
        raise NotImplementedError

    def show_document(self, document_id: int) -> None:
        raise NotImplementedError

    def _refresh_codebook(self) -> None:
        raise NotImplementedError

    # -- applying codes --------------------------------------------------------

    def _selection_or_hint(self) -> tuple[int, int] | None:
        selection = self.editor.selection() if self.current_document is not None else None
        if selection is None:
            self.statusBar().showMessage("Select some text in the document first", 4000)
        return selection

    def apply_code(self, code_id: int) -> None:
        self.flush_edits()
        selection = self._selection_or_hint()
        if selection is None or self.current_document is None:
            return
        name = self._styles[code_id].name if code_id in self._styles else ""
        start, end = selection
        if self.run(ApplyCode(self.current_document, code_id, start, end, code_name=name)) is not None:
            self._remember_code(code_id)

    def _remember_code(self, code_id: int) -> None:
        self.recent_codes = [code_id, *[c for c in self.recent_codes if c != code_id]][:MAX_RECENT_CODES]

    def quick_code(self) -> None:
        code_id = self.recent_codes[0] if self.recent_codes else self.codebook.current_code()
        if code_id is None:
            self.statusBar().showMessage("No current code yet: pick one in the codebook", 4000)
            return
        self.apply_code(code_id)

    def apply_recent(self, n: int) -> None:
        if n <= len(self.recent_codes):
            self.apply_code(self.recent_codes[n - 1])
        else:
            self.statusBar().showMessage(f"There is no recent code {n} yet", 3000)

    def recent_codes_popup(self) -> None:
        menu = QMenu(self)
        for n, code_id in enumerate(self.recent_codes, start=1):
            action = menu.addAction(f"&{n}  {self._styles[code_id].name}")
            action.triggered.connect(lambda _c=False, c=code_id: self.apply_code(c))
        if not self.recent_codes:
            menu.addAction("No recent codes yet").setEnabled(False)
        menu.exec(self.editor.mapToGlobal(self.editor.cursorRect().bottomRight()))

    def focus_code_box(self) -> None:
        self.code_box.setFocus()
        self.code_box.selectAll()

    def apply_from_code_box(self) -> None:
        typed = self.code_box.text().strip()
        if not typed:
            return
        paths = self._code_paths(self.codebook.rows())
        match = next((cid for cid, p in paths.items() if p.lower() == typed.lower()), None)
        if match is None:
            named = [cid for cid, p in paths.items() if p.rsplit(" / ", 1)[-1].lower() == typed.lower()]
            match = named[0] if len(named) == 1 else None
        if match is not None:
            self.apply_code(match)
        else:
            self._apply_new_code(typed, in_vivo=False)
        self.code_box.clear()
        self.editor.setFocus()

    def code_in_vivo(self) -> None:
        name = in_vivo_name(self.editor.selected_text())
        if not name:
            self.statusBar().showMessage("Select the words that should name the new code", 4000)
            return
        self._apply_new_code(name, in_vivo=True)

    def _apply_new_code(self, name: str, in_vivo: bool) -> None:
        selection = self._selection_or_hint()
        if selection is None or self.current_document is None:
            return
        color = next_code_color(len(self._styles))
        changes = self.run(ApplyNewCode(name, self.current_document, *selection, color=color, in_vivo=in_vivo))
        if changes is not None:
            code_id, _coding = changes.result
            self._remember_code(code_id)
            self.codebook.select_code(code_id)

    @staticmethod
    def _code_paths(rows: list[CodeRow]) -> dict[int, str]:
        by_id = {r.id: r for r in rows}
        paths: dict[int, str] = {}
        for row in rows:
            parent = by_id.get(row.parent_id) if row.parent_id is not None else None
            paths[row.id] = f"{paths[parent.id]} / {row.name}" if parent and parent.id in paths else row.name
        return paths

    # -- codings ---------------------------------------------------------------

    def _on_coding_clicked(self, coding_id: int) -> None:
        span = self.editor._by_id.get(coding_id)
        if span is not None:
            self.statusBar().showMessage(f"Coding: {self._styles[span.code_id].name}", 3000)

    def remove_selected_coding(self) -> None:
        if self.editor.selected_coding is None:
            self.statusBar().showMessage("Click a highlight or a stripe to choose a coding first", 4000)
            return
        self.run(RemoveCoding(self.editor.selected_coding))

    def resize_selected_coding(self) -> None:
        selection = self._selection_or_hint()
        if selection is not None and self.editor.selected_coding is not None:
            self.run(SetCodingRange(self.editor.selected_coding, *selection))

    def edit_coding_memo(self) -> None:
        coding_id = self.editor.selected_coding
        if coding_id is None:
            self.statusBar().showMessage("Click a highlight or a stripe to choose a coding first", 4000)
            return
        current = self.editor._memos.get(coding_id, "")
        text, ok = QInputDialog.getMultiLineText(self, "Coding memo", "Why this passage, with this code:", current)
        if ok and text != current:
            self.run(SetCodingMemo(coding_id, text))

    def reattach_detached(self) -> None:
        coding_id = self.detached_choice.currentData()
        selection = self._selection_or_hint()
        if coding_id is not None and selection is not None:
            self.run(ReattachCoding(int(coding_id), *selection))

    def jump_to(self, document_id: int, start: int, end: int) -> None:
        self.documents.select(document_id)
        self.show_document(document_id)
        self.editor.select_range(start, end)
        self.editor.setFocus()

    # -- codebook --------------------------------------------------------------

    def _ask_name(self, title: str, label: str, value: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, label, text=value)
        return name.strip() if ok and name.strip() else None

    def new_code(self, parent_id: int | None = None) -> None:
        name = self._ask_name("New code", "Name of the new code:")
        if name:
            changes = self.run(AddCode(name, parent_id=parent_id, color=next_code_color(len(self._styles))))
            if changes is not None:
                self.codebook.select_code(changes.result)

    def new_sub_code(self) -> None:
        parent = self.codebook.current_code()
        if parent is None:
            self.statusBar().showMessage("Choose the parent code in the codebook first", 4000)
            return
        self.new_code(parent)

    def rename_code(self, code_id: int, name: str) -> None:
        if self.run(UpdateCode(code_id, {"name": name})) is None:
            self._refresh_codebook()

    def move_code(self, code_id: int, parent_id: int | None, position: int) -> None:
        self.run(MoveCode(code_id, parent_id, position))

    def edit_code_details(self) -> None:
        code_id = self.codebook.current_code()
        row = self.codebook.row(code_id) if code_id is not None else None
        if row is None:
            return
        dialog = CodeDetailsDialog(row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.changes():
            self.run(UpdateCode(row.id, dialog.changes()))

    def merge_code(self) -> None:
        code_id = self.codebook.current_code()
        row = self.codebook.row(code_id) if code_id is not None else None
        if row is None:
            return
        dialog = ChooseCodeDialog(
            "Merge code", f"Merge “{row.name}” and its codings into:", self.codebook.rows(), {row.id}, self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen() is not None:
            self.run(MergeCodes(row.id, dialog.chosen()))  # type: ignore[arg-type]

    def delete_code(self) -> None:
        code_id = self.codebook.current_code()
        row = self.codebook.row(code_id) if code_id is not None else None
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete code",
            f"Delete “{row.name}”, its sub-codes and their {row.codings} coding(s) in {row.documents} "
            "document(s)? You can undo this.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run(DeleteCode(row.id))

    def show_extracts(self, code_id: int | None) -> None:
        if self.project is None or code_id is None or code_id not in self._styles:
            self.retrieval.clear_extracts()
            return
        extracts = views.extracts(self.project, [code_id])
        self.retrieval.show_extracts(self._styles[code_id].name, extracts)

    # -- search, import ----------------------------------------------------------

    def run_search(self, words: str) -> None:
        if self.project is None:
            return
        try:
            self.search.show_hits(views.search(self.project, words))
        except QdaError as exc:
            self.search.show_error(str(exc))

    def import_files(self) -> None:
        if self.project is None:
            return
        chosen, _ = QFileDialog.getOpenFileNames(self, "Import text files", "", "Text (*.txt *.md)")
        try:
            texts = [(Path(f).stem, read_text_file(Path(f))) for f in chosen]
        except QdaError as exc:
            QMessageBox.warning(self, "Cannot import", str(exc))
            return
        if texts:
            self.run(Batch(f"Import {len(texts)} document(s)", [ImportText(n, t) for n, t in texts]))

    # -- memos and journal -------------------------------------------------------

    def _refresh_memos(self) -> None:
        if self.project is None:
            return
        notes = [Note(m.id, m.title, m.text, m.subtitle) for m in views.memo_notes(self.project)]
        self.memos.set_notes(notes)

    def new_memo(self) -> None:
        target, target_id = ("document", self.current_document) if self.current_document else ("project", None)
        changes = self.run(AddMemo("New memo", "", target, target_id))
        if changes is not None:
            self._refresh_memos()
            self.memos.set_notes(list(self.memos._notes.values()), select=changes.result)

    def save_memo(self, memo_id: int, title: str, text: str) -> None:
        self.run(UpdateMemo(memo_id, title, text))

    def delete_memo(self, memo_id: int) -> None:
        self.run(DeleteMemo(memo_id))

    def _refresh_journal(self) -> None:
        if self.project is None:
            return
        notes = [Note(e.id, e.title, e.text, e.day.isoformat()) for e in views.journal_entries(self.project)]
        self.journal.set_notes(notes)

    def new_journal_entry(self) -> None:
        changes = self.run(AddJournalEntry(date.today(), "", ""))
        if changes is not None:
            self.journal.set_notes(list(self.journal._notes.values()), select=changes.result)
            self._refresh_journal()

    def save_journal_entry(self, entry_id: int, title: str, text: str) -> None:
        if self.project is None:
            return
        day = views.journal_day(self.project, entry_id) or date.today()
        self.run(UpdateJournalEntry(entry_id, day, title, text))

    def delete_journal_entry(self, entry_id: int) -> None:
        self.run(DeleteJournalEntry(entry_id))
