"""Every command type: do, undo and redo restore the project's rows exactly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qda_desktop.core.commands import (
    AddCase,
    AddCode,
    AddCodings,
    AddJournalEntry,
    AddMemo,
    ApplyCode,
    Batch,
    Command,
    DefineAttribute,
    DeleteCase,
    DeleteCode,
    DeleteDocument,
    DeleteJournalEntry,
    DeleteMemo,
    EditDocumentText,
    ImportText,
    LinkDocumentToCase,
    MergeCodes,
    MoveCode,
    ReattachCoding,
    RemoveCoding,
    RenameDocument,
    ReplaceText,
    SetCaseAttribute,
    SetCodingMemo,
    SetCodingRange,
    SplitCode,
    UnlinkDocumentFromCase,
    UpdateCase,
    UpdateCode,
    UpdateJournalEntry,
    UpdateMemo,
)
from qda_desktop.core.project import Project
from qda_desktop.errors import InvalidInput, QdaError
from tests.conftest import corpus_text
from tests.helpers import snapshot


@dataclass
class Ids:
    doc: int
    doc2: int
    parent: int
    child: int
    other: int
    coding: int
    coding2: int
    detached: int
    memo: int
    journal: int
    case: int
    attribute: int


def populate(project: Project) -> Ids:
    text = corpus_text("P03")
    doc = project.run(ImportText("P03", text)).result
    doc2 = project.run(ImportText("P05", corpus_text("P05"))).result
    parent = project.run(AddCode("Partnership", color="#2e7d32")).result
    child = project.run(AddCode("Reciprocity", parent_id=parent)).result
    other = project.run(AddCode("Endings", color="#6a1b9a")).result
    coding = project.run(ApplyCode(doc, child, 10, 80)).result
    coding2 = project.run(ApplyCode(doc, other, 50, 120, memo="overlaps the first")).result
    detached = project.run(ApplyCode(doc2, other, 200, 230)).result
    project.run(ReplaceText(doc2, 190, 240, ""))
    memo = project.run(AddMemo("On endings", "thinking aloud", "document", doc2)).result
    journal = project.run(AddJournalEntry(date(2026, 11, 2), "Day one", "My position")).result
    case = project.run(AddCase("P03")).result
    attribute = project.run(DefineAttribute("Years involved", "number")).result
    project.run(SetCaseAttribute(case, attribute, "4"))
    project.run(LinkDocumentToCase(doc, case))
    return Ids(doc, doc2, parent, child, other, coding, coding2, detached, memo, journal, case, attribute)


COMMANDS: dict[str, Callable[[Ids], Command]] = {
    "import": lambda i: ImportText("new", "fresh text 💜"),
    "rename document": lambda i: RenameDocument(i.doc, "P03 renamed"),
    "delete document": lambda i: DeleteDocument(i.doc),
    "edit text": lambda i: EditDocumentText(i.doc, "A new opening line.\n" + corpus_text("P03")[40:]),
    "replace text": lambda i: ReplaceText(i.doc, 60, 70, "edited"),
    "delete coded text": lambda i: ReplaceText(i.doc, 0, 200, ""),
    "add code": lambda i: AddCode("Trust", parent_id=i.parent, color="#123456"),
    "update code": lambda i: UpdateCode(i.child, {"name": "Give and take", "definition": "d", "color": "#aabbcc"}),
    "move code": lambda i: MoveCode(i.child, None, 0),
    "delete code": lambda i: DeleteCode(i.parent),
    "merge codes": lambda i: MergeCodes(i.other, i.child),
    "split code": lambda i: SplitCode(i.child, "Reciprocity (cost)", (i.coding,)),
    "apply code": lambda i: ApplyCode(i.doc, i.other, 300, 400),
    "apply code merging": lambda i: ApplyCode(i.doc, i.child, 70, 150, memo="extended"),
    "add codings": lambda i: AddCodings(((i.doc, i.other, 1, 5), (i.doc2, i.child, 2, 9))),
    "remove coding": lambda i: RemoveCoding(i.coding),
    "resize coding": lambda i: SetCodingRange(i.coding, 5, 90),
    "coding memo": lambda i: SetCodingMemo(i.coding, "why this matters"),
    "reattach": lambda i: ReattachCoding(i.detached, 10, 20),
    "add memo": lambda i: AddMemo("Project memo", "text"),
    "update memo": lambda i: UpdateMemo(i.memo, "Renamed", "new text"),
    "delete memo": lambda i: DeleteMemo(i.memo),
    "add journal": lambda i: AddJournalEntry(date(2026, 11, 3), "Day two", "..."),
    "update journal": lambda i: UpdateJournalEntry(i.journal, date(2026, 11, 4), "Day one (rev)", "x"),
    "delete journal": lambda i: DeleteJournalEntry(i.journal),
    "add case": lambda i: AddCase("P05", "second participant"),
    "update case": lambda i: UpdateCase(i.case, "P03-renamed", "desc"),
    "delete case": lambda i: DeleteCase(i.case),
    "define attribute": lambda i: DefineAttribute("Region", "text"),
    "set attribute": lambda i: SetCaseAttribute(i.case, i.attribute, "7.5"),
    "link document": lambda i: LinkDocumentToCase(i.doc2, i.case),
    "unlink document": lambda i: UnlinkDocumentFromCase(i.doc, i.case),
    "batch": lambda i: Batch("Two things", [AddCode("A"), RemoveCoding(i.coding2)]),
}


def assert_round_trip(project: Project, name: str) -> None:
    """Do, undo, redo and undo again the command ``name`` on a populated project: every state exact."""
    ids = populate(project)
    before = snapshot(project)
    changes = project.run(COMMANDS[name](ids))
    assert changes, f"{name} reported no change"
    after = snapshot(project)
    assert after != before
    assert project.history.undo_label == changes.label

    undone = project.undo()
    assert undone is not None and undone.kind == "undo" and undone.touched == changes.touched
    assert snapshot(project) == before
    assert project.history.redo_label == changes.label

    redone = project.redo()
    assert redone is not None and redone.touched == changes.touched
    assert snapshot(project) == after
    assert project.undo() is not None
    assert snapshot(project) == before


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_do_undo_redo_is_exact(project: Project, name: str) -> None:
    assert_round_trip(project, name)


def test_failed_command_changes_nothing(project: Project) -> None:
    ids = populate(project)
    before = snapshot(project)
    depth = len(project.history.undo_stack)
    with pytest.raises(InvalidInput):
        project.run(Batch("half done", [AddCode("Fine"), ApplyCode(ids.doc, ids.child, 5, 10**9)]))
    assert snapshot(project) == before
    assert len(project.history.undo_stack) == depth


def test_changes_report_what_changed(project: Project) -> None:
    ids = populate(project)
    changes = project.run(DeleteCode(ids.parent))
    assert changes.ids("codes") == {ids.parent, ids.child}
    assert ids.coding in changes.ids("codings")
    assert changes.areas == {"codes", "codings"}


def test_listeners_hear_every_change(project: Project) -> None:
    heard: list[tuple[str, str]] = []
    project.subscribe(lambda c: heard.append((c.kind, c.label)))
    project.run(AddCode("Trust"))
    project.undo()
    project.redo()
    assert heard == [("do", "Add code 'Trust'"), ("undo", "Add code 'Trust'"), ("redo", "Add code 'Trust'")]


def test_new_command_clears_redo(project: Project) -> None:
    project.run(AddCode("A"))
    project.undo()
    project.run(AddCode("B"))
    assert project.redo() is None


def test_audit_log_records_do_undo_redo(project: Project) -> None:
    project.run(AddCode("A"))
    project.undo()
    project.redo()
    with project.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT kind, action FROM audit_log ORDER BY id").all()
    assert [tuple(r) for r in rows] == [
        ("do", "Add code 'A'"),
        ("undo", "Add code 'A'"),
        ("redo", "Add code 'A'"),
    ]


def test_undo_history_is_bounded_and_pruned(project: Project) -> None:
    project.history.limit = 3
    for n in range(6):
        project.run(AddCode(f"C{n}"))
    assert len(project.history.undo_stack) == 3
    with project.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM undo_log").scalar() == 3


SEQUENCE_STEPS = [name for name in sorted(COMMANDS) if name not in {"import"}]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SEQUENCE_STEPS), min_size=1, max_size=6))
def test_random_sequences_undo_to_the_start(project: Project, steps: list[str]) -> None:
    while project.undo() is not None:
        pass
    with project.store.engine.begin() as conn:  # start each example from an empty project
        for table in ("document", "code", "memo", "journal_entry", "case_", "attribute"):
            conn.exec_driver_sql(f'DELETE FROM "{table}"')
    project.history.clear()
    ids = populate(project)
    start = snapshot(project)
    states = []
    done = 0
    for name in steps:
        try:
            changes = project.run(COMMANDS[name](ids))
        except QdaError:  # a step may not apply after earlier ones (deleted rows, clashes)
            continue
        if not changes:  # a command that changed nothing is no undo step
            continue
        done += 1
        states.append(snapshot(project))
    for _ in range(done):
        project.undo()
    assert snapshot(project) == start
    for expected in states:
        project.redo()
        assert snapshot(project) == expected


def test_a_closed_project_refuses_writes_and_reads(project: Project) -> None:
    from qda_desktop.errors import ProjectError

    project.close()
    with pytest.raises(ProjectError, match="the project is closed"):
        project.run(AddCode("Late"))
    with pytest.raises(ProjectError, match="the project is closed"), project.read():
        pass
