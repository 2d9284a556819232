"""The demo project's themes: a board that went through two rounds, with a snapshot after each.

The first round groups codes into three candidate themes; the second renames, merges and
reviews them, so comparing the two snapshots shows how the themes developed.
"""

from __future__ import annotations

from qda_desktop.core.code_paths import code_paths, require_code
from qda_desktop.core.commands import (
    AddBoard,
    AddCodesToTheme,
    AddLink,
    AddNote,
    Batch,
    DeleteTheme,
    PlaceItems,
    Placement,
    Reasoned,
    RecordReview,
    RemoveItems,
    SetThemeStatus,
    TakeSnapshot,
    ThemeFromCodes,
    UpdateTheme,
)
from qda_desktop.core.project import Project
from qda_desktop.core.theme_views import BoardView, board_view, theme_tree

COLUMN_X = (0.0, 340.0, 680.0)  # one column per theme: the theme card on top, its codes below
ROW_Y = 130.0  # first code card below a theme card
ROW_STEP = 80.0


def add_demo_themes(project: Project) -> None:
    with project.read() as session:
        paths = code_paths(session)

    def code(path: str) -> int:
        return require_code(paths, path)

    board = project.run(AddBoard("Themes")).result
    # Round one: three candidate themes straight from the codebook.
    exchange = project.run(
        ThemeFromCodes("Give and take", (code("Reciprocity/Tangible benefit"), code("Reciprocity/Hidden costs")))
    ).result
    agenda = project.run(ThemeFromCodes("Research agenda", (code("Power/Academic agenda"),), color="#e76f51")).result
    heard = project.run(ThemeFromCodes("Being heard", (code("Power/Being listened to"),), color="#2a9d8f")).result
    _lay_out(project, board, {exchange: COLUMN_X[0], agenda: COLUMN_X[1], heard: COLUMN_X[2]})
    project.run(AddNote(board, "Is 'give and take' the participants' word or ours?", 1020.0, 0.0))
    project.run(TakeSnapshot(board, "First grouping"))

    # Round two: name the themes for what they say, fold 'Being heard' into the agenda theme, add endings.
    rename = UpdateTheme(exchange, {"name": "Partnership as exchange"})
    project.run(Reasoned(rename, "the name should say what the theme claims"))
    define = UpdateTheme(
        exchange,
        {
            "concept": "Partnership is judged as a fair exchange of time, effort and benefit",
            "definition": "Accounts weighing what the partnership gave against what it cost the group.",
            "scope": "Material and relational exchange; not the research findings themselves.",
        },
    )
    project.run(Batch("Define theme", [define, AddCodesToTheme(exchange, (code("Trust"),))]))
    regroup = UpdateTheme(agenda, {"name": "Whose agenda?", "concept": "Research priorities set elsewhere"})
    project.run(Batch("Regroup theme", [regroup, AddCodesToTheme(agenda, (code("Power/Being listened to"),))]))
    project.run(Reasoned(DeleteTheme(heard), "being heard is one side of whose agenda counts"))
    below = ROW_Y + 3 * ROW_STEP + 20.0
    costs = ThemeFromCodes("Costs nobody counts", (code("Reciprocity/Hidden costs"),), exchange, board, 15.0, below)
    project.run(costs)
    endings = project.run(ThemeFromCodes("Ending well", (code("Endings"),), color="#8d99ae")).result
    _lay_out(project, board, {exchange: COLUMN_X[0], agenda: COLUMN_X[1], endings: COLUMN_X[2]})
    cards = {c.ref_id: c.id for c in _view(project, board).items if c.kind == "theme"}
    links = [
        AddLink(cards[exchange], cards[agenda], "tension with"),
        AddLink(cards[exchange], cards[endings], "leads to"),
    ]
    project.run(Batch("Link themes", list(links)))
    review = [
        SetThemeStatus(exchange, "reviewed"),
        RecordReview(exchange, "holds", "Every participant weighs costs against benefits, in their own terms."),
        SetThemeStatus(agenda, "reviewed"),
        RecordReview(agenda, "partly", "Strong for two participants; the third barely mentions it."),
    ]
    project.run(Batch("Review themes", list(review)))
    project.run(TakeSnapshot(board, "After review"))


def _view(project: Project, board: int) -> BoardView:
    view = board_view(project, board)
    assert view is not None
    return view


def _lay_out(project: Project, board: int, columns: dict[int, float]) -> None:
    """Each theme's card at the top of its column and its codes' cards below it, in one step per round."""
    nodes = {n.id: n for n in theme_tree(project)}
    placements = []
    placed_codes: set[int] = set()
    for theme_id, x in columns.items():
        placements.append(Placement("theme", theme_id, x, 0.0))
        node = nodes[theme_id]
        for row, member in enumerate(c for c in node.codes if c.id not in placed_codes):
            placed_codes.add(member.id)
            placements.append(Placement("code", member.id, x + 15.0, ROW_Y + row * ROW_STEP))
    project.run(PlaceItems(board, tuple(placements)))
    # Cards of codes no longer in a shown theme leave the board; the rest keep their places.
    view = _view(project, board)
    stray = tuple(c.id for c in view.items if c.kind == "code" and c.ref_id not in placed_codes)
    if stray:
        project.run(RemoveItems(stray))
