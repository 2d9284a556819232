"""Database errors reach the user as one clear message; bulk commands name the bad row; events are audited."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from qda_desktop.core.commands import AddCode, AddCodings, Command, Context, DeleteCode, ImportText
from qda_desktop.core.project import Project
from qda_desktop.errors import InvalidInput, StorageError
from tests.helpers import snapshot


@dataclass(frozen=True)
class RawStatement(Command):
    """A command whose statement the database refuses (standing in for a bug or a damaged file)."""

    sql: str

    @property
    def label(self) -> str:
        return "Raw statement"

    def apply(self, ctx: Context) -> None:
        ctx.session.execute(text(self.sql))


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        (
            'INSERT INTO coding (document_id, code_id, start, "end", detached, memo, created_at, guid) '
            "VALUES (1, 999, 0, 2, 0, '', '2026-01-01', 'g')",
            "breaks a rule of the project's data",
        ),
        ("UPDATE no_such_table SET x = 1", "the database refused it"),
    ],
)
def test_database_errors_become_one_clear_message(project: Project, sql: str, reason: str) -> None:
    project.run(ImportText("P01", "some words"))
    before = snapshot(project)
    depth = len(project.history.undo_stack)
    with pytest.raises(StorageError) as caught:
        project.run(RawStatement(sql))
    message = str(caught.value)
    assert message.startswith(f"{project.path.name}: could not 'Raw statement': ") and reason in message
    assert "\n" not in message and message.endswith("nothing was changed")
    assert snapshot(project) == before and len(project.history.undo_stack) == depth


def test_undo_that_the_database_refuses_changes_nothing(project: Project) -> None:
    code = project.run(AddCode("Trust")).result
    project.run(DeleteCode(code))
    with project.store.engine.begin() as conn:  # another writer takes the id back meanwhile
        conn.exec_driver_sql(
            "INSERT INTO code (id, name, position, color, definition, inclusion, exclusion, example, memo, "
            "created_at, guid) VALUES (?, 'Other', 0, '#000000', '', '', '', '', '', '2026-01-01', 'x')",
            (code,),
        )
    before = snapshot(project)
    with pytest.raises(StorageError, match=re.escape("could not undo 'Delete code'")):
        project.undo()
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        (((1, 1, 0, 2), (1, 999, 0, 2)), "coding 2 of 2: no code with id 999"),
        (((1, 1, 0, 2), (7, 1, 0, 2), (1, 1, 0, 2)), "coding 2 of 3: no document with id 7"),
        (((1, 1, 0, 99),), "coding 1 of 1: range 0..99 is outside document 1"),
    ],
)
def test_bulk_codings_name_the_bad_row(project: Project, rows: tuple[tuple[int, ...], ...], fragment: str) -> None:
    project.run(ImportText("P01", "some words"))
    project.run(AddCode("Trust"))
    before = snapshot(project)
    with pytest.raises(InvalidInput, match=re.escape(fragment)):
        project.run(AddCodings(rows))  # type: ignore[arg-type]
    assert snapshot(project) == before


def test_events_are_audited(project: Project) -> None:
    project.record_event("Export codebook", {"format": "docx", "codes": 3})
    with project.store.engine.connect() as conn:
        kind, action, summary = conn.exec_driver_sql("SELECT kind, action, summary FROM audit_log").one()
    assert (kind, action, json.loads(summary)) == ("event", "Export codebook", {"codes": 3, "format": "docx"})
    assert project.history.undo_label is None
