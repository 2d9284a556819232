"""The theme board in the real main window (offscreen Qt), with 300 codes and 30 themes on one board.

Timed (median of several runs), each until the event loop is idle and the board's viewport is painted:
open the board (read the board view, build every card and connector, paint); repaint after moving one
card (the paint alone); move one card with an arrow key (saved as a command, one undo step, painted).
The baseline in the same run is a bare QGraphicsView painting the same number of plain rectangles.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.board_ui_bench
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

from qda_desktop.core.commands import (
    AddBoard,
    AddCode,
    AddCodesToTheme,
    AddCodings,
    AddTheme,
    Batch,
    ImportText,
    PlaceItems,
    Placement,
)
from qda_desktop.core.project import Project
from qda_desktop.ui.board.items import CardItem
from qda_desktop.ui.controllers.themes import ThemesController
from qda_desktop.ui.main_window import MainWindow

CODES, THEMES, CODINGS, REPEATS = 300, 30, 3000, 7
TARGETS = {"open": 300.0, "repaint": 16.0}


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def build(folder: Path) -> tuple[Project, int]:
    """A project with 300 codes (3,000 codings over 3 documents), 30 themes of 10 codes, all on one board."""
    rng = random.Random(11)
    project = Project.create(folder / "board.qdaproj", "benchmark")
    words = " ".join(rng.choice(["we", "trust", "time", "money", "school", "listened"]) for _ in range(20000))
    docs = [project.run(ImportText(f"Interview {n}", words)).result for n in range(3)]
    codes = project.run(Batch("Codes", [AddCode(f"Code {i:03}") for i in range(CODES)])).result
    spans = []
    for _ in range(CODINGS):
        start = rng.randrange(len(words) - 200)
        spans.append((rng.choice(docs), rng.choice(codes), start, start + rng.randint(20, 200)))
    project.run(AddCodings(tuple(spans)))
    board = project.run(AddBoard("Benchmark")).result
    placements = []
    for t in range(THEMES):
        theme = project.run(AddTheme(f"Theme {t:02}")).result
        mine = tuple(codes[t * 10 : t * 10 + 10])
        project.run(AddCodesToTheme(theme, mine))
        column = t % 10 * 220.0
        row = t // 10 * 1000.0
        placements.append(Placement("theme", theme, column, row))
        placements += [Placement("code", c, column, row + 120 + n * 80) for n, c in enumerate(mine)]
    project.run(PlaceItems(board, tuple(placements)))
    return project, board


def settle(app: QApplication, controller: ThemesController) -> None:
    app.processEvents()
    controller.panel.view.viewport().repaint()


def board_rows(app: QApplication, project: Project, board: int) -> dict[str, float]:
    window = MainWindow(project)
    window.resize(1400, 900)
    window.show()
    controller = next(c for c in window.controllers if isinstance(c, ThemesController))
    controller.show_dock()
    settle(app, controller)
    view, scene = controller.panel.view, controller.panel.scene
    opens, repaints, moves = [], [], []
    for _ in range(REPEATS):

        def open_board() -> None:
            controller.show_board(board)
            settle(app, controller)

        opens.append(timed(open_board))
        view.board.state.zoom = 1.0
        view.apply_zoom()
        card = next(iter(scene.cards.values()))
        view.centerOn(card)
        settle(app, controller)

        def repaint_after_move(card: CardItem = card) -> None:
            card.setPos(card.pos().x() + 20, card.pos().y())
            view.viewport().repaint()

        repaints.append(timed(repaint_after_move))
        scene.select_keys([card.key])
        view.setFocus()

        def arrow_move() -> None:
            view.board.nudge(1, 0)
            settle(app, controller)

        moves.append(timed(arrow_move))
    window.close()
    return {name: statistics.median(v) for name, v in (("open", opens), ("repaint", repaints), ("move", moves))}


def bare_view(app: QApplication, cards: int) -> float:
    """Baseline: a plain QGraphicsView painting the same number of rectangles."""
    scene = QGraphicsScene()
    for n in range(cards):
        scene.addRect(QRectF(n % 10 * 220, n // 10 * 80, 170, 60))
    view = QGraphicsView(scene)
    view.resize(800, 780)
    view.show()
    app.processEvents()
    times = [timed(view.viewport().repaint) for _ in range(REPEATS)]
    view.close()
    return statistics.median(times)


def ui_table(rows: dict[str, float], baseline: float) -> list[str]:
    """The board's UI timings as table rows (name, ms, target)."""
    lines = [
        f"| {'board UI (300 codes, 30 themes)':<40} | {'median':>8} | {'target':>8} |",
        f"|{'-' * 42}|{'-' * 10}|{'-' * 10}|",
    ]
    names = {"open": "open the board", "repaint": "repaint after moving a card", "move": "arrow-key move, saved"}
    for key, label in names.items():
        target = f"≤ {TARGETS[key]:.0f} ms" if key in TARGETS else ""
        lines.append(f"| {label:<40} | {rows[key]:>5.1f} ms | {target:>8} |")
    lines.append(f"| {'baseline: bare QGraphicsView repaint':<40} | {baseline:>5.1f} ms | {'':>8} |")
    return lines


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        project, board = build(Path(folder))
        rows = board_rows(app, project, board)
        baseline = bare_view(app, CODES + THEMES)
    print(f"\nmedian of {REPEATS} runs each, offscreen Qt\n")
    print("\n".join(ui_table(rows, baseline)))


if __name__ == "__main__":
    main()
