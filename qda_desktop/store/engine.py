"""SQLCipher engines through SQLAlchemy, with the pragmas every connection needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from qda_desktop.errors import NotAProject
from qda_desktop.store import integrity

SQLITE_MAGIC = b"SQLite format 3\x00"
MIN_PROJECT_BYTES = 1024
CACHE_KIB = 65536
JOURNAL_LIMIT_BYTES = 16 * 1024 * 1024

# Executed on every new connection, after the key. temp_store=MEMORY keeps SQLite's
# scratch data (sorts, temp indices) off the disk, where it would not be encrypted.
CONNECTION_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    f"PRAGMA cache_size = -{CACHE_KIB}",
    "PRAGMA busy_timeout = 5000",
    # FULL: a commit the user saw is on the disk even after a power cut.
    "PRAGMA synchronous = FULL",
    # The write-ahead log shrinks back to this size after a checkpoint.
    f"PRAGMA journal_size_limit = {JOURNAL_LIMIT_BYTES}",
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

    wal = Path(f"{engine.url.database}-wal")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        shrink_large_wal(conn.connection.driver_connection, wal)
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def shrink_large_wal(dbapi_conn: Any, wal: Path) -> None:
    """After a large write, fold the write-ahead log back and truncate it, if no reader is in the way.

    Tried at the start of the next transaction, without waiting (busy_timeout 0), so
    a background reader never stalls the window; journal_size_limit is the fallback.
    """
    try:
        if wal.stat().st_size <= JOURNAL_LIMIT_BYTES:
            return
    except OSError:
        return
    dbapi_conn.execute("PRAGMA busy_timeout = 0")
    try:
        dbapi_conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        dbapi_conn.execute("PRAGMA busy_timeout = 5000")


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def raw_connect(path: Path, passphrase: str, *, readonly: bool = False) -> Any:
    """A plain sqlcipher3 connection, keyed; for page-level copies and checks."""
    target = f"file:{quote(str(path))}?mode=ro" if readonly else str(path)
    conn = sqlcipher3.connect(target, isolation_level=None, uri=readonly)
    conn.execute(f"PRAGMA key = {_sql_string(passphrase)}")
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def probe(engine: Engine, path: Path) -> None:
    """Open one connection; a key that does not open page 1 is told apart from a damaged page 1."""
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        if "not a database" in str(exc.orig) or "encrypted" in str(exc.orig):
            conn = raw_connect(path, engine.url.password or "", readonly=True)
            try:
                raise integrity.diagnose_unreadable(conn, path) from None
            finally:
                conn.close()
        raise integrity.as_storage_error(exc, path) from None


def enable_wal(engine: Engine) -> None:
    """Switch the file to write-ahead logging (outside any transaction)."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute(WAL_PRAGMA)  # type: ignore[union-attr]
    finally:
        raw.close()
