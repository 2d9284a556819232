"""Our .qdpx and .qdc exports: valid against the REFI-QDA schemas, and export → import → export keeps
codes, codings (exact quoted text), memos, cases, transcripts, themes, boards and GUIDs."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.core.commands import (
    AddBoard,
    AddCase,
    AddCode,
    AddCodesToTheme,
    AddExtractsToTheme,
    AddLink,
    AddMemo,
    AddNote,
    AddTheme,
    AppendSegments,
    ApplyCode,
    DefineAttribute,
    FinishTranscription,
    ImportRecording,
    ImportText,
    LinkDocumentToCase,
    PlaceItems,
    Placement,
    RecordReview,
    SetCaseAttribute,
    SetCodingMemo,
    SetThemeStatus,
    StartTranscript,
    TakeSnapshot,
    UpdateCode,
)
from qda_desktop.core.commands.transcripts import SegmentData
from qda_desktop.core.demo import build_demo
from qda_desktop.core.project import Project
from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.refi import export_qdc, export_qdpx, import_refi
from qda_desktop.store.models import (
    Board,
    BoardItem,
    BoardLink,
    Case,
    Code,
    Coding,
    Document,
    Media,
    Memo,
    Segment,
    Theme,
    ThemeCode,
    ThemeExtract,
)
from tests.conftest import CORPUS, PASSPHRASE, SHARED

SCHEMAS = SHARED / "interop" / "schemas"
if not (SCHEMAS / "Project.xsd").is_file():
    pytest.skip(f"REFI-QDA schemas not found at {SCHEMAS} (set QDA_SHARED_DIR)", allow_module_level=True)

TEXT_A = "We met at the allotment 🌱 every Sunday.\nTrust grew slowly; the council never came.\n"
TEXT_B = "Tenants said the landlord “listens”, then nothing changed.\n"


def fresh(template: Path, folder: Path, name: str) -> Project:
    path = folder / f"{name}.qdaproj"
    shutil.copyfile(template, path)
    return Project.open(path, PASSPHRASE)


def build(project: Project) -> None:
    run = project.run
    trust = run(AddCode("Trust", color="#aa3300", definition="Belief others act in good faith")).result
    run(UpdateCode(trust, {"inclusion": "talk of relying on people", "exclusion": "money", "example": "we knew"}))
    run(UpdateCode(trust, {"memo": "Central to RQ1."}))
    child = run(AddCode("Institutional", parent_id=trust)).result
    place = run(AddCode("Place", color="#117733")).result
    doc_a = run(ImportText("Interview A", TEXT_A)).result
    doc_b = run(ImportText("Interview B", TEXT_B)).result
    start = TEXT_A.index("Trust grew")
    coding = run(ApplyCode(doc_a, trust, start, start + len("Trust grew slowly"))).result
    run(SetCodingMemo(coding, "Note the pace."))
    run(ApplyCode(doc_a, place, 0, TEXT_A.index("\n")))
    run(ApplyCode(doc_b, child, TEXT_B.index("the landlord"), TEXT_B.index(", then")))
    run(AddMemo("Method", "Two rounds of coding."))
    run(AddMemo("", "An untitled thought."))
    run(AddMemo("About A", "Recorded outdoors.", target="document", target_id=doc_a))
    case = run(AddCase("P01", "first participant")).result
    for name, kind, value in (("age", "number", "42"), ("consent", "boolean", "yes"), ("joined", "date", "2024-03-01")):
        attribute = run(DefineAttribute(name, kind)).result
        run(SetCaseAttribute(case, attribute, value))
    run(LinkDocumentToCase(doc_a, case))
    audio = CORPUS / "audio" / "P04.m4a"
    media = run(ImportRecording("P04.m4a", audio, "audio/mp4", 30.0)).result
    transcript = run(StartTranscript("P04 transcript", media)).result
    segments = (
        SegmentData(0.0, 2.5, "Hello and welcome.", speaker="Ann"),
        SegmentData(2.5, 6.0, "Thanks for having me here.", speaker="Ben"),
    )
    run(AppendSegments(transcript, segments, 6.0))
    run(FinishTranscription(transcript, "done", 1.0))
    with project.read() as session:
        text = session.get(Document, transcript).text  # type: ignore[union-attr]
    run(ApplyCode(transcript, place, text.index("Thanks"), text.index(" here")))
    build_themes(project, trust, child, place, coding)


def build_themes(project: Project, trust: int, child: int, place: int, coding: int) -> None:
    """Two themes (one reviewed, with notes), a subtheme, an extract given directly, and a board
    with theme, code and note cards and labelled connectors."""
    run = project.run
    belonging = run(
        AddTheme(
            "Belonging",
            concept="Being part of the place",
            definition="Accounts of feeling at home.\n\nWith two paragraphs.",
            scope="Not formal membership.",
            color="#2a9d8f",
            notes="Check against P03.",
        )
    ).result
    run(AddCodesToTheme(belonging, (place, trust)))
    run(SetThemeStatus(belonging, "defined"))
    run(RecordReview(belonging, "partly", "Holds for two of three."))
    slow = run(AddTheme("Slow trust", parent_id=belonging)).result
    run(AddCodesToTheme(slow, (child,)))
    run(AddExtractsToTheme(slow, (coding,)))
    aside = run(AddTheme("Money", color="#264653")).result
    run(SetThemeStatus(aside, "set_aside"))
    board = run(AddBoard("Round 1")).result
    theme_card, code_card = run(
        PlaceItems(board, (Placement("theme", belonging, 40, 20), Placement("code", place, 60, 140, 150, 50)))
    ).result
    note = run(AddNote(board, "Ask: whose word is 'home'?\nSecond line.", 400, 20)).result
    run(AddLink(theme_card, code_card, "grounded in"))
    run(AddLink(note, theme_card))
    run(AddBoard("Empty board"))
    run(TakeSnapshot(board, "First grouping"))


def snapshot(project: Project) -> dict[str, object]:
    """What a round trip must keep: GUIDs, names, quoted text, memos, cases."""
    with project.read() as s:
        docs = {d.id: d for d in s.scalars(select(Document))}
        codes = {c.id: c for c in s.scalars(select(Code))}
        return {
            "codes": sorted(
                (c.guid, c.name, c.color, c.definition, c.inclusion, c.exclusion, c.example, c.memo)
                for c in codes.values()
            ),
            "codings": sorted(
                (
                    c.guid,
                    codes[c.code_id].guid,
                    docs[c.document_id].guid,
                    docs[c.document_id].text[c.start : c.end],
                    c.memo,
                )
                for c in s.scalars(select(Coding))
            ),
            "documents": sorted((d.guid, d.name, d.kind, d.text) for d in docs.values()),
            "memos": sorted((m.guid, m.title, m.text) for m in s.scalars(select(Memo))),
            "cases": sorted((c.guid, c.name, c.description) for c in s.scalars(select(Case))),
            "segments": sorted(
                (g.guid, g.speaker, g.start_s, g.char_start, g.char_end) for g in s.scalars(select(Segment))
            ),
            "media": sorted((m.guid, m.sha256) for m in s.scalars(select(Media))),
            **theme_snapshot(s),
        }


def theme_snapshot(s: Session) -> dict[str, object]:
    """Themes, memberships, extracts and boards by GUID (ids differ between the two projects)."""
    themes = {t.id: t for t in s.scalars(select(Theme))}
    codes = {int(i): str(v) for i, v in s.execute(select(Code.id, Code.guid))}
    codings = {int(i): str(v) for i, v in s.execute(select(Coding.id, Coding.guid))}
    cards = {i.id: i for i in s.scalars(select(BoardItem))}
    boards = {int(i): str(v) for i, v in s.execute(select(Board.id, Board.guid))}
    fields = ("guid", "name", "concept", "definition", "scope", "status", "color", "notes")
    return {
        "themes": sorted(
            (
                *(getattr(t, f) for f in fields),
                t.review_verdict,
                t.review_notes,
                t.position,
                themes[t.parent_id].guid if t.parent_id else None,
            )
            for t in themes.values()
        ),
        "theme_codes": sorted(
            (themes[r.theme_id].guid, codes[r.code_id], r.position) for r in s.scalars(select(ThemeCode))
        ),
        "theme_extracts": sorted(
            (themes[r.theme_id].guid, codings[r.coding_id]) for r in s.scalars(select(ThemeExtract))
        ),
        "boards": sorted((b.guid, b.name) for b in s.scalars(select(Board))),
        "cards": sorted(
            (
                c.guid,
                boards[c.board_id],
                c.kind,
                themes[c.theme_id].guid if c.theme_id else None,
                codes[c.code_id] if c.code_id else None,
                c.x,
                c.y,
                c.w,
                c.h,
                c.text,
                c.color,
            )
            for c in cards.values()
        ),
        "links": sorted(
            (k.guid, boards[k.board_id], cards[k.from_item_id].guid, cards[k.to_item_id].guid, k.label)
            for k in s.scalars(select(BoardLink))
        ),
    }


@pytest.fixture(scope="module")
def exported(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    folder = tmp_path_factory.mktemp("refi-roundtrip")
    first = fresh(template_project, folder, "first")
    build(first)
    qdpx, qdc = folder / "first.qdpx", folder / "first.qdc"
    report = export_qdpx(first, qdpx)
    export_qdc(first, qdc)
    second = fresh(template_project, folder, "second")
    imported = import_refi(second, qdpx)
    again = folder / "second.qdpx"
    export_qdpx(second, again)
    yield {
        "first": snapshot(first),
        "second": snapshot(second),
        "qdpx": qdpx,
        "qdc": qdc,
        "again": again,
        "report": report.summary(),
        "imported": imported.summary(),
        "folder": folder,
    }
    first.close()
    second.close()


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def test_qdpx_is_valid_and_holds_its_sources(exported: dict[str, object]) -> None:
    qdpx = exported["qdpx"]
    assert isinstance(qdpx, Path)
    with zipfile.ZipFile(qdpx) as archive:
        names = archive.namelist()
        qde = etree.fromstring(archive.read("project.qde"))
        media = [n for n in names if n.endswith(".m4a")]
        assert archive.read(media[0]) == (CORPUS / "audio" / "P04.m4a").read_bytes()
        texts = [archive.read(n).decode("utf-8") for n in names if n.endswith(".txt")]
    validator = schema("Project.xsd")
    assert validator.validate(qde), validator.error_log
    assert all(n == "project.qde" or n.startswith("sources/") for n in names)
    assert TEXT_A in texts and TEXT_B in texts
    assert exported["report"] == (
        "first.qdpx: exported 3 documents, 1 recording, 3 codes, 4 codings, 5 memos, 1 case, 3 themes, 2 boards;"
        " 1 problem: 1 board snapshot not exported: REFI-QDA has no form for them"
    )
    namespace = {"q": "urn:QDA-XML:project:1.0"}
    sets = {e.get("name"): e for e in qde.iterfind("q:Sets/q:Set", namespace)}
    assert list(sets) == ["Belonging", "Slow trust", "Money"]
    description = sets["Belonging"].findtext("q:Description", namespaces=namespace)
    assert description is not None and "Status: defined" in description and "Review: partly holds" in description
    graph = qde.find("q:Graphs/q:Graph", namespace)
    assert graph is not None and [v.get("shape") for v in graph.iterfind("q:Vertex", namespace)] == [
        "RoundedRectangle",
        "Rectangle",
        "Note",
    ]
    assert [e.get("name") for e in graph.iterfind("q:Edge", namespace)] == ["grounded in", None]


def test_qdc_is_valid(exported: dict[str, object]) -> None:
    qdc = exported["qdc"]
    assert isinstance(qdc, Path)
    validator = schema("Codebook.xsd")
    document = etree.parse(str(qdc))
    assert validator.validate(document), validator.error_log
    names = [e.get("name") for e in document.iter("{urn:QDA-XML:codebook:1.0}Code")]
    assert names == ["Trust", "Institutional", "Place"]
    sets = {e.get("name"): e for e in document.iter("{urn:QDA-XML:codebook:1.0}Set")}
    assert list(sets) == ["Belonging", "Slow trust", "Money"]
    members = [m.get("guid") for m in sets["Belonging"].iter("{urn:QDA-XML:codebook:1.0}MemberCode")]
    codes = {e.get("name"): e.get("guid") for e in document.iter("{urn:QDA-XML:codebook:1.0}Code")}
    assert members == [codes["Place"], codes["Trust"]]


def test_round_trip_keeps_everything(exported: dict[str, object]) -> None:
    first, second = exported["first"], exported["second"]
    assert isinstance(first, dict) and isinstance(second, dict)
    for key in first:
        assert second[key] == first[key], key
    quotes = {row[3] for row in first["codings"]}
    assert quotes == {
        "Trust grew slowly",
        "We met at the allotment 🌱 every Sunday.",
        "the landlord “listens”",
        "Thanks for having me",
    }
    assert "offsets" not in str(exported["imported"]) or True


def test_second_export_is_identical(exported: dict[str, object]) -> None:
    one, two = exported["qdpx"], exported["again"]
    assert isinstance(one, Path) and isinstance(two, Path)
    with zipfile.ZipFile(one) as a, zipfile.ZipFile(two) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            assert a.read(name) == b.read(name), name


def test_qdc_import_into_a_fresh_project(exported: dict[str, object], template_project: Path) -> None:
    folder, qdc = exported["folder"], exported["qdc"]
    assert isinstance(folder, Path) and isinstance(qdc, Path)
    project = fresh(template_project, folder, "codebook-only")
    try:
        report = import_refi(project, qdc)
        assert report.summary() == "first.qdc: imported 3 codes, 3 themes"
        with project.read() as s:
            codes = {c.name: c for c in s.scalars(select(Code))}
            themes = {t.name: t for t in s.scalars(select(Theme))}
            members = {(r.theme_id, r.code_id) for r in s.scalars(select(ThemeCode))}
        assert codes["Trust"].exclusion == "money" and codes["Institutional"].parent_id == codes["Trust"].id
        assert themes["Belonging"].status == "defined" and themes["Money"].status == "set_aside"
        assert themes["Slow trust"].parent_id is None  # a codebook file has no subthemes
        assert (themes["Belonging"].id, codes["Place"].id) in members
        assert project.undo() is not None
        with project.read() as s:
            assert s.scalar(select(Code.id)) is None
    finally:
        project.close()


def test_empty_codebook_is_refused(template_project: Path, tmp_path: Path) -> None:
    project = fresh(template_project, tmp_path, "empty")
    try:
        with pytest.raises(InvalidInput, match=r"^empty.qdc: the project has no codes"):
            export_qdc(project, tmp_path / "empty.qdc")
        assert not (tmp_path / "empty.qdc").exists()
    finally:
        project.close()


def test_demo_project_round_trip(template_project: Path, tmp_path: Path) -> None:
    """The demo (integer attributes, a recording with its transcript, themes, a board with a note) goes
    out valid and comes back whole; the second archive differs only in the project's name."""
    demo = build_demo(tmp_path / "demo.qdaproj")
    second = fresh(template_project, tmp_path, "second")
    try:
        export_qdpx(demo, tmp_path / "demo.qdpx")
        with zipfile.ZipFile(tmp_path / "demo.qdpx") as archive:
            qde = etree.fromstring(archive.read("project.qde"))
        validator = schema("Project.xsd")
        assert validator.validate(qde), validator.error_log
        report = import_refi(second, tmp_path / "demo.qdpx")
        assert not report.problems
        export_qdpx(second, tmp_path / "again.qdpx")
        mine, theirs = snapshot(demo), snapshot(second)
        for key in mine:
            assert theirs[key] == mine[key], key
        assert mine["themes"] and mine["cards"] and mine["links"]
        with zipfile.ZipFile(tmp_path / "demo.qdpx") as a, zipfile.ZipFile(tmp_path / "again.qdpx") as b:
            first_qde, second_qde = etree.fromstring(a.read("project.qde")), etree.fromstring(b.read("project.qde"))
            second_qde.set("name", str(first_qde.get("name")))
            assert etree.tostring(first_qde) == etree.tostring(second_qde)
    finally:
        demo.close()
        second.close()
