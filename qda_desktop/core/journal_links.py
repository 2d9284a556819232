"""Reads of journal links: what an entry is about, and the entries about a theme, code, extract or document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from qda_desktop.core.code_paths import code_paths
from qda_desktop.core.project import Project
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import JOURNAL_TARGETS, Coding, Document, JournalEntry, JournalLink, Theme

QUOTE_CHARS = 60  # how much of an extract names it


@dataclass(frozen=True)
class JournalLinkView:
    id: int
    target: str  # "theme", "code", "coding" or "document"
    target_id: int
    title: str  # the theme's name, the code's path, the extract's opening words, the document's name


@dataclass(frozen=True)
class LinkedEntry:
    link_id: int
    entry_id: int
    day: date
    title: str


def _target(link: JournalLink) -> tuple[str, int]:
    for target in JOURNAL_TARGETS:
        value = getattr(link, f"{target}_id")
        if value is not None:
            return target, int(value)
    raise AssertionError("a journal link always has one target")


def entry_links(project: Project, entry_id: int) -> list[JournalLinkView]:
    """What a journal entry is linked to, in the order the links were made."""
    with project.read() as session:
        links = session.scalars(select(JournalLink).where(JournalLink.entry_id == entry_id).order_by(JournalLink.id))
        targets = [(link.id, *_target(link)) for link in links]
        paths = code_paths(session)
        themes = dict(session.execute(select(Theme.id, Theme.name)).all())
        documents = dict(session.execute(select(Document.id, Document.name)).all())
        views = []
        for link_id, target, target_id in targets:
            if target == "theme":
                title = str(themes[target_id])
            elif target == "code":
                title = paths[target_id]
            elif target == "document":
                title = str(documents[target_id])
            else:
                coding = session.get(Coding, target_id)
                assert coding is not None
                text = coding.quote or ""
                if not coding.detached:
                    doc_text = session.scalar(select(Document.text).where(Document.id == coding.document_id)) or ""
                    text = doc_text[coding.start : coding.end]
                title = f"{documents[coding.document_id]}: {text[:QUOTE_CHARS]}"
            views.append(JournalLinkView(link_id, target, target_id, title))
    return views


def entries_about(project: Project, target: str, target_id: int) -> list[LinkedEntry]:
    """The journal entries linked to a theme, code, coding or document; newest first."""
    if target not in JOURNAL_TARGETS:
        raise InvalidInput(f"journal entries are linked to {', '.join(JOURNAL_TARGETS)}, not '{target}'")
    column = getattr(JournalLink, f"{target}_id")
    with project.read() as session:
        rows = session.execute(
            select(JournalLink.id, JournalEntry.id, JournalEntry.entry_date, JournalEntry.title)
            .join(JournalEntry, JournalEntry.id == JournalLink.entry_id)
            .where(column == target_id)
            .order_by(JournalEntry.entry_date.desc(), JournalEntry.id.desc())
        ).all()
    return [LinkedEntry(int(link), int(entry), day, str(title)) for link, entry, day, title in rows]
