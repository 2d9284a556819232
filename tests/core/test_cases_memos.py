"""Cases with typed attributes; memos on every kind of target; the journal."""

from __future__ import annotations

from datetime import date

import pytest

from qda_desktop.core.commands import (
    AddCase,
    AddCode,
    AddJournalEntry,
    AddMemo,
    ApplyCode,
    DefineAttribute,
    ImportText,
    LinkDocumentToCase,
    SetCaseAttribute,
    SetCodingMemo,
    UpdateCode,
)
from qda_desktop.core.commands.cases import normalise_value
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.errors import InvalidInput, NotFound


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        ("number", " 4 ", "4"),
        ("number", "2.50", "2.5"),
        ("date", "2026-03-05", "2026-03-05"),
        ("boolean", "Yes", "true"),
        ("boolean", "0", "false"),
        ("text", "  Halifax ", "Halifax"),
        ("number", "", ""),
    ],
)
def test_values_are_normalised_by_type(kind: str, raw: str, stored: str) -> None:
    assert normalise_value(kind, raw) == stored


@pytest.mark.parametrize(
    ("kind", "raw"), [("number", "four"), ("number", "nan"), ("date", "05/03/2026"), ("boolean", "maybe")]
)
def test_bad_values_are_refused(project: Project, kind: str, raw: str) -> None:
    case = project.run(AddCase("P01")).result
    attribute = project.run(DefineAttribute("A", kind)).result
    with pytest.raises(InvalidInput, match=f"A: '{raw}'"):
        project.run(SetCaseAttribute(case, attribute, raw))


def test_cases_link_documents_and_show_attributes(project: Project) -> None:
    doc = project.run(ImportText("P01", "text")).result
    case = project.run(AddCase("P01")).result
    years = project.run(DefineAttribute("Years involved", "number")).result
    project.run(SetCaseAttribute(case, years, "6"))
    project.run(LinkDocumentToCase(doc, case))
    project.run(LinkDocumentToCase(doc, case))  # linking twice is harmless
    with project.read() as session:
        dump = project_dump(session)
    assert dump["cases"][0]["attributes"] == {"Years involved": "6"}
    assert dump["documents"][0]["cases"] == ["P01"]


def test_memos_on_each_target(project: Project) -> None:
    doc = project.run(ImportText("P01", "some text here")).result
    code = project.run(AddCode("C")).result
    coding = project.run(ApplyCode(doc, code, 0, 4)).result
    project.run(AddMemo("p", "on the project"))
    project.run(AddMemo("d", "on the document", "document", doc))
    project.run(UpdateCode(code, {"memo": "on the code"}))
    project.run(SetCodingMemo(coding, "on the coding"))
    with project.read() as session:
        dump = project_dump(session)
    assert [m["on"] for m in dump["memos"]] == [{"project": True}, {"document": "P01"}]
    assert dump["codes"][0]["memo"] == "on the code" and dump["codings"][0]["memo"] == "on the coding"
    with pytest.raises(InvalidInput, match="not 'theme'"):
        project.run(AddMemo("x", "y", "theme", 1))
    with pytest.raises(NotFound):
        project.run(AddMemo("x", "y", "document", 999))
    for target, where in (("code", "UpdateCode"), ("coding", "SetCodingMemo")):  # one home for these
        with pytest.raises(InvalidInput, match=f"its own memo field \\({where}\\)"):
            project.run(AddMemo("x", "y", target, 1))


def test_journal_entries_are_dated(project: Project) -> None:
    project.run(AddJournalEntry(date(2026, 11, 20), "After P02", "I felt defensive of the programme."))
    with project.read() as session:
        assert project_dump(session)["journal"][0]["date"] == "2026-11-20"
