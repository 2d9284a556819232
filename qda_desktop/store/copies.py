"""Whole-file copies of a project: written beside their destination as ``.partial``,
checked, flushed, then renamed into place (and the rename flushed too).

Every file is created owner-only (0600) whatever the umask; a copy that
replaces a file takes that file's mode.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from sqlalchemy import Engine

from qda_desktop.store import integrity
from qda_desktop.store.engine import raw_connect

SIDE_FILES = ("-wal", "-shm", "-journal")
PARTIAL = ".partial"
PRIVATE = 0o600


def partial_for(dest: Path) -> Path:
    return dest.with_name(dest.name + PARTIAL)


def side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in SIDE_FILES]


def remove_with_side_files(path: Path) -> None:
    for candidate in [path, *side_files(path)]:
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def mode_of(path: Path) -> int:
    """The permission bits a replacement of ``path`` keeps (owner-only for a new file)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return PRIVATE


def create_private(path: Path, mode: int = PRIVATE) -> int:
    """Create ``path`` empty with exactly ``mode`` (the umask cannot widen or narrow it); returns the fd."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
    os.fchmod(fd, mode)
    return fd


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def verify(path: Path, passphrase: str, *, name: Path | None = None) -> None:
    """Open ``path`` with ``passphrase`` and check every page and the structure."""
    shown = name or path
    conn = raw_connect(path, passphrase)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except Exception:  # page 1 did not open: wrong key or damage
            raise integrity.diagnose_unreadable(conn, path) from None
        integrity.check(conn, shown)
    finally:
        conn.close()


def write_copy(engine: Engine, partial: Path, passphrase: str, *, mode: int, name: Path) -> None:
    """Copy the database page by page into ``partial`` keyed with ``passphrase``, then check the copy."""
    remove_with_side_files(partial)
    try:
        os.close(create_private(partial, mode))
        raw = engine.raw_connection()
        try:
            target = raw_connect(partial, passphrase)
            try:
                raw.driver_connection.backup(target)  # type: ignore[union-attr]
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        finally:
            raw.close()
        verify(partial, passphrase, name=name)
        fsync_file(partial)
    except BaseException as exc:
        remove_with_side_files(partial)
        if isinstance(exc, integrity.STORAGE_ERRORS):
            raise integrity.as_storage_error(exc, name) from None
        raise


def copy_bytes(source: Path, partial: Path, *, mode: int) -> None:
    """A byte copy of the main file only: a ``-wal`` beside ``source`` is never carried along."""
    remove_with_side_files(partial)
    fd = create_private(partial, mode)
    try:
        with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        remove_with_side_files(partial)
        raise


def replace(partial: Path, dest: Path) -> None:
    """Rename ``partial`` over ``dest``; a stale ``-wal`` of the old file must not meet the new one."""
    for side in side_files(dest):
        with contextlib.suppress(FileNotFoundError):
            side.unlink()
    os.replace(partial, dest)
    fsync_dir(dest.parent)


def safety_copy(path: Path) -> Path:
    """Keep what a restore replaces: a hard link (same file, same mode), else a byte copy."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    safety = path.with_name(f"{path.stem}.before-restore-{stamp}{path.suffix}")
    for source, dest in [(path, safety), *zip(side_files(path)[:1], side_files(safety)[:1], strict=True)]:
        if not source.exists():
            continue
        try:
            os.link(source, dest)
        except OSError:
            shutil.copy2(source, dest)
    fsync_dir(path.parent)
    return safety
