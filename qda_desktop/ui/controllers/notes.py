"""Memos and the reflexive journal: two tabs of notes that save as you type."""

from __future__ import annotations

from datetime import date

from qda_desktop.core import views
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import (
    AddJournalEntry,
    AddMemo,
    DeleteJournalEntry,
    DeleteMemo,
    UpdateJournalEntry,
    UpdateMemo,
)
from qda_desktop.core.project import Project
from qda_desktop.ui.controllers.base import Controller, Host
from qda_desktop.ui.notes_panel import Note, NotesPanel


class NotesController(Controller):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.memos = NotesPanel("New memo")
        self.journal = NotesPanel("New journal entry")
        host.add_tab(self.memos, "Memos")
        host.add_tab(self.journal, "Journal")
        self.memos.new_requested.connect(self.new_memo)
        self.memos.save_requested.connect(self.save_memo)
        self.memos.delete_requested.connect(lambda memo_id: host.run(DeleteMemo(memo_id)))
        self.journal.new_requested.connect(self.new_journal_entry)
        self.journal.save_requested.connect(self.save_journal_entry)
        self.journal.delete_requested.connect(lambda entry_id: host.run(DeleteJournalEntry(entry_id)))

    # -- hooks -----------------------------------------------------------------

    def project_opened(self, project: Project) -> None:
        self.refresh_memos()
        self.refresh_journal()

    def before_close(self) -> None:
        self.memos.save_now()
        self.journal.save_now()

    def project_closed(self) -> None:
        self.memos.set_notes([])
        self.journal.set_notes([])

    def changed(self, changes: Changes) -> None:
        areas = changes.areas
        if areas & {"memos", "codes", "documents"}:  # a memo names the code or document it is about
            self.refresh_memos()
        if "journal" in areas:
            self.refresh_journal()

    # -- memos -------------------------------------------------------------------

    def refresh_memos(self) -> None:
        if self.project is not None:
            self.memos.set_notes([Note(m.id, m.title, m.text, m.subtitle) for m in views.memo_notes(self.project)])

    def new_memo(self) -> None:
        doc = self.host.workspace.current_document
        target, target_id = ("document", doc) if doc else ("project", None)
        changes = self.host.run(AddMemo("New memo", "", target, target_id))
        if changes is not None:
            self.memos.select(changes.result)

    def save_memo(self, memo_id: int, title: str, text: str) -> None:
        self.host.run(UpdateMemo(memo_id, title, text))

    # -- journal -------------------------------------------------------------------

    def refresh_journal(self) -> None:
        if self.project is not None:
            entries = views.journal_entries(self.project)
            self.journal.set_notes([Note(e.id, e.title, e.text, e.day.isoformat()) for e in entries])

    def new_journal_entry(self) -> None:
        changes = self.host.run(AddJournalEntry(date.today(), "", ""))
        if changes is not None:
            self.journal.select(changes.result)

    def save_journal_entry(self, entry_id: int, title: str, text: str) -> None:
        if self.project is not None:
            day = views.journal_day(self.project, entry_id) or date.today()
            self.host.run(UpdateJournalEntry(entry_id, day, title, text))
