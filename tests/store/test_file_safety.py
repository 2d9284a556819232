"""Safety of the project file beyond opening: one lock per file, owner-only files, passphrase forms,
restores that only read their backup."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from qda_desktop.core.commands import ImportText
from qda_desktop.core.project import Project
from qda_desktop.errors import DamagedProject, ProjectAlreadyOpen
from qda_desktop.store import migrate
from qda_desktop.store.models import ProjectInfo
from qda_desktop.store.project_file import ProjectStore, raw_connect
from tests.conftest import PASSPHRASE, corpus_text, sha256
from tests.store.test_project_file import SECRET, _start_holder

# -- one lock per file ------------------------------------------------------


@pytest.mark.parametrize("route", ["symlink", "hard link", "relative path"])
def test_another_route_to_the_same_file_meets_the_same_lock(
    project_path: Path, tmp_path: Path, route: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "elsewhere" / "alias.qdaproj"
    other.parent.mkdir()
    if route == "symlink":
        other.symlink_to(project_path)
    elif route == "hard link":
        os.link(project_path, other)
    else:
        monkeypatch.chdir(project_path.parent)
        other = Path(project_path.name)
    holder = _start_holder(project_path)
    try:
        with pytest.raises(ProjectAlreadyOpen, match="already open"):
            Project.open(other, PASSPHRASE)
    finally:
        holder.terminate()
        holder.wait()
    # Free again once the holder is gone; and the same process is refused too.
    with Project.open(other, PASSPHRASE), pytest.raises(ProjectAlreadyOpen, match="already open"):
        Project.open(project_path, PASSPHRASE)


def test_lock_survives_a_passphrase_change(project: Project) -> None:
    """The rename puts a new file (inode) in place: the lock moves to it."""
    project.change_passphrase(PASSPHRASE, "another one")
    with pytest.raises(ProjectAlreadyOpen):
        Project.open(project.path, "another one")


def test_releasing_leaves_no_lock_file_and_never_unlinks(project_path: Path) -> None:
    with Project.open(project_path, PASSPHRASE):
        pass
    assert sorted(p.name for p in project_path.parent.iterdir()) == [project_path.name]


# -- files and modes ----------------------------------------------------------


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_new_projects_backups_and_copies_are_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        with Project.create(tmp_path / "new.qdaproj", PASSPHRASE) as project:
            project.run(ImportText("note", SECRET))
            backup = project.backup(tmp_path / "backup.qdaproj")
        assert _mode(tmp_path / "new.qdaproj") == 0o600
        assert _mode(backup) == 0o600
        ProjectStore.restore(backup, tmp_path / "restored.qdaproj", PASSPHRASE)
        assert _mode(tmp_path / "restored.qdaproj") == 0o600
    finally:
        os.umask(previous)


def test_passphrase_change_and_restore_keep_the_files_mode(project_path: Path, tmp_path: Path) -> None:
    os.chmod(project_path, 0o640)
    with Project.open(project_path, PASSPHRASE) as project:
        backup = project.backup(tmp_path / "backup.qdaproj")
        project.change_passphrase(PASSPHRASE, "another one")
    assert _mode(project_path) == 0o640
    ProjectStore.restore(backup, project_path, PASSPHRASE, force=True)
    assert _mode(project_path) == 0o640


def test_stale_partial_files_are_removed_at_the_next_open(project_path: Path) -> None:
    stale = project_path.with_name(project_path.name + ".partial")
    stale.write_bytes(b"\0" * 4096)
    with Project.open(project_path, PASSPHRASE):
        pass
    assert not stale.exists()


def test_large_write_leaves_a_small_write_ahead_log(project: Project) -> None:
    with project.store.engine.connect() as conn:
        limit = int(conn.exec_driver_sql("PRAGMA journal_size_limit").scalar_one())
        sync = conn.exec_driver_sql("PRAGMA synchronous").scalar()
    assert sync == 2  # FULL: a commit the user saw survives a power cut
    text = corpus_text("P01")
    project.run(ImportText("long", text * (3 * limit // len(text.encode()))))
    wal = project.path.with_name(project.path.name + "-wal")
    assert wal.stat().st_size > limit  # the large write itself went through the log
    with project.read() as session:  # the next transaction folds it back
        session.execute(select(ProjectInfo.name)).scalar_one()
    assert wal.stat().st_size <= limit


# -- passphrases -------------------------------------------------------------


def test_passphrase_in_another_unicode_form_opens(tmp_path: Path) -> None:
    import unicodedata

    composed = "café crème"
    with Project.create(tmp_path / "p.qdaproj", composed):
        pass
    with Project.open(tmp_path / "p.qdaproj", unicodedata.normalize("NFD", composed)) as project:
        assert project.store.is_open


def test_project_keyed_with_a_non_normalised_passphrase_still_opens(tmp_path: Path) -> None:
    import unicodedata

    from qda_desktop.store.engine import make_engine

    decomposed = unicodedata.normalize("NFD", "café crème")
    path = tmp_path / "old.qdaproj"
    shutil.copyfile(_template(tmp_path), path)
    with Project.open(path, PASSPHRASE) as project:
        project.change_passphrase(PASSPHRASE, "temporary")
    conn = raw_connect(path, "temporary")  # rekey to the raw NFD form, as older versions stored it
    conn.execute(f"PRAGMA rekey = '{decomposed}'")
    conn.close()
    engine = make_engine(path, decomposed)
    engine.dispose()
    with Project.open(path, decomposed) as project:
        assert project.store.is_open


def _template(tmp_path: Path) -> Path:
    path = tmp_path / "template-copy.qdaproj"
    Project.create(path, PASSPHRASE).close()
    return path


# -- restore only reads its backup ------------------------------------------------


def test_restoring_an_old_schema_backup_leaves_the_backup_as_it_was(tmp_path: Path) -> None:
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    backup = tmp_path / "backups" / "old.qdaproj"
    backup.parent.mkdir()
    shutil.copyfile(fixtures / "schema-0001.qdaproj", backup)
    before = sha256(backup)
    target = tmp_path / "restored.qdaproj"
    result = ProjectStore.restore(backup, target, "fixture passphrase")
    assert result.safety_copy is None and not result.passphrase_differs
    assert sha256(backup) == before
    assert sorted(p.name for p in backup.parent.iterdir()) == ["old.qdaproj"]  # no upgrade copy beside it
    with Project.open(target, "fixture passphrase") as project, project.store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()  # upgraded where it was restored


def test_restore_refuses_a_damaged_backup_and_keeps_the_target(project_path: Path, tmp_path: Path) -> None:
    with Project.open(project_path, PASSPHRASE) as project:
        project.run(ImportText("note", SECRET))
        backup = project.backup(tmp_path / "backup.qdaproj")
    with open(backup, "r+b") as fh:
        fh.seek(3 * 4096 + 100)
        fh.write(b"\x00" * 16)
    before = sha256(project_path)
    with pytest.raises(DamagedProject, match=r"backup.qdaproj: the file is damaged \(page 4 fails"):
        ProjectStore.restore(backup, project_path, PASSPHRASE, force=True)
    assert sha256(project_path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "study" in p.name) == ["study.qdaproj"]


def test_backup_and_passphrase_change_refuse_a_project_damaged_while_open(project: Project, tmp_path: Path) -> None:
    project.run(ImportText("note", SECRET * 200))
    project.store.engine.dispose()  # everything into the main file, then damage one of its pages
    with project.store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(project.path, "r+b") as fh:
        fh.seek(2 * 4096 + 100)
        fh.write(b"\x00" * 16)
    project.store.engine.dispose()
    with pytest.raises(DamagedProject, match="page 3 fails the check"):
        project.backup(tmp_path / "backup.qdaproj")
    assert not (tmp_path / "backup.qdaproj").exists()
    with pytest.raises(DamagedProject, match="restore a backup"):
        project.change_passphrase(PASSPHRASE, "new")
    assert sorted(p.name for p in project.path.parent.iterdir() if p.suffix == ".partial") == []
