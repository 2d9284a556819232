"""ORM models of a project. Offsets are code-point indices into ``Document.text``, end exclusive."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_guid() -> str:
    """A fresh stable identity: a random UUID in canonical lowercase form."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    pass


class HasGuid:
    """An entity with a stable identity that outlives its integer id (unique per table, kept by undo)."""

    guid: Mapped[str] = mapped_column(String(36), default=new_guid, server_default="")


class ProjectInfo(Base):
    __tablename__ = "project"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_version: Mapped[str] = mapped_column(String(32))


class Media(HasGuid, Base):
    """A recording stored in chunks inside the project (see ``store.media``)."""

    __tablename__ = "media"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    chunk_size: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[float | None] = mapped_column(Float, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MediaChunk(Base):
    """Chunks are outside the undo log; no foreign key, so deleting a media row (undoably)
    leaves them until the next open purges chunks without a media row."""

    __tablename__ = "media_chunk"
    __table_args__ = (UniqueConstraint("media_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Document(HasGuid, Base):
    __tablename__ = "document"
    __table_args__ = (CheckConstraint("kind IN ('text', 'transcript')", name="document_kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="text")
    text: Mapped[str] = mapped_column(Text, default="")
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    segments: Mapped[list[Segment]] = relationship(
        back_populates="document", order_by="Segment.idx", passive_deletes=True
    )


class Segment(HasGuid, Base):
    """A time-stamped stretch of a transcript.

    ``words`` is JSON: [[word, start_s, end_s, char_start, char_end], ...].
    """

    __tablename__ = "segment"
    __table_args__ = (
        UniqueConstraint("document_id", "idx"),
        CheckConstraint("char_start <= char_end", name="segment_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    idx: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(Text, default="")
    start_s: Mapped[float] = mapped_column(Float)
    end_s: Mapped[float] = mapped_column(Float)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    words: Mapped[str] = mapped_column(Text, default="[]")

    document: Mapped[Document] = relationship(back_populates="segments")


class Code(HasGuid, Base):
    __tablename__ = "code"
    __table_args__ = (CheckConstraint("id IS NOT parent_id", name="code_not_own_parent"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    color: Mapped[str] = mapped_column(String(7), default="#4c8bf5")
    definition: Mapped[str] = mapped_column(Text, default="")
    inclusion: Mapped[str] = mapped_column(Text, default="")
    exclusion: Mapped[str] = mapped_column(Text, default="")
    example: Mapped[str] = mapped_column(Text, default="")
    memo: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


Index("ix_code_parent", Code.parent_id)


class Coding(HasGuid, Base):
    """A code applied to [start, end) of a document. A detached coding lost its text to an edit."""

    __tablename__ = "coding"
    __table_args__ = (CheckConstraint('0 <= start AND start <= "end"', name="coding_range"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    detached: Mapped[bool] = mapped_column(default=False)
    quote: Mapped[str | None] = mapped_column(Text, default=None)
    memo: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


Index("ix_coding_code", Coding.code_id)
Index("ix_coding_document", Coding.document_id, Coding.start)


class Memo(HasGuid, Base):
    """A memo about the project (no document) or a document. Code and coding memos are their ``memo`` field."""

    __tablename__ = "memo"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class JournalEntry(HasGuid, Base):
    __tablename__ = "journal_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Case(HasGuid, Base):
    __tablename__ = "case_"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    description: Mapped[str] = mapped_column(Text, default="")


class Attribute(HasGuid, Base):
    __tablename__ = "attribute"
    __table_args__ = (CheckConstraint("value_type IN ('text', 'number', 'date', 'boolean')", name="attribute_type"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    value_type: Mapped[str] = mapped_column(String(16), default="text")


class CaseAttributeValue(Base):
    __tablename__ = "case_attribute_value"
    __table_args__ = (UniqueConstraint("case_id", "attribute_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_.id", ondelete="CASCADE"))
    attribute_id: Mapped[int] = mapped_column(ForeignKey("attribute.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(Text)


class DocumentCase(Base):
    __tablename__ = "document_case"
    __table_args__ = (UniqueConstraint("document_id", "case_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case_.id", ondelete="CASCADE"))


class AuditEntry(Base):
    """Append-only record of every change (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")  # why, when the user said (0006)


class Transcription(HasGuid, Base):
    """Provenance and progress of a transcription job (one per transcript document)."""

    __tablename__ = "transcription"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'cancelled', 'failed', 'done')", name="transcription_status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), unique=True)
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="running")
    model_name: Mapped[str] = mapped_column(Text)
    model_sha256: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(16))
    compute_type: Mapped[str] = mapped_column(String(32))
    options: Mapped[str] = mapped_column(Text, default="{}")
    app_version: Mapped[str] = mapped_column(String(32))
    audio_duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    processed_s: Mapped[float] = mapped_column(Float, default=0.0)
    wall_s: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class UndoLogEntry(Base):
    """Inverse information written by triggers; see ``store.undo_triggers``."""

    __tablename__ = "undo_log"
    seq: Mapped[int] = mapped_column(primary_key=True)
    tbl: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[int] = mapped_column(Integer)
    op: Mapped[str] = mapped_column(String(1))
    old: Mapped[str | None] = mapped_column(Text, default=None)


# Tables whose changes the undo log records (everything a user edits).
UNDOABLE_TABLES: tuple[str, ...] = (
    "project",
    "media",
    "document",
    "segment",
    "code",
    "coding",
    "memo",
    "journal_entry",
    "case_",
    "attribute",
    "case_attribute_value",
    "document_case",
    "transcription",
)


Index("ix_segment_time", Segment.document_id, Segment.start_s)
# Tables whose rows carry a GUID (every ``HasGuid`` model), each with a unique index ``ux_<table>_guid``.
GUID_TABLES = tuple(m.__tablename__ for m in Base.__subclasses__() if issubclass(m, HasGuid))
for _table in GUID_TABLES:
    Index(f"ux_{_table}_guid", Base.metadata.tables[_table].c.guid, unique=True)


# -- themes, boards and snapshots (migration 0006) ------------------------------------------

THEME_STATUSES = ("candidate", "reviewed", "defined", "set_aside")
REVIEW_VERDICTS = ("", "holds", "partly", "does_not_hold")
BOARD_ITEM_KINDS = ("theme", "code", "note")


class Theme(HasGuid, Base):
    """A theme (or, with a parent, a subtheme) that groups codes and, where useful, single extracts."""

    __tablename__ = "theme"
    __table_args__ = (
        CheckConstraint("id IS NOT parent_id", name="theme_not_own_parent"),
        CheckConstraint("status IN ('candidate', 'reviewed', 'defined', 'set_aside')", name="theme_status"),
        CheckConstraint("review_verdict IN ('', 'holds', 'partly', 'does_not_hold')", name="theme_verdict"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    concept: Mapped[str] = mapped_column(Text, default="")  # the central organising concept
    definition: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="candidate")
    color: Mapped[str] = mapped_column(String(7), default="#f4a261")
    notes: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)
    review_verdict: Mapped[str] = mapped_column(String(16), default="")
    review_notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


Index("ix_theme_parent", Theme.parent_id)


class ThemeCode(Base):
    """A code feeding a theme (many to many; the code stays where it is in the codebook)."""

    __tablename__ = "theme_code"
    __table_args__ = (UniqueConstraint("theme_id", "code_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)


Index("ix_theme_code_code", ThemeCode.code_id)


class ThemeExtract(Base):
    """A single coded extract given to a theme directly (besides those of its codes)."""

    __tablename__ = "theme_extract"
    __table_args__ = (UniqueConstraint("theme_id", "coding_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    coding_id: Mapped[int] = mapped_column(ForeignKey("coding.id", ondelete="CASCADE"))


Index("ix_theme_extract_coding", ThemeExtract.coding_id)


class Board(HasGuid, Base):
    __tablename__ = "board"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BoardItem(HasGuid, Base):
    """A card on a board: a theme, a code (each at most once per board) or a free note."""

    __tablename__ = "board_item"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'theme' AND theme_id IS NOT NULL AND code_id IS NULL) OR "
            "(kind = 'code' AND code_id IS NOT NULL AND theme_id IS NULL) OR "
            "(kind = 'note' AND theme_id IS NULL AND code_id IS NULL)",
            name="board_item_kind",
        ),
        UniqueConstraint("board_id", "theme_id"),
        UniqueConstraint("board_id", "code_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), default=None)
    code_id: Mapped[int | None] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"), default=None)
    x: Mapped[float] = mapped_column(Float, default=0.0)
    y: Mapped[float] = mapped_column(Float, default=0.0)
    w: Mapped[float] = mapped_column(Float, default=180.0)
    h: Mapped[float] = mapped_column(Float, default=80.0)
    text: Mapped[str] = mapped_column(Text, default="")  # a note's text
    color: Mapped[str] = mapped_column(String(7), default="")  # "" = the theme's or code's own colour


Index("ix_board_item_theme", BoardItem.theme_id)
Index("ix_board_item_code", BoardItem.code_id)


class BoardLink(HasGuid, Base):
    """A labelled connector between two cards of one board ("tension with", "leads to")."""

    __tablename__ = "board_link"
    __table_args__ = (CheckConstraint("from_item_id IS NOT to_item_id", name="board_link_not_self"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"))
    from_item_id: Mapped[int] = mapped_column(ForeignKey("board_item.id", ondelete="CASCADE"))
    to_item_id: Mapped[int] = mapped_column(ForeignKey("board_item.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(Text, default="")


Index("ix_board_link_board", BoardLink.board_id)


class Snapshot(HasGuid, Base):
    """A frozen copy (JSON, see ``core.snapshots``) of a board with the codebook and themes as they were."""

    __tablename__ = "snapshot"
    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    data: Mapped[str] = mapped_column(Text, default="{}")


Index("ix_snapshot_board", Snapshot.board_id)

THEME_TABLES = ("theme", "theme_code", "theme_extract", "board", "board_item", "board_link", "snapshot")
UNDOABLE_TABLES = (*UNDOABLE_TABLES, *THEME_TABLES)
_THEME_GUID_TABLES = ("theme", "board", "board_item", "board_link", "snapshot")
GUID_TABLES = (*GUID_TABLES, *_THEME_GUID_TABLES)
for _table in _THEME_GUID_TABLES:
    Index(f"ux_{_table}_guid", Base.metadata.tables[_table].c.guid, unique=True)
