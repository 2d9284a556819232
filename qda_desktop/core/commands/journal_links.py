"""Linking journal entries to what they are about: themes, codes, extracts (codings) and documents."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from qda_desktop.core.commands.base import Command, Context
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import JOURNAL_TARGETS, Code, Coding, Document, JournalEntry, JournalLink, Theme

TARGET_MODELS: dict[str, type[Theme | Code | Coding | Document]] = {
    "theme": Theme,
    "code": Code,
    "coding": Coding,
    "document": Document,
}


@dataclass(frozen=True)
class LinkJournalEntry(Command[int]):
    """Link a journal entry to a theme, code, coding (an extract) or document; returns the link's id
    (an existing link is returned as it is)."""

    entry_id: int
    target: str  # one of JOURNAL_TARGETS
    target_id: int

    @property
    def label(self) -> str:
        return f"Link journal entry to {self.target}"

    def apply(self, ctx: Context) -> int:
        if self.target not in JOURNAL_TARGETS:
            raise InvalidInput(f"a journal entry can be linked to {', '.join(JOURNAL_TARGETS)}, not '{self.target}'")
        ctx.get(JournalEntry, self.entry_id, "journal entry")
        ctx.get(TARGET_MODELS[self.target], self.target_id, self.target)
        column = getattr(JournalLink, f"{self.target}_id")
        existing = ctx.session.scalar(
            select(JournalLink.id).where(JournalLink.entry_id == self.entry_id, column == self.target_id)
        )
        if existing is not None:
            return int(existing)
        link = JournalLink(entry_id=self.entry_id)
        setattr(link, f"{self.target}_id", self.target_id)
        ctx.session.add(link)
        ctx.session.flush()
        return link.id


@dataclass(frozen=True)
class UnlinkJournalEntry(Command[None]):
    link_id: int

    @property
    def label(self) -> str:
        return "Unlink journal entry"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(ctx.get(JournalLink, self.link_id, "journal link"))
