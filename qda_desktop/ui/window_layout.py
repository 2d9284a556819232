"""Building the main window: its panels, docks, menus and keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.ui.codebook_panel import CodebookPanel
from qda_desktop.ui.coding_actions import CodingActions
from qda_desktop.ui.document_view import CodingEditor
from qda_desktop.ui.notes_panel import NotesPanel
from qda_desktop.ui.playback import TranscriptPlayback
from qda_desktop.ui.side_panels import DocumentsPanel, RetrievalPanel, SearchPanel
from qda_desktop.ui.speakers_ui import assign_speaker, rename_speaker
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


class WindowLayout(CodingActions):
    """Creates the widgets and actions; ``MainWindow`` adds the project lifecycle and refreshing."""

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
        self.playback = TranscriptPlayback(self)  # type: ignore[arg-type]
        layout.addWidget(self.playback.panel)
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
        self._action(file_menu, "&Transcribe a recording…", self.transcribe_recording, "Ctrl+T")
        self._action(file_menu, "Res&ume transcription", self.resume_transcription, "Ctrl+Shift+T")
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

        play = bar.addMenu("&Transcript")
        player = self.playback.player
        self._action(play, "&Rename or merge speaker…", lambda: rename_speaker(self))  # type: ignore[arg-type]
        self._action(play, "&Assign selection to speaker…", lambda: assign_speaker(self), "Ctrl+Shift+S")  # type: ignore[arg-type]
        play.addSeparator()
        self._action(play, "&Play / pause", player.toggle, "Ctrl+Space")
        self._action(play, "&Back 5 seconds", lambda: player.skip(-5), "Ctrl+J")
        self._action(play, "&Forward 5 seconds", lambda: player.skip(5), "Ctrl+L")
        self._action(play, "&Slower", lambda: player.change_speed(-1), "Ctrl+[")
        self._action(play, "F&aster", lambda: player.change_speed(1), "Ctrl+]")

        view = bar.addMenu("&View")
        self.dark_action = self._action(view, "&Dark mode", self.toggle_dark)
        self.dark_action.setCheckable(True)
        for dock in (self.documents_dock, self.codebook_dock, self.notes_dock):
            view.addAction(dock.toggleViewAction())

    # -- implemented by MainWindow --------------------------------------------

    def new_project(self) -> None:
        raise NotImplementedError

    def open_project(self, path: Path | None = None) -> None:
        raise NotImplementedError

    def close_project(self) -> bool:
        raise NotImplementedError

    def _fill_recent_menu(self) -> None:
        raise NotImplementedError

    def undo(self) -> None:
        raise NotImplementedError

    def transcribe_recording(self) -> None:
        raise NotImplementedError

    def resume_transcription(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        raise NotImplementedError

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
