"""The record every command, undo and redo returns: which rows of which tables changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
}


@dataclass
class Changes:
    label: str
    kind: str  # "do", "undo" or "redo"
    touched: dict[str, set[int]] = field(default_factory=dict)
    result: Any = None
    dropped_undo_steps: int = 0  # undo/redo steps a background write made stale (and removed)

    def ids(self, area: str) -> set[int]:
        """Row ids changed in ``area`` ("codes", "codings", …)."""
        for table, name in TABLE_NAMES.items():
            if name == area:
                return self.touched.get(table, set())
        raise KeyError(area)

    @property
    def areas(self) -> set[str]:
        return {TABLE_NAMES.get(t, t) for t, ids in self.touched.items() if ids}

    def __bool__(self) -> bool:
        return any(self.touched.values())

    def summary(self) -> dict[str, int]:
        return {TABLE_NAMES.get(t, t): len(ids) for t, ids in sorted(self.touched.items()) if ids}
