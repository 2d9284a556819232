"""The encrypted project file: real SQLCipher files on disk."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from qda_desktop.core.commands import ImportText
from qda_desktop.core.project import Project
from qda_desktop.errors import (
    NotAProject,
    ProjectAlreadyOpen,
    ProjectExists,
    ProjectTooNew,
    WrongPassphrase,
)
from qda_desktop.store import migrate
from qda_desktop.store.models import Base
from qda_desktop.store.project_file import ProjectStore, raw_connect
from tests.conftest import PASSPHRASE, corpus_text, sha256

SECRET = "The kettle whistles at the Oakfield drop-in every Tuesday"


def test_create_then_reopen_keeps_content(project_path: Path) -> None:
    with Project.open(project_path, PASSPHRASE) as project:
        doc_id = project.run(ImportText("note", SECRET)).result
        project_uuid = project.uuid
    with Project.open(project_path, PASSPHRASE) as project, project.read() as session:
        from qda_desktop.store.models import Document

        assert session.get(Document, doc_id).text == SECRET  # type: ignore[union-attr]
        assert project.uuid == project_uuid


def test_file_is_encrypted_on_disk(project_path: Path) -> None:
    with Project.open(project_path, PASSPHRASE) as project:
        project.run(ImportText("P01", corpus_text("P01")))
        project.run(ImportText("note", SECRET))
    data = project_path.read_bytes()
    assert b"SQLite format 3" not in data[:16]
    for needle in (b"kettle", b"Oakfield", b"Brookside", b"food bank", b"document", b"CREATE TABLE"):
        assert needle not in data
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(project_path).execute("SELECT * FROM sqlite_master").fetchall()


def test_no_side_files_remain_after_close(project_path: Path) -> None:
    with Project.open(project_path, PASSPHRASE) as project:
        project.run(ImportText("note", SECRET))
    leftovers = sorted(p.name for p in project_path.parent.iterdir() if p != project_path)
    assert leftovers == []


def test_create_refuses_existing_file(project_path: Path) -> None:
    before = sha256(project_path)
    with pytest.raises(ProjectExists):
        Project.create(project_path, PASSPHRASE)
    assert sha256(project_path) == before


def test_wrong_passphrase_is_clear_and_leaves_file_identical(project_path: Path) -> None:
    before = sha256(project_path)
    with pytest.raises(WrongPassphrase, match=r"study\.qdaproj: wrong passphrase"):
        Project.open(project_path, "not the passphrase")
    assert sha256(project_path) == before
    assert sorted(p.name for p in project_path.parent.iterdir()) == ["study.qdaproj"]
    Project.open(project_path, PASSPHRASE).close()  # the lock was released


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a QDA Desktop project"),
        (b"Interviewer: hello\n" * 300, "not a QDA Desktop project"),
        (None, "unencrypted SQLite database"),
        (os.urandom(4096), "wrong passphrase"),
    ],
    ids=["empty", "text", "plain-sqlite", "random-bytes"],
)
def test_not_a_project_gives_clear_error_and_no_change(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "odd.qdaproj"
    if content is None:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE t (x)")
            conn.execute("INSERT INTO t VALUES (1)")
    else:
        path.write_bytes(content)
    before = sha256(path)
    with pytest.raises((NotAProject, WrongPassphrase), match=message):
        Project.open(path, PASSPHRASE)
    assert sha256(path) == before


def test_encrypted_database_that_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "other.qdaproj"
    conn = raw_connect(path, PASSPHRASE)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    before = sha256(path)
    with pytest.raises(NotAProject, match="not a QDA Desktop project"):
        Project.open(path, PASSPHRASE)
    assert sha256(path) == before


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotAProject, match=r"gone\.qdaproj: no such file"):
        Project.open(tmp_path / "gone.qdaproj", PASSPHRASE)


def test_newer_schema_is_refused_and_file_unchanged(project_path: Path) -> None:
    conn = raw_connect(project_path, PASSPHRASE)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = sha256(project_path)
    with pytest.raises(ProjectTooNew, match="newer version of QDA Desktop"):
        Project.open(project_path, PASSPHRASE)
    assert sha256(project_path) == before


def test_second_open_in_same_process_is_refused(project: Project) -> None:
    with pytest.raises(ProjectAlreadyOpen, match="already open"):
        Project.open(project.path, PASSPHRASE)


HOLDER = textwrap.dedent(
    """
    import sys, time
    from qda_desktop.core.project import Project
    project = Project.open(sys.argv[1], sys.argv[2])
    print("open", flush=True)
    time.sleep(120)
    """
)


def _start_holder(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), PASSPHRASE], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    return proc


def test_other_process_holding_the_project_blocks_opening(project_path: Path) -> None:
    holder = _start_holder(project_path)
    try:
        before = sha256(project_path)
        with pytest.raises(ProjectAlreadyOpen, match=r"already open .*pid="):
            Project.open(project_path, PASSPHRASE)
        assert sha256(project_path) == before
    finally:
        holder.terminate()
        holder.wait()


def test_lock_of_a_crashed_process_does_not_block(project_path: Path) -> None:
    holder = _start_holder(project_path)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    with Project.open(project_path, PASSPHRASE) as project:
        assert project.store.is_open
    assert time.monotonic() - started < 5


def test_change_passphrase(project: Project) -> None:
    project.run(ImportText("note", SECRET))
    path = project.path
    with pytest.raises(WrongPassphrase):
        project.change_passphrase("not the current one", "new secret")
    project.change_passphrase(PASSPHRASE, "new secret")
    assert project.run(ImportText("after", "written after re-key")).result
    project.close()
    with pytest.raises(WrongPassphrase):
        Project.open(path, PASSPHRASE)
    with Project.open(path, "new secret") as reopened, reopened.read() as session:
        from qda_desktop.store.models import Document

        names = sorted(d.name for d in session.query(Document))
    assert names == ["after", "note"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["study.qdaproj"]


def test_backup_and_restore(project: Project, tmp_path: Path) -> None:
    project.run(ImportText("kept", SECRET))
    backup = project.backup(tmp_path / "backup.qdaproj")
    project.run(ImportText("later", "added after the backup"))
    path = project.path
    project.close()
    assert b"kettle" not in backup.read_bytes()
    with pytest.raises(WrongPassphrase):
        Project.open(backup, "wrong")
    ProjectStore.restore(backup, path, PASSPHRASE, force=True)
    with Project.open(path, PASSPHRASE) as restored, restored.read() as session:
        from qda_desktop.store.models import Document

        assert [d.name for d in session.query(Document)] == ["kept"]


def test_restore_refuses_an_open_target(project: Project, tmp_path: Path) -> None:
    backup = project.backup(tmp_path / "backup.qdaproj")
    with pytest.raises(ProjectAlreadyOpen):
        ProjectStore.restore(backup, project.path, PASSPHRASE, force=True)


def test_new_project_is_at_head_and_matches_models(project: Project) -> None:
    with project.store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        context = MigrationContext.configure(
            conn,
            opts={"include_name": lambda name, kind, _: not (kind == "table" and name.startswith("document_fts"))},
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_pragmas_in_force(project: Project) -> None:
    with project.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # memory: no plaintext temp files


def test_audit_log_is_append_only(project: Project) -> None:
    project.run(ImportText("note", SECRET))
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError, match="append-only"), project.store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log")
    with pytest.raises(IntegrityError, match="append-only"), project.store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET action = 'x'")


def test_interrupted_passphrase_change_keeps_the_old_file(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.run(ImportText("note", SECRET))
    path = project.path

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        project.change_passphrase(PASSPHRASE, "new secret")
    monkeypatch.undo()
    project.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["study.qdaproj"]
    with Project.open(path, PASSPHRASE) as reopened, reopened.read() as session:
        from qda_desktop.store.models import Document

        assert session.query(Document).one().text == SECRET


def test_passphrase_never_reaches_logs(project_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    with Project.open(project_path, PASSPHRASE) as project:
        project.run(ImportText("note", SECRET))
        project.change_passphrase(PASSPHRASE, "second secret")
    with pytest.raises(WrongPassphrase) as info:
        Project.open(project_path, PASSPHRASE)
    assert PASSPHRASE not in str(info.value)
    for record in caplog.records:
        message = record.getMessage()
        assert PASSPHRASE not in message and "second secret" not in message and "kettle" not in message
