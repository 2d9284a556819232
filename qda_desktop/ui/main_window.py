"""The main window: documents and codebook on the left, the document in the middle,
retrieval, search, memos and journal on the right. Every change goes through a command."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core import settings
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import Command, EditDocumentText
from qda_desktop.core.highlights import Span
from qda_desktop.core.listings import (
    code_rows,
    codings_by_id,
    detached_codings,
    document_codings,
    document_rows,
)
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError
from qda_desktop.ui.codebook_panel import CodebookPanel
from qda_desktop.ui.coding_actions import CodingActions
from qda_desktop.ui.document_view import CodeStyle, CodingEditor
from qda_desktop.ui.notes_panel import NotesPanel
from qda_desktop.ui.project_opening import ask_new_project, ask_open_project
from qda_desktop.ui.side_panels import DocumentsPanel, RetrievalPanel, SearchPanel
from qda_desktop.ui.theme import apply_theme


def _dock(window: QMainWindow, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(title)
    dock.setWidget(widget)
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
    )
    window.addDockWidget(area, dock)
    return dock


class MainWindow(CodingActions):
    def __init__(self, project: Project | None = None) -> None:
        super().__init__()
        self.project: Project | None = None
        self.current_document: int | None = None
        self.resize(1400, 860)
        self._build_widgets()
        self._build_menus()
        self._connect()
        if project is not None:
            self.set_project(project)
        else:
            self._update_title()
            self._update_actions()

    # -- construction ------------------------------------------------------

    def _build_widgets(self) -> None:
        self.documents = DocumentsPanel()
        self.codebook = CodebookPanel()
        self.editor = CodingEditor()
        font = self.editor.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.editor.setFont(font)
        self.editor.document().setDocumentMargin(14)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600; padding: 4px 2px;")
        self.code_box = QLineEdit(placeholderText="Type a code and press Enter to apply it (a new name creates it)")
        self.code_box.setClearButtonEnabled(True)
        self.completer = QCompleter([], self.code_box)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.code_box.setCompleter(self.completer)
        self.find_box = QLineEdit(placeholderText="Find in document (Enter: next)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.hide()
        self.detached_bar = QWidget()
        bar = QHBoxLayout(self.detached_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.detached_label = QLabel()
        self.detached_choice = QComboBox()
        self.reattach_button = QPushButton("Re-attach to selection")
        bar.addWidget(self.detached_label)
        bar.addWidget(self.detached_choice, 1)
        bar.addWidget(self.reattach_button)
        self.detached_bar.hide()
        center = QWidget()
        layout = QVBoxLayout(center)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.code_box)
        layout.addWidget(self.find_box)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.detached_bar)
        self.setCentralWidget(center)

        self.retrieval = RetrievalPanel()
        self.search = SearchPanel()
        self.memos = NotesPanel("New memo")
        self.journal = NotesPanel("New journal entry")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.retrieval, "Retrieval")
        self.tabs.addTab(self.search, "Search")
        self.tabs.addTab(self.memos, "Memos")
        self.tabs.addTab(self.journal, "Journal")
        self.documents_dock = _dock(self, "Documents", self.documents, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.codebook_dock = _dock(self, "Codebook", self.codebook, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.notes_dock = _dock(self, "Analysis", self.tabs, Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([self.documents_dock, self.notes_dock], [300, 380], Qt.Orientation.Horizontal)
        self.resizeDocks([self.documents_dock, self.codebook_dock], [260, 520], Qt.Orientation.Vertical)
        self.statusBar()

    def _action(
        self,
        menu_or_bar: object,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        editor_only: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        if editor_only:  # single-key shortcuts act only while the text has focus, in coding mode
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.editor.addAction(action)
            self.coding_keys.append(action)
        if menu_or_bar is not None:
            menu_or_bar.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_menus(self) -> None:
        self.coding_keys: list[QAction] = []
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New project…", self.new_project, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Open project…", self.open_project, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._action(file_menu, "&Import text files…", self.import_files, "Ctrl+I")
        self._action(file_menu, "&Close project", self.close_project, QKeySequence.StandardKey.Close)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = bar.addMenu("&Edit")
        self.undo_action = self._action(edit, "Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit, "Redo", self.redo, QKeySequence.StandardKey.Redo)
        edit.addSeparator()
        self.edit_mode_action = self._action(edit, "Edit &text", self.toggle_edit_mode, "Ctrl+E")
        self.edit_mode_action.setCheckable(True)
        self._action(edit, "&Find in document", self.show_find, QKeySequence.StandardKey.Find)
        self._action(edit, "Find &next", self.find_next, QKeySequence.StandardKey.FindNext)

        code = bar.addMenu("&Code")
        self._action(code, "Apply &current code", self.quick_code, "Q", editor_only=True)
        self._action(code, "Code in &vivo", self.code_in_vivo, "V", editor_only=True)
        self._action(code, "&Recent codes…", self.recent_codes_popup, "R", editor_only=True)
        for n in range(1, 10):  # keys 1–9: the recent codes, as numbered in the popup
            self._action(None, f"Recent code {n}", partial(self.apply_recent, n), str(n), editor_only=True)
        self._action(code, "Type a code…", self.focus_code_box, "Ctrl+K")
        code.addSeparator()
        self._action(code, "&Remove coding", self.remove_selected_coding, "Delete", editor_only=True)
        self._action(code, "Coding &memo…", self.edit_coding_memo, "M", editor_only=True)
        self._action(code, "Set coding to &selection", self.resize_selected_coding, "B", editor_only=True)
        code.addSeparator()
        self._action(code, "&New code…", self.new_code, "Ctrl+Shift+N")
        self._action(code, "New &sub-code…", self.new_sub_code)
        self._action(code, "Code &details…", self.edit_code_details, "Ctrl+D")
        self._action(code, "Merge code &into…", self.merge_code)
        self._action(code, "&Delete code…", self.delete_code)
        for action in code.actions():
            if action.text() in (
                "&New code…",
                "New &sub-code…",
                "Code &details…",
                "Merge code &into…",
                "&Delete code…",
            ):
                self.codebook.menu.addAction(action)

        view = bar.addMenu("&View")
        self.dark_action = self._action(view, "&Dark mode", self.toggle_dark)
        self.dark_action.setCheckable(True)
        for dock in (self.documents_dock, self.codebook_dock, self.notes_dock):
            view.addAction(dock.toggleViewAction())

    def _connect(self) -> None:
        self.documents.document_selected.connect(self.show_document)
        self.codebook.tree.apply_requested.connect(self.apply_code)
        self.codebook.tree.move_requested.connect(self.move_code)
        self.codebook.code_selected.connect(self.show_extracts)
        self.codebook.rename_requested.connect(self.rename_code)
        self.editor.code_dropped.connect(self.apply_code)
        self.editor.text_committed.connect(self._commit_text)
        self.editor.coding_clicked.connect(self._on_coding_clicked)
        self.code_box.returnPressed.connect(self.apply_from_code_box)
        self.find_box.returnPressed.connect(self.find_next)
        self.retrieval.jump_requested.connect(self.jump_to)
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
        QSettings("QDA Desktop", "QDA Desktop").setValue("dark", self.dark_action.isChecked())
        event.accept()

    # -- running commands --------------------------------------------------

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
        elif doc is not None and "codes" in areas:
            self._load_codings()
        elif doc is not None and "codings" in areas:
            self._patch_codings(changes.ids("codings"))
        if areas & {"codes", "codings", "documents"}:
            self.show_extracts(self.codebook.current_code())
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
        with self.project.read() as session:
            self._document_rows = document_rows(session)
        self.documents.set_documents(self._document_rows, self.current_document)
        if self.current_document not in {r.id for r in self._document_rows}:
            self.current_document = None
            self.editor.load("", [], {}, {})
            self.heading.setText("")

    def _refresh_codebook(self) -> None:
        assert self.project is not None
        with self.project.read() as session:
            rows = code_rows(session)
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

    def _reload_current_text(self, keep_position: bool = True) -> None:
        assert self.project is not None and self.current_document is not None
        from qda_desktop.store.models import Document

        with self.project.read() as session:
            doc = session.get(Document, self.current_document)
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
        with self.project.read() as session:
            rows = document_codings(session, self.current_document)
        return [Span(r.id, r.code_id, r.start, r.end) for r in rows], {r.id: r.memo for r in rows if r.memo}

    def _patch_codings(self, changed: set[int]) -> None:
        """Update only the codings a command touched (fast on densely coded documents)."""
        assert self.project is not None
        with self.project.read() as session:
            rows = codings_by_id(session, changed)
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
        with self.project.read() as session:
            lost = detached_codings(session, self.current_document)
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

    # -- view ----------------------------------------------------------------

    def toggle_edit_mode(self) -> None:
        editing = self.edit_mode_action.isChecked()
        self.flush_edits()
        self.editor.set_editing(editing)
        for action in self.coding_keys:
            action.setEnabled(not editing)
        self.statusBar().showMessage(
            "Editing the text: codings follow your edits" if editing else "Coding mode: the text is read-only",
            4000,
        )

    def toggle_dark(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.dark_action.isChecked())
            self.editor._formats = {}
            self.editor.set_codings(self.editor._spans, self._styles, self.editor._memos)

    def show_find(self) -> None:
        self.find_box.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self) -> None:
        needle = self.find_box.text()
        if not needle:
            return
        if not self.editor.find(needle):
            cursor = self.editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.editor.setTextCursor(cursor)
            if not self.editor.find(needle):
                self.statusBar().showMessage(f"“{needle}” is not in this document", 4000)
