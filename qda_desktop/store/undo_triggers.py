"""Triggers that write the undo log, after the technique SQLite documents for undo/redo.

For each undoable table, AFTER INSERT/UPDATE/DELETE triggers record in ``undo_log``
what is needed to reverse the change: the row id for an insert, the old row as
JSON for an update or delete (BLOB columns hex-encoded). Cascaded deletes fire the
triggers too, so a single log range reverses any operation exactly.

The triggers name every column, so they go stale when a migration adds a column or
rebuilds a table: ``reinstall_all`` rebuilds them (and the full-text and audit-log
triggers) from the current schema at the end of every upgrade.
"""

from __future__ import annotations

from sqlalchemy import Connection

BLOB_TYPES = ("BLOB",)

# The full-text index follows document names and texts (content table: document).
FTS_TRIGGERS = {
    "document_fts_i": (
        "CREATE TRIGGER document_fts_i AFTER INSERT ON document BEGIN "
        "INSERT INTO document_fts(rowid, name, text) VALUES (NEW.id, NEW.name, NEW.text); END"
    ),
    "document_fts_d": (
        "CREATE TRIGGER document_fts_d AFTER DELETE ON document BEGIN "
        "INSERT INTO document_fts(document_fts, rowid, name, text) "
        "VALUES ('delete', OLD.id, OLD.name, OLD.text); END"
    ),
    "document_fts_u": (
        "CREATE TRIGGER document_fts_u AFTER UPDATE OF name, text ON document BEGIN "
        "INSERT INTO document_fts(document_fts, rowid, name, text) "
        "VALUES ('delete', OLD.id, OLD.name, OLD.text); "
        "INSERT INTO document_fts(rowid, name, text) VALUES (NEW.id, NEW.name, NEW.text); END"
    ),
}

# The audit log is append-only.
AUDIT_TRIGGERS = {
    f"audit_log_no_{verb.lower()}": (
        f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log BEGIN "
        "SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    for verb in ("UPDATE", "DELETE")
}


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


def reinstall_all(conn: Connection, undoable: tuple[str, ...]) -> None:
    """Every trigger the app relies on, rebuilt from the current schema (run after each upgrade)."""
    install(conn, undoable)
    for name, sql in (FTS_TRIGGERS | AUDIT_TRIGGERS).items():
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
        conn.exec_driver_sql(sql)
