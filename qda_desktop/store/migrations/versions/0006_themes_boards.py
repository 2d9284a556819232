"""Themes (with subthemes), their codes and extracts; boards with cards and links; frozen snapshots;
an optional reason on audit entries.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _guid() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("guid", sa.String(length=36), nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("concept", sa.Text(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("color", sa.String(length=7), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("review_verdict", sa.String(length=16), nullable=False),
        sa.Column("review_notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _guid(),
        sa.CheckConstraint("id IS NOT parent_id", name="theme_not_own_parent"),
        sa.CheckConstraint("status IN ('candidate', 'reviewed', 'defined', 'set_aside')", name="theme_status"),
        sa.CheckConstraint("review_verdict IN ('', 'holds', 'partly', 'does_not_hold')", name="theme_verdict"),
        sa.ForeignKeyConstraint(["parent_id"], ["theme.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_theme_parent", "theme", ["parent_id"])
    op.create_table(
        "theme_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["code_id"], ["code.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("theme_id", "code_id"),
    )
    op.create_index("ix_theme_code_code", "theme_code", ["code_id"])
    op.create_table(
        "theme_extract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("coding_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["coding_id"], ["coding.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("theme_id", "coding_id"),
    )
    op.create_index("ix_theme_extract_coding", "theme_extract", ["coding_id"])
    op.create_table(
        "board",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _guid(),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "board_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("code_id", sa.Integer(), nullable=True),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.Column("w", sa.Float(), nullable=False),
        sa.Column("h", sa.Float(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("color", sa.String(length=7), nullable=False),
        _guid(),
        sa.CheckConstraint(
            "(kind = 'theme' AND theme_id IS NOT NULL AND code_id IS NULL) OR "
            "(kind = 'code' AND code_id IS NOT NULL AND theme_id IS NULL) OR "
            "(kind = 'note' AND theme_id IS NULL AND code_id IS NULL)",
            name="board_item_kind",
        ),
        sa.ForeignKeyConstraint(["board_id"], ["board.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["code_id"], ["code.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("board_id", "theme_id"),
        sa.UniqueConstraint("board_id", "code_id"),
    )
    op.create_index("ix_board_item_theme", "board_item", ["theme_id"])
    op.create_index("ix_board_item_code", "board_item", ["code_id"])
    op.create_table(
        "board_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("from_item_id", sa.Integer(), nullable=False),
        sa.Column("to_item_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        _guid(),
        sa.CheckConstraint("from_item_id IS NOT to_item_id", name="board_link_not_self"),
        sa.ForeignKeyConstraint(["board_id"], ["board.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["from_item_id"], ["board_item.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_item_id"], ["board_item.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_board_link_board", "board_link", ["board_id"])
    op.create_table(
        "snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        _guid(),
        sa.ForeignKeyConstraint(["board_id"], ["board.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_snapshot_board", "snapshot", ["board_id"])
    for table in ("theme", "board", "board_item", "board_link", "snapshot"):
        op.create_index(f"ux_{table}_guid", table, ["guid"], unique=True)
    # An optional reason for a change, given by the user (see core.commands.base.Reasoned).
    op.add_column("audit_log", sa.Column("reason", sa.Text(), nullable=False, server_default=""))
    # The undo, full-text and audit triggers of the new tables are built by migrate.upgrade_to_head.


def downgrade() -> None:
    raise NotImplementedError("projects are never downgraded; restore the pre-migration backup instead")
