"""Codebook import: the corpus sheet as is, XLSX with other headers, bad sheets listed with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from qda_desktop.core.commands import AddCode
from qda_desktop.core.project import Project
from qda_desktop.core.queries import code_by_name, project_dump
from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.codebook_import import ImportCodebook, plan_codebook
from tests.conftest import CORPUS
from tests.helpers import snapshot


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_corpus_codebook_loads_as_is_in_one_undo_step(project: Project) -> None:
    with project.read() as session:
        plan = plan_codebook(session, CORPUS / "codebook_example.csv")
    assert plan.problems == []
    assert len(plan.new_rows) == 27
    before = snapshot(project)
    assert project.run(ImportCodebook(plan)).result == 27
    with project.read() as session:
        dump = project_dump(session)
    codes = {c["path"]: c for c in dump["codes"]}
    trust = codes["Protecting the community/Language, culture and trust"]
    assert trust["color"] == "#fdd0a2"
    assert trust["definition"].startswith("Language, literacy, faith")
    assert trust["inclusion"].startswith("Translation and interpreting")
    assert trust["exclusion"] == "Who paid for translation (use Hidden costs and unpaid labour)."
    assert trust["example"] == "P05: There is not much trust with institutions, you understand."
    assert project.undo() is not None
    assert snapshot(project) == before  # one step took it all back


def test_parents_after_children_and_existing_codes_updated_not_duplicated(project: Project, tmp_path: Path) -> None:
    existing = project.run(AddCode("Trust", color="#111111", definition="old")).result
    sheet = write_csv(
        tmp_path / "book.csv",
        "Code name,Parent code,Description,Use when,Don't use when,Example,Colour\n"
        "Distrust,Trust,Suspicion of institutions,,,,\n"
        "Trust,,Confidence in people,,,,#2E7D32\n"
        "Cost,Trust/Distrust,,,,,22aa33\n",
    )
    with project.read() as session:
        plan = plan_codebook(session, sheet)
    assert plan.problems == []
    assert [r.path for r in plan.rows] == ["Trust", "Trust/Distrust", "Trust/Distrust/Cost"]
    assert [r.path for r in plan.updated_rows] == ["Trust"]
    assert plan.updated_rows[0].changes == {"definition": "Confidence in people", "color": "#2e7d32"}
    assert plan.summary() == "book.csv: 2 new codes, 1 code updated"
    project.run(ImportCodebook(plan))
    with project.read() as session:
        assert code_by_name(session, "Trust") == existing
        paths = [c["path"] for c in project_dump(session)["codes"]]
        distrust = code_by_name(session, "Trust/Distrust")
        dump = {c["id"]: c for c in project_dump(session)["codes"]}
    assert sorted(paths) == ["Trust", "Trust/Distrust", "Trust/Distrust/Cost"]
    assert dump[distrust]["color"] == "#2e7d32"  # no colour given: the parent's


def test_xlsx_with_other_header_names(project: Project, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Parent", "Definition", "Inclusion", "Exclusion", "Example", "Color", "Notes"])
    sheet.append(["Power", None, "Who decides", None, None, None, "#D62728", "x"])
    sheet.append(["Timetable", "Power", None, "Deadlines", "Slowness", "P01: January", None, None])
    path = tmp_path / "codes.xlsx"
    book.save(path)
    with project.read() as session:
        plan = plan_codebook(session, path)
    assert plan.problems == [] and plan.ignored_columns == ["Notes"]
    project.run(ImportCodebook(plan))
    with project.read() as session:
        codes = {c["path"]: c for c in project_dump(session)["codes"]}
    assert codes["Power/Timetable"]["inclusion"] == "Deadlines"
    assert codes["Power/Timetable"]["exclusion"] == "Slowness"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("code,colour\nA,blue\n", "row 2: 'blue' is not a colour of the form #RRGGBB"),
        ("code,parent\nA,Nowhere\n", "row 2: parent 'Nowhere' is neither in the sheet nor in the codebook"),
        ("code,parent\nA,B\nB,A\n", "rows 2, 3: the parents form a cycle"),
        ("code,parent\nA,\nA,\n", "rows 2 and 3 both define 'A'"),
        ("code,parent\nA/B,\n", "must not contain '/'"),
        ("definition,colour\nx,#000000\n", "no column of code names"),
    ],
)
def test_bad_sheets_list_their_problems_and_change_nothing(
    project: Project, tmp_path: Path, text: str, problem: str
) -> None:
    sheet = write_csv(tmp_path / "bad.csv", text)
    before = snapshot(project)
    with project.read() as session:
        plan = plan_codebook(session, sheet)
    assert any(problem in p for p in plan.problems), plan.problems
    assert plan.summary().startswith("bad.csv: nothing imported; ")
    with pytest.raises(InvalidInput, match=r"bad\.csv"):
        ImportCodebook(plan)
    assert snapshot(project) == before
