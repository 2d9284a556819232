"""One list of memos, whatever they are about, and the one command that stores each kind."""

from __future__ import annotations

import pytest

from qda_desktop.core import memo_notes
from qda_desktop.core.commands import AddCode, AddMemo, ApplyCode, ImportText
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.errors import InvalidInput


def test_every_kind_of_memo_is_listed_with_what_it_is_about(project: Project) -> None:
    doc = project.run(ImportText("D1", "We never see them again, said the manager.")).result
    parent = project.run(AddCode("Trust")).result
    child = project.run(AddCode("Broken promises", parent_id=parent)).result
    coding = project.run(ApplyCode(doc, child, 0, 24)).result
    project.run(AddMemo("Idea", "a project memo"))
    project.run(AddMemo("On D1", "a document memo", "document", doc))
    project.run(memo_notes.save(memo_notes.memo_key("code", child), "", "why this code"))
    project.run(memo_notes.save(memo_notes.memo_key("coding", coding), "", "why this passage"))
    notes = memo_notes.memo_notes(project)
    assert [(n.title, n.about) for n in notes] == [
        ("Idea", "on the project"),
        ("On D1", "on document D1"),
        ("Trust/Broken promises", "on the code"),
        ("Trust/Broken promises", "on a coding in D1: “We never see them again,”"),
    ]
    assert [n.own_title for n in notes] == [True, True, False, False]
    with project.read() as session:
        dump = project_dump(session)
    assert next(c for c in dump["codes"] if c["name"] == "Broken promises")["memo"] == "why this code"


def test_empty_code_memo_is_listed_only_while_written(project: Project) -> None:
    code = project.run(AddCode("Hope")).result
    key = memo_notes.memo_key("code", code)
    assert memo_notes.memo_notes(project) == []
    assert [n.key for n in memo_notes.memo_notes(project, include_empty=(key,))] == [key]


def test_deleting_a_code_memo_empties_the_field_and_undo_restores_it(project: Project) -> None:
    code = project.run(AddCode("Hope")).result
    key = memo_notes.memo_key("code", code)
    project.run(memo_notes.save(key, "", "keep going"))
    project.run(memo_notes.delete(key))
    assert memo_notes.memo_notes(project) == []
    project.undo()
    assert [n.text for n in memo_notes.memo_notes(project)] == ["keep going"]


def test_new_memo_only_for_project_and_document() -> None:
    assert isinstance(memo_notes.new_memo("project", None), AddMemo)
    assert memo_notes.new_memo("code", 3) is None


@pytest.mark.parametrize("key", ["theme:1", "code:x", "memo", ""])
def test_bad_keys_are_refused(key: str) -> None:
    with pytest.raises(InvalidInput):
        memo_notes.parse_key(key)
