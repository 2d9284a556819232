"""Commands on memos (project, document, code, coding) and the reflexive journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.guids import assign_guid
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Document, JournalEntry, Memo, utcnow

MEMO_TARGETS = {"project": None, "document": Document}
# Code and coding memos have one home: the code's or coding's own memo (UpdateCode, SetCodingMemo).
OWN_MEMO = {"code": "UpdateCode", "coding": "SetCodingMemo"}


@dataclass(frozen=True)
class AddMemo(Command[int]):
    """A memo on the project (``target="project"``) or on a document."""

    title: str
    text: str
    target: str = "project"
    target_id: int | None = None
    guid: str | None = None

    @property
    def label(self) -> str:
        return f"Add memo '{self.title}'" if self.title else "Add memo"

    def apply(self, ctx: Context) -> int:
        if self.target in OWN_MEMO:
            raise InvalidInput(f"a {self.target}'s memo is its own memo field ({OWN_MEMO[self.target]}), not a memo")
        if self.target not in MEMO_TARGETS:
            raise InvalidInput(f"memos can be attached to {', '.join(MEMO_TARGETS)}, not '{self.target}'")
        memo = Memo(guid=assign_guid(ctx.session, Memo, self.guid), title=self.title, text=self.text)
        model = MEMO_TARGETS[self.target]
        if model is not None:
            if self.target_id is None:
                raise InvalidInput(f"a memo on a {self.target} needs the {self.target}'s id")
            ctx.get(model, self.target_id, self.target)
            setattr(memo, f"{self.target}_id", self.target_id)
        ctx.session.add(memo)
        ctx.session.flush()
        return memo.id


@dataclass(frozen=True)
class UpdateMemo(Command[None]):
    memo_id: int
    title: str
    text: str

    @property
    def label(self) -> str:
        return "Edit memo"

    def apply(self, ctx: Context) -> None:
        memo = ctx.get(Memo, self.memo_id, "memo")
        memo.title, memo.text, memo.updated_at = self.title, self.text, utcnow()


@dataclass(frozen=True)
class DeleteMemo(Command[None]):
    memo_id: int

    @property
    def label(self) -> str:
        return "Delete memo"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(ctx.get(Memo, self.memo_id, "memo"))


@dataclass(frozen=True)
class AddJournalEntry(Command[int]):
    entry_date: date
    title: str
    text: str
    guid: str | None = None

    @property
    def label(self) -> str:
        return "Add journal entry"

    def apply(self, ctx: Context) -> int:
        guid = assign_guid(ctx.session, JournalEntry, self.guid)
        entry = JournalEntry(guid=guid, entry_date=self.entry_date, title=self.title, text=self.text)
        ctx.session.add(entry)
        ctx.session.flush()
        return entry.id


@dataclass(frozen=True)
class UpdateJournalEntry(Command[None]):
    entry_id: int
    entry_date: date
    title: str
    text: str

    @property
    def label(self) -> str:
        return "Edit journal entry"

    def apply(self, ctx: Context) -> None:
        entry = ctx.get(JournalEntry, self.entry_id, "journal entry")
        entry.entry_date, entry.title, entry.text = self.entry_date, self.title, self.text
        entry.updated_at = utcnow()


@dataclass(frozen=True)
class DeleteJournalEntry(Command[None]):
    entry_id: int

    @property
    def label(self) -> str:
        return "Delete journal entry"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(ctx.get(JournalEntry, self.entry_id, "journal entry"))
