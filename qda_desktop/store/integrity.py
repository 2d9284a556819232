"""Is the project file whole? Page checks, structure checks, and plain words for storage errors.

SQLCipher authenticates every page (HMAC), so a flipped byte shows up as a page
that fails its check. A wrong key makes *every* page fail, while a damaged first
page with the right key fails alone: that is how the two are told apart.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy.exc import DBAPIError

from qda_desktop.errors import DamagedProject, ProjectError, StorageFailed, WrongPassphrase

PAGE_BYTES = 4096
MAX_LISTED = 5
# Opening checks every page of files up to this size (~1 s per 150 MB on a busy
# 2-core machine); larger files are checked by backup, restore and passphrase
# change, and ``ProjectStore.full_check`` can run on a background thread.
OPEN_CHECK_BYTES = 64 * 1024 * 1024
WAY_OUT = "restore a backup (qda restore BACKUP PROJECT --force)"

# A code that is its own ancestor: the code tree would never end.
CYCLE_SQL = """
WITH RECURSIVE up(start, id, depth) AS (
    SELECT id, parent_id, 1 FROM code WHERE parent_id IS NOT NULL
    UNION ALL
    SELECT up.start, code.parent_id, up.depth + 1 FROM up JOIN code ON code.id = up.id
    WHERE code.parent_id IS NOT NULL AND up.id != up.start AND up.depth <= (SELECT count(*) FROM code)
)
SELECT DISTINCT start FROM up WHERE id = start ORDER BY start LIMIT 5
"""
# What the disk and SQLite raise; these become one-line ``ProjectError``s.
STORAGE_ERRORS = (DBAPIError, sqlcipher3.Error, OSError)
_PAGE = re.compile(r"page (\d+)")


def failing_pages(conn: Any) -> list[int]:
    """Pages whose authentication fails (SQLCipher's ``cipher_integrity_check``)."""
    rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    return sorted({int(m.group(1)) for (text,) in rows if (m := _PAGE.search(str(text)))})


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:MAX_LISTED])
    more = f" and {len(numbers) - MAX_LISTED} more" if len(numbers) > MAX_LISTED else ""
    return f"page{'s' if len(numbers) > 1 else ''} {shown}{more}"


def damaged(path: Path, what: str) -> DamagedProject:
    return DamagedProject(path, f"the file is damaged ({what}); {WAY_OUT}")


def diagnose_unreadable(conn: Any, path: Path) -> ProjectError:
    """The key did not open page 1: a wrong passphrase, or a damaged first page?"""
    total = max(1, path.stat().st_size // PAGE_BYTES)
    try:
        bad = failing_pages(conn)
    except Exception:  # the check itself could not run: say what we can
        bad = list(range(1, total + 1))
    if total > 1 and 0 < len(bad) < total:
        return damaged(path, f"{_pages(bad)} fail{'s' if len(bad) == 1 else ''} the check; the passphrase is right")
    return WrongPassphrase(path)


def check(conn: Any, path: Path, *, pages: bool = True, structure: bool = True) -> None:
    """Raise ``DamagedProject`` unless every page authenticates (``pages``), the b-trees are
    sound (``structure``) and the code tree has no cycle (always: it is cheap)."""
    try:
        bad = failing_pages(conn) if pages else []
        if bad:
            raise damaged(path, f"{_pages(bad)} fail{'s' if len(bad) == 1 else ''} the check")
        if structure:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
            if rows != ["ok"]:
                raise damaged(path, rows[0])
        has_codes = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'code'").fetchone()
        cycle = [int(r[0]) for r in conn.execute(CYCLE_SQL).fetchall()] if has_codes else []
        if cycle:
            raise damaged(path, f"the code tree has a parent cycle through code {cycle[0]}")
    except STORAGE_ERRORS as exc:
        raise as_storage_error(exc, path) from None


def as_storage_error(exc: BaseException, path: Path) -> ProjectError:
    """SQLite and OS errors in plain words, naming the file."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).lower()
    if isinstance(orig, OSError) and orig.strerror:
        return StorageFailed(path, orig.strerror.lower())  # ``path``: the file the user named, not a .partial
    if "full" in text:
        return StorageFailed(path, "the disk is full; free some space and try again (nothing was changed)")
    if "readonly" in text or "read-only" in text:
        return StorageFailed(path, "the file or its folder is read-only; make it writable and try again")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return damaged(path, "SQLite: " + str(orig))
    if "unable to open" in text:
        return StorageFailed(path, "cannot be opened (check that the file and its folder exist and are writable)")
    return StorageFailed(path, f"storage error: {orig}")


def check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise StorageFailed(path, "the file is read-only; make it writable (chmod u+w) or work on a copy")
    if not os.access(path.parent, os.W_OK):
        raise StorageFailed(path, "its folder is read-only; the project needs to write beside it")
