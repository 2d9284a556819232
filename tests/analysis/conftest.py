"""A small study built with commands, whose counts are worked out by hand in the tests.

Documents: A (case P1), B (case P2), C (no case) and a transcript "Interview" linked to no case
whose speakers are: Ann -> P1, Bob -> P3. Attribute role: P1 manager, P2 and P3 volunteer.
Codes: Work > Pay, Care, Unused. Codings (character ranges):

    A:          Work [0,10)  Pay [5,15)  Care [15,20) (touches Pay)  Care [30,35)
    B:          Pay [0,5)    Care [2,8)  Work [20,25)  + one Work coding made detached
    C:          Care [0,4)
    Interview:  Pay in Ann's turn, Care in Bob's turn, Work across both turns
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from qda_desktop.core.commands import (
    AddCase,
    AddCode,
    AppendSegments,
    ApplyCode,
    DefineAttribute,
    ImportText,
    LinkDocumentToCase,
    LinkSpeakerToCase,
    ReplaceText,
    SetCaseAttribute,
    StartTranscript,
)
from qda_desktop.core.project import Project
from qda_desktop.core.views import document_text
from tests.conftest import PASSPHRASE
from tests.core.test_speakers import AddFakeMedia, seg

LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"  # 46 characters


@dataclass(frozen=True)
class StudyFile:
    path: Path
    codes: dict[str, int]
    documents: dict[str, int]
    spans: dict[str, tuple[int, int]]  # the Interview's codings by code name


@dataclass(frozen=True)
class Study(StudyFile):
    project: Project


@pytest.fixture(scope="module")
def study(study_file: StudyFile) -> Iterator[Study]:
    """The study, open."""
    project = Project.open(study_file.path, PASSPHRASE)
    yield Study(study_file.path, study_file.codes, study_file.documents, study_file.spans, project)
    project.close()


@pytest.fixture(scope="module")
def study_file(tmp_path_factory: pytest.TempPathFactory) -> StudyFile:
    """The study, built and closed."""
    path = tmp_path_factory.mktemp("analysis") / "study.qdaproj"
    project = Project.create(path, PASSPHRASE, "Analysis")
    run = project.run
    docs = {name: run(ImportText(name, LETTERS if name != "C" else LETTERS[:10])).result for name in "ABC"}
    media = run(AddFakeMedia()).result
    docs["Interview"] = interview = run(StartTranscript("Interview", media)).result
    turns = (seg(0.0, "We talk about pay.", "Ann"), seg(3.0, "I care for my mother.", "Bob"))
    run(AppendSegments(interview, turns, 6.0))
    role = run(DefineAttribute("role")).result
    cases = {name: run(AddCase(name)).result for name in ("P1", "P2", "P3")}
    for name, value in (("P1", "manager"), ("P2", "volunteer"), ("P3", "volunteer")):
        run(SetCaseAttribute(cases[name], role, value))
    run(LinkDocumentToCase(docs["A"], cases["P1"]))
    run(LinkDocumentToCase(docs["B"], cases["P2"]))
    run(LinkSpeakerToCase(interview, "Ann", cases["P1"]))
    run(LinkSpeakerToCase(interview, "Bob", cases["P3"]))
    work = run(AddCode("Work")).result
    codes = {"Work": work, "Pay": run(AddCode("Pay", parent_id=work)).result}
    codes.update({name: run(AddCode(name)).result for name in ("Care", "Unused")})
    for doc, code, start, end in [
        ("A", "Work", 0, 10),
        ("A", "Pay", 5, 15),
        ("A", "Care", 15, 20),
        ("A", "Care", 30, 35),
        ("B", "Pay", 0, 5),
        ("B", "Care", 2, 8),
        ("B", "Work", 20, 25),
        ("B", "Work", 30, 34),
        ("C", "Care", 0, 4),
    ]:
        run(ApplyCode(docs[doc], codes[code], start, end))
    run(ReplaceText(docs["B"], 28, 36, ""))  # B's second Work coding loses its whole text: detached
    transcript = document_text(project, interview)
    assert transcript is not None
    text = transcript.text
    pay, care = text.index("pay"), text.index("care")
    spans = {"Pay": (pay, pay + 3), "Care": (care, care + 4), "Work": (text.index("talk"), care + 4)}
    for code, (start, end) in spans.items():
        run(ApplyCode(interview, codes[code], start, end))
    project.close()
    return StudyFile(path, codes, docs, spans)
