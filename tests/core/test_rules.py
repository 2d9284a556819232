"""One rule in one place: code paths, names, the document-to-case map."""

from __future__ import annotations

import re

import pytest

from qda_desktop.core.code_paths import build_paths, code_paths, find_code, new_code_place, require_code
from qda_desktop.core.commands import (
    AddCase,
    AddCode,
    ApplyCode,
    ApplyNewCode,
    Command,
    DefineAttribute,
    ImportText,
    LinkDocumentToCase,
    MoveCode,
    RenameDocument,
    UpdateCase,
    UpdateCode,
)
from qda_desktop.core.listings import document_cases, document_rows, extracts_in_context
from qda_desktop.core.project import Project
from qda_desktop.core.queries import code_by_name, project_dump
from qda_desktop.errors import InvalidInput, NotFound
from tests.helpers import snapshot


@pytest.fixture
def tree(project: Project) -> dict[str, int]:
    parent = project.run(AddCode("Partnership")).result
    child = project.run(AddCode("Reciprocity", parent_id=parent)).result
    deeper = project.run(AddCode("Cost", parent_id=child)).result
    other = project.run(AddCode("Endings")).result
    twin = project.run(AddCode("Cost", parent_id=other)).result
    return {"parent": parent, "child": child, "deeper": deeper, "other": other, "twin": twin}


def test_paths_use_one_separator_everywhere(project: Project, tree: dict[str, int]) -> None:
    with project.read() as session:
        paths = code_paths(session)
        dump = project_dump(session)
    assert paths[tree["deeper"]] == "Partnership/Reciprocity/Cost"
    assert {c["path"] for c in dump["codes"]} == set(paths.values())
    assert build_paths([(1, "A", None), (2, "B", 1), (3, "C", 9)]) == {1: "A", 2: "A/B", 3: "C"}


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Partnership/Reciprocity", "child"),
        ("partnership / reciprocity ", "child"),
        ("Reciprocity", "child"),
        ("Endings/Cost", "twin"),
        ("Partnership/Reciprocity/Cost", "deeper"),
    ],
)
def test_a_typed_path_or_unique_name_finds_its_code(
    project: Project, tree: dict[str, int], typed: str, key: str
) -> None:
    with project.read() as session:
        paths = code_paths(session)
        assert find_code(paths, typed) == tree[key]
        assert code_by_name(session, typed) == tree[key]


def test_an_ambiguous_or_unknown_name_is_refused(project: Project, tree: dict[str, int]) -> None:
    with project.read() as session:
        paths = code_paths(session)
    with pytest.raises(InvalidInput, match=re.escape("'Cost' matches 2 codes: Endings/Cost, Partnership/")):
        find_code(paths, "Cost")
    assert find_code(paths, "Trust") is None
    with pytest.raises(NotFound, match="no code named 'Trust'"):
        require_code(paths, "Trust")


def test_a_new_path_goes_under_its_existing_parent(project: Project, tree: dict[str, int]) -> None:
    with project.read() as session:
        paths = code_paths(session)
    assert new_code_place(paths, "Trust") == (None, "Trust")
    assert new_code_place(paths, "Partnership / Trust") == (tree["parent"], "Trust")
    assert new_code_place(paths, "Partnership/Reciprocity/Trust") == (tree["child"], "Trust")
    with pytest.raises(InvalidInput, match="no code named 'Nowhere' to put 'Trust' under"):
        new_code_place(paths, "Nowhere/Trust")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda ids: ImportText("  ", "x"), "a document name must not be empty"),
        (lambda ids: ImportText("P01", "x"), "a document named 'P01' already exists"),
        (lambda ids: ImportText("two\nlines", "x"), "a document name must be one line"),
        (lambda ids: RenameDocument(ids["doc"], "P\x0702"), "a document name must be one line"),
        (lambda ids: AddCase(""), "a case name must not be empty"),
        (lambda ids: AddCase("P01 "), "a case named 'P01' already exists"),
        (lambda ids: UpdateCase(ids["case2"], "P01", ""), "a case named 'P01' already exists"),
        (lambda ids: DefineAttribute(" "), "an attribute name must not be empty"),
        (lambda ids: DefineAttribute("Age"), "an attribute named 'Age' already exists"),
        (lambda ids: AddCode("partnership"), "a code named 'partnership' already exists at the top level"),
        (lambda ids: AddCode("A/B"), "must not contain '/'"),
        (lambda ids: AddCode("Line\u2028break"), "a code name must be one line"),
        (lambda ids: UpdateCode(ids["other"], {"name": "PARTNERSHIP"}), "already exists at the top level"),
        (lambda ids: MoveCode(ids["twin"], ids["child"]), "a code named 'Cost' already exists under this parent"),
    ],
)
def test_one_name_rule_for_every_kind(project: Project, tree: dict[str, int], make: object, message: str) -> None:
    ids = dict(tree)
    ids["doc"] = project.run(ImportText("P01", "text")).result
    project.run(AddCase("P01"))
    ids["case2"] = project.run(AddCase("P02")).result
    project.run(DefineAttribute("Age", "number"))
    before = snapshot(project)
    command: Command = make(ids)  # type: ignore[operator]
    with pytest.raises(InvalidInput, match=re.escape(message)):
        project.run(command)
    assert snapshot(project) == before


def test_names_are_stored_without_surrounding_spaces(project: Project) -> None:
    doc = project.run(ImportText("  P01  ", "text")).result
    with project.read() as session:
        assert [d["name"] for d in project_dump(session)["documents"]] == ["P01"]
    project.run(RenameDocument(doc, " Renamed "))
    with project.read() as session:
        assert project_dump(session)["documents"][0]["name"] == "Renamed"


def test_one_document_to_case_map_feeds_every_listing(project: Project, tree: dict[str, int]) -> None:
    doc = project.run(ImportText("P01", "some coded words")).result
    plain = project.run(ImportText("P02", "no case")).result
    for name in ("Site B", "Site A"):
        project.run(LinkDocumentToCase(doc, project.run(AddCase(name)).result))
    project.run(ApplyCode(doc, tree["child"], 5, 10))
    with project.read() as session:
        cases = document_cases(session)
        rows = {r.id: r.cases for r in document_rows(session)}
        extracts = extracts_in_context(session, [tree["child"]])
        dumped = {d["id"]: tuple(d["cases"]) for d in project_dump(session)["documents"]}
    assert cases == {doc: ("Site A", "Site B")}
    assert rows == dumped == {doc: ("Site A", "Site B"), plain: ()}
    assert [e.cases for e in extracts] == [("Site A", "Site B")]


def test_the_code_box_command_takes_a_path(project: Project, tree: dict[str, int]) -> None:
    doc = project.run(ImportText("P01", "some coded words")).result
    existing = project.run(ApplyNewCode("Partnership/Reciprocity", doc, 0, 4, color="#123456"))
    assert existing.result[0] == tree["child"] and existing.label == "Apply code 'Partnership/Reciprocity'"
    created = project.run(ApplyNewCode("Partnership / Trust", doc, 5, 10, color="#123456")).result[0]
    with project.read() as session:
        assert code_paths(session)[created] == "Partnership/Trust"
    before = snapshot(project)
    with pytest.raises(InvalidInput, match="no code named 'Nowhere' to put 'Trust' under"):
        project.run(ApplyNewCode("Nowhere/Trust", doc, 0, 4, color="#123456"))
    assert snapshot(project) == before
