"""Coding a document: what the editor shows, the routes to apply a code, and work on single codings."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QWidget,
)

from qda_desktop.core import views
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import (
    ApplyCode,
    ApplyNewCode,
    ReattachCoding,
    RemoveCoding,
    SetCodingMemo,
    SetCodingRange,
)
from qda_desktop.core.commands.codings import in_vivo_name
from qda_desktop.core.highlights import Span
from qda_desktop.core.project import Project
from qda_desktop.core.queries import match_pattern
from qda_desktop.core.timecode import clock
from qda_desktop.core.wording import plural
from qda_desktop.errors import QdaError
from qda_desktop.ui.controllers.base import Controller, Host
from qda_desktop.ui.controllers.codebook import CodebookController
from qda_desktop.ui.theme import next_code_color

NO_SELECTION = "Select some text in the document first"
NO_CODING = "Click a highlight or a stripe to choose a coding first"


class CodingController(Controller):
    def __init__(self, host: Host, codebook: CodebookController) -> None:
        super().__init__(host)
        self.codebook = codebook
        self.editor = host.editor
        self.workspace = host.workspace
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
        for widget in (self.heading, self.code_box, self.find_box):
            host.add_above_editor(widget)
        host.add_below_editor(self.detached_bar)
        self.code_box.returnPressed.connect(self.apply_from_code_box)
        self.find_box.returnPressed.connect(self.find_next)
        self.reattach_button.clicked.connect(self.reattach_detached)
        codebook.codebook.tree.apply_requested.connect(self.apply_code)
        self.editor.code_dropped.connect(self.apply_code)
        self.editor.coding_resized.connect(lambda cid, start, end: host.run(SetCodingRange(cid, start, end)))
        self.editor.coding_clicked.connect(self._on_coding_clicked)
        self.editor.coding_selected.connect(self._on_coding_selected)

    def add_menu_actions(self) -> None:
        add, code, edit = self.host.add_action, self.host.menu("code"), self.host.menu("edit")
        add(edit, "&Find in document", self.show_find, QKeySequence.StandardKey.Find)
        add(edit, "Find &next", self.find_next, QKeySequence.StandardKey.FindNext)
        add(code, "Apply &current code", self.quick_code, "Q", editor_only=True)
        add(code, "Code in &vivo", self.code_in_vivo, "V", editor_only=True)
        add(code, "&Recent codes…", self.recent_codes_popup, "R", editor_only=True)
        for n in range(1, 10):  # keys 1–9: the recent codes, as numbered in the popup
            add(None, f"Recent code {n}", partial(self.apply_recent, n), str(n), editor_only=True)
        add(code, "Type a code…", self.focus_code_box, "Ctrl+K")
        code.addSeparator()
        add(code, "&Remove coding", self.remove_selected_coding, "Delete", editor_only=True)
        add(code, "Coding &memo…", self.edit_coding_memo, "M", editor_only=True)
        add(code, "Set coding to &selection", self.resize_selected_coding, "B", editor_only=True)
        code.addSeparator()

    # -- hooks -------------------------------------------------------------------------

    def project_opened(self, project: Project) -> None:
        self.completer.model().setStringList(self.workspace.completions())  # type: ignore[attr-defined]

    def project_closed(self) -> None:
        self.editor.load("", [], {}, {})
        self.heading.setText("")
        self.detached_bar.hide()

    def document_shown(self, document_id: int | None) -> None:
        if document_id is None:
            self.project_closed()
        else:
            self.reload_text(keep_position=False)

    def changed(self, changes: Changes) -> None:
        areas, doc = changes.areas, self.workspace.current_document
        if areas & {"codes", "codings"}:
            self.completer.model().setStringList(self.workspace.completions())  # type: ignore[attr-defined]
        if doc is None:
            return
        if "documents" in areas and doc in changes.ids("documents"):
            self.reload_text()
        elif "codes" in areas:
            self.load_codings()
        elif "codings" in areas:
            self.patch_codings(changes.ids("codings"))

    # -- what the editor shows ------------------------------------------------------------

    def reload_text(self, keep_position: bool = True) -> None:
        doc_id = self.workspace.current_document
        if self.project is None or doc_id is None:
            return
        doc = views.document_text(self.project, doc_id)
        if doc is None:
            return
        self.heading.setText(doc.name)
        spans, memos = self._spans(doc_id)
        styles = self.workspace.styles
        if keep_position:
            self.editor.set_codings(spans, styles, memos)
            if doc.text != self.editor.text:
                self.editor.reload_text(doc.text)
        else:
            self.editor.load(doc.text, spans, styles, memos)
        self.editor.set_turns(
            [(s.char_start, clock(s.start_s)) for s in views.transcript_segments(self.project, doc_id)]
            if doc.kind == "transcript"
            else []
        )
        self.refresh_detached()

    def _spans(self, doc_id: int) -> tuple[list[Span], dict[int, str]]:
        assert self.project is not None
        rows = views.document_codings(self.project, doc_id)
        return [Span(r.id, r.code_id, r.start, r.end) for r in rows], {r.id: r.memo for r in rows if r.memo}

    def load_codings(self) -> None:
        doc_id = self.workspace.current_document
        if self.project is None or doc_id is None:
            return
        spans, memos = self._spans(doc_id)
        self.editor.set_codings(spans, self.workspace.styles, memos)
        self.refresh_detached()

    def patch_codings(self, changed: set[int]) -> None:
        """Update only the codings a command touched (fast on densely coded documents)."""
        if self.project is None:
            return
        rows = views.codings_by_id(self.project, changed)
        mine = [
            (Span(r.id, r.code_id, r.start, r.end), r.memo)
            for doc_id, r in rows
            if doc_id == self.workspace.current_document
        ]
        self.editor.patch_codings(changed, mine, self.workspace.styles)
        if len(rows) < len(changed) or self.detached_bar.isVisibleTo(self.host.window()):
            self.refresh_detached()  # something was deleted or detached

    def refresh_detached(self) -> None:
        doc_id = self.workspace.current_document
        if self.project is None or doc_id is None:
            return
        lost = views.detached_codings(self.project, doc_id)
        self.detached_choice.clear()
        for coding_id, code_id, quote in lost:
            name = self.workspace.name_of(code_id)
            self.detached_choice.addItem(f"{name}: “{' '.join(quote.split())[:80]}”", coding_id)
        their = "its" if len(lost) == 1 else "their"
        self.detached_label.setText(f"{plural(len(lost), 'coding')} lost {their} text to an edit:")
        self.detached_bar.setVisible(bool(lost))

    # -- applying codes -----------------------------------------------------------------

    def _selection_or_hint(self) -> tuple[int, int] | None:
        selection = self.editor.selection() if self.workspace.current_document is not None else None
        if selection is None:
            self.host.status(NO_SELECTION)
        return selection

    def apply_code(self, code_id: int) -> None:
        self.host.flush_edits()
        selection = self._selection_or_hint()
        doc = self.workspace.current_document
        if selection is None or doc is None:
            return
        name = self.workspace.name_of(code_id) if code_id in self.workspace.styles else ""
        if self.host.run(ApplyCode(doc, code_id, *selection, code_name=name)) is not None:
            self.workspace.remember_code(code_id)

    def quick_code(self) -> None:
        code_id = self.workspace.quick_code(self.codebook.current_code())
        if code_id is None:
            self.host.status("No current code yet: pick one in the codebook")
            return
        self.apply_code(code_id)

    def apply_recent(self, n: int) -> None:
        code_id = self.workspace.recent(n)
        if code_id is not None:
            self.apply_code(code_id)
        else:
            self.host.status(f"There is no recent code {n} yet", 3000)

    def recent_codes_popup(self) -> None:
        menu = QMenu(self.host.window())
        for n, code_id in enumerate(self.workspace.recent_codes, start=1):
            action = menu.addAction(f"&{n}  {self.workspace.name_of(code_id)}")
            action.triggered.connect(lambda _c=False, c=code_id: self.apply_code(c))
        if not self.workspace.recent_codes:
            menu.addAction("No recent codes yet").setEnabled(False)
        menu.exec(self.editor.mapToGlobal(self.editor.cursorRect().bottomRight()))

    def focus_code_box(self) -> None:
        self.code_box.setFocus()
        self.code_box.selectAll()

    def apply_from_code_box(self) -> None:
        typed = self.code_box.text().strip()
        if not typed:
            return
        try:
            match = self.workspace.code_for_typed(typed)
        except QdaError as exc:  # a name several codes share: say which, and keep the text to add the path
            self.host.status(str(exc), 8000)
            return
        if match is not None:
            self.apply_code(match)
        else:
            self._apply_new_code(typed, in_vivo=False)
        self.code_box.clear()
        self.editor.setFocus()

    def code_in_vivo(self) -> None:
        name = in_vivo_name(self.editor.selected_text())
        if not name:
            self.host.status("Select the words that should name the new code")
            return
        self._apply_new_code(name, in_vivo=True)

    def _apply_new_code(self, name: str, in_vivo: bool) -> None:
        selection = self._selection_or_hint()
        doc = self.workspace.current_document
        if selection is None or doc is None:
            return
        color = next_code_color(len(self.workspace.styles))
        changes = self.host.run(ApplyNewCode(name, doc, *selection, color=color, in_vivo=in_vivo))
        if changes is not None:
            code_id, _coding = changes.result
            self.workspace.remember_code(code_id)
            self.codebook.codebook.select_code(code_id)

    # -- single codings ---------------------------------------------------------------------

    def _on_coding_selected(self, coding_id: int | None) -> None:
        self.workspace.selected_coding = coding_id

    def _on_coding_clicked(self, coding_id: int) -> None:
        span = self.editor.span_of(coding_id)
        if span is not None:
            self.host.status(f"Coding: {self.workspace.name_of(span.code_id)}", 3000)

    def remove_selected_coding(self) -> None:
        coding_id = self.workspace.selected_coding
        if coding_id is None:
            self.host.status(NO_CODING)
            return
        self.host.run(RemoveCoding(coding_id))

    def resize_selected_coding(self) -> None:
        selection = self._selection_or_hint()
        coding_id = self.workspace.selected_coding
        if selection is not None and coding_id is not None:
            self.host.run(SetCodingRange(coding_id, *selection))

    def edit_coding_memo(self) -> None:
        coding_id = self.workspace.selected_coding
        if coding_id is None:
            self.host.status(NO_CODING)
            return
        current = self.editor.memo_of(coding_id)
        text, ok = QInputDialog.getMultiLineText(
            self.host.window(), "Coding memo", "Why this passage, with this code:", current
        )
        if ok and text != current:
            self.host.run(SetCodingMemo(coding_id, text))

    def reattach_detached(self) -> None:
        coding_id = self.detached_choice.currentData()
        selection = self._selection_or_hint()
        if coding_id is not None and selection is not None:
            self.host.run(ReattachCoding(int(coding_id), *selection))

    # -- find ---------------------------------------------------------------------------------

    def show_find(self) -> None:
        self.find_box.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self) -> None:
        """The next whole-word match after the selection (wrapping round), by the search's own rule."""
        needle = self.find_box.text()
        if not needle.strip():
            return
        try:
            pattern = match_pattern(needle)
        except QdaError as exc:
            self.host.status(str(exc))
            return
        text = self.editor.text
        after = (self.editor.selection() or (0, 0))[1]
        found = pattern.search(text, after) or pattern.search(text)
        if found is None:
            self.host.status(f"0 matches for {needle.strip()} in this document")
            return
        self.editor.select_range(found.start(), found.end())
