"""Memos and the reflexive journal: two tabs of notes that save as you type.

A new memo can be about the project, the open document, the selected code or the selected coding; the
Memos tab lists them all (core.memo_notes decides how each is stored).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QMenu

from qda_desktop.core import memo_notes, views
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import AddJournalEntry, DeleteJournalEntry, UpdateJournalEntry
from qda_desktop.core.project import Project
from qda_desktop.ui.controllers.base import Controller, Host
from qda_desktop.ui.notes_panel import Note, NotesPanel

JOURNAL = "journal"


def journal_key(entry_id: int) -> str:
    return f"{JOURNAL}:{entry_id}"


def journal_id(key: str) -> int:
    return int(key.partition(":")[2])


class NotesController(Controller):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.memos = NotesPanel("New memo")
        self.journal = NotesPanel("New journal entry", with_dates=True)
        host.add_tab(self.memos, "Memos")
        host.add_tab(self.journal, "Journal")
        self.targets = QMenu(self.memos.new_button)
        self.on_project = self.targets.addAction("On the project", lambda: self.new_memo("project"))
        self.on_document = self.targets.addAction("On this document", lambda: self.new_memo("document"))
        self.on_code = self.targets.addAction("On the selected code", lambda: self.new_memo("code"))
        self.on_coding = self.targets.addAction("On the selected coding", lambda: self.new_memo("coding"))
        self.targets.aboutToShow.connect(self.update_targets)
        self.memos.new_button.setMenu(self.targets)
        self._writing: tuple[str, ...] = ()  # empty code/coding memos just opened for writing
        self.memos.save_requested.connect(self.save_memo)
        self.memos.delete_requested.connect(lambda key: host.run(memo_notes.delete(key)))
        self.journal.new_requested.connect(self.new_journal_entry)
        self.journal.save_requested.connect(self.save_journal_entry)
        self.journal.date_changed.connect(self.redate_journal_entry)
        self.journal.delete_requested.connect(lambda key: host.run(DeleteJournalEntry(journal_id(key))))

    # -- hooks -----------------------------------------------------------------

    def project_opened(self, project: Project) -> None:
        self.refresh_memos()
        self.refresh_journal()

    def before_close(self) -> None:
        self.memos.save_now()
        self.journal.save_now()

    def project_closed(self) -> None:
        self._writing = ()
        self.memos.set_notes([])
        self.journal.set_notes([])

    def changed(self, changes: Changes) -> None:
        areas = changes.areas
        if areas & {"memos", "codes", "codings", "documents"}:  # a memo names what it is about
            self.refresh_memos()
        if "journal" in areas:
            self.refresh_journal()

    # -- memos -------------------------------------------------------------------

    def refresh_memos(self) -> None:
        if self.project is None:
            return
        notes = memo_notes.memo_notes(self.project, include_empty=self._writing)
        self.memos.set_notes([Note(n.key, n.title, n.text, n.about, n.own_title) for n in notes])

    def update_targets(self) -> None:
        """Name what each kind of new memo would be about, and disable the ones with nothing selected."""
        ws = self.host.workspace
        doc = ws.current_document
        self.on_document.setEnabled(doc is not None)
        names = views.document_rows(self.project) if self.project is not None and doc is not None else []
        doc_name = next((r.name for r in names if r.id == doc), "")
        self.on_document.setText(f"On document “{doc_name}”" if doc_name else "On this document")
        code = ws.current_code if ws.current_code in ws.styles else None
        self.on_code.setEnabled(code is not None)
        self.on_code.setText(f"On code “{ws.paths[code]}”" if code is not None else "On the selected code")
        self.on_coding.setEnabled(ws.selected_coding is not None)

    def new_memo(self, target: str) -> None:
        ws = self.host.workspace
        if target in ("project", "document"):
            command = memo_notes.new_memo(target, ws.current_document if target == "document" else None)
            changes = self.host.run(command) if command is not None else None
            if changes is not None:
                self.memos.select(memo_notes.memo_key("memo", changes.result))
        else:
            item = ws.current_code if target == "code" else ws.selected_coding
            if item is None:
                self.host.status(f"Select a {target} first.")
                return
            key = memo_notes.memo_key(target, item)
            self._writing = (key,)
            self.refresh_memos()
            self.memos.select(key)
        self.memos.body.setFocus()

    def save_memo(self, key: str, title: str, text: str) -> None:
        self.host.run(memo_notes.save(key, title, text))

    # -- journal -------------------------------------------------------------------

    def refresh_journal(self) -> None:
        if self.project is not None:
            entries = views.journal_entries(self.project)
            self.journal.set_notes(
                [Note(journal_key(e.id), e.title, e.text, e.day.isoformat(), True, e.day) for e in entries]
            )

    def new_journal_entry(self) -> None:
        changes = self.host.run(AddJournalEntry(date.today(), "", ""))
        if changes is not None:
            self.journal.select(journal_key(changes.result))

    def save_journal_entry(self, key: str, title: str, text: str) -> None:
        if self.project is not None:
            day = views.journal_day(self.project, journal_id(key)) or date.today()
            self.host.run(UpdateJournalEntry(journal_id(key), day, title, text))

    def redate_journal_entry(self, key: str, day: object) -> None:
        entry = next((e for e in self._entries() if e.id == journal_id(key)), None)
        if entry is not None and isinstance(day, date):
            self.host.run(UpdateJournalEntry(entry.id, day, entry.title, entry.text))

    def _entries(self) -> list[views.JournalView]:
        return views.journal_entries(self.project) if self.project is not None else []
