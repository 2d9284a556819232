"""The encrypted project file: create, open, close, change passphrase, back up, restore."""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import uuid as uuidlib
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, select

from qda_desktop import __version__
from qda_desktop.errors import NotAProject, ProjectError, ProjectExists, ProjectTooNew, WrongPassphrase
from qda_desktop.store import migrate
from qda_desktop.store.engine import check_looks_like_project, enable_wal, make_engine, probe
from qda_desktop.store.lock import ProjectLock
from qda_desktop.store.media import purge_unreferenced_chunks
from qda_desktop.store.models import ProjectInfo

log = logging.getLogger(__name__)

PROJECT_SUFFIX = ".qdaproj"
SIDE_FILES = ("-wal", "-shm", "-journal")


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def raw_connect(path: Path, passphrase: str) -> Any:
    """A plain sqlcipher3 connection, keyed; used for page-level copies."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = {_sql_string(passphrase)}")
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def _remove_with_side_files(path: Path) -> None:
    for candidate in [path, *(path.with_name(path.name + s) for s in SIDE_FILES)]:
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ProjectStore:
    """An open project file. Holds the lock and the engine until ``close``."""

    def __init__(self, path: Path, engine: Engine, lock: ProjectLock, project_uuid: str) -> None:
        self.path = path
        self.engine = engine
        self._lock = lock
        self.uuid = project_uuid
        self._passphrase_check: str | None = None

    # -- lifecycle -------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, passphrase: str, name: str | None = None) -> ProjectStore:
        path = Path(path)
        if path.exists():
            raise ProjectExists(path, "a file with this name already exists")
        if not passphrase:
            raise ProjectError(path, "the passphrase must not be empty")
        lock = ProjectLock(path)
        lock.acquire()
        engine = make_engine(path, passphrase)
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
        except BaseException:
            engine.dispose()
            _remove_with_side_files(path)
            lock.release()
            raise
        log.info("created project %s", path.name)
        return cls(path, engine, lock, project_uuid)

    @classmethod
    def open(cls, path: Path | str, passphrase: str) -> ProjectStore:
        path = Path(path)
        check_looks_like_project(path)
        lock = ProjectLock(path)
        lock.acquire()
        engine = make_engine(path, passphrase)
        try:
            probe(engine, path)
            project_uuid = cls._prepare_schema(engine, path, passphrase)
            enable_wal(engine)
            _tidy(engine)  # only needed after a crash: close() tidies too
        except BaseException:
            engine.dispose()
            lock.release()
            raise
        log.info("opened project %s", path.name)
        return cls(path, engine, lock, project_uuid)

    @staticmethod
    def _prepare_schema(engine: Engine, path: Path, passphrase: str) -> str:
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
            copy_database(engine, backup, passphrase)
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

    # -- passphrase, backup, restore ---------------------------------------

    def change_passphrase(self, current: str, new: str) -> None:
        """Write a copy under the new passphrase, then swap it in with one atomic rename."""
        if not new:
            raise ProjectError(self.path, "the new passphrase must not be empty")
        if not hmac.compare_digest(current.encode(), (self.engine.url.password or "").encode()):
            raise WrongPassphrase(self.path)
        tmp = self.path.with_name(self.path.name + ".rekey")
        _remove_with_side_files(tmp)
        copy_database(self.engine, tmp, new)
        self.engine.dispose()
        try:
            os.replace(tmp, self.path)
        except BaseException:
            _remove_with_side_files(tmp)
            raise
        self.engine = make_engine(self.path, new)
        probe(self.engine, self.path)
        log.info("changed passphrase of %s", self.path.name)

    def backup(self, dest: Path | str) -> Path:
        """An encrypted copy (same passphrase), taken online with SQLite's backup API."""
        dest = Path(dest)
        if dest.resolve() == self.path.resolve():
            raise ProjectError(dest, "a backup cannot overwrite the open project")
        passphrase = self.engine.url.password
        assert passphrase is not None
        copy_database(self.engine, dest, passphrase)
        return dest

    @staticmethod
    def restore(backup: Path | str, target: Path | str, passphrase: str) -> None:
        """Replace ``target`` (not open anywhere) with the project in ``backup``."""
        source = ProjectStore.open(backup, passphrase)
        try:
            target = Path(target)
            lock = ProjectLock(target)
            lock.acquire()
            try:
                copy_database(source.engine, target, passphrase)
            finally:
                lock.release()
        finally:
            source.close()


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
    """Copy the database page by page into ``dest`` keyed with ``passphrase``; atomic."""
    tmp = dest.with_name(dest.name + ".partial")
    _remove_with_side_files(tmp)
    raw = engine.raw_connection()
    try:
        target = raw_connect(tmp, passphrase)
        try:
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        _fsync_path(tmp)
        for suffix in SIDE_FILES:
            with contextlib.suppress(FileNotFoundError):
                dest.with_name(dest.name + suffix).unlink()
        os.replace(tmp, dest)
    except BaseException:
        _remove_with_side_files(tmp)
        raise
    finally:
        raw.close()
