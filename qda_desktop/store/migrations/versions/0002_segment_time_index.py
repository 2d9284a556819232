"""Index segments by time, for seeking a transcript during playback.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_segment_time", "segment", ["document_id", "start_s"])


def downgrade() -> None:
    raise NotImplementedError("projects are never downgraded; restore the pre-migration backup instead")
