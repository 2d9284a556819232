"""After every upgrade the triggers match the tables: undo, redo and change records keep working."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from qda_desktop.core.commands import AddCode, DeleteCode
from qda_desktop.core.project import Project
from qda_desktop.errors import UndoUnavailable
from qda_desktop.store import migrate
from qda_desktop.store.models import UNDOABLE_TABLES
from tests.conftest import PASSPHRASE
from tests.core.test_undo import COMMANDS, assert_round_trip
from tests.helpers import snapshot
from tests.store.test_migrations import FIXTURE_PASSPHRASE, FIXTURES

# A migration only these tests run: NOT NULL columns added to tables with parents, and
# leaf tables rebuilt the way alembic's batch mode does it (copy, drop, rename).
TEST_MIGRATION = """
import sqlalchemy as sa
from alembic import op

revision = "t900"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("document", "code", "coding"):
        op.add_column(table, sa.Column("extra", sa.Text(), nullable=False, server_default="x"))
    for table in ("memo", "journal_entry", "document_case", "case_attribute_value"):
        with op.batch_alter_table(table, recreate="always") as batch:
            batch.add_column(sa.Column("weight", sa.Integer(), nullable=False, server_default="1"))
"""


def triggers(project: Project) -> dict[str, str]:
    with project.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all()
    return {str(name): str(sql) for name, sql in rows}


@pytest.mark.parametrize("fixture", ["schema-0001.qdaproj", "schema-0003.qdaproj"])
def test_upgraded_project_has_a_fresh_projects_triggers(project: Project, tmp_path: Path, fixture: str) -> None:
    path = tmp_path / fixture
    shutil.copyfile(FIXTURES / fixture, path)
    with Project.open(path, FIXTURE_PASSPHRASE) as upgraded:
        assert triggers(upgraded) == triggers(project)
    assert len(triggers(project)) == 3 * len(UNDOABLE_TABLES) + 3 + 2


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project created at our head, then upgraded by the test migration; and that migration's folder."""
    folder = tmp_path_factory.mktemp("test_versions")
    (folder / "t900_test_upgrade.py").write_text(TEST_MIGRATION.format(head=migrate.head_revision()))
    path = tmp_path_factory.mktemp("migrated") / "migrated.qdaproj"
    Project.create(path, PASSPHRASE, "Migrated").close()
    migrate.add_version_location(folder)
    try:
        Project.open(path, PASSPHRASE).close()
    finally:
        migrate.remove_version_location(folder)
    return path, folder


@pytest.fixture
def migrated(migrated_template: tuple[Path, Path], tmp_path: Path) -> Iterator[Project]:
    template, folder = migrated_template
    path = tmp_path / "study.qdaproj"
    shutil.copyfile(template, path)
    migrate.add_version_location(folder)
    try:
        with Project.open(path, PASSPHRASE) as project:
            yield project
    finally:
        migrate.remove_version_location(folder)


def test_the_test_migration_ran(migrated: Project) -> None:
    assert migrate.head_revision() == "t900"
    with migrated.store.engine.connect() as conn:
        assert "extra" in [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(code)")]
        assert "weight" in [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(memo)")]
    assert "undo_memo_d" in triggers(migrated)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_round_trips_after_the_migration(migrated: Project, name: str) -> None:
    assert_round_trip(migrated, name)


def test_undo_refuses_a_log_that_lacks_a_column(project: Project) -> None:
    """Stale triggers (no refresh) would lose the new column: undo says so and changes nothing."""
    code = project.run(AddCode("Trust")).result
    project.run(DeleteCode(code))
    with project.store.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE code ADD COLUMN extra TEXT NOT NULL DEFAULT 'x'")
    before = snapshot(project)
    with pytest.raises(UndoUnavailable, match=r"'Delete code'.*no 'extra'"):
        project.undo()
    assert snapshot(project) == before
