"""Editing coded documents: codings and transcript segments follow the text."""

from __future__ import annotations

import json

import pytest

from qda_desktop.core.commands import AddCode, ApplyCode, EditDocumentText, ImportText, ReplaceText
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Coding, Document, Segment, new_guid
from tests.conftest import corpus_text


def coded_text(project: Project, coding_id: int) -> str:
    with project.read() as session:
        coding = session.get(Coding, coding_id)
        doc = session.get(Document, coding.document_id)  # type: ignore[union-attr]
        assert coding is not None and doc is not None
        return coding.quote if coding.detached else doc.text[coding.start : coding.end]  # type: ignore[return-value]


def test_fixing_a_typo_keeps_every_coding_on_its_words(project: Project) -> None:
    text = corpus_text("P03")  # contains 💜, so code points and UTF-16 units differ
    doc = project.run(ImportText("P03", text)).result
    code = project.run(AddCode("Support")).result
    quotes = ["💜", "youth worker", text[-60:-20]]
    codings = []
    for quote in quotes:
        start = text.index(quote)
        codings.append(project.run(ApplyCode(doc, code, start, start + len(quote))).result)
    fixed = text.replace("Interviewer:", "Interviewer (RK):", 3)
    project.run(EditDocumentText(doc, fixed))
    assert [coded_text(project, c) for c in codings] == quotes


def test_deleting_coded_text_detaches_with_its_quote(project: Project) -> None:
    doc = project.run(ImportText("d", "keep this. drop this passage. keep that.")).result
    code = project.run(AddCode("C")).result
    coding = project.run(ApplyCode(doc, code, 11, 29)).result
    project.run(ReplaceText(doc, 11, 30, ""))
    with project.read() as session:
        row = session.get(Coding, coding)
        assert row is not None and row.detached and row.quote == "drop this passage."
        dump = project_dump(session)
    assert dump["codings"][0]["detached"] is True
    assert dump["codings"][0]["text"] == "drop this passage."
    project.undo()
    assert coded_text(project, coding) == "drop this passage."


def test_crlf_is_normalised_on_import(project: Project) -> None:
    doc = project.run(ImportText("w", "\ufeffline one\r\nline two\rthree")).result
    with project.read() as session:
        assert session.get(Document, doc).text == "line one\nline two\nthree"  # type: ignore[union-attr]


def test_replace_text_outside_the_document_is_refused(project: Project) -> None:
    doc = project.run(ImportText("d", "short")).result
    with pytest.raises(InvalidInput, match="outside the text"):
        project.run(ReplaceText(doc, 3, 99, "x"))


def test_duplicate_document_names_are_refused(project: Project) -> None:
    project.run(ImportText("P01", "a"))
    with pytest.raises(InvalidInput, match="already exists"):
        project.run(ImportText("P01", "b"))


def test_transcript_segments_and_words_follow_edits(project: Project) -> None:
    text = "Interviewer: hello there\nP01: we grow food"
    doc = project.run(ImportText("t", text)).result
    words = [["we", 3.0, 3.2, 30, 32], ["grow", 3.2, 3.5, 33, 37], ["food", 3.5, 3.9, 38, 42]]
    with project.store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE document SET kind = 'transcript' WHERE id = ?", (doc,))
        conn.exec_driver_sql(
            "INSERT INTO segment (document_id, idx, speaker, start_s, end_s, char_start, char_end, words, guid) "
            "VALUES (?, 0, 'Interviewer', 0.0, 2.0, 0, 24, '[]', ?), (?, 1, 'P01', 3.0, 3.9, 25, 42, '[]', ?)",
            (doc, new_guid(), doc, new_guid()),
        )
        conn.exec_driver_sql("UPDATE segment SET words = ? WHERE idx = 1", (json.dumps(words),))
    project.run(ReplaceText(doc, 13, 18, "good morning"))  # "hello" -> "good morning"
    with project.read() as session:
        new_text = session.get(Document, doc).text  # type: ignore[union-attr]
        segments = session.query(Segment).order_by(Segment.idx).all()
        assert new_text[segments[0].char_start : segments[0].char_end] == "Interviewer: good morning there"
        assert new_text[segments[1].char_start : segments[1].char_end] == "P01: we grow food"
        assert [new_text[w[3] : w[4]] for w in json.loads(segments[1].words)] == ["we", "grow", "food"]
