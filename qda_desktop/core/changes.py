"""The record every command, undo and redo returns: which rows of which tables changed, and how.

``touched`` has every row id a step wrote; ``tables`` says per table which rows were
inserted, updated or deleted (net, over the step) and, for deleted rows, the parents
they belonged to (their foreign keys), so a view can repaint exactly what it shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic

from typing_extensions import TypeVar

R = TypeVar("R", default=Any)

# Friendly names for the tables a view may care about.
TABLE_NAMES = {
    "document": "documents",
    "segment": "segments",
    "code": "codes",
    "coding": "codings",
    "memo": "memos",
    "journal_entry": "journal",
    "case_": "cases",
    "attribute": "attributes",
    "case_attribute_value": "case_attributes",
    "document_case": "document_cases",
    "media": "media",
    "project": "project",
    "transcription": "transcriptions",
    "theme": "themes",
    "theme_code": "theme_codes",
    "theme_extract": "theme_extracts",
    "board": "boards",
    "board_item": "board_items",
    "board_link": "board_links",
    "snapshot": "snapshots",
}
AREAS = {name: table for table, name in TABLE_NAMES.items()}


@dataclass(frozen=True)
class TableChange:
    """What one step did to one table (net: a row inserted and then updated counts as inserted)."""

    inserted: frozenset[int] = frozenset()
    updated: frozenset[int] = frozenset()
    deleted: frozenset[int] = frozenset()
    # For each deleted row: its foreign keys as they were, e.g. {"document_id": 3, "code_id": 7}.
    parents: Mapping[int, Mapping[str, int | None]] = field(default_factory=dict)

    def parent_ids(self, column: str) -> set[int]:
        """The distinct parents (by foreign-key column) the deleted rows belonged to."""
        return {p[column] for p in self.parents.values() if p.get(column) is not None}  # type: ignore[misc]


NO_CHANGE = TableChange()


@dataclass
class Changes(Generic[R]):
    label: str
    kind: str  # "do", "undo" or "redo"
    touched: dict[str, set[int]] = field(default_factory=dict)
    result: R = None  # type: ignore[assignment]  # the command's result; None for undo and redo
    tables: dict[str, TableChange] = field(default_factory=dict)
    dropped_undo_steps: int = 0  # undo/redo steps a background write made stale (and removed)

    def ids(self, area: str) -> set[int]:
        """Row ids changed in ``area`` ("codes", "codings", …)."""
        if area not in AREAS:
            raise KeyError(area)
        return self.touched.get(AREAS[area], set())

    def table(self, area: str) -> TableChange:
        """Inserted, updated and deleted rows of ``area`` ("codes", "codings", …)."""
        if area not in AREAS:
            raise KeyError(area)
        return self.tables.get(AREAS[area], NO_CHANGE)

    @property
    def areas(self) -> set[str]:
        return {TABLE_NAMES.get(t, t) for t, ids in self.touched.items() if ids}

    def __bool__(self) -> bool:
        return any(self.touched.values())

    def summary(self) -> dict[str, int]:
        return {TABLE_NAMES.get(t, t): len(ids) for t, ids in sorted(self.touched.items()) if ids}
