"""A theme board with 300 codes and 30 themes: how fast the core reads it and changes it.

An encrypted project holds 300 codes (30 parents with 9 sub-codes each), 30 themes of 10 codes,
3,000 codings over 12 documents in 6 cases, and one board with a card for every theme and code.
Each row is the median of several runs. The baseline in the same run is the plain codebook
listing (``views.code_rows``), which every window already pays for.

    .venv/bin/python -m benchmarks.board_bench [--repeats 7]

The window's rows (open the board ≤ 300 ms, repaint after a move ≤ 16 ms) go in ``ui_rows``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qda_desktop.core import theme_views, views
from qda_desktop.core.commands import (
    AddBoard,
    AddCase,
    AddCode,
    AddCodesToTheme,
    AddCodings,
    AddTheme,
    Batch,
    Command,
    ImportText,
    ItemMove,
    LinkDocumentToCase,
    MoveItems,
    PlaceItems,
    Placement,
    TakeSnapshot,
    UpdateCode,
)
from qda_desktop.core.project import Project
from qda_desktop.core.snapshot_diff import compare

PASSPHRASE = "board bench"
N_PARENTS, N_CHILDREN, N_THEMES, CODES_PER_THEME = 30, 9, 30, 10
N_DOCUMENTS, N_CASES, N_CODINGS = 12, 6, 3000
WORDS = "we gave our time and they listened or not while the funding ran out at the end".split()  # noqa: SIM905


@dataclass(frozen=True)
class Row:
    name: str
    median_ms: float
    target_ms: float | None = None  # None: no target (a baseline or a reference)


@dataclass(frozen=True)
class BoardFixture:
    project: Project
    board_id: int
    code_ids: list[int]
    theme_ids: list[int]
    card_ids: list[int]


def build(path: Path, rng: random.Random) -> BoardFixture:
    """The project described above, built through commands (a few large steps)."""
    project = Project.create(path, PASSPHRASE, "Board bench")
    texts = [" ".join(rng.choice(WORDS) for _ in range(3000)) for _ in range(N_DOCUMENTS)]
    docs = project.run(Batch("Import", [ImportText(f"D{i:02}", t) for i, t in enumerate(texts)])).result
    cases = project.run(Batch("Cases", [AddCase(f"P{i:02}") for i in range(N_CASES)])).result
    project.run(Batch("Link", [LinkDocumentToCase(d, cases[i % N_CASES]) for i, d in enumerate(docs)]))
    parents = project.run(Batch("Parents", [AddCode(f"Code {p:02}") for p in range(N_PARENTS)])).result
    children = project.run(
        Batch(
            "Children",
            [AddCode(f"Sub {p:02}.{c}", parent_id=parents[p]) for p in range(N_PARENTS) for c in range(N_CHILDREN)],
        )
    ).result
    code_ids = [*parents, *children]
    rows = []
    for _ in range(N_CODINGS):
        doc = rng.randrange(N_DOCUMENTS)
        start = rng.randrange(len(texts[doc]) - 200)
        rows.append((docs[doc], rng.choice(code_ids), start, start + rng.randrange(20, 200)))
    project.run(AddCodings(tuple(rows)))
    themes = project.run(Batch("Themes", [AddTheme(f"Theme {t:02}") for t in range(N_THEMES)])).result
    shuffled = rng.sample(code_ids, len(code_ids))
    grouping = [
        AddCodesToTheme(t, tuple(shuffled[i * CODES_PER_THEME : (i + 1) * CODES_PER_THEME]))
        for i, t in enumerate(themes)
    ]
    project.run(Batch("Group", list(grouping)))
    board = project.run(AddBoard("Bench")).result
    placements = [Placement("theme", t, (i % 10) * 260.0, (i // 10) * 900.0) for i, t in enumerate(themes)]
    placements += [Placement("code", c, (i % 20) * 190.0, 3000.0 + (i // 20) * 80.0) for i, c in enumerate(code_ids)]
    cards = list(project.run(PlaceItems(board, tuple(placements))).result)
    project.history.clear()
    return BoardFixture(project, board, code_ids, themes, cards)


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def median_with_undo(project: Project, make: Callable[[], Command], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        command = make()
        start = time.perf_counter()
        project.run(command)
        times.append((time.perf_counter() - start) * 1000)
        project.undo()
    return statistics.median(times)


def core_rows(fx: BoardFixture, repeats: int, rng: random.Random) -> list[Row]:
    project, board = fx.project, fx.board_id
    rows = [
        Row("baseline: codebook listing (code_rows)", median_ms(lambda: views.code_rows(project), repeats)),
        Row("load board view (330 cards)", median_ms(lambda: theme_views.board_view(project, board), repeats), 300),
        Row("load theme tree", median_ms(lambda: theme_views.theme_tree(project), repeats), 300),
    ]
    outsider = project.run(AddCode("Outsider")).result
    rows.append(
        Row(
            "baseline: rename a code (command)",
            median_with_undo(project, lambda: UpdateCode(outsider, {"name": "Renamed"}), repeats),
        )
    )
    theme = fx.theme_ids[0]
    rows.append(
        Row(
            "assign a code to a theme (command)",
            median_with_undo(project, lambda: AddCodesToTheme(theme, (outsider,)), repeats),
            30,
        )
    )
    card = fx.card_ids[0]
    rows.append(
        Row(
            "move one card (command)",
            median_with_undo(project, lambda: MoveItems((ItemMove(card, rng.uniform(0, 900), 10.0),)), repeats),
            30,
        )
    )
    many = fx.card_ids[:30]
    rows.append(
        Row(
            "move 30 cards at once (command)",
            median_with_undo(
                project, lambda: MoveItems(tuple(ItemMove(c, rng.uniform(0, 900), 5.0) for c in many)), repeats
            ),
            30,
        )
    )
    rows.append(Row("take a snapshot (command)", median_with_undo(project, lambda: TakeSnapshot(board, "s"), repeats)))
    first = project.run(TakeSnapshot(board, "first")).result
    project.run(AddCodesToTheme(fx.theme_ids[1], (outsider,)))
    second = project.run(TakeSnapshot(board, "second")).result
    older, newer = theme_views.snapshot_data(project, first), theme_views.snapshot_data(project, second)
    assert older is not None and newer is not None
    rows.append(Row("compare two snapshots", median_ms(lambda: compare(older, newer), repeats)))
    return rows


def ui_rows(fx: BoardFixture, repeats: int) -> list[Row]:
    """The window's rows (open the board, repaint after a move): see ``benchmarks.board_ui_bench``."""
    from benchmarks.board_ui_bench import ui_rows as window_rows  # Qt loads only here

    return window_rows(fx, repeats)


def print_table(rows: list[Row]) -> None:
    width = max(len(r.name) for r in rows)
    print(f"| {'measure':<{width}} | {'median ms':>9} | {'target ms':>9} | {'ok':>3} |")
    print(f"|{'-' * (width + 2)}|{'-' * 11}|{'-' * 11}|{'-' * 5}|")
    for r in rows:
        target = "" if r.target_ms is None else f"{r.target_ms:.0f}"
        ok = "" if r.target_ms is None else ("yes" if r.median_ms <= r.target_ms else "NO")
        print(f"| {r.name:<{width}} | {r.median_ms:>9.1f} | {target:>9} | {ok:>3} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        fx = build(Path(folder) / "board.qdaproj", rng)
        built = time.perf_counter() - started
        sizes = f"{len(fx.code_ids)} codes, {len(fx.theme_ids)} themes, {N_CODINGS} codings, {len(fx.card_ids)} cards"
        print(f"\nbuilt in {built:.1f} s: {sizes}; median of {args.repeats} runs each\n")
        try:
            rows = core_rows(fx, args.repeats, rng) + ui_rows(fx, args.repeats)
        finally:
            fx.project.close()
    print_table(rows)


if __name__ == "__main__":
    main()
