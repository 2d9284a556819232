"""Theme reads: the tree with counts, a board, a theme's extracts by case (with times), participant spread,
snapshots and their comparison, the audit log, ``project_dump``, and upgraded projects."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qda_desktop.core.audit_views import AUDIT_CATEGORIES, audit_rows, category
from qda_desktop.core.commands import (
    AddBoard,
    AddCase,
    AddCode,
    AddCodesToTheme,
    AddExtractsToTheme,
    AddLink,
    AddNote,
    AddTheme,
    AppendSegments,
    ApplyCode,
    Batch,
    Command,
    Context,
    DeleteTheme,
    ImportText,
    LinkDocumentToCase,
    PlaceItems,
    Placement,
    Reasoned,
    SetThemeStatus,
    StartTranscript,
    TakeSnapshot,
    ThemeFromCodes,
    UpdateTheme,
)
from qda_desktop.core.commands.transcripts import SegmentData, Word
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.core.snapshot_diff import CodeMove, SnapshotDiff, compare
from qda_desktop.core.theme_review import NO_CASE, participant_spread, theme_extracts
from qda_desktop.core.theme_views import ThemeNode, board_view, boards, snapshot_data, snapshots, theme_tree
from qda_desktop.core.views import document_text
from qda_desktop.store.media import store_media
from qda_desktop.store.models import THEME_TABLES
from tests.conftest import PASSPHRASE
from tests.helpers import snapshot
from tests.store.test_migrations import FIXTURE_PASSPHRASE, FIXTURES

NOTES = "We met on Saturdays. Trust came slowly. The funding ended."


class AddFakeMedia(Command[int]):
    label = "Add media"

    def apply(self, ctx: Context) -> int:
        return store_media(ctx.session.connection(), "r.wav", io.BytesIO(b"\x00" * 1000), "audio/wav", 10.0)


def timed(start: float, text: str) -> SegmentData:
    words, t = [], start
    for word in text.split(" "):
        words.append(Word(" " + word, t, t + 0.5))
        t += 0.5
    return SegmentData(start, t, text, tuple(words), "Ann")


@pytest.fixture(scope="module")
def study(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """Two participants: Ann (notes and an interview recording) and Bo (notes); a document with no case."""
    path = tmp_path_factory.mktemp("views") / "study.qdaproj"
    shutil.copyfile(template_project, path)
    with Project.open(path, PASSPHRASE) as project:
        notes_ann = project.run(ImportText("Ann notes", NOTES)).result
        notes_bo = project.run(ImportText("Bo notes", NOTES)).result
        loose = project.run(ImportText("Field diary", NOTES)).result
        media = project.run(AddFakeMedia()).result
        interview = project.run(StartTranscript("Ann interview", media)).result
        segments = (timed(0.0, "It started with a letter."), timed(4.0, "Trust took us years."))
        project.run(AppendSegments(interview, segments, 8.0))
        for case, docs in (("Ann", (notes_ann, interview)), ("Bo", (notes_bo,))):
            case_id = project.run(AddCase(case)).result
            for doc in docs:
                project.run(LinkDocumentToCase(doc, case_id))
        trust = project.run(AddCode("Trust")).result
        funding = project.run(AddCode("Funding")).result
        endings = project.run(AddCode("Endings", parent_id=funding)).result
        spoken = document_text(project, interview)
        assert spoken is not None
        start = spoken.text.index("Trust took")
        codings = [
            ApplyCode(notes_ann, trust, 21, 39),
            ApplyCode(notes_bo, trust, 21, 39),
            ApplyCode(interview, trust, start, start + len("Trust took us years.")),
            ApplyCode(notes_bo, endings, 40, 58),
            ApplyCode(loose, endings, 40, 58),
        ]
        project.run(Batch("Code", list(codings)))
        relation = project.run(ThemeFromCodes("Relationship", (trust,))).result
        project.run(AddTheme("Slow trust", parent_id=relation))
        project.run(ThemeFromCodes("Money", (funding, endings)))
        yield project


def node(project: Project, name: str) -> ThemeNode:
    pending = list(theme_tree(project))
    while pending:
        found = pending.pop()
        if found.name == name:
            return found
        pending += found.children
    raise AssertionError(f"no theme {name}")


def test_theme_tree_counts_extracts_and_participants(study: Project) -> None:
    relation, money = node(study, "Relationship"), node(study, "Money")
    assert [n.name for n in theme_tree(study)] == ["Relationship", "Money"]
    assert [c.name for c in relation.children] == ["Slow trust"]
    assert (relation.extracts, relation.cases) == (3, 2)  # Ann twice (notes, interview), Bo once
    assert [(c.path, c.extracts, c.cases) for c in money.codes] == [("Funding", 0, 0), ("Funding/Endings", 2, 1)]
    assert (money.extracts, money.cases) == (2, 1)  # the field diary has no case
    assert relation.status == "candidate" and relation.color == "#f4a261"


def test_theme_extracts_grouped_by_case_with_times(study: Project) -> None:
    groups = theme_extracts(study, node(study, "Relationship").id)
    assert [g.case for g in groups] == ["Ann", "Bo"]
    ann = groups[0].extracts
    assert [(e.document, e.text) for e in ann] == [
        ("Ann interview", "Trust took us years."),
        ("Ann notes", "Trust came slowly."),
    ]
    assert ann[0].media_id is not None and ann[0].start_s == 4.0 and ann[0].end_s == 6.0
    assert ann[1].start_s is None and ann[1].media_id is None
    assert not any(e.direct for g in groups for e in g.extracts)
    money = theme_extracts(study, node(study, "Money").id)
    assert [g.case for g in money] == ["Bo", NO_CASE]


def test_participant_spread_most_first(study: Project) -> None:
    spread = participant_spread(study, node(study, "Relationship").id)
    assert [(s.case, s.extracts, s.documents, s.codes) for s in spread] == [("Ann", 2, 2, 1), ("Bo", 1, 1, 1)]


def test_direct_extracts_and_subthemes_count_for_the_parent(study: Project) -> None:
    sub = node(study, "Slow trust")
    diary = theme_extracts(study, node(study, "Money").id)[-1].extracts[0]
    changes = study.run(AddExtractsToTheme(sub.id, (diary.coding_id,)))
    try:
        groups = theme_extracts(study, node(study, "Relationship").id)
        assert [g.case for g in groups] == ["Ann", "Bo", NO_CASE]
        assert groups[-1].extracts[0].direct
        assert len(theme_extracts(study, node(study, "Relationship").id, subthemes=False)) == 2
        assert node(study, "Slow trust").extracts == 1
    finally:
        assert changes and study.undo() is not None


def test_board_view_and_board_list(study: Project) -> None:
    before = snapshot(study)
    board = study.run(AddBoard("Board")).result
    relation, money = node(study, "Relationship"), node(study, "Money")
    trust = relation.codes[0].id
    cards = study.run(
        PlaceItems(board, (Placement("theme", relation.id, 0, 0), Placement("code", trust, 10, 100)))
    ).result
    note = study.run(AddNote(board, "why slow?", 300, 0, color="")).result
    study.run(AddLink(cards[0], note, "leads to"))
    view = board_view(study, board)
    assert view is not None and view.name == "Board"
    theme_card, code_card, note_card = view.items
    assert (theme_card.title, theme_card.code_ids, theme_card.extracts, theme_card.cases) == (
        "Relationship",
        (trust,),
        3,
        2,
    )
    assert (code_card.title, code_card.theme_ids, code_card.color) == ("Trust", (relation.id,), "#4c8bf5")
    assert (note_card.text, note_card.title, note_card.color) == ("why slow?", "", "")
    assert [(link.from_item_id, link.to_item_id, link.label) for link in view.links] == [(cards[0], note, "leads to")]
    assert [(b.name, b.items, b.snapshots) for b in boards(study)] == [("Board", 3, 0)]
    assert board_view(study, 999) is None
    assert money.id != relation.id
    for _ in range(4):
        study.undo()
    assert snapshot(study) == before


def test_snapshots_compare_what_changed(study: Project) -> None:
    before = snapshot(study)
    board = study.run(AddBoard("History")).result
    relation, money = node(study, "Relationship"), node(study, "Money")
    endings = money.codes[1].id
    spare = study.run(AddTheme("Spare", color="#123456")).result
    study.run(AddCodesToTheme(spare, (endings,)))
    first = study.run(TakeSnapshot(board, "First")).result
    later: list[Command] = [
        UpdateTheme(relation.id, {"name": "Trust as work"}),
        SetThemeStatus(money.id, "defined"),
        DeleteTheme(spare),  # its only code lives on in Money: a merge
        ThemeFromCodes("Endings matter", (endings,)),
        TakeSnapshot(board, "Second"),
    ]
    for command in later:
        study.run(command)
    rows = snapshots(study, board)
    assert [r.name for r in rows] == ["First", "Second"] and rows[0].id == first
    assert (rows[0].themes, rows[1].themes, rows[1].codes) == (4, 4, 3)
    older, newer = snapshot_data(study, rows[0].id), snapshot_data(study, rows[1].id)
    assert older is not None and newer is not None and snapshot_data(study, 999) is None
    diff = compare(older, newer)
    assert diff == SnapshotDiff(
        themes_added=("Endings matter",),
        themes_renamed=(("Relationship", "Trust as work"),),
        themes_merged=(("Spare", "Money"),),
        status_changes=(("Money", "candidate", "defined"),),
        codes_moved=(CodeMove("Funding/Endings", ("Spare",), ("Endings matter",)),),
    )
    assert "Theme merged: Spare into Money" in diff.lines()
    assert compare(newer, newer).is_empty and compare(newer, newer).lines() == ["No differences"]
    back = compare(newer, older)
    assert back.themes_added == ("Spare",) and back.themes_renamed == (("Trust as work", "Relationship"),)
    assert back.themes_merged == (("Endings matter", "Money"),)  # its code is (also) in Money in the older one
    for _ in range(len(later) + 4):
        study.undo()
    assert snapshot(study) == before


def test_snapshot_is_frozen(study: Project) -> None:
    board = study.run(AddBoard("Frozen")).result
    taken = study.run(TakeSnapshot(board, "Now")).result
    frozen = snapshot_data(study, taken)
    study.run(UpdateTheme(node(study, "Money").id, {"name": "Cash"}))
    assert snapshot_data(study, taken) == frozen
    assert frozen is not None and "Money" in [t["name"] for t in frozen["themes"]]
    for _ in range(3):
        study.undo()


def test_audit_rows_filter_by_category_date_and_text(study: Project) -> None:
    theme = node(study, "Money").id
    mark = audit_rows(study)[0].id  # earlier tests wrote to this log too
    study.run(Reasoned(SetThemeStatus(theme, "reviewed"), "checked against all extracts"))
    study.run(UpdateTheme(theme, {"name": "Cash"}))
    study.undo()
    study.undo()
    rows = audit_rows(study)
    assert [r.kind for r in rows if r.id > mark] == ["undo", "undo", "do", "do"]
    assert rows[0].kind == "undo" and rows[0].action == "Set theme status to reviewed"
    status = [r for r in audit_rows(study, categories={"status"}) if r.id > mark]
    assert [(r.kind, r.reason) for r in status] == [("undo", ""), ("do", "checked against all extracts")]
    assert status[1].tables == {"theme": {"U": 1}}
    renames = [r.action for r in audit_rows(study, categories={"rename"}) if r.id > mark]
    assert renames == ["Rename theme to 'Cash'"] * 2
    assert {r.category for r in audit_rows(study, text="theme")} <= set(AUDIT_CATEGORIES)
    today = datetime.now(UTC).date()
    assert len(audit_rows(study, since=today, until=today)) == len(rows)
    assert audit_rows(study, until=today - timedelta(days=1)) == []
    assert category("Merge codes") == "merge" and category("Make subtheme") == "move"
    assert category("Add theme 'x'") == "create" and category("Something else") == "other"


def test_project_dump_has_themes_and_boards(study: Project) -> None:
    board = study.run(AddBoard("Dumped")).result
    (card,) = study.run(PlaceItems(board, (Placement("theme", node(study, "Money").id, 5, 6),))).result
    study.run(AddLink(card, study.run(AddNote(board, "a note", 0, 0)).result, "leads to"))
    with study.read() as session:
        dump = project_dump(session)
    for _ in range(4):
        study.undo()
    themes = {t["path"]: t for t in dump["themes"]}
    assert list(themes) == ["Relationship", "Money", "Relationship/Slow trust"]
    assert themes["Money"]["codes"] == ["Funding", "Funding/Endings"] and themes["Money"]["extracts"] == 2
    assert themes["Relationship"]["subthemes"] == ["Slow trust"]
    assert themes["Relationship/Slow trust"]["parent"] == "Relationship"
    (dumped,) = dump["boards"]
    assert [(i["kind"], i["ref"], i.get("text")) for i in dumped["items"]] == [
        ("theme", "Money", None),
        ("note", None, "a note"),
    ]
    assert dumped["links"] == [
        {"from": dumped["items"][0]["guid"], "to": dumped["items"][1]["guid"], "label": "leads to"}
    ]


def theme_schema(project: Project) -> dict[str, str]:
    """The SQL of the theme tables and their indexes, as SQLite keeps it."""
    with project.store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'index')")
        return {str(name): str(sql) for name, table, sql in rows if table in THEME_TABLES or table == "audit_log"}


def test_upgraded_project_has_a_fresh_projects_theme_tables_and_undo(tmp_path: Path, project: Project) -> None:
    path = tmp_path / "schema-0001.qdaproj"
    shutil.copyfile(FIXTURES / "schema-0001.qdaproj", path)
    with Project.open(path, FIXTURE_PASSPHRASE) as upgraded:
        assert theme_schema(upgraded) == theme_schema(project)
        code = project_dump_codes(upgraded)[0]
        before = snapshot(upgraded)
        theme = upgraded.run(ThemeFromCodes("From old codes", (code,))).result
        board = upgraded.run(AddBoard("Old board")).result
        upgraded.run(PlaceItems(board, (Placement("theme", theme, 0, 0), Placement("code", code, 0, 90))))
        upgraded.run(Reasoned(TakeSnapshot(board, "Upgraded"), "first look"))
        after = snapshot(upgraded)
        for _ in range(4):
            upgraded.undo()
        assert snapshot(upgraded) == before
        for _ in range(4):
            upgraded.redo()
        assert snapshot(upgraded) == after
    with Project.open(path, FIXTURE_PASSPHRASE) as reopened:
        assert [n.name for n in theme_tree(reopened)] == ["From old codes"]
        done = [r for r in audit_rows(reopened, categories={"create"}) if r.kind == "do"]
        assert (done[0].action, done[0].reason) == ("Take snapshot 'Upgraded'", "first look")


def project_dump_codes(project: Project) -> list[int]:
    with project.read() as session:
        return [c["id"] for c in project_dump(session)["codes"]]
