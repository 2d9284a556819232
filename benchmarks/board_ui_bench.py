"""The theme board's window rows for ``benchmarks.board_bench`` (offscreen Qt): the same 300 codes and
30 themes on one board, in the real main window.

Timed (median of several runs), each until the event loop is idle and the board's viewport is painted:
open the board (read the board view, build every card and connector, paint); repaint after moving one
card (the paint alone); move one card with an arrow key (saved as a command, one undo step, painted).
The baseline in the same run is a bare QGraphicsView painting the same number of plain rectangles.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.board_bench
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

from qda_desktop.core.project import Project
from qda_desktop.ui.board.items import CardItem
from qda_desktop.ui.controllers.themes import ThemesController
from qda_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:
    from benchmarks.board_bench import BoardFixture, Row


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def settle(app: QApplication, controller: ThemesController) -> None:
    """Paint the board now, then let the event loop finish what is pending (nothing is painted twice)."""
    controller.panel.view.viewport().repaint()
    app.processEvents()


def board_timings(app: QApplication, project: Project, board: int, repeats: int) -> dict[str, float]:
    """Median milliseconds: "open", "repaint" and "move" (see the module's docstring)."""
    window = MainWindow(project)
    window.resize(1400, 900)
    window.show()
    controller = next(c for c in window.controllers if isinstance(c, ThemesController))
    controller.show_dock()
    settle(app, controller)
    view, scene = controller.panel.view, controller.panel.scene
    opens, repaints, moves = [], [], []
    for _ in range(repeats):

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
            card.move_to(card.pos().x() + 20, card.pos().y())
            view.viewport().repaint()

        repaints.append(timed(repaint_after_move))
        scene.select_keys([card.key])

        def arrow_move() -> None:
            view.board.nudge(1, 0)
            settle(app, controller)

        moves.append(timed(arrow_move))
    window.hide()  # not closed: the caller closes the project
    return {name: statistics.median(v) for name, v in (("open", opens), ("repaint", repaints), ("move", moves))}


def bare_view(app: QApplication, cards: int, repeats: int) -> float:
    """Baseline: a plain QGraphicsView painting the same number of rectangles."""
    scene = QGraphicsScene()
    for n in range(cards):
        scene.addRect(QRectF(n % 10 * 220, n // 10 * 80, 170, 60))
    view = QGraphicsView(scene)
    view.resize(800, 780)
    view.show()
    app.processEvents()
    times = [timed(view.viewport().repaint) for _ in range(repeats)]
    view.close()
    return statistics.median(times)


def ui_rows(fx: BoardFixture, repeats: int) -> list[Row]:
    from benchmarks.board_bench import Row

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    got = board_timings(app, fx.project, fx.board_id, repeats)
    cards = len(fx.card_ids)
    return [
        Row(f"baseline: bare QGraphicsView repaint ({cards} rectangles)", bare_view(app, cards, repeats)),
        Row(f"window: open the board ({cards} cards, painted)", got["open"], 300),
        Row("window: repaint after moving a card", got["repaint"], 16),
        Row("window: arrow-key move (saved, painted)", got["move"]),
    ]
