"""Retrieval views (sub-codes, filters, sort, grouping, grammar) and search (phrase, whole word, 0 matches, scope)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qda_desktop.core.commands import (
    AddCase,
    ApplyCode,
    Batch,
    DefineAttribute,
    ImportText,
    LinkDocumentToCase,
    SetCaseAttribute,
)
from qda_desktop.core.project import Project
from qda_desktop.core.queries import code_by_name, document_by_name, search
from qda_desktop.core.retrieval import (
    RetrievalQuery,
    context_bounds,
    extracts_summary,
    filter_choices,
    group_by_case,
    in_context,
    retrieve,
    search_summary,
)
from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.codebook_import import ImportCodebook, plan_codebook
from qda_desktop.exchange.spreadsheets import read_table
from tests.conftest import CORPUS, PASSPHRASE, corpus_text

PARENT = "Nature of the relationship"


def code_phrase(project: Project, document: str, phrase: str, code: str) -> None:
    with project.read() as session:
        doc = document_by_name(session, document)
        code_id = code_by_name(session, code)
    start = doc.text.index(phrase)
    project.run(ApplyCode(doc.id, code_id, start, start + len(phrase)))


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """Three corpus interviews, the example codebook, cases P01–P03 with organisation types, a few codings."""
    path = tmp_path_factory.mktemp("retrieval") / "study.qdaproj"
    project = Project.create(path, PASSPHRASE, "Retrieval")
    names = ("P01", "P02", "P03")
    project.run(Batch("Import", [ImportText(n, corpus_text(n)) for n in names]))
    with project.read() as session:
        plan = plan_codebook(session, CORPUS / "codebook_example.csv")
    project.run(ImportCodebook(plan))
    attribute = project.run(DefineAttribute("organisation_type")).result
    for record in read_table(CORPUS / "participants.csv").records():
        if record["id"] in names[:2]:  # P03 stays unlinked
            case = project.run(AddCase(record["id"])).result
            project.run(SetCaseAttribute(case, attribute, record["organisation_type"]))
            with project.read() as session:
                doc = document_by_name(session, record["id"]).id
            project.run(LinkDocumentToCase(doc, case))
    code_phrase(project, "P01", "yes, with a small p", PARENT)
    code_phrase(project, "P02", "We've had researchers who come", f"{PARENT}/Prior experience of universities")
    code_phrase(project, "P01", "She didn't come in with a clipboard.", f"{PARENT}/First contact")
    code_phrase(project, "P03", "It's great while it's happening", f"{PARENT}/Individuals versus the institution")
    yield project
    project.close()


def parent_id(project: Project) -> int:
    with project.read() as session:
        return code_by_name(session, PARENT)


def test_a_parent_code_includes_its_sub_codes_labelled(study: Project) -> None:
    extracts = retrieve(study, RetrievalQuery(parent_id(study)))
    assert sorted((e.document, e.sub_code) for e in extracts) == [
        ("P01", ""),
        ("P01", "First contact"),
        ("P02", "Prior experience of universities"),
        ("P03", "Individuals versus the institution"),
    ]
    assert [(e.document, e.start) for e in extracts] == sorted((e.document, e.start) for e in extracts)
    assert "yes, with a small p" in [e.text for e in extracts]  # the whole extract, not a line of it
    only_parent = retrieve(study, RetrievalQuery(parent_id(study), include_sub_codes=False))
    assert [e.text for e in only_parent] == ["yes, with a small p"]
    assert extracts_summary(only_parent) == "1 extract in 1 document from 1 participant"
    assert extracts_summary(extracts) == "4 extracts in 3 documents from 2 participants"
    assert extracts_summary([]) == "0 extracts in 0 documents"


def test_filters_by_case_and_attribute_and_their_choices(study: Project) -> None:
    code = parent_id(study)
    assert {e.document for e in retrieve(study, RetrievalQuery(code, case="P02"))} == {"P02"}
    by_type = retrieve(study, RetrievalQuery(code, attribute=("organisation_type", "Food bank")))
    assert {e.document for e in by_type} == {"P01"} and len(by_type) == 2
    assert retrieve(study, RetrievalQuery(code, attribute=("organisation_type", "Nothing"))) == []
    choices = filter_choices(study)
    assert choices.cases == ("P01", "P02")
    assert choices.attributes == {"organisation_type": ("Food bank", "Refugee support charity")}


def test_sort_and_group_by_case(study: Project) -> None:
    code = parent_id(study)
    by_case = retrieve(study, RetrievalQuery(code, sort="case"))
    assert [e.case_label for e in by_case] == ["P01", "P01", "P02", "Not linked to a case"]
    by_place = retrieve(study, RetrievalQuery(code, sort="position"))
    assert [e.start for e in by_place] == sorted(e.start for e in by_place)
    groups = group_by_case(by_case)
    assert [(label, len(items)) for label, items in groups] == [("P01", 2), ("P02", 1), ("Not linked to a case", 1)]


def test_context_on_demand_expands_to_sentence_and_paragraph(study: Project) -> None:
    extract = retrieve(study, RetrievalQuery(parent_id(study), include_sub_codes=False))[0]
    sentence = in_context(study, extract, "sentence")
    paragraph = in_context(study, extract, "paragraph")
    assert sentence.text == paragraph.text == "yes, with a small p"
    assert sentence.before == "P01: Erm, " and sentence.after == "."
    assert paragraph.before.startswith("P01: ") and len(paragraph.after) > len(sentence.after)
    assert "\n" not in paragraph.before + paragraph.after
    assert context_bounds("One. Two three. Four.", 9, 14, "sentence") == (5, 15)


def test_phrase_search_and_whole_words(study: Project) -> None:
    with study.read() as session:
        phrase = search(session, '"with a small p"')
        assert [(h.document, h.match) for h in phrase] == [("P01", "with a small p")]
        loose = search(session, "small p")  # both words, anywhere: more matches than the phrase
        assert len(loose) > len(phrase)
        for hit in search(session, "trust"):
            assert hit.match.lower() == "trust"
            doc_text = corpus_text(hit.document)
            assert not doc_text[hit.start - 1].isalpha() and not doc_text[hit.end].isalpha()  # not in "distrust"
        assert [h.match for h in search(session, "p")] == ["p"]  # not the p of every "partnership"
        assert search(session, "zzqx") == []
        with pytest.raises(InvalidInput, match="empty"):
            search(session, ' "" ')


def test_search_within_a_code_and_summaries(study: Project) -> None:
    with study.read() as session:
        code = code_by_name(session, PARENT)
        everywhere = search(session, "with")
        scoped = search(session, "with", code_id=code)
    assert len(everywhere) > len(scoped) >= 2  # the parent's extract and its sub-code's
    assert {h.document for h in scoped} == {"P01"}
    assert search_summary([], '"with a small q"') == '0 matches for "with a small q"'
    assert search_summary(scoped[:1], "with", PARENT) == f"1 match in 1 document in the extracts of '{PARENT}'"
