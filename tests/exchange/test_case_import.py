"""Cases from a participant sheet: the plan (types, id column, matched documents, problems), then one step."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from qda_desktop.core.commands import DefineAttribute, ImportText
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.case_import import (
    SKIP,
    CaseImportPlan,
    ImportCases,
    guess_type,
    make_plan,
    matches,
    read_state,
)
from qda_desktop.exchange.spreadsheets import read_table
from tests.conftest import CORPUS
from tests.helpers import snapshot


def plan_for(
    project: Project, path: Path, id_column: str | None = None, types: dict[str, str] | None = None
) -> CaseImportPlan:
    with project.read() as session:
        return make_plan(read_table(path), read_state(session), id_column, types)


def dump(project: Project) -> dict[str, object]:
    with project.read() as session:
        data = project_dump(session)
    return {
        "cases": {c["name"]: c["attributes"] for c in data["cases"]},
        "documents": {d["name"]: d["cases"] for d in data["documents"]},
        "types": {a["name"]: a["type"] for a in data["attributes"]},
    }


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["6", "12", ""], "integer"),
        (["6.4", "7"], "number"),
        (["2024-03-14"], "date"),
        (["yes", "No"], "boolean"),
        (["0", "1"], "integer"),
        (["P01", "3"], "text"),
        (["", ""], "text"),
    ],
)
def test_types_are_guessed_by_the_value_rules(values: list[str], expected: str) -> None:
    assert guess_type(values) == expected


def test_names_match_whole_ids_at_the_start() -> None:
    assert matches("P01", "p01") and matches("P01.txt", "P01") and matches("P01 interview", "P01")
    assert not matches("P010", "P01") and not matches("XP01", "P01")


def test_the_corpus_sheet_loads_links_and_reimports(project: Project, tmp_path: Path) -> None:
    for n in range(1, 8):
        project.run(ImportText(f"P0{n}", f"interview {n}"))
    plan = plan_for(project, CORPUS / "participants.csv")
    assert plan.valid and plan.table.columns[plan.id_column] == "id"
    assert {c.name: c.value_type for c in plan.columns} == {
        "pseudonym": "text",
        "organisation_type": "text",
        "role": "text",
        "years_involved": "integer",
        "region": "text",
        "interview_date": "date",
        "duration_min": "number",
    }
    before = snapshot(project)
    report = project.run(ImportCases(plan)).result
    assert report.summary() == "participants.csv: imported 7 attributes, 6 new cases, 6 document links"
    state = dump(project)
    assert state["documents"] == {f"P0{n}": [f"P0{n}"] if n < 7 else [] for n in range(1, 8)}
    assert state["cases"]["P04"]["years_involved"] == "12"  # type: ignore[index]
    after = snapshot(project)
    project.undo()  # the whole import is one step
    assert snapshot(project) == before
    project.redo()
    assert snapshot(project) == after

    changed = tmp_path / "participants.csv"
    text = (CORPUS / "participants.csv").read_text(encoding="utf-8")
    changed.write_text(text.replace("P04,Pauline", "P04,Polly"), encoding="utf-8")
    again = project.run(ImportCases(plan_for(project, changed))).result
    assert again.summary() == "participants.csv: imported 6 updated cases"
    assert dump(project)["cases"]["P04"]["pseudonym"] == "Polly"  # type: ignore[index]


def test_an_xlsx_sheet_with_typed_cells_and_a_chosen_id_column(project: Project, tmp_path: Path) -> None:
    project.run(ImportText("Ana interview", "a"))
    project.run(ImportText("Anabel", "b"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Participant", "Interviewed", "Age", "Paid", "Notes"])
    sheet.append(["Ana", "X1", datetime(2024, 3, 14), 41, "yes", "first"])
    sheet.append(["Ben", "X2", datetime(2024, 4, 2), 38.0, "no", ""])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    guessed = plan_for(project, path)
    assert guessed.table.columns[guessed.id_column] == "Participant"
    plan = plan_for(project, path, id_column="name", types={"Notes": SKIP, "Participant": SKIP})
    assert [(c.name, c.value_type) for c in plan.columns] == [
        ("Participant", SKIP),
        ("Interviewed", "date"),
        ("Age", "integer"),
        ("Paid", "boolean"),
        ("Notes", SKIP),
    ]
    assert [r.documents for r in plan.rows] == [(1,), ()]
    assert plan.notes == ["row 3: no document matches 'Ben'"]
    project.run(ImportCases(plan))
    assert dump(project)["cases"] == {
        "Ana": {"Interviewed": "2024-03-14", "Age": "41", "Paid": "true"},
        "Ben": {"Interviewed": "2024-04-02", "Age": "38", "Paid": "false"},
    }


def test_bad_sheets_list_every_problem_and_change_nothing(project: Project, tmp_path: Path) -> None:
    project.run(DefineAttribute("age", "integer"))  # an existing attribute keeps its type
    sheet = tmp_path / "bad.csv"
    sheet.write_text("id,age,joined\nP01,34,2024-01-02\nP02,six,2024-02-30\nP01,40,\n,1,\n", encoding="utf-8")
    plan = plan_for(project, sheet)
    assert plan.problems == [
        "row 3, age (integer): 'six' is not a whole number",
        "row 4: case 'P01' also on row 2",
        "row 5: no case id in 'id'",
    ]
    assert not plan.valid
    assert {c.name: c.value_type for c in plan.columns} == {"age": "integer", "joined": "text"}
    before = snapshot(project)
    with pytest.raises(InvalidInput, match="'six' is not a whole number"):
        project.run(ImportCases(plan))
    assert snapshot(project) == before
    with pytest.raises(InvalidInput, match="no column named 'who'"):
        plan_for(project, sheet, id_column="who")
    forced = plan_for(project, sheet, types={"joined": "date"})
    assert "row 3, joined (date): '2024-02-30' is not a date of the form YYYY-MM-DD" in forced.problems
