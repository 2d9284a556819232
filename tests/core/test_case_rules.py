"""Cases: rename, merge, delete (each one undo step), speakers linked to cases, and the extract→case rule."""

from __future__ import annotations

from typing import Any

import pytest

from qda_desktop.core.commands import (
    AddCase,
    AddCode,
    AppendSegments,
    ApplyCode,
    DefineAttribute,
    DeleteAttribute,
    DeleteCase,
    ImportText,
    LinkDocumentToCase,
    LinkSpeakerToCase,
    MergeCases,
    RenameCase,
    RenameSpeaker,
    SetCaseAttribute,
    StartTranscript,
    UpdateAttribute,
)
from qda_desktop.core.commands.cases import normalise_value
from qda_desktop.core.listings import document_rows, extracts_in_context
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.errors import InvalidInput
from tests.core.test_speakers import AddFakeMedia, seg
from tests.helpers import snapshot


def cases_of(project: Project) -> dict[str, dict[str, str]]:
    with project.read() as session:
        return {c["name"]: c["attributes"] for c in project_dump(session)["cases"]}


def doc_cases(project: Project) -> dict[str, list[str]]:
    with project.read() as session:
        return {d["name"]: d["cases"] for d in project_dump(session)["documents"]}


def assert_undo_redo_round_trip(project: Project, before: dict[str, list[tuple[Any, ...]]]) -> None:
    after = snapshot(project)
    project.undo()
    assert snapshot(project) == before
    project.redo()
    assert snapshot(project) == after


@pytest.mark.parametrize(("raw", "stored"), [("6", "6"), (" +12 ", "12"), ("3.0", "3"), ("", "")])
def test_integer_values(raw: str, stored: str) -> None:
    assert normalise_value("integer", raw) == stored


@pytest.mark.parametrize("raw", ["6.4", "six", "1_000", "inf"])
def test_integer_refuses_what_is_not_whole(raw: str) -> None:
    with pytest.raises(InvalidInput, match="not a whole number"):
        normalise_value("integer", raw)


def test_merge_moves_links_and_values_in_one_step_and_reports_conflicts(project: Project) -> None:
    docs = [project.run(ImportText(n, "text")).result for n in ("P01", "P01 follow-up", "P02")]
    age = project.run(DefineAttribute("Age", "integer")).result
    region = project.run(DefineAttribute("Region")).result
    keep = project.run(AddCase("P01")).result
    other = project.run(AddCase("P01b")).result
    project.run(SetCaseAttribute(keep, age, "34"))
    project.run(SetCaseAttribute(other, age, "35"))
    project.run(SetCaseAttribute(other, region, "North"))
    project.run(LinkDocumentToCase(docs[0], keep))
    project.run(LinkDocumentToCase(docs[0], other))
    project.run(LinkDocumentToCase(docs[1], other))
    before = snapshot(project)
    changes = project.run(MergeCases(keep, (other,)))
    assert changes.result == ["Age: kept '34', not '35' from 'P01b'"]
    assert cases_of(project) == {"P01": {"Age": "34", "Region": "North"}}
    assert doc_cases(project) == {"P01": ["P01"], "P01 follow-up": ["P01"], "P02": []}
    assert_undo_redo_round_trip(project, before)
    assert project.history.undo_label == "Merge cases"


def test_merge_needs_another_case(project: Project) -> None:
    case = project.run(AddCase("P01")).result
    before = snapshot(project)
    with pytest.raises(InvalidInput, match="at least one other case"):
        project.run(MergeCases(case, (case,)))
    assert snapshot(project) == before


def test_rename_delete_and_attribute_edits_undo_exactly(project: Project) -> None:
    doc = project.run(ImportText("P01", "text")).result
    case = project.run(AddCase("P01")).result
    project.run(AddCase("P02"))
    years = project.run(DefineAttribute("Years", "text")).result
    project.run(SetCaseAttribute(case, years, " 6 "))
    project.run(LinkDocumentToCase(doc, case))
    for command in (
        RenameCase(case, "Denise"),
        UpdateAttribute(years, "Years involved", "integer"),
        DeleteAttribute(years),
        DeleteCase(case),
    ):
        before = snapshot(project)
        project.run(command)
        assert_undo_redo_round_trip(project, before)
    with pytest.raises(InvalidInput, match="a case named 'P02' already exists"):
        project.run(RenameCase(project.run(AddCase("P03")).result, "P02"))


def test_an_attribute_changes_type_only_when_every_value_fits(project: Project) -> None:
    case = project.run(AddCase("P01")).result
    place = project.run(DefineAttribute("Place")).result
    project.run(SetCaseAttribute(case, place, "Leeds"))
    before = snapshot(project)
    with pytest.raises(InvalidInput, match="Place cannot become integer: 'Leeds' is not a whole number"):
        project.run(UpdateAttribute(place, "Place", "integer"))
    assert snapshot(project) == before


@pytest.fixture
def interview(project: Project) -> int:
    media = project.run(AddFakeMedia()).result
    doc = project.run(StartTranscript("Interview", media)).result
    segments = (
        seg(0.0, "How did it start?", "Interviewer"),
        seg(2.0, "They wrote to us.", "Denise"),
        seg(4.0, "And then?", "Interviewer"),
    )
    project.run(AppendSegments(doc, segments, 6.0))
    return int(doc)


def test_a_transcript_extract_belongs_to_its_speakers_case(project: Project, interview: int) -> None:
    with project.read() as session:
        text = project_dump(session)["documents"][0]["text"]
    code, spans = project.run(AddCode("Origins")).result, project.run(AddCode("Spans")).result
    denise, study = project.run(AddCase("P01 Denise")).result, project.run(AddCase("Study team")).result
    said = text.index("They wrote")
    asked = text.index("And then")
    project.run(ApplyCode(interview, code, said, said + 10))
    project.run(ApplyCode(interview, code, asked, asked + 8))
    project.run(ApplyCode(interview, spans, said, asked + 8))  # both speakers
    project.run(LinkDocumentToCase(interview, study))
    before = snapshot(project)
    project.run(LinkSpeakerToCase(interview, "Denise", denise))
    assert_undo_redo_round_trip(project, before)
    with project.read() as session:
        extracts = {(e.start, e.end): e.cases for e in extracts_in_context(session, [code, spans])}
        listed = {r.name: r.cases for r in document_rows(session)}
        dumped = {(c["start"], c["end"]): tuple(c["cases"]) for c in project_dump(session)["codings"]}
    # the speaker's case; the interviewer (no case of their own) falls back to the document's case
    assert extracts == {
        (said, said + 10): ("P01 Denise",),
        (said, asked + 8): ("P01 Denise",),  # speakers with a case win over the document's
        (asked, asked + 8): ("Study team",),
    }
    assert dumped == extracts
    assert listed == {"Interview": ("P01 Denise", "Study team")}


def test_speaker_links_follow_renames_and_refuse_strangers(project: Project, interview: int) -> None:
    case = project.run(AddCase("P01")).result
    project.run(LinkSpeakerToCase(interview, "Denise", case))
    project.run(RenameSpeaker(interview, "Denise", "Denise H"))
    with project.read() as session:
        assert project_dump(session)["documents"][0]["cases"] == ["P01"]
    before = snapshot(project)
    with pytest.raises(InvalidInput, match="'Interview' has no speaker named 'Nobody'"):
        project.run(LinkSpeakerToCase(interview, "Nobody", case))
    assert snapshot(project) == before
    project.run(LinkSpeakerToCase(interview, "Denise H", None))
    with project.read() as session:
        assert project_dump(session)["documents"][0]["cases"] == []
