"""Test helpers that read a project's rows directly, to compare states exactly."""

from __future__ import annotations

from typing import Any

from qda_desktop.core.project import Project
from qda_desktop.store.models import UNDOABLE_TABLES


def snapshot(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every user table (plus the full-text index's view), in id order."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    with project.store.engine.connect() as conn:
        for table in (*UNDOABLE_TABLES, "media_chunk"):
            state[table] = [tuple(r) for r in conn.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY id')]
        state["fts"] = [
            tuple(r)
            for r in conn.exec_driver_sql(
                "SELECT rowid FROM document_fts WHERE document_fts MATCH 'the OR a OR and' ORDER BY rowid"
            )
        ]
    return state
