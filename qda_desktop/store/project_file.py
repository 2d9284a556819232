"""The encrypted project file: create, open, close, change passphrase, back up, restore."""

from __future__ import annotations

import hmac
import logging
import os
import unicodedata
import uuid as uuidlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from qda_desktop import __version__
from qda_desktop.errors import (
    NotAProject,
    ProjectError,
    ProjectExists,
    ProjectTooNew,
    WrongPassphrase,
)
from qda_desktop.store import copies, integrity, migrate
from qda_desktop.store.copies import SIDE_FILES, partial_for, remove_with_side_files
from qda_desktop.store.engine import check_looks_like_project, enable_wal, make_engine, probe, raw_connect
from qda_desktop.store.lock import ProjectLock
from qda_desktop.store.media import purge_unreferenced_chunks
from qda_desktop.store.models import ProjectInfo

log = logging.getLogger(__name__)

PROJECT_SUFFIX = ".qdaproj"
__all__ = ["PROJECT_SUFFIX", "SIDE_FILES", "ProjectStore", "RestoreResult", "normalise", "raw_connect"]


def normalise(passphrase: str) -> str:
    """Passphrases are stored in Unicode NFC, so the same characters typed another way still match."""
    return unicodedata.normalize("NFC", passphrase)


@dataclass(frozen=True)
class RestoreResult:
    safety_copy: Path | None  # what the restore replaced, kept beside it
    passphrase_differs: bool  # the replaced project did not open with the backup's passphrase


class ProjectStore:
    """An open project file. Holds the lock and the engine until ``close``."""

    def __init__(self, path: Path, engine: Engine, lock: ProjectLock, project_uuid: str) -> None:
        self.path = path
        self.engine = engine
        self._lock = lock
        self.uuid = project_uuid

    # -- lifecycle -------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, passphrase: str, name: str | None = None) -> ProjectStore:
        path = Path(path)
        if path.exists():
            raise ProjectExists(path, "a file with this name already exists")
        if not passphrase:
            raise ProjectError(path, "the passphrase must not be empty")
        lock = ProjectLock(path)
        lock.acquire(create=True)  # the empty file, owner-only, locked before SQLite writes into it
        engine = make_engine(path, normalise(passphrase))
        try:
            project_uuid = str(uuidlib.uuid4())
            enable_wal(engine)
            with engine.connect().execution_options(sqlite_begin="EXCLUSIVE") as conn, conn.begin():
                migrate.upgrade_to_head(conn)
                conn.execute(
                    ProjectInfo.__table__.insert().values(  # type: ignore[attr-defined]
                        uuid=project_uuid,
                        name=name or path.stem,
                        description="",
                        created_by_version=__version__,
                    )
                )
                conn.exec_driver_sql("DELETE FROM undo_log")
        except BaseException as exc:
            engine.dispose()
            remove_with_side_files(path)
            lock.release()
            if isinstance(exc, integrity.STORAGE_ERRORS):
                raise integrity.as_storage_error(exc, path) from None
            raise
        copies.fsync_dir(path.parent)
        log.info("created project %s", path.name)
        return cls(path, engine, lock, project_uuid)

    @classmethod
    def open(cls, path: Path | str, passphrase: str) -> ProjectStore:
        path = Path(path)
        check_looks_like_project(path)
        integrity.check_writable(path)
        lock = ProjectLock(path)
        lock.acquire()
        if not lock.held:
            raise NotAProject(path, "no such file")
        remove_with_side_files(partial_for(path))  # left by an interrupted passphrase change or restore
        try:
            engine = _keyed_engine(path, passphrase)
        except BaseException:
            lock.release()
            raise
        try:
            small = path.stat().st_size <= integrity.OPEN_CHECK_BYTES
            with engine.connect() as conn:
                integrity.check(conn.connection.driver_connection, path, pages=small, structure=False)
            project_uuid = cls._prepare_schema(engine, path)
            enable_wal(engine)
            _tidy(engine)  # only needed after a crash: close() tidies too
        except BaseException as exc:
            engine.dispose()
            lock.release()
            if isinstance(exc, integrity.STORAGE_ERRORS):
                raise integrity.as_storage_error(exc, path) from None
            raise
        log.info("opened project %s", path.name)
        return cls(path, engine, lock, project_uuid)

    @staticmethod
    def _prepare_schema(engine: Engine, path: Path) -> str:
        with engine.connect() as conn:
            revision = migrate.current_revision(conn)
        if revision is None:
            raise NotAProject(path, "an encrypted database, but not a QDA Desktop project")
        if not migrate.is_known(revision):
            raise ProjectTooNew(
                path,
                f"written by a newer version of QDA Desktop (schema {revision}); update the app to open it",
            )
        if revision != migrate.head_revision():
            backup = path.with_name(f"{path.stem}.before-{migrate.head_revision()}{PROJECT_SUFFIX}")
            copy_database(engine, backup, engine.url.password or "")
            log.info("upgrading %s from schema %s; backup %s", path.name, revision, backup.name)
            with engine.connect().execution_options(sqlite_begin="EXCLUSIVE") as conn, conn.begin():
                migrate.upgrade_to_head(conn)
        with engine.connect() as conn:
            info = conn.execute(select(ProjectInfo.uuid)).scalar_one_or_none()
        if info is None:
            raise NotAProject(path, "the project record is missing")
        return str(info)

    def close(self) -> None:
        _tidy(self.engine)
        self.engine.dispose()
        self._lock.release()
        log.info("closed project %s", self.path.name)

    @property
    def is_open(self) -> bool:
        return self._lock.held

    def full_check(self) -> None:
        """Every page and the structure; ``DamagedProject`` with the way out if anything fails."""
        with self.engine.connect() as conn:
            integrity.check(conn.connection.driver_connection, self.path)

    # -- passphrase, backup, restore ---------------------------------------

    def change_passphrase(self, current: str, new: str) -> None:
        """Write a checked copy under the new passphrase, then swap it in with one atomic rename."""
        if not new:
            raise ProjectError(self.path, "the new passphrase must not be empty")
        key = self.engine.url.password or ""
        if not any(hmac.compare_digest(c.encode(), key.encode()) for c in (normalise(current), current)):
            raise WrongPassphrase(self.path)
        self.full_check()
        new = normalise(new)
        partial = partial_for(self.path)
        copies.write_copy(self.engine, partial, new, mode=copies.mode_of(self.path), name=self.path)
        new_lock = ProjectLock(partial)
        new_lock.acquire()
        self.engine.dispose()
        try:
            copies.replace(partial, self.path)
        except BaseException:
            new_lock.release()
            remove_with_side_files(partial)
            raise
        self._lock.take_over(new_lock)
        self.engine = make_engine(self.path, new)
        probe(self.engine, self.path)
        enable_wal(self.engine)
        log.info("changed passphrase of %s", self.path.name)

    def backup(self, dest: Path | str) -> Path:
        """A checked, encrypted copy (same passphrase), taken online with SQLite's backup API."""
        dest = Path(dest)
        if dest.exists() and os.path.samefile(dest, self.path):
            raise ProjectError(dest, "a backup cannot overwrite the open project")
        if not dest.parent.is_dir():
            raise ProjectError(dest.parent, "the backup folder does not exist")
        self.full_check()
        copy_database(self.engine, dest, self.engine.url.password or "")
        return dest

    @staticmethod
    def restore(backup: Path | str, target: Path | str, passphrase: str, *, force: bool = False) -> RestoreResult:
        """Replace ``target`` (not open anywhere) with a checked copy of ``backup``; ``backup`` is only read."""
        backup, target = Path(backup), Path(target)
        check_looks_like_project(backup)
        if target.exists() and os.path.samefile(backup, target):
            raise ProjectError(target, "a project cannot be restored onto itself")
        if target.exists() and not force:
            raise ProjectExists(target, "already exists; restoring replaces it (use --force; a safety copy is kept)")
        lock = ProjectLock(target)
        lock.acquire()
        partial = partial_for(target)
        try:
            copies.copy_bytes(backup, partial, mode=copies.mode_of(target))
            passphrase = _check_restorable(partial, backup, passphrase)
            differs = target.exists() and not _opens_with(target, passphrase)
            safety = copies.safety_copy(target) if target.exists() else None
            new_lock = ProjectLock(partial)
            new_lock.acquire()
            copies.replace(partial, target)
            lock.take_over(new_lock)
        except BaseException as exc:
            remove_with_side_files(partial)
            if isinstance(exc, integrity.STORAGE_ERRORS):
                raise integrity.as_storage_error(exc, target) from None
            raise
        finally:
            lock.release()
        return RestoreResult(safety, differs)


def _keyed_engine(path: Path, passphrase: str) -> Engine:
    """An engine keyed with the NFC form, else (projects made before normalising) the form as typed."""
    forms = dict.fromkeys([normalise(passphrase), passphrase])
    for n, form in enumerate(forms, 1):
        engine = make_engine(path, form)
        try:
            probe(engine, path)
            return engine
        except WrongPassphrase:
            engine.dispose()
            if n == len(forms):
                raise
    raise AssertionError("unreachable")


def _check_restorable(copy: Path, backup: Path, passphrase: str) -> str:
    """Check the restored copy under the backup's name; returns the form of the passphrase that opens it."""
    forms = list(dict.fromkeys([normalise(passphrase), passphrase]))
    for n, form in enumerate(forms, 1):
        try:
            copies.verify(copy, form, name=backup)
        except WrongPassphrase:
            if n == len(forms):
                raise WrongPassphrase(backup) from None
            continue
        conn = raw_connect(copy, form)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except Exception:  # no schema table: some other encrypted database
            row = None
        finally:
            conn.close()
        if row is None:
            raise NotAProject(backup, "an encrypted database, but not a QDA Desktop project")
        if not migrate.is_known(str(row[0])):
            raise ProjectTooNew(backup, f"written by a newer version of QDA Desktop (schema {row[0]})")
        return form
    raise AssertionError("unreachable")


def _opens_with(path: Path, passphrase: str) -> bool:
    try:
        conn = raw_connect(path, passphrase, readonly=True)
    except Exception:  # cannot tell: do not claim a difference
        return True
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except Exception as exc:
        return "not a database" not in str(exc)
    finally:
        conn.close()


def _tidy(engine: Engine) -> None:
    """End the session's undo history and drop chunks of deleted media.

    Writes only when there is something to remove, so opening and closing a
    project without changing it leaves the file byte-identical.
    """
    with engine.connect() as conn:
        has_log = conn.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM undo_log)").scalar()
        orphans = conn.exec_driver_sql(
            "SELECT EXISTS (SELECT 1 FROM media_chunk WHERE media_id NOT IN (SELECT id FROM media))"
        ).scalar()
    if has_log or orphans:
        with engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM undo_log")
            purge_unreferenced_chunks(conn)


def copy_database(engine: Engine, dest: Path, passphrase: str) -> None:
    """A checked copy of the database in ``dest`` keyed with ``passphrase``; atomic, owner-only."""
    partial = partial_for(dest)
    copies.write_copy(engine, partial, passphrase, mode=copies.PRIVATE, name=dest)
    copies.replace(partial, dest)
