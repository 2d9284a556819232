"""A stable identity (GUID) for every entity, backfilled; unique per table.

Revision ID: 0004
Revises: 0003
"""

import uuid

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The entity tables as of this revision (later tables get their GUID when they are created).
GUID_TABLES = (
    "media",
    "document",
    "segment",
    "code",
    "coding",
    "memo",
    "journal_entry",
    "case_",
    "attribute",
    "transcription",
)


def upgrade() -> None:
    conn = op.get_bind()
    for table in GUID_TABLES:
        # SQLite adds a NOT NULL column only with a constant default; every row then gets its own GUID.
        conn.exec_driver_sql(f"ALTER TABLE \"{table}\" ADD COLUMN guid VARCHAR(36) NOT NULL DEFAULT ''")
        ids = [row[0] for row in conn.exec_driver_sql(f'SELECT id FROM "{table}"')]
        if ids:
            conn.exec_driver_sql(
                f'UPDATE "{table}" SET guid = ? WHERE id = ?', [(str(uuid.uuid4()), row_id) for row_id in ids]
            )
        op.create_index(f"ux_{table}_guid", table, ["guid"], unique=True)


def downgrade() -> None:
    raise NotImplementedError("projects are never downgraded; restore the pre-migration backup instead")
