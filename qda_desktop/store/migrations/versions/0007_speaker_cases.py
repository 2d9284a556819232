"""Speakers of transcripts linked to cases; attributes may be whole numbers ('integer').

Revision ID: 0007
Revises: 0005
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ATTRIBUTE = (
    "CREATE TABLE attribute ("
    "id INTEGER NOT NULL, name TEXT NOT NULL, value_type VARCHAR(16) NOT NULL, "
    "guid VARCHAR(36) NOT NULL DEFAULT '', PRIMARY KEY (id), UNIQUE (name), "
    "CONSTRAINT attribute_type CHECK (value_type IN ('text', 'integer', 'number', 'date', 'boolean')))"
)
VALUE = (
    "CREATE TABLE case_attribute_value ("
    "id INTEGER NOT NULL, case_id INTEGER NOT NULL, attribute_id INTEGER NOT NULL, value TEXT NOT NULL, "
    "PRIMARY KEY (id), UNIQUE (case_id, attribute_id), "
    "FOREIGN KEY(case_id) REFERENCES case_ (id) ON DELETE CASCADE, "
    "FOREIGN KEY(attribute_id) REFERENCES attribute (id) ON DELETE CASCADE)"
)
SPEAKER_CASE = (
    "CREATE TABLE speaker_case ("
    "id INTEGER NOT NULL, document_id INTEGER NOT NULL, speaker TEXT NOT NULL, case_id INTEGER NOT NULL, "
    "guid VARCHAR(36) NOT NULL DEFAULT '', PRIMARY KEY (id), UNIQUE (document_id, speaker), "
    "FOREIGN KEY(document_id) REFERENCES document (id) ON DELETE CASCADE, "
    "FOREIGN KEY(case_id) REFERENCES case_ (id) ON DELETE CASCADE)"
)


def upgrade() -> None:
    conn = op.get_bind()
    # A CHECK constraint changes only by rebuilding the table. Its child goes first (dropping a
    # parent with foreign keys on would cascade), rows are held in memory, never in a file.
    attributes = conn.exec_driver_sql("SELECT id, name, value_type, guid FROM attribute").all()
    values = conn.exec_driver_sql("SELECT id, case_id, attribute_id, value FROM case_attribute_value").all()
    conn.exec_driver_sql("DROP TABLE case_attribute_value")
    conn.exec_driver_sql("DROP TABLE attribute")
    conn.exec_driver_sql(ATTRIBUTE)
    conn.exec_driver_sql(VALUE)
    conn.exec_driver_sql("CREATE UNIQUE INDEX ux_attribute_guid ON attribute (guid)")
    if attributes:
        conn.exec_driver_sql("INSERT INTO attribute VALUES (?, ?, ?, ?)", [tuple(r) for r in attributes])
    if values:
        conn.exec_driver_sql("INSERT INTO case_attribute_value VALUES (?, ?, ?, ?)", [tuple(r) for r in values])
    conn.exec_driver_sql(SPEAKER_CASE)
    conn.exec_driver_sql("CREATE INDEX ix_speaker_case_case ON speaker_case (case_id)")
    conn.exec_driver_sql("CREATE UNIQUE INDEX ux_speaker_case_guid ON speaker_case (guid)")


def downgrade() -> None:
    raise NotImplementedError("projects are never downgraded; restore the pre-migration backup instead")
