"""Theme and board commands: exact undo/redo of each, persistence, memberships through code merge/split/delete."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from qda_desktop.core.commands import (
    AddBoard,
    AddCase,
    AddCode,
    AddCodesToTheme,
    AddExtractsToTheme,
    AddJournalEntry,
    AddLink,
    AddNote,
    AddTheme,
    ApplyCode,
    Command,
    DeleteBoard,
    DeleteCode,
    DeleteSnapshot,
    DeleteTheme,
    ImportText,
    ItemMove,
    LinkDocumentToCase,
    LinkJournalEntry,
    MergeCodes,
    MoveCodesBetweenThemes,
    MoveItems,
    MoveTheme,
    PlaceItems,
    Placement,
    Reasoned,
    RecordReview,
    RemoveCodesFromTheme,
    RemoveExtractsFromTheme,
    RemoveItems,
    RemoveLink,
    RenameBoard,
    SetThemeStatus,
    SplitCode,
    TakeSnapshot,
    ThemeFromCodes,
    UnlinkJournalEntry,
    UpdateItem,
    UpdateLink,
    UpdateTheme,
)
from qda_desktop.core.journal_links import entries_about, entry_links
from qda_desktop.core.project import Project
from qda_desktop.core.theme_views import board_view, theme_tree
from qda_desktop.errors import InvalidInput, NotFound, QdaError
from tests.conftest import PASSPHRASE
from tests.helpers import snapshot

TEXT_A = "We gave our Saturdays. They gave us a report nobody read. Trust took years."
TEXT_B = "The university set the questions. We were listened to, later. It ended abruptly."


@dataclass
class Ids:
    doc_a: int
    doc_b: int
    benefit: int
    costs: int
    trust: int
    agenda: int
    coding_a: int
    coding_b: int
    theme: int
    other_theme: int
    sub: int
    board: int
    theme_card: int
    code_card: int
    note: int
    link: int
    snap: int
    entry: int
    journal_link: int


def populate(project: Project) -> Ids:
    doc_a = project.run(ImportText("A", TEXT_A)).result
    doc_b = project.run(ImportText("B", TEXT_B)).result
    for name, doc in (("Ann", doc_a), ("Bo", doc_b)):
        project.run(LinkDocumentToCase(doc, project.run(AddCase(name)).result))
    benefit = project.run(AddCode("Benefit")).result
    costs = project.run(AddCode("Costs", parent_id=benefit)).result
    trust = project.run(AddCode("Trust")).result
    agenda = project.run(AddCode("Agenda")).result
    coding_a = project.run(ApplyCode(doc_a, costs, 0, 21)).result
    coding_b = project.run(ApplyCode(doc_b, agenda, 0, 33)).result
    project.run(ApplyCode(doc_a, trust, 58, 75))
    theme = project.run(ThemeFromCodes("Exchange", (benefit, costs))).result
    other = project.run(AddTheme("Whose agenda?", concept="set elsewhere", color="#e76f51")).result
    project.run(AddCodesToTheme(other, (agenda,)))
    sub = project.run(AddTheme("Hidden costs", parent_id=theme)).result
    project.run(AddExtractsToTheme(theme, (coding_b,)))
    board = project.run(AddBoard("Main")).result
    theme_card, code_card = project.run(
        PlaceItems(board, (Placement("theme", theme, 0, 0), Placement("code", costs, 20, 120)))
    ).result
    note = project.run(AddNote(board, "ask Bo about this", 400, 0)).result
    link = project.run(AddLink(theme_card, note, "tension with")).result
    snap = project.run(TakeSnapshot(board, "Start")).result
    entry = project.run(AddJournalEntry(date(2026, 11, 20), "After the workshop", "Exchange feels too neat")).result
    journal_link = project.run(LinkJournalEntry(entry, "theme", theme)).result
    return Ids(
        doc_a, doc_b, benefit, costs, trust, agenda, coding_a, coding_b, theme, other, sub, board, theme_card,
        code_card, note, link, snap, entry, journal_link,
    )  # fmt: skip


COMMANDS: dict[str, Callable[[Ids], Command]] = {
    "add theme": lambda i: AddTheme("Endings", definition="how it ends", status="defined"),
    "update theme": lambda i: UpdateTheme(i.theme, {"name": "Partnership", "scope": "s", "color": "#123456"}),
    "delete theme": lambda i: DeleteTheme(i.theme),
    "set status": lambda i: SetThemeStatus(i.theme, "set_aside"),
    "record review": lambda i: RecordReview(i.theme, "partly", "only two participants"),
    "add codes": lambda i: AddCodesToTheme(i.theme, (i.trust, i.agenda, i.benefit)),
    "remove codes": lambda i: RemoveCodesFromTheme(i.theme, (i.benefit, i.costs)),
    "move codes": lambda i: MoveCodesBetweenThemes(i.theme, i.other_theme, (i.costs,)),
    "theme from codes": lambda i: ThemeFromCodes("Trust", (i.trust,), board_id=i.board, x=50, y=60),
    "add extracts": lambda i: AddExtractsToTheme(i.other_theme, (i.coding_a,)),
    "remove extracts": lambda i: RemoveExtractsFromTheme(i.theme, (i.coding_b,)),
    "make subtheme": lambda i: MoveTheme(i.other_theme, i.theme, 0),
    "move subtheme to top": lambda i: MoveTheme(i.sub, None),
    "add board": lambda i: AddBoard("Second try"),
    "rename board": lambda i: RenameBoard(i.board, "Round two"),
    "delete board": lambda i: DeleteBoard(i.board),
    "place items": lambda i: PlaceItems(i.board, (Placement("code", i.trust, 5, 5), Placement("theme", i.theme, 9, 9))),
    "move items": lambda i: MoveItems((ItemMove(i.theme_card, 30, 40), ItemMove(i.note, 1, 2, 300, 120))),
    "remove items": lambda i: RemoveItems((i.theme_card, i.code_card)),
    "add note": lambda i: AddNote(i.board, "a second thought", 10, 500, color=""),
    "update note": lambda i: UpdateItem(i.note, text="asked; she agreed", color="#ffffff"),
    "add link": lambda i: AddLink(i.code_card, i.theme_card, "leads to"),
    "update link": lambda i: UpdateLink(i.link, "leads to"),
    "remove link": lambda i: RemoveLink(i.link),
    "take snapshot": lambda i: TakeSnapshot(i.board, "Later"),
    "delete snapshot": lambda i: DeleteSnapshot(i.snap),
    "merge codes": lambda i: MergeCodes(i.costs, i.trust),
    "split code": lambda i: SplitCode(i.costs, "Costs of time", (i.coding_a,)),
    "delete code": lambda i: DeleteCode(i.benefit),
    "link journal to code": lambda i: LinkJournalEntry(i.entry, "code", i.trust),
    "link journal to extract": lambda i: LinkJournalEntry(i.entry, "coding", i.coding_a),
    "link journal to document": lambda i: LinkJournalEntry(i.entry, "document", i.doc_b),
    "unlink journal": lambda i: UnlinkJournalEntry(i.journal_link),
    "with a reason": lambda i: Reasoned(SetThemeStatus(i.theme, "reviewed"), "it held up"),
}


@pytest.fixture(scope="module")
def populated_template(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Ids]:
    """A populated project built once for the module; each test works on a copy (ids are the same)."""
    path = tmp_path_factory.mktemp("themes") / "populated.qdaproj"
    shutil.copyfile(template_project, path)
    with Project.open(path, PASSPHRASE) as project:
        ids = populate(project)
    return path, ids


@pytest.fixture
def populated(populated_template: tuple[Path, Ids], tmp_path: Path) -> Iterator[tuple[Project, Ids]]:
    template, ids = populated_template
    path = tmp_path / "themes.qdaproj"
    shutil.copyfile(template, path)
    with Project.open(path, PASSPHRASE) as project:
        yield project, ids


def test_every_command_undoes_and_redoes_exactly(populated: tuple[Project, Ids]) -> None:
    """Each command in turn on one project: do, undo, redo, undo; every state exact."""
    project, ids = populated
    for name, make in COMMANDS.items():
        before = snapshot(project)
        changes = project.run(make(ids))
        assert changes, f"{name} reported no change"
        after = snapshot(project)
        assert after != before, name
        assert project.undo() is not None
        assert snapshot(project) == before, name
        assert project.redo() is not None
        assert snapshot(project) == after, name
        assert project.undo() is not None
        assert snapshot(project) == before, name


def test_bad_input_changes_nothing(populated: tuple[Project, Ids]) -> None:
    project, ids = populated
    before = snapshot(project)
    bad: list[Command] = [
        AddTheme("exchange"),  # taken, any case
        AddTheme("  "),
        AddTheme("New", parent_id=999),
        SetThemeStatus(ids.theme, "final"),
        RecordReview(ids.theme, "maybe", ""),
        UpdateTheme(ids.theme, {"colour": "#ffffff"}),
        UpdateTheme(ids.theme, {"color": "red"}),
        AddCodesToTheme(ids.theme, (ids.trust, 999)),
        MoveTheme(ids.theme, ids.sub),
        ThemeFromCodes("Empty", ()),
        AddBoard("main"),
        AddLink(ids.note, ids.note),
        UpdateItem(ids.theme_card, text="themes have no text"),
        MoveItems((ItemMove(ids.note, 0, 0, w=-5),)),
        PlaceItems(ids.board, (Placement("note", ids.theme, 0, 0),)),
        TakeSnapshot(ids.board, ""),
        DeleteTheme(999),
        LinkJournalEntry(ids.entry, "memo", 1),
        LinkJournalEntry(ids.entry, "code", 999),
        LinkJournalEntry(999, "theme", ids.theme),
    ]
    for command in bad:
        with pytest.raises(QdaError) as caught:
            project.run(command)
        assert isinstance(caught.value, InvalidInput | NotFound)
        assert "\n" not in str(caught.value)
    assert snapshot(project) == before


def test_links_only_within_one_board(populated: tuple[Project, Ids]) -> None:
    project, ids = populated
    other = project.run(AddBoard("Other")).result
    (card,) = project.run(PlaceItems(other, (Placement("theme", ids.theme, 0, 0),))).result
    with pytest.raises(InvalidInput, match="same board"):
        project.run(AddLink(ids.theme_card, card))


def test_placing_a_card_again_moves_it(populated: tuple[Project, Ids]) -> None:
    project, ids = populated
    (again,) = project.run(PlaceItems(ids.board, (Placement("code", ids.costs, 77, 88),))).result
    assert again == ids.code_card
    view = board_view(project, ids.board)
    assert view is not None
    card = next(c for c in view.items if c.id == again)
    assert (card.x, card.y, card.w, card.h) == (77, 88, 170, 60)


def test_multi_card_drag_is_one_undo_step(populated: tuple[Project, Ids]) -> None:
    project, ids = populated
    depth = len(project.history.undo_stack)
    moves = tuple(ItemMove(item, 100 + n, 200 + n) for n, item in enumerate((ids.theme_card, ids.code_card, ids.note)))
    changes = project.run(MoveItems(moves))
    assert len(project.history.undo_stack) == depth + 1
    assert changes.table("board_items").updated == {ids.theme_card, ids.code_card, ids.note}
    project.undo()
    view = board_view(project, ids.board)
    assert view is not None
    assert {(c.x, c.y) for c in view.items} == {(0, 0), (20, 120), (400, 0)}


def memberships(project: Project) -> dict[str, set[str]]:
    """Theme name -> paths of its codes."""
    found: dict[str, set[str]] = {}

    def walk(nodes: tuple, found: dict[str, set[str]]) -> None:  # type: ignore[type-arg]
        for node in nodes:
            found[node.name] = {c.path for c in node.codes}
            walk(node.children, found)

    walk(tuple(theme_tree(project)), found)
    return found


def test_merging_codes_carries_theme_memberships_and_cards(populated: tuple[Project, Ids]) -> None:
    project, ids = populated
    project.run(AddExtractsToTheme(ids.other_theme, (ids.coding_a,)))
    project.run(ApplyCode(ids.doc_a, ids.trust, 0, 21))  # the same passage as coding_a, which the merge drops
    before = snapshot(project)
    project.run(MergeCodes(ids.costs, ids.trust))
    assert memberships(project)["Exchange"] == {"Benefit", "Trust"}
    view = board_view(project, ids.board)
    assert view is not None
    assert [(c.id, c.ref_id) for c in view.items if c.kind == "code"] == [(ids.code_card, ids.trust)]
    assert view.links  # the card kept its link
    agenda = next(n for n in theme_tree(project) if n.name == "Whose agenda?")
    assert agenda.extracts == 2  # its own code's extract and the direct one, now the kept coding
    project.undo()
    assert snapshot(project) == before


def test_splitting_a_code_keeps_both_halves_in_its_themes(populated: tuple[Project, Ids]) -> None:
    project, ids = populated
    new = project.run(SplitCode(ids.costs, "Costs of time", (ids.coding_a,))).result
    found = memberships(project)
    assert found["Exchange"] == {"Benefit", "Benefit/Costs", "Benefit/Costs of time"}
    exchange = next(n for n in theme_tree(project) if n.name == "Exchange")
    assert next(c for c in exchange.codes if c.id == new).extracts == 1


def test_deleting_a_code_drops_its_memberships_and_cards_undoably(populated: tuple[Project, Ids]) -> None:
    project, ids = populated
    before = snapshot(project)
    project.run(DeleteCode(ids.benefit))  # with its sub-code Costs
    assert memberships(project)["Exchange"] == set()
    view = board_view(project, ids.board)
    assert view is not None and [c.kind for c in view.items] == ["theme", "note"]
    project.undo()
    assert snapshot(project) == before
    assert memberships(project)["Exchange"] == {"Benefit", "Benefit/Costs"}


def test_themes_and_boards_persist_across_reopen(populated: tuple[Project, Ids]) -> None:
    project, ids = populated
    project.run(RecordReview(ids.theme, "holds", "seen in both"))
    tree, view = theme_tree(project), board_view(project, ids.board)
    project.close()
    with Project.open(project.path, PASSPHRASE) as reopened:
        assert theme_tree(reopened) == tree
        assert board_view(reopened, ids.board) == view


def test_journal_links_follow_what_they_are_about(populated: tuple[Project, Ids]) -> None:
    project, ids = populated
    project.run(LinkJournalEntry(ids.entry, "coding", ids.coding_a))
    again = project.run(LinkJournalEntry(ids.entry, "theme", ids.theme)).result
    assert again == ids.journal_link  # linking twice keeps one link
    assert [(v.target, v.title) for v in entry_links(project, ids.entry)] == [
        ("theme", "Exchange"),
        ("coding", "A: We gave our Saturdays"),
    ]
    assert [e.title for e in entries_about(project, "theme", ids.theme)] == ["After the workshop"]
    project.run(DeleteTheme(ids.theme))
    assert [v.target for v in entry_links(project, ids.entry)] == ["coding"]
    project.undo()
    assert [e.entry_id for e in entries_about(project, "theme", ids.theme)] == [ids.entry]
    with pytest.raises(InvalidInput):
        entries_about(project, "board", ids.board)
