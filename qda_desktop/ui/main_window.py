"""The main window: a shell that composes controllers.

The shell owns the project's lifecycle, the document list, the editor widget, the menus and docks,
and running commands. Controllers (coding, codebook, notes, transcription) own their widgets and
actions and hear about changes once per event-loop turn, as one merged record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core import settings, views
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import Command, EditDocumentText
from qda_desktop.core.project import Project
from qda_desktop.core.workspace import Workspace, merge_changes
from qda_desktop.errors import QdaError
from qda_desktop.ui.controllers.aligning import AligningController
from qda_desktop.ui.controllers.analysis import AnalysisController
from qda_desktop.ui.controllers.base import Controller, Host, Shortcut
from qda_desktop.ui.controllers.cases import CasesController
from qda_desktop.ui.controllers.codebook import CodebookController
from qda_desktop.ui.controllers.coding import CodingController
from qda_desktop.ui.controllers.exporting import ExportController
from qda_desktop.ui.controllers.importing import ImportingController
from qda_desktop.ui.controllers.integrity import IntegrityController
from qda_desktop.ui.controllers.notes import NotesController
from qda_desktop.ui.controllers.themes import ThemesController
from qda_desktop.ui.controllers.transcription import TranscriptionController
from qda_desktop.ui.document_view import CodingEditor
from qda_desktop.ui.edit_banner import EditBanner
from qda_desktop.ui.project_opening import ask_new_project, ask_open_demo, ask_open_project, is_demo
from qda_desktop.ui.side_panels import DocumentsPanel
from qda_desktop.ui.start_page import StartPage, fill_recent_menu
from qda_desktop.ui.theme import app_settings, apply_theme

ControllerFactory = Callable[[Host], Controller]
MENUS = (("file", "&File"), ("edit", "&Edit"), ("code", "&Code"), ("transcript", "&Transcript"), ("view", "&View"))


class MainWindow(QMainWindow):
    def __init__(self, project: Project | None = None, more: Sequence[ControllerFactory] = ()) -> None:
        """``more`` adds controllers (a theme board, a chart) after the built-in ones."""
        super().__init__()
        self.project: Project | None = None
        self.workspace = Workspace()
        self._pending: list[Changes] = []
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh_now)
        self.coding_keys: list[QAction] = []
        self._docks_shown: list[QDockWidget] | None = None  # panels to bring back when a project opens
        self.resize(1400, 860)
        self._build_shell()
        self.codes = CodebookController(self)
        self.coding = CodingController(self, self.codes)
        self.notes = NotesController(self)
        self.transcription = TranscriptionController(self, self.codes)
        # the codebook first: the others use the code styles and paths it puts in the workspace
        self.controllers: list[Controller] = [self.codes, self.coding, self.notes, self.transcription]
        self.importing = ImportingController(self)
        self.controllers += [IntegrityController(self), self.importing, CasesController(self), ThemesController(self)]
        self.controllers.append(AligningController(self))
        self.controllers.append(AnalysisController(self))
        self.controllers.append(ExportController(self))
        self.controllers += [make(self) for make in more]
        self._build_menus()
        self.resizeDocks([self.documents_dock, self.notes_dock], [360, 380], Qt.Orientation.Horizontal)
        self.resizeDocks([self.documents_dock, self._left_docks[-1]], [260, 520], Qt.Orientation.Vertical)
        if project is not None:
            self.set_project(project)
        else:
            self._update_title()
            self._update_actions()

    # -- the shell: editor, docks, menus -----------------------------------------------------

    def _build_shell(self) -> None:
        self.editor = CodingEditor()
        font = self.editor.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.editor.setFont(font)
        self.editor.document().setDocumentMargin(14)
        self.editor.text_committed.connect(self._commit_text)
        center = QWidget()
        self._center = QVBoxLayout(center)
        self._center.setContentsMargins(6, 4, 6, 4)
        self.edit_banner = EditBanner()
        self.edit_banner.done.clicked.connect(lambda: self.set_editing(False))
        self._center.addWidget(self.edit_banner)
        self._center.addWidget(self.editor, 1)
        self.start_page = StartPage()
        self.start_page.new_requested.connect(self.new_project)
        self.start_page.open_requested.connect(self.open_project)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.recent_chosen.connect(self.open_project)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(center)
        self._work_page = center
        self.setCentralWidget(self.pages)
        self.documents = DocumentsPanel()
        self.documents.document_selected.connect(self._show_selected)
        self._left_docks: list[QDockWidget] = []
        self.documents_dock = self.add_left_dock(self.documents, "Documents")
        self.tabs = QTabWidget()
        self.notes_dock = self._dock("Analysis", self.tabs, Qt.DockWidgetArea.RightDockWidgetArea)
        self.statusBar()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def add_left_dock(self, widget: QWidget, title: str) -> QDockWidget:
        dock = self._dock(title, widget, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._left_docks.append(dock)
        return dock

    def add_tab(self, widget: QWidget, title: str) -> None:
        self.tabs.addTab(widget, title)

    def add_above_editor(self, widget: QWidget) -> None:
        self._center.insertWidget(self._center.indexOf(self.editor), widget)

    def add_below_editor(self, widget: QWidget) -> None:
        self._center.addWidget(widget)

    def menu(self, key: str) -> QMenu:
        return self._menus[key]

    def add_action(
        self,
        menu: QMenu | None,
        text: str,
        slot: Callable[[], object],
        shortcut: Shortcut = None,
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
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        self._menus = {key: self.menuBar().addMenu(title) for key, title in MENUS}
        add, file, edit = self.add_action, self._menus["file"], self._menus["edit"]
        add(file, "&New project…", self.new_project, QKeySequence.StandardKey.New)
        add(file, "&Open project…", self.open_project, QKeySequence.StandardKey.Open)
        add(file, "Open the &demo project", self.open_demo)
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.importing.add_menu_actions()
        self.undo_action = add(edit, "Undo", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = add(edit, "Redo", self.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])  # both, everywhere
        edit.addSeparator()
        self.edit_mode_action = add(edit, "Edit &text", self.toggle_edit_mode, "Ctrl+E")
        self.edit_mode_action.setCheckable(True)
        later = [c for c in self.controllers[4:] if c is not self.importing]
        for controller in (self.coding, self.codes, self.notes, self.transcription, *later):
            controller.add_menu_actions()  # in the order their actions appear in the menus
        add(file, "&Close project", self.close_project, QKeySequence.StandardKey.Close)
        file.addSeparator()
        add(file, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        view = self._menus["view"]
        self.dark_action = add(view, "&Dark mode", self.toggle_dark)
        self.dark_action.setCheckable(True)
        for dock in (*self._left_docks, self.notes_dock):
            view.addAction(dock.toggleViewAction())

    # -- project lifecycle ----------------------------------------------------------------

    def set_project(self, project: Project) -> None:
        self.project = project
        self.workspace.clear()
        project.subscribe(self._on_changes)
        if not is_demo(project.path):
            settings.remember_recent(project.path, project.uuid)
        self._refresh_documents()
        for controller in self.controllers:
            controller.project_opened(project)
        self._update_title()
        self._update_actions()
        if self._document_ids:
            self.documents.select(self._document_ids[0])
        self.editor.setFocus()

    def close_project(self) -> bool:
        if self.project is None:
            return True
        for controller in self.controllers:
            controller.before_close()
        self.flush_edits()
        self.refresh_now()
        self.set_editing(False)
        self.project.close()
        self.project = None
        self.workspace.clear()
        self.documents.clear()
        for controller in self.controllers:
            controller.project_closed()
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

    def open_demo(self) -> None:
        """A fresh demo (a further copy when another window has the demo open)."""
        if self.close_project():
            project = ask_open_demo(self)
            if project is not None:
                self.set_project(project)

    def _fill_recent_menu(self) -> None:
        fill_recent_menu(self.recent_menu, settings.recent_projects(), self.open_project)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_project()
        app_settings().setValue("dark", self.dark_action.isChecked())
        event.accept()

    # -- documents -----------------------------------------------------------------------

    def _show_selected(self, document_id: int) -> None:
        if self.project is None or document_id == self.workspace.current_document:
            return
        self.flush_edits()
        self.workspace.show_document(document_id)
        for controller in self.controllers:
            controller.document_shown(document_id)

    def show_document(self, document_id: int) -> None:
        """Make a document current: selected in the list and shown."""
        self.documents.select(document_id)
        self._show_selected(document_id)

    def jump_to(self, document_id: int, start: int, end: int) -> None:
        self.show_document(document_id)
        self.editor.select_range(start, end)
        self.editor.setFocus()

    def _refresh_documents(self) -> None:
        assert self.project is not None
        rows = views.document_rows(self.project)
        self._document_ids = [r.id for r in rows]
        self.documents.set_documents(rows, self.workspace.current_document)
        if self.workspace.documents_changed(set(self._document_ids)):
            for controller in self.controllers:
                controller.document_shown(None)

    # -- running commands ------------------------------------------------------------------

    def status(self, message: str, ms: int = 4000) -> None:
        self.statusBar().showMessage(message, ms)

    def flush_edits(self) -> None:
        """Commit a pending text edit before anything else happens."""
        self.editor.commit_pending_edit()

    def run(self, command: Command) -> Changes | None:
        """Run a command; the window shows its effect before this returns."""
        if self.project is None:
            return None
        self.flush_edits()
        try:
            changes = self.project.run(command)
        except QdaError as exc:
            QMessageBox.warning(self, "Cannot do that", str(exc))
            return None
        self.refresh_now()
        return changes

    def _commit_text(self, text: str) -> None:
        doc = self.workspace.current_document
        if self.project is not None and doc is not None:
            try:
                self.project.run(EditDocumentText(doc, text))
            except QdaError as exc:
                QMessageBox.warning(self, "Cannot save the edit", str(exc))
            self.refresh_now()

    def undo(self) -> None:
        if self.project is not None:
            self.flush_edits()
            try:
                self.project.undo()
            except QdaError as exc:  # a step that cannot be replayed exactly, or a refused write: nothing changed
                QMessageBox.warning(self, "Cannot undo", str(exc))
            self.refresh_now()

    def redo(self) -> None:
        if self.project is not None:
            self.flush_edits()
            try:
                self.project.redo()
            except QdaError as exc:  # a step that cannot be replayed exactly, or a refused write: nothing changed
                QMessageBox.warning(self, "Cannot redo", str(exc))
            self.refresh_now()

    def _on_changes(self, changes: Changes) -> None:
        """Collect change records; the window refreshes once for all of them, on the next turn."""
        self._pending.append(changes)
        self._refresh_timer.start()

    def refresh_now(self) -> None:
        """Show every change collected so far (at once, instead of on the next event-loop turn)."""
        self._refresh_timer.stop()
        if not self._pending or self.project is None:
            self._pending = []
            return
        changes, self._pending = merge_changes(self._pending), []
        if changes.areas & {"documents", "codings", "cases", "document_cases", "speaker_cases"}:
            self._refresh_documents()
        for controller in self.controllers:
            controller.changed(changes)
        verb = {"do": "", "undo": "Undone: ", "redo": "Redone: "}[changes.kind]
        dropped = changes.dropped_undo_steps
        if dropped:  # a background write made older steps stale: say so, the Undo action follows below
            steps = "1 undo step" if dropped == 1 else f"{dropped} undo steps"
            why = "a background job changed the same data"
            self.status(f"{changes.label} — saved; {steps} removed from Undo ({why})", 10000)
        else:
            self.status(f"{verb}{changes.label} — saved", 5000)
        self._update_actions()

    # -- window state ------------------------------------------------------------------------

    def _update_title(self) -> None:
        name = self.project.path.name if self.project else "No project"
        self.setWindowTitle(f"{name} — QDA Desktop")
        self._show_page()

    def _show_page(self) -> None:
        """The start page with no project (its panels would be empty, so they step aside), else the work."""
        docks = [*self._left_docks, self.notes_dock]
        if self.project is None:
            self.start_page.set_recent(settings.recent_projects())
            if self.pages.currentWidget() is not self.start_page:
                self._docks_shown = [d for d in docks if not d.isHidden()]
            for dock in docks:
                dock.hide()
            self.pages.setCurrentWidget(self.start_page)
        elif self.pages.currentWidget() is self.start_page:
            for dock in self._docks_shown or docks:
                dock.show()
            self.pages.setCurrentWidget(self._work_page)

    def _update_actions(self) -> None:
        history = self.project.history if self.project else None
        undo = history.undo_label if history else None
        redo = history.redo_label if history else None
        self.undo_action.setText(f"Undo {undo}" if undo else "Undo")
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setText(f"Redo {redo}" if redo else "Redo")
        self.redo_action.setEnabled(redo is not None)

    def toggle_edit_mode(self) -> None:
        self.set_editing(self.edit_mode_action.isChecked())
        editing = self.edit_mode_action.isChecked()
        self.status("Editing the text: codings follow your edits" if editing else "Coding mode: the text is read-only")

    def set_editing(self, editing: bool) -> None:
        """Edit mode (type into the text) or coding mode; the bar above the text shows edit mode while it lasts."""
        self.flush_edits()
        self.edit_mode_action.setChecked(editing)
        self.editor.set_editing(editing)
        self.edit_banner.setVisible(editing)
        for action in self.coding_keys:
            action.setEnabled(not editing)

    def toggle_dark(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.dark_action.isChecked())
            self.editor.restyle()
