"""One home for code and coding memos: the code's and the coding's own ``memo`` field.

Memos that were attached to a code or a coding are appended there (title, then text);
the memo table keeps project and document memos only.

Revision ID: 0005
Revises: 0004
"""

from alembic import op
from sqlalchemy import Connection

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fold(conn: Connection, column: str, table: str) -> None:
    rows = conn.exec_driver_sql(f"SELECT {column}, title, text FROM memo WHERE {column} IS NOT NULL ORDER BY id").all()
    for target_id, title, text in rows:
        note = "\n".join(part for part in (title, text) if part)
        if note:
            conn.exec_driver_sql(
                f"UPDATE \"{table}\" SET memo = CASE WHEN memo = '' THEN ? ELSE memo || char(10) || char(10) || ? END "
                "WHERE id = ?",
                (note, note, target_id),
            )


def upgrade() -> None:
    conn = op.get_bind()
    _fold(conn, "code_id", "code")
    _fold(conn, "coding_id", "coding")
    # memo is no table's parent, so it can be rebuilt in place (nothing cascades).
    conn.exec_driver_sql(
        "CREATE TABLE memo_new ("
        "id INTEGER NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL, document_id INTEGER, "
        "created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, guid VARCHAR(36) NOT NULL DEFAULT '', "
        "PRIMARY KEY (id), FOREIGN KEY(document_id) REFERENCES document (id) ON DELETE CASCADE)"
    )
    conn.exec_driver_sql(
        "INSERT INTO memo_new (id, title, text, document_id, created_at, updated_at, guid) "
        "SELECT id, title, text, document_id, created_at, updated_at, guid FROM memo "
        "WHERE code_id IS NULL AND coding_id IS NULL"
    )
    conn.exec_driver_sql("DROP TABLE memo")
    conn.exec_driver_sql("ALTER TABLE memo_new RENAME TO memo")
    conn.exec_driver_sql("CREATE UNIQUE INDEX ux_memo_guid ON memo (guid)")


def downgrade() -> None:
    raise NotImplementedError("projects are never downgraded; restore the pre-migration backup instead")
