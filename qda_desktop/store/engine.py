"""SQLCipher engines through SQLAlchemy, with the pragmas every connection needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from qda_desktop.errors import NotAProject, WrongPassphrase

SQLITE_MAGIC = b"SQLite format 3\x00"
MIN_PROJECT_BYTES = 1024
CACHE_KIB = 65536

# Executed on every new connection, after the key. temp_store=MEMORY keeps SQLite's
# scratch data (sorts, temp indices) off the disk, where it would not be encrypted.
CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    f"PRAGMA cache_size = -{CACHE_KIB}",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA synchronous = NORMAL",
)
# Persistent (written into the file header), so set only on files known to be
# projects: at creation, and on open after the schema check.
WAL_PRAGMA = "PRAGMA journal_mode = WAL"


def check_looks_like_project(path: Path) -> None:
    """Reject files that cannot be an encrypted project, before any key is tried.

    An encrypted database is page-aligned and has no plain SQLite header; an
    empty file would silently become a new database, so it is refused too.
    """
    if not path.exists():
        raise NotAProject(path, "no such file")
    if not path.is_file():
        raise NotAProject(path, "not a file")
    size = path.stat().st_size
    if size < MIN_PROJECT_BYTES or size % 512 != 0:
        raise NotAProject(path, "not a QDA Desktop project (the file is not an encrypted database)")
    with open(path, "rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        raise NotAProject(path, "an unencrypted SQLite database, not a QDA Desktop project")


def make_engine(path: Path, passphrase: str | None, *, encrypted: bool = True) -> Engine:
    """Create an engine for ``path``; ``encrypted=False`` exists only for benchmarks."""
    if encrypted:
        if not passphrase:
            raise ValueError("a passphrase is required")
        url = URL.create("sqlite+pysqlcipher", password=passphrase, database=str(path))
    else:
        url = URL.create("sqlite+pysqlite", database=str(path))
    # The default queue pool keeps connections open: each new SQLCipher connection
    # pays the key derivation (~0.1 s) once, not per transaction.
    engine = create_engine(url)
    _install_listeners(engine, encrypted)
    return engine


def _install_listeners(engine: Engine, encrypted: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event own transactions (pysqlite's own handling
        # skips BEGIN before DDL and so breaks transactional migrations).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            if encrypted:
                cursor.execute("PRAGMA cipher_log_level = NONE")
            cursor.execute("SELECT count(*) FROM sqlite_master")
            for pragma in CONNECTION_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def probe(engine: Engine, path: Path) -> None:
    """Open one connection; turn SQLCipher's 'file is not a database' into a clear error."""
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        if "not a database" in str(exc.orig) or "encrypted" in str(exc.orig):
            raise WrongPassphrase(path) from None
        raise NotAProject(path, f"cannot be opened: the file is damaged or incomplete ({exc.orig})") from None


def enable_wal(engine: Engine) -> None:
    """Switch the file to write-ahead logging (outside any transaction)."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute(WAL_PRAGMA)  # type: ignore[union-attr]
    finally:
        raw.close()
