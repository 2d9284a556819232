"""Undo and redo over the trigger-written undo log (see ``store.undo_triggers``).

A step is a range of log entries. Reverting it replays the inverse of each entry
newest first; the triggers log that replay too, and its range becomes the step
for the opposite direction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from qda_desktop.core.changes import TableChange
from qda_desktop.errors import UndoUnavailable
from qda_desktop.store.undo_triggers import BLOB_TYPES, table_columns

DEFAULT_LIMIT = 500


@dataclass(frozen=True)
class Step:
    label: str
    first: int
    last: int


def last_seq(conn: Connection) -> int:
    return int(conn.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM undo_log").scalar_one())


def touched_between(conn: Connection, first: int, last: int) -> dict[str, set[int]]:
    touched: dict[str, set[int]] = defaultdict(set)
    rows = conn.exec_driver_sql("SELECT tbl, row_id FROM undo_log WHERE seq BETWEEN ? AND ?", (first, last))
    for table, row_id in rows:
        touched[table].add(int(row_id))
    return dict(touched)


def op_counts(conn: Connection, first: int, last: int) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    rows = conn.exec_driver_sql(
        "SELECT tbl, op, count(*) FROM undo_log WHERE seq BETWEEN ? AND ? GROUP BY tbl, op", (first, last)
    )
    for table, op, n in rows:
        counts[table][op] = int(n)
    return dict(counts)


def table_changes(conn: Connection, first: int, last: int) -> dict[str, TableChange]:
    """Per table, the rows the log range inserted, updated and deleted (net), with deleted rows' parents."""
    history: dict[tuple[str, int], list[tuple[str, str | None]]] = defaultdict(list)
    rows = conn.exec_driver_sql(
        "SELECT tbl, row_id, op, old FROM undo_log WHERE seq BETWEEN ? AND ? ORDER BY seq", (first, last)
    )
    for table, row_id, op, old in rows:
        history[(str(table), int(row_id))].append((str(op), old))
    sets: dict[str, dict[str, set[int]]] = defaultdict(lambda: {"I": set(), "U": set(), "D": set()})
    parents: dict[str, dict[int, dict[str, int | None]]] = defaultdict(dict)
    keys: dict[str, list[str]] = {}
    for (table, row_id), ops in history.items():
        net = _net_op(ops[0][0], ops[-1][0])
        if net is None:
            continue
        sets[table][net].add(row_id)
        if net == "D":
            if table not in keys:
                keys[table] = foreign_key_columns(conn, table)
            before = json.loads(ops[0][1] or "{}")
            parents[table][row_id] = {column: before.get(column) for column in keys[table]}
    return {
        table: TableChange(frozenset(s["I"]), frozenset(s["U"]), frozenset(s["D"]), parents.get(table, {}))
        for table, s in sets.items()
    }


def _net_op(first: str, last: str) -> str | None:
    """A row's net change from its first and last logged operation in a step."""
    if first == "I":
        return None if last == "D" else "I"
    if last == "D":
        return "D"
    return "U"  # updated, or deleted and put back


def foreign_key_columns(conn: Connection, table: str) -> list[str]:
    return [str(row[3]) for row in conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")')]


def revert(conn: Connection, step: Step) -> Step:
    """Replay the inverse of ``step`` on ``conn`` (inside a transaction); return the opposite step."""
    start = last_seq(conn) + 1
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    columns: dict[str, list[tuple[str, str]]] = {}
    entries = conn.exec_driver_sql(
        "SELECT tbl, row_id, op, old FROM undo_log WHERE seq BETWEEN ? AND ? ORDER BY seq DESC",
        (step.first, step.last),
    ).all()
    for table, row_id, op, old in entries:
        if table not in columns:
            columns[table] = table_columns(conn, table)
        if op == "I":
            conn.exec_driver_sql(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
            continue
        values = _decode_row(json.loads(old), columns[table], step.label, table)
        names = [name for name, _ in columns[table]]
        if op == "U":
            assignments = ", ".join(f'"{n}" = ?' for n in names)
            conn.exec_driver_sql(f'UPDATE "{table}" SET {assignments} WHERE id = ?', (*values, row_id))
        else:
            quoted = ", ".join(f'"{n}"' for n in names)
            marks = ", ".join("?" for _ in names)
            conn.exec_driver_sql(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', tuple(values))
    return Step(step.label, start, last_seq(conn))


def _decode_row(row: dict[str, Any], columns: list[tuple[str, str]], label: str, table: str) -> list[Any]:
    """The logged row's values in column order; refuses when the log lacks a column (never writes NULL)."""
    values = []
    for name, col_type in columns:
        if name not in row:
            raise UndoUnavailable(
                f"cannot undo or redo '{label}': its record of a {table} row has no '{name}' "
                "(the project's schema changed since); nothing was changed"
            )
        value = row[name]
        if col_type in BLOB_TYPES and value is not None:
            value = bytes.fromhex(value)
        values.append(value)
    return values


class History:
    """Bounded undo and redo stacks of steps; forgets (and prunes) the oldest."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self.limit = limit
        self.undo_stack: list[Step] = []
        self.redo_stack: list[Step] = []

    def pushed(self, step: Step) -> list[Step]:
        """Record a new step; returns the steps whose log entries are no longer needed."""
        dropped = self.redo_stack
        self.redo_stack = []
        self.undo_stack.append(step)
        while len(self.undo_stack) > self.limit:
            dropped.append(self.undo_stack.pop(0))
        return dropped

    @property
    def undo_label(self) -> str | None:
        return self.undo_stack[-1].label if self.undo_stack else None

    @property
    def redo_label(self) -> str | None:
        return self.redo_stack[-1].label if self.redo_stack else None

    def clear(self) -> None:
        self.undo_stack.clear()
        self.redo_stack.clear()
