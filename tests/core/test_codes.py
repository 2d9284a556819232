"""The codebook: names, tree moves, merge, split, delete."""

from __future__ import annotations

import pytest

from qda_desktop.core.commands import (
    AddCode,
    ApplyCode,
    DeleteCode,
    ImportText,
    MergeCodes,
    MoveCode,
    SplitCode,
    UpdateCode,
)
from qda_desktop.core.listings import extracts_in_context
from qda_desktop.core.project import Project
from qda_desktop.core.queries import code_by_name, project_dump
from qda_desktop.errors import InvalidInput, NotFound
from qda_desktop.store.models import Code, Coding


@pytest.fixture
def doc(project: Project) -> int:
    return int(project.run(ImportText("d", "alpha beta gamma delta epsilon zeta eta theta")).result)


def test_names_are_unique_among_siblings_only(project: Project) -> None:
    a = project.run(AddCode("Power")).result
    b = project.run(AddCode("Trust")).result
    project.run(AddCode("Distrust", parent_id=a))
    project.run(AddCode("Distrust", parent_id=b))
    with pytest.raises(InvalidInput, match="already exists"):
        project.run(AddCode("power"))
    with project.read() as session:
        with pytest.raises(InvalidInput, match="matches 2 codes: Power/Distrust, Trust/Distrust; give the path"):
            code_by_name(session, "Distrust")
        assert code_by_name(session, "Trust/Distrust") != code_by_name(session, "Power/Distrust")


@pytest.mark.parametrize("color", ["red", "#12345", "#12345g", ""])
def test_bad_colours_are_refused(project: Project, color: str) -> None:
    with pytest.raises(InvalidInput, match="#RRGGBB"):
        project.run(AddCode("X", color=color))


def test_move_refuses_cycles_and_reorders_siblings(project: Project) -> None:
    a = project.run(AddCode("A")).result
    b = project.run(AddCode("B", parent_id=a)).result
    c = project.run(AddCode("C")).result
    with pytest.raises(InvalidInput, match="under itself"):
        project.run(MoveCode(a, b))
    project.run(MoveCode(c, None, 0))
    with project.read() as session:
        order = [x.name for x in session.query(Code).filter(Code.parent_id.is_(None)).order_by(Code.position)]
    assert order == ["C", "A"]


def test_merge_moves_codings_children_and_memos(project: Project, doc: int) -> None:
    source = project.run(AddCode("Partnership", color="#111111")).result
    target = project.run(AddCode("Collaboration")).result
    child = project.run(AddCode("Reciprocity", parent_id=source)).result
    project.run(UpdateCode(source, {"definition": "working together"}))
    project.run(ApplyCode(doc, source, 0, 5))
    project.run(ApplyCode(doc, source, 11, 16))
    project.run(ApplyCode(doc, target, 11, 16))  # the same passage: merged away
    project.run(UpdateCode(source, {"memo": "note"}))
    project.run(MergeCodes(source, target))
    with project.read() as session:
        assert session.get(Code, source) is None
        assert session.get(Code, child).parent_id == target  # type: ignore[union-attr]
        assert sorted((c.start, c.end) for c in session.query(Coding).filter_by(code_id=target)) == [
            (0, 5),
            (11, 16),
        ]
        assert session.get(Code, target).memo == "note"  # type: ignore[union-attr]
        assert session.get(Code, target).definition == "working together"  # type: ignore[union-attr]


def test_split_moves_chosen_codings(project: Project, doc: int) -> None:
    code = project.run(AddCode("Trust")).result
    first = project.run(ApplyCode(doc, code, 0, 5)).result
    project.run(ApplyCode(doc, code, 11, 16))
    new = project.run(SplitCode(code, "Trust lost", (first,))).result
    with project.read() as session:
        assert [e.text for e in extracts_in_context(session, [new])] == ["alpha"]
        assert [e.text for e in extracts_in_context(session, [code])] == ["gamma"]


def test_delete_takes_subtree_codings_and_memos(project: Project, doc: int) -> None:
    parent = project.run(AddCode("P")).result
    child = project.run(AddCode("C", parent_id=parent)).result
    project.run(ApplyCode(doc, child, 0, 5))
    project.run(UpdateCode(child, {"memo": "t"}))
    project.run(DeleteCode(parent))
    with project.read() as session:
        dump = project_dump(session)
    assert dump["codes"] == [] and dump["codings"] == []


def test_applying_overlapping_same_code_merges(project: Project, doc: int) -> None:
    code = project.run(AddCode("T")).result
    project.run(ApplyCode(doc, code, 0, 10, memo="first"))
    project.run(ApplyCode(doc, code, 20, 30))
    project.run(ApplyCode(doc, code, 8, 22, memo="bridge"))
    with project.read() as session:
        rows = session.query(Coding).all()
    assert [(c.start, c.end, c.memo) for c in rows] == [(0, 30, "first\n\nbridge")]


def test_unknown_ids_give_clear_errors(project: Project, doc: int) -> None:
    with pytest.raises(NotFound, match="no code with id 999"):
        project.run(ApplyCode(doc, 999, 0, 4))
    code = project.run(AddCode("T")).result
    with pytest.raises(InvalidInput, match="is not a passage"):
        project.run(ApplyCode(doc, code, 4, 4))
