"""The main window: documents and codebook on the left, the document in the middle,
retrieval, search, memos and journal on the right. Every change goes through a command."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
)

from qda_desktop.core import settings, views
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import Command, EditDocumentText, SetCodingRange
from qda_desktop.core.highlights import Span
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError
from qda_desktop.ui.document_view import CodeStyle
from qda_desktop.ui.project_opening import ask_new_project, ask_open_project
from qda_desktop.ui.recording_import import RecordingImport
from qda_desktop.ui.theme import app_settings
from qda_desktop.ui.transcription_ui import TranscriptionRunner, choose_model, import_and_start, unfinished
from qda_desktop.ui.window_layout import WindowLayout


class MainWindow(WindowLayout):
    def __init__(self, project: Project | None = None) -> None:
        super().__init__()
        self.project: Project | None = None
        self.current_document: int | None = None
        self.runner: TranscriptionRunner | None = None
        self.recording_import: RecordingImport | None = None
        self.resize(1400, 860)
        self._build_widgets()
        self._build_menus()
        self._connect()
        if project is not None:
            self.set_project(project)
        else:
            self._update_title()
            self._update_actions()

    def _connect(self) -> None:
        self.documents.document_selected.connect(self.show_document)
        self.codebook.tree.apply_requested.connect(self.apply_code)
        self.codebook.tree.move_requested.connect(self.move_code)
        self.codebook.code_selected.connect(self.show_extracts)
        self.codebook.rename_requested.connect(self.rename_code)
        self.editor.code_dropped.connect(self.apply_code)
        self.editor.coding_resized.connect(lambda cid, start, end: self.run(SetCodingRange(cid, start, end)))
        self.editor.text_committed.connect(self._commit_text)
        self.editor.coding_clicked.connect(self._on_coding_clicked)
        self.code_box.returnPressed.connect(self.apply_from_code_box)
        self.find_box.returnPressed.connect(self.find_next)
        self.retrieval.jump_requested.connect(self.jump_to)
        self.retrieval.play_requested.connect(self.play_extract)
        self.search.jump_requested.connect(self.jump_to)
        self.search.search_requested.connect(self.run_search)
        self.reattach_button.clicked.connect(self.reattach_detached)
        self.memos.new_requested.connect(self.new_memo)
        self.memos.save_requested.connect(self.save_memo)
        self.memos.delete_requested.connect(self.delete_memo)
        self.journal.new_requested.connect(self.new_journal_entry)
        self.journal.save_requested.connect(self.save_journal_entry)
        self.journal.delete_requested.connect(self.delete_journal_entry)

    # -- project lifecycle -------------------------------------------------

    def set_project(self, project: Project) -> None:
        self.project = project
        self.current_document = None
        self.recent_codes: list[int] = []
        project.subscribe(self._on_changes)
        settings.remember_recent(project.path, project.uuid)
        self.refresh_all()
        rows = self._document_rows
        if rows:
            self.documents.select(rows[0].id)
        self.editor.setFocus()

    def close_project(self) -> bool:
        if self.project is None:
            return True
        if self.recording_import is not None:
            self.recording_import.cancel()  # staged chunks are discarded
        if self.runner is not None:
            self.runner.stop()  # stored segments stay; the job can be resumed next time
        self.playback.show_document(None)
        self.flush_edits()
        self.project.close()
        self.project = None
        self.current_document = None
        self.editor.load("", [], {}, {})
        for panel in (self.documents, self.codebook.tree):
            panel.clear()
        self.retrieval.clear_extracts()
        self.memos.set_notes([])
        self.journal.set_notes([])
        self._update_title()
        self._update_actions()
        return True

    def new_project(self) -> None:
        project = ask_new_project(self)
        if project is not None and self.close_project():
            self.set_project(project)

    def open_project(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, "Open project", "", "QDA Desktop projects (*.qdaproj)")
            if not chosen:
                return
            path = Path(chosen)
        if self.project is not None and path.resolve() == self.project.path.resolve():
            return
        self.close_project()
        project = ask_open_project(path, self)
        if project is not None:
            self.set_project(project)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for recent in settings.recent_projects():
            path = Path(recent.path)
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path.parent))
            action.setEnabled(path.exists())
            action.triggered.connect(lambda _c=False, p=path: self.open_project(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.memos.save_now()
        self.journal.save_now()
        self.close_project()
        app_settings().setValue("dark", self.dark_action.isChecked())
        event.accept()

    # -- running commands --------------------------------------------------

    # -- recordings ----------------------------------------------------------

    def transcribe_recording(self, path: Path | None = None) -> None:
        if self.project is None:
            return
        self.flush_edits()
        self.recording_import = import_and_start(self.project, self, self._start_runner, path)

    def resume_transcription(self) -> None:
        if self.project is None or self.current_document is None:
            return
        if not unfinished(self.project, self.current_document):
            self.statusBar().showMessage("This document has no unfinished transcription", 4000)
            return
        model = choose_model(self)
        if model is not None:
            self._start_runner(TranscriptionRunner(self.project, self.current_document, model, self))

    def _start_runner(self, runner: TranscriptionRunner) -> None:
        self.runner = runner
        runner.done.connect(self._transcription_done)
        runner.start()
        self.documents.select(runner.document_id)
        self.show_document(runner.document_id)

    def _transcription_done(self, document_id: int, status: str) -> None:
        error = self.runner.job.error if self.runner is not None else ""
        messages = {
            "done": "Transcription finished",
            "cancelled": "Transcription cancelled — Resume transcription continues where it stopped",
            "failed": f"Transcription failed: {error} — it can be resumed",
        }
        self.statusBar().showMessage(messages.get(status, status), 8000)
        if status == "failed":
            QMessageBox.warning(self, "Transcription failed", messages["failed"])

    def play_extract(self, document_id: int, start: int, end: int) -> None:
        self.jump_to(document_id, start, end)
        if not self.playback.play_extract(document_id, start, end):
            self.statusBar().showMessage("This extract has no recording to play", 4000)

    def flush_edits(self) -> None:
        """Commit a pending text edit before anything else happens."""
        self.editor.commit_pending_edit()

    def run(self, command: Command) -> Changes | None:
        if self.project is None:
            return None
        self.flush_edits()
        try:
            return self.project.run(command)
        except QdaError as exc:
            QMessageBox.warning(self, "Cannot do that", str(exc))
            return None

    def _commit_text(self, text: str) -> None:
        if self.project is not None and self.current_document is not None:
            try:
                self.project.run(EditDocumentText(self.current_document, text))
            except QdaError as exc:
                QMessageBox.warning(self, "Cannot save the edit", str(exc))

    def undo(self) -> None:
        if self.project is not None:
            self.flush_edits()
            self.project.undo()

    def redo(self) -> None:
        if self.project is not None:
            self.flush_edits()
            self.project.redo()

    def _on_changes(self, changes: Changes) -> None:
        areas = changes.areas
        if areas & {"codes", "codings"}:
            self._refresh_codebook()
        if areas & {"documents", "codings", "cases", "document_cases"}:
            self._refresh_documents()
        doc = self.current_document
        if doc is not None and "documents" in areas and doc in changes.ids("documents"):
            self._reload_current_text()
            self.playback.refresh_timeline()
        elif doc is not None and "codes" in areas:
            self._load_codings()
        elif doc is not None and "codings" in areas:
            self._patch_codings(changes.ids("codings"))
        if areas & {"codes", "codings", "documents"}:
            self.show_extracts(self.codebook.current_code())
            self.playback.refresh_coded_spans()
        if "memos" in areas or "codes" in areas or "documents" in areas:
            self._refresh_memos()
        if "journal" in areas:
            self._refresh_journal()
        verb = {"do": "", "undo": "Undone: ", "redo": "Redone: "}[changes.kind]
        self.statusBar().showMessage(f"{verb}{changes.label} — saved", 5000)
        self._update_actions()

    # -- refreshing ----------------------------------------------------------

    def refresh_all(self) -> None:
        self._refresh_documents()
        self._refresh_codebook()
        self._refresh_memos()
        self._refresh_journal()
        self._update_title()
        self._update_actions()

    def _refresh_documents(self) -> None:
        assert self.project is not None
        self._document_rows = views.document_rows(self.project)
        self.documents.set_documents(self._document_rows, self.current_document)
        if self.current_document not in {r.id for r in self._document_rows}:
            self.current_document = None
            self.editor.load("", [], {}, {})
            self.heading.setText("")

    def _refresh_codebook(self) -> None:
        assert self.project is not None
        rows = views.code_rows(self.project)
        self.codebook.set_codes(rows)
        self._styles = {r.id: CodeStyle(r.name, r.color) for r in rows}
        paths = self._code_paths(rows)
        self.completer.model().setStringList(sorted(paths.values(), key=str.lower))  # type: ignore[attr-defined]
        self.recent_codes = [c for c in getattr(self, "recent_codes", []) if c in self._styles]

    def show_document(self, document_id: int) -> None:
        if self.project is None or document_id == self.current_document:
            return
        self.flush_edits()
        self.current_document = document_id
        self._reload_current_text(keep_position=False)
        self.playback.show_document(document_id)

    def _reload_current_text(self, keep_position: bool = True) -> None:
        assert self.project is not None and self.current_document is not None
        doc = views.document_text(self.project, self.current_document)
        if doc is None:
            return
        text, name = doc.text, doc.name
        self.heading.setText(name)
        spans, memos = self._spans()
        if keep_position and text != self.editor.text:
            self.editor.set_codings(spans, self._styles, memos)
            self.editor.reload_text(text)
        elif keep_position:
            self.editor.set_codings(spans, self._styles, memos)
        else:
            self.editor.load(text, spans, self._styles, memos)
        self._refresh_detached()

    def _spans(self) -> tuple[list[Span], dict[int, str]]:
        assert self.project is not None and self.current_document is not None
        rows = views.document_codings(self.project, self.current_document)
        return [Span(r.id, r.code_id, r.start, r.end) for r in rows], {r.id: r.memo for r in rows if r.memo}

    def _patch_codings(self, changed: set[int]) -> None:
        """Update only the codings a command touched (fast on densely coded documents)."""
        assert self.project is not None
        rows = views.codings_by_id(self.project, changed)
        spans = {cid: span for cid, span in self.editor._by_id.items() if cid not in changed}
        memos = {cid: memo for cid, memo in self.editor._memos.items() if cid not in changed}
        for document_id, row in rows:
            if document_id == self.current_document:
                spans[row.id] = Span(row.id, row.code_id, row.start, row.end)
                if row.memo:
                    memos[row.id] = row.memo
        self.editor.set_codings(list(spans.values()), self._styles, memos)
        if len(rows) < len(changed) or self.detached_bar.isVisibleTo(self):
            self._refresh_detached()  # something was deleted or detached

    def _load_codings(self) -> None:
        spans, memos = self._spans()
        self.editor.set_codings(spans, self._styles, memos)
        self._refresh_detached()

    def _refresh_detached(self) -> None:
        assert self.project is not None and self.current_document is not None
        lost = views.detached_codings(self.project, self.current_document)
        self.detached_choice.clear()
        for coding_id, code_id, quote in lost:
            name = self._styles[code_id].name if code_id in self._styles else "?"
            self.detached_choice.addItem(f"{name}: “{' '.join(quote.split())[:80]}”", coding_id)
        self.detached_label.setText(f"{len(lost)} coding(s) lost their text to an edit:")
        self.detached_bar.setVisible(bool(lost))

    def _update_title(self) -> None:
        name = self.project.path.name if self.project else "No project"
        self.setWindowTitle(f"{name} — QDA Desktop")

    def _update_actions(self) -> None:
        history = self.project.history if self.project else None
        undo = history.undo_label if history else None
        redo = history.redo_label if history else None
        self.undo_action.setText(f"Undo {undo}" if undo else "Undo")
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setText(f"Redo {redo}" if redo else "Redo")
        self.redo_action.setEnabled(redo is not None)
