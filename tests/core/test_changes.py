"""Change records say per table which rows were inserted, updated or deleted, and deleted rows' parents."""

from __future__ import annotations

from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import AddCode, ApplyCode, Batch, DeleteCode, ReplaceText
from qda_desktop.core.project import Project
from tests.core.test_undo import populate


def test_a_delete_names_rows_and_their_parents(project: Project) -> None:
    ids = populate(project)
    changes = project.run(DeleteCode(ids.parent))
    codes, codings = changes.table("codes"), changes.table("codings")
    assert codes.deleted == {ids.parent, ids.child} and not codes.inserted and not codes.updated
    assert codes.parents[ids.child] == {"parent_id": ids.parent}
    assert ids.coding in codings.deleted
    assert codings.parents[ids.coding] == {"document_id": ids.doc, "code_id": ids.child}
    assert codings.parent_ids("document_id") == {ids.doc}
    assert changes.table("journal") == changes.table("cases") and not changes.table("journal").deleted


def test_undo_and_redo_report_the_opposite_and_the_same(project: Project) -> None:
    ids = populate(project)
    done = project.run(DeleteCode(ids.parent))
    undone = project.undo()
    assert undone is not None
    assert undone.table("codes").inserted == done.table("codes").deleted
    assert undone.table("codings").inserted == done.table("codings").deleted
    redone = project.redo()
    assert redone is not None and redone.table("codes").deleted == done.table("codes").deleted
    assert redone.table("codings").parents == done.table("codings").parents


def test_merging_codings_updates_one_and_deletes_the_other(project: Project) -> None:
    ids = populate(project)
    second = project.run(ApplyCode(ids.doc, ids.child, 200, 220)).result
    changes = project.run(ApplyCode(ids.doc, ids.child, 70, 210))
    assert changes.result == ids.coding
    codings = changes.table("codings")
    assert codings.updated == {ids.coding} and codings.deleted == {second} and not codings.inserted


def test_an_edit_that_detaches_a_coding_updates_it(project: Project) -> None:
    ids = populate(project)
    changes = project.run(ReplaceText(ids.doc, 0, 200, ""))
    assert {ids.coding, ids.coding2} <= changes.table("codings").updated
    assert changes.table("documents").updated == {ids.doc}


def test_a_row_added_and_removed_in_one_step_is_no_net_change(project: Project) -> None:
    project.run(AddCode("Keep"))
    code_id = 2  # the id the next code takes

    changes = project.run(Batch("add and drop", [AddCode("Brief"), DeleteCode(code_id)]))
    assert changes.table("codes") == changes.table("memos")  # nothing, net
    assert changes.ids("codes") == {code_id}  # though the row was written


def test_results_are_typed(project: Project) -> None:
    changes: Changes[int] = project.run(AddCode("Trust"))
    assert isinstance(changes.result, int)
    assert changes.table("codes").inserted == {changes.result}
