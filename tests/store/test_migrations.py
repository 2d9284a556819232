"""Old project files open: they are backed up, then upgraded in one transaction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.store import migrate
from qda_desktop.store.project_file import raw_connect

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE_PASSPHRASE = "fixture passphrase"


@pytest.fixture
def old_project(tmp_path: Path) -> Path:
    path = tmp_path / "schema-0001.qdaproj"
    shutil.copyfile(FIXTURES / "schema-0001.qdaproj", path)
    return path


def revision_of(path: Path) -> str:
    conn = raw_connect(path, FIXTURE_PASSPHRASE)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def test_fixture_is_really_old(old_project: Path) -> None:
    assert revision_of(old_project) == "0001" != migrate.head_revision()
    assert revision_of(FIXTURES / "schema-0003.qdaproj") == "0003"  # the schema before stable identities


def test_old_project_is_backed_up_and_upgraded(old_project: Path) -> None:
    original = old_project.read_bytes()
    with Project.open(old_project, FIXTURE_PASSPHRASE) as project, project.read() as session:
        dump = project_dump(session)
    assert revision_of(old_project) == migrate.head_revision()
    assert dump["codings"][0]["text"] == "written"
    assert dump["codes"][0]["color"] == "#336699"
    backup = old_project.with_name(f"schema-0001.before-{migrate.head_revision()}.qdaproj")
    assert backup.read_bytes() == original or revision_of(backup) == "0001"
    assert revision_of(backup) == "0001"


def test_failed_upgrade_leaves_the_old_file_usable(old_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_upgrade(conn: object) -> None:
        raise RuntimeError("simulated failure halfway through a migration")

    monkeypatch.setattr(migrate, "upgrade_to_head", broken_upgrade)
    with pytest.raises(RuntimeError, match="simulated"):
        Project.open(old_project, FIXTURE_PASSPHRASE)
    assert revision_of(old_project) == "0001"
    monkeypatch.undo()
    with Project.open(old_project, FIXTURE_PASSPHRASE) as project, project.read() as session:
        assert project_dump(session)["documents"][0]["name"] == "Old interview"


def test_code_and_coding_memos_move_to_their_one_home(tmp_path: Path) -> None:
    path = tmp_path / "schema-0003.qdaproj"
    shutil.copyfile(FIXTURES / "schema-0003.qdaproj", path)
    with Project.open(path, FIXTURE_PASSPHRASE) as project, project.read() as session:
        dump = project_dump(session)
    memos = {c["path"]: c["memo"] for c in dump["codes"]}
    assert memos["Endings"] == "On endings\nthinking aloud"
    coding = next(c for c in dump["codings"] if c["text"] == "Trust")
    assert coding["memo"] == "trust\n\nCoding note\non a coding"
    assert [(m["title"], m["on"]) for m in dump["memos"]] == [("Project memo", {"project": True})]
