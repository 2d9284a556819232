"""Triggers that write the undo log, after the technique SQLite documents for undo/redo.

For each undoable table, AFTER INSERT/UPDATE/DELETE triggers record in ``undo_log``
what is needed to reverse the change: the row id for an insert, the old row as
JSON for an update or delete (BLOB columns hex-encoded). Cascaded deletes fire the
triggers too, so a single log range reverses any operation exactly.
"""

from __future__ import annotations

from sqlalchemy import Connection

BLOB_TYPES = ("BLOB",)


def table_columns(conn: Connection, table: str) -> list[tuple[str, str]]:
    rows = conn.exec_driver_sql(f'PRAGMA table_info("{table}")').all()
    return [(str(r[1]), str(r[2]).upper()) for r in rows]


def _old_json(columns: list[tuple[str, str]]) -> str:
    parts = []
    for name, col_type in columns:
        value = f'hex(OLD."{name}")' if col_type in BLOB_TYPES else f'OLD."{name}"'
        parts.append(f"'{name}', {value}")
    return "json_object(" + ", ".join(parts) + ")"


def install(conn: Connection, tables: tuple[str, ...]) -> None:
    """(Re)create the undo triggers for ``tables`` from their current columns."""
    for table in tables:
        drop(conn, table)
        columns = table_columns(conn, table)
        old = _old_json(columns)
        conn.exec_driver_sql(
            f'CREATE TRIGGER "undo_{table}_i" AFTER INSERT ON "{table}" BEGIN '
            f"INSERT INTO undo_log(tbl, row_id, op) VALUES ('{table}', NEW.id, 'I'); END"
        )
        conn.exec_driver_sql(
            f'CREATE TRIGGER "undo_{table}_u" AFTER UPDATE ON "{table}" BEGIN '
            f"INSERT INTO undo_log(tbl, row_id, op, old) VALUES ('{table}', OLD.id, 'U', {old}); END"
        )
        conn.exec_driver_sql(
            f'CREATE TRIGGER "undo_{table}_d" AFTER DELETE ON "{table}" BEGIN '
            f"INSERT INTO undo_log(tbl, row_id, op, old) VALUES ('{table}', OLD.id, 'D', {old}); END"
        )


def drop(conn: Connection, table: str) -> None:
    for op in "iud":
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "undo_{table}_{op}"')
