"""The audit log as rows a window or an export can list, filtered by kind of change and date."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from qda_desktop.core.project import Project
from qda_desktop.store.models import AuditEntry

AUDIT_CATEGORIES = ("create", "rename", "merge", "move", "status", "delete", "edit", "other")

# First matching prefix of a command's label decides its category (the labels are the commands' own).
_PREFIXES = (
    ("Rename", "rename"),
    ("Merge", "merge"),
    ("Move", "move"),
    ("Make subtheme", "move"),
    ("Set theme status", "status"),
    ("Record theme review", "status"),
    ("Delete", "delete"),
    ("Remove", "delete"),
    ("Add", "create"),
    ("Make", "create"),
    ("Take", "create"),
    ("Import", "create"),
    ("Apply", "create"),
    ("Split", "create"),
    ("Start", "create"),
    ("Define", "create"),
    ("Edit", "edit"),
    ("Recolour", "edit"),
    ("Relabel", "edit"),
    ("Set", "edit"),
    ("Place", "edit"),
    ("Link", "edit"),
    ("Replace", "edit"),
)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC
    kind: str  # "do", "undo", "redo", "job" or "event"
    action: str  # the command's label
    category: str  # one of AUDIT_CATEGORIES
    tables: dict[str, dict[str, int]]  # per table, how many rows were inserted (I), updated (U), deleted (D)
    reason: str


def category(action: str) -> str:
    for prefix, name in _PREFIXES:
        if action.startswith(prefix):
            return name
    return "other"


def audit_rows(
    project: Project,
    categories: set[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    text: str = "",
) -> list[AuditRow]:
    """Newest first; ``since``/``until`` are inclusive days (UTC); ``text`` matches the action, any case."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(since, time.min))
    if until is not None:
        query = query.where(AuditEntry.at < datetime.combine(until + timedelta(days=1), time.min))
    with project.read() as session:
        entries = session.scalars(query).all()
    rows = []
    for e in entries:
        kind_of_change = category(e.action)
        if categories is not None and kind_of_change not in categories:
            continue
        if text and text.lower() not in e.action.lower():
            continue
        try:
            tables = json.loads(e.summary)
        except ValueError:
            tables = {}
        rows.append(AuditRow(e.id, e.at, e.kind, e.action, kind_of_change, tables, e.reason))
    return rows
