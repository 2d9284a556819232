"""Stable identities: every entity has a GUID that undo and redo keep and importers can set."""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path

import pytest

from qda_desktop.core.commands import AddCode, AddCodings, AddMemo, DeleteCode, ImportText
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import GUID_TABLES, THEME_TABLES
from tests.core.test_undo import populate
from tests.helpers import snapshot
from tests.store.test_migrations import FIXTURE_PASSPHRASE, FIXTURES

CANONICAL = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def guids(project: Project) -> dict[str, dict[int, str]]:
    with project.store.engine.connect() as conn:
        return {
            table: {int(i): str(g) for i, g in conn.exec_driver_sql(f'SELECT id, guid FROM "{table}"')}
            for table in GUID_TABLES
        }


def assert_all_canonical_and_unique(found: dict[str, dict[int, str]]) -> None:
    every = [guid for rows in found.values() for guid in rows.values()]
    assert every and all(CANONICAL.match(guid) for guid in every), every
    assert len(set(every)) == len(every)


def test_every_new_entity_gets_a_guid(project: Project) -> None:
    populate(project)
    found = guids(project)
    assert {t for t, rows in found.items() if rows} >= {"document", "code", "coding", "memo", "journal_entry"}
    assert_all_canonical_and_unique(found)


@pytest.mark.parametrize("fixture", ["schema-0001.qdaproj", "schema-0003.qdaproj"])
def test_upgrade_backfills_guids(tmp_path: Path, fixture: str) -> None:
    path = tmp_path / fixture
    shutil.copyfile(FIXTURES / fixture, path)
    with Project.open(path, FIXTURE_PASSPHRASE) as project:
        found = guids(project)
        with project.read() as session:
            dump = project_dump(session)
    assert_all_canonical_and_unique(found)
    assert found["document"] and found["code"] and found["coding"]
    shown = {d["guid"] for d in dump["documents"]} | {c["guid"] for c in dump["codes"]}
    assert shown <= set(found["document"].values()) | set(found["code"].values())
    assert [c["guid"] for c in dump["codings"]] == [found["coding"][c["id"]] for c in dump["codings"]]


def test_upgrade_backfills_every_kind_of_entity(tmp_path: Path) -> None:
    path = tmp_path / "old.qdaproj"
    shutil.copyfile(FIXTURES / "schema-0003.qdaproj", path)
    with Project.open(path, FIXTURE_PASSPHRASE) as project:
        found = guids(project)
    older = [table for table in GUID_TABLES if table not in THEME_TABLES]  # tables the fixture has rows for
    assert all(found[table] for table in older), {t: len(r) for t, r in found.items()}


def test_undo_and_redo_keep_guids(project: Project) -> None:
    ids = populate(project)
    before = guids(project)
    project.run(DeleteCode(ids.parent))
    assert ids.parent not in guids(project)["code"]
    project.undo()
    assert guids(project) == before
    project.redo()
    project.undo()
    assert guids(project) == before

    added = project.run(AddCode("Trust")).result
    guid = guids(project)["code"][added]
    project.undo()
    project.redo()
    assert guids(project)["code"][added] == guid


def test_a_new_code_never_takes_a_deleted_codes_guid(project: Project) -> None:
    first = project.run(AddCode("Trust")).result
    old = guids(project)["code"][first]
    project.run(DeleteCode(first))
    second = project.run(AddCode("Trust")).result
    assert second == first  # the integer id is reused …
    assert guids(project)["code"][second] != old  # … the identity is not


def test_commands_keep_a_given_guid(project: Project) -> None:
    producer = "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D"
    doc = project.run(ImportText("P01", "some words here", guid="{" + producer + "}")).result
    code = project.run(AddCode("Trust", guid=producer)).result
    memo = project.run(AddMemo("m", "t", "document", doc, guid=str(uuid.uuid4()))).result
    coding_guid = str(uuid.uuid4())
    project.run(AddCodings(((doc, code, 0, 4),), guids=(coding_guid.upper(),)))
    found = guids(project)
    assert found["document"][doc] == found["code"][code] == producer.lower()
    assert CANONICAL.match(found["memo"][memo])
    assert list(found["coding"].values()) == [coding_guid]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda g: AddCode("Other", guid=g), "another code already has GUID"),
        (lambda g: AddCode("Other", guid="not-a-guid"), "'not-a-guid' is not a GUID"),
        (lambda g: ImportText("P02", "x", guid=g.upper()), None),
        (lambda g: AddCodings(((1, 1, 0, 2), (1, 1, 2, 4)), guids=(g, g)), "is given twice"),
        (lambda g: AddCodings(((1, 1, 0, 2),), guids=("a", "b")), "2 GUIDs given for 1 codings"),
    ],
)
def test_bad_or_taken_guids_are_refused(project: Project, make: object, message: str | None) -> None:
    code_guid = str(uuid.uuid4())
    project.run(ImportText("P01", "some words here"))
    project.run(AddCode("Trust", guid=code_guid))
    before = snapshot(project)
    command = make(code_guid)  # type: ignore[operator]
    if message is None:  # a GUID is unique per table: a document may share a code's
        project.run(command)
        return
    with pytest.raises(InvalidInput, match=re.escape(message)):
        project.run(command)
    assert snapshot(project) == before
