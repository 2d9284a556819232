"""Supervision exports read back: the codebook, coded extracts and the audit trail in every format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from qda_desktop.core import views
from qda_desktop.core.commands import (
    AddCase,
    AddCode,
    AppendSegments,
    ApplyCode,
    DefineAttribute,
    LinkDocumentToCase,
    SetCaseAttribute,
    SetCodingMemo,
    StartTranscript,
)
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.transcripts import SegmentData, Word
from qda_desktop.core.demo import build_demo
from qda_desktop.core.jobs import CANCELLED, JobDriver
from qda_desktop.core.project import Project
from qda_desktop.core.theme_review import theme_extracts
from qda_desktop.core.theme_views import theme_tree
from qda_desktop.exchange.exports.builders import Options
from qda_desktop.exchange.exports.job import ExportError, ExportJob, export, sibling
from qda_desktop.exchange.exports.themes import walk
from qda_desktop.exchange.report import plural
from qda_desktop.store.media import store_media
from qda_desktop.store.models import AuditEntry, Document

SPOKEN = "They wrote to us first 💜 which nobody had done before."


class AddFakeMedia(Command):
    label = "Add media"

    def apply(self, ctx: Context) -> int:
        return store_media(ctx.session.connection(), "r.wav", io.BytesIO(b"\x00" * 1000), "audio/wav", 10.0)


def _segment(start: float, text: str, speaker: str) -> SegmentData:
    words, t = [], start
    for word in text.split(" "):
        words.append(Word(" " + word, t, t + 0.5))
        t += 0.5
    return SegmentData(start, t, text, tuple(words), speaker)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The demo project plus a transcript of a participant with a real name, linked to case P07."""
    project = build_demo(tmp_path_factory.mktemp("exports") / "demo.qdaproj")
    media = project.run(AddFakeMedia()).result
    doc = project.run(StartTranscript("Interview with Alice", media)).result
    segments = (_segment(0.0, "How did it start?", "Interviewer"), _segment(2.0, SPOKEN, "Alice Smith"))
    project.run(AppendSegments(doc, segments, 8.0))
    case = project.run(AddCase("P07")).result
    attribute = project.run(DefineAttribute("Real name", "text")).result
    project.run(SetCaseAttribute(case, attribute, "Alice Smith"))
    project.run(LinkDocumentToCase(doc, case))
    code = project.run(AddCode("First contact", color="#1f77b4", definition="Who approached whom.")).result
    with project.read() as session:
        text = session.get_one(Document, doc).text
    start = text.index("Alice Smith: ")
    coding = project.run(ApplyCode(doc, code, start, start + len("Alice Smith: ") + len(SPOKEN))).result
    project.run(SetCodingMemo(coding, "The first approach came from the university."))
    yield project
    project.close()


def _run(project: Project, kind: str, fmt: str, path: Path, **options: bool) -> Path:
    report = export(project, kind, fmt, path, Options(**options))
    assert report.source == path.name and path.is_file() and not sibling(path).exists()
    return path


def _style(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


# -- codebook -----------------------------------------------------------------------------------------------------


def test_codebook_docx_has_the_tree_fields_examples_and_counts(demo: Project, tmp_path: Path) -> None:
    path = _run(demo, "codebook", "docx", tmp_path / "codebook.docx", memos=True)
    paragraphs = docx.Document(str(path)).paragraphs
    texts = [p.text for p in paragraphs]
    assert texts[0] == "Codebook: Demo: community partners study"
    rows = views.code_rows(demo)
    assert f"{len(rows)} codes" in texts
    headings = {p.text.lstrip("■ "): _style(p) for p in paragraphs if _style(p).startswith("Heading")}
    assert headings["Reciprocity"] == "Heading 2" and headings["Tangible benefit"] == "Heading 3"
    assert "Definition: A concrete result the organisation can point to." in texts
    assert "Use when: Benefits, costs and unpaid labour named by the partner." in texts
    assert "Do not use when: General praise without an exchange." in texts
    examples = [t for t in texts if t.startswith("Example extract (D02 Tenants' association")]
    assert any("took that map straight to the housing officer" in t for t in examples)
    tangible = next(r for r in rows if r.name == "Tangible benefit")
    cases = {case for e in views.extracts(demo, [tangible.id]) for case in e.cases}
    used = f"Used: {plural(tangible.codings, 'coding')} in {plural(tangible.documents, 'document')}, "
    assert used + plural(len(cases), "participant") in texts
    assert "Used: 1 coding in 1 document, 1 participant" in texts  # First contact, added here
    swatch = next(p for p in paragraphs if p.text.endswith("Reciprocity") and _style(p) == "Heading 2").runs[0]
    assert swatch.text == "■ " and str(swatch.font.color.rgb) == "2E7D32"


def test_codebook_xlsx_and_csv_have_one_row_per_code_with_the_same_columns(demo: Project, tmp_path: Path) -> None:
    sheet = load_workbook(_run(demo, "codebook", "xlsx", tmp_path / "codebook.xlsx")).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header, body = rows[0], rows[1:]
    assert header[:8] == ["code", "parent", "path", "definition", "inclusion", "exclusion", "example", "colour_hex"]
    assert sheet.freeze_panes == "A2" and sheet["D2"].alignment.wrap_text
    assert [r[0] for r in body] == [r.name for r in views.code_rows(demo)]
    tangible = dict(zip(header, next(r for r in body if r[0] == "Tangible benefit"), strict=True))
    assert tangible["parent"] == "Reciprocity" and tangible["path"] == "Reciprocity/Tangible benefit"
    first = dict(zip(header, next(r for r in body if r[0] == "First contact"), strict=True))
    assert (first["codings"], first["documents"], first["participants"]) == (1, 1, 1)
    assert (first["definition"], first["colour_hex"]) == ("Who approached whom.", "#1F77B4")

    raw = _run(demo, "codebook", "csv", tmp_path / "codebook.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so that Excel reads it as UTF-8
    parsed = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert parsed[0] == header
    assert [r[0] for r in parsed[1:]] == [r[0] for r in body]
    corpus_columns = {"code", "parent", "definition", "inclusion", "exclusion", "colour_hex"}
    assert corpus_columns <= set(parsed[0])  # the layout the codebook import reads


def test_codebook_pdf_and_markdown(demo: Project, tmp_path: Path) -> None:
    path = _run(demo, "codebook", "pdf", tmp_path / "codebook.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    pages = PdfReader(str(path)).pages
    text = "\n".join(page.extract_text() for page in pages)
    for name in ("Reciprocity", "Tangible benefit", "Hidden costs", "Being listened to", "First contact"):
        assert name in text
    assert "Page 1" in pages[0].extract_text()
    markdown = _run(demo, "codebook", "md", tmp_path / "codebook.md").read_text(encoding="utf-8")
    tree = "\n".join(f"{'  ' * (r.parent_id is not None)}- {r.name} ({r.codings})" for r in views.code_rows(demo))
    assert tree in markdown and "  - Tangible benefit (" in tree
    assert "### Reciprocity `#2e7d32`" in markdown


# -- coded extracts -------------------------------------------------------------------------------------------------


def test_extracts_carry_source_position_time_and_memos(demo: Project, tmp_path: Path) -> None:
    sheet = load_workbook(_run(demo, "extracts", "xlsx", tmp_path / "x.xlsx", memos=True)).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[-2:] == ["coding_memo", "code_memo"]
    records = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert len(records) == sum(r.codings for r in views.code_rows(demo))
    spoken = next(r for r in records if r["code"] == "First contact")
    assert spoken["document"] == "Interview with Alice" and spoken["participant"] == "P07"
    assert spoken["text"] == f"Alice Smith: {SPOKEN}"
    assert (spoken["time_start"], spoken["time_end"]) == ("0:02", "0:07")
    assert spoken["coding_memo"] == "The first approach came from the university."
    assert int(str(spoken["end"])) - int(str(spoken["start"])) == len(str(spoken["text"]))

    document = docx.Document(str(_run(demo, "extracts", "docx", tmp_path / "x.docx")))
    texts = [p.text for p in document.paragraphs]
    assert f"Alice Smith: {SPOKEN}" in texts
    assert any(t.startswith("Interview with Alice · P07 · characters") and t.endswith("0:02–0:07") for t in texts)
    assert not any("first approach came from the university" in t for t in texts)  # memos were not asked for
    pdf = PdfReader(str(_run(demo, "extracts", "pdf", tmp_path / "x.pdf")))
    assert "first [purple heart] which" in " ".join(page.extract_text() for page in pdf.pages)  # no blank box


def test_case_labels_replace_document_and_speaker_names(demo: Project, tmp_path: Path) -> None:
    path = _run(demo, "extracts", "csv", tmp_path / "x.csv", case_labels=True)
    text = path.read_text(encoding="utf-8-sig")
    assert "Alice Smith" not in text and "Interview with Alice" not in text
    records = list(csv.DictReader(io.StringIO(text)))
    spoken = next(r for r in records if r["code"] == "First contact")
    assert (spoken["document"], spoken["text"]) == ("P07", f"P07: {SPOKEN}")
    assert {r["document"] for r in records} == {r["participant"] for r in records}  # every demo document has a case
    markdown = _run(demo, "extracts", "md", tmp_path / "x.md", case_labels=True).read_text(encoding="utf-8")
    assert "Participant names are replaced by case labels" in markdown and "Alice" not in markdown


# -- audit trail, the job ---------------------------------------------------------------------------------------------


def test_audit_trail_and_each_export_is_recorded(demo: Project, tmp_path: Path) -> None:
    markdown = _run(demo, "audit", "md", tmp_path / "audit.md").read_text(encoding="utf-8")
    assert "Import 'D01 Allotment' (1 document added)" in markdown
    assert "Apply 'First contact'" in markdown or "First contact" in markdown
    with demo.read() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None and (last.kind, last.action) == ("event", "Export audit trail (md)")
    assert json.loads(last.summary)["file"] == "audit.md"
    records = list(csv.DictReader(io.StringIO(_run(demo, "audit", "csv", tmp_path / "a.csv").read_text("utf-8-sig"))))
    assert records[-1]["action"] == "Export audit trail (md)" and records[-1]["kind"] == "event"
    for fmt in ("docx", "xlsx", "pdf"):
        _run(demo, "audit", fmt, tmp_path / f"audit.{fmt}")


def test_a_cancelled_export_leaves_no_file_and_no_record(demo: Project, tmp_path: Path) -> None:
    target = tmp_path / "codebook.docx"
    with demo.read() as session:
        before = len(session.scalars(select(AuditEntry.id)).all())
    driver = JobDriver(demo, ExportJob(demo, "codebook", "docx", target))
    assert driver.begin()
    driver.ctx.cancel()
    driver.conclude(driver.work())
    assert driver.status == CANCELLED
    assert list(tmp_path.iterdir()) == []
    with demo.read() as session:
        assert len(session.scalars(select(AuditEntry.id)).all()) == before


def test_unwritable_destinations_are_one_line_errors(demo: Project, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"^nowhere\.pdf: the folder .* does not exist$"):
        export(demo, "codebook", "pdf", tmp_path / "missing" / "nowhere.pdf")
    (tmp_path / "taken.pdf").mkdir()
    with pytest.raises(ExportError, match=r"^taken\.pdf: is a folder"):
        export(demo, "codebook", "pdf", tmp_path / "taken.pdf")
    with pytest.raises(ExportError, match="cannot export codebook as odt"):
        export(demo, "codebook", "odt", tmp_path / "c.odt")


# -- themes -----------------------------------------------------------------------------------------------------------


def test_theme_report_has_concepts_subthemes_codes_and_representative_extracts(demo: Project, tmp_path: Path) -> None:
    tree = walk(theme_tree(demo))
    assert tree and any(depth > 0 for _node, depth in tree)  # the demo has themes and a subtheme
    paragraphs = docx.Document(str(_run(demo, "themes", "docx", tmp_path / "themes.docx"))).paragraphs
    texts = [p.text for p in paragraphs]
    headings = [p.text.lstrip("■ ") for p in paragraphs if _style(p).startswith("Heading")]
    assert headings == [node.name if depth == 0 else f"{node.name} (subtheme)" for node, depth in tree]
    first = tree[0][0]
    assert f"Central organising concept: {first.concept}" in texts
    code = first.codes[0]
    assert f"{code.path} ({plural(code.extracts, 'extract')}, {plural(code.cases, 'participant')})" in texts
    quoted = [texts[i + 1] for i, t in enumerate(texts) if t.startswith("Representative extract: ")]
    assert 0 < len(quoted) <= 3 * len(tree)
    first_extract = theme_extracts(demo, first.id, subthemes=False)[0].extracts[0]
    assert first_extract.text in quoted

    sheet = load_workbook(_run(demo, "themes", "xlsx", tmp_path / "themes.xlsx")).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [r[0] for r in rows[1:]] == [node.name for node, _depth in tree]
    assert rows[1][rows[0].index("codes")] == "; ".join(c.path for c in first.codes)


def test_extracts_by_theme(demo: Project, tmp_path: Path) -> None:
    path = _run(demo, "theme-extracts", "csv", tmp_path / "by-theme.csv")
    records = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for node, _depth in walk(theme_tree(demo)):
        expected = {e.text for group in theme_extracts(demo, node.id, subthemes=False) for e in group.extracts}
        assert {r["text"] for r in records if r["theme"] == node.name} == expected
    pdf = _run(demo, "theme-extracts", "pdf", tmp_path / "by-theme.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
