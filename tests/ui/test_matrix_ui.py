"""The Matrix tab on the demo project: counts as the analysis package gives them, options, a cell's
extracts, jumping to one, refresh after coding, shading readable in light and dark."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qda_desktop.analysis.matrix import MatrixQuery, code_matrix
from qda_desktop.core import contrast
from qda_desktop.core.commands import ApplyCode
from qda_desktop.ui.controllers.analysis import AnalysisController
from qda_desktop.ui.main_window import MainWindow
from qda_desktop.ui.matrix_view import MatrixView
from qda_desktop.ui.theme import apply_theme
from tests.ui.conftest import project_of


def matrix_tab(window: MainWindow) -> tuple[AnalysisController, MatrixView]:
    (controller,) = [c for c in window.controllers if isinstance(c, AnalysisController)]
    window.tabs.setCurrentWidget(controller.view)
    return controller, controller.view


def shown(view: MatrixView) -> list[list[str]]:
    model = view.model
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(model.rowCount())]


def readable(view: MatrixView) -> bool:
    """Every shaded count's text has WCAG AA contrast with its shade."""
    model = view.model
    for r in range(model.rowCount()):
        for c in range(1, model.columnCount()):
            background = model.index(r, c).data(Qt.ItemDataRole.BackgroundRole)
            if background is None:
                continue
            text = model.index(r, c).data(Qt.ItemDataRole.ForegroundRole).color()
            pair = (contrast.parse(text.name()), contrast.parse(background.color().name()))
            if contrast.contrast(*pair) < contrast.TEXT_CONTRAST:
                return False
    return True


def test_matrix_tab_counts_options_and_extracts(window: MainWindow, qtbot: QtBot, shots_dir: Path) -> None:
    controller, view = matrix_tab(window)
    project = project_of(window)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and not controller.counting)
    expected = code_matrix(project, MatrixQuery("cases"))
    table = shown(view)
    assert table[0][0] == expected.rows[0].name and table[-1][0] == "Total"
    assert [int(n) for n in table[-1][1:]] == [c.codings for c in expected.column_totals] + [expected.total.codings]
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == expected.columns[0].label
    window.resize(1600, 900)
    row = next(i for i, r in enumerate(expected.rows) if expected.row_totals[i].codings >= 2)
    view.table.doubleClicked.emit(view.model.index(row, view.model.columnCount() - 1))
    assert view.extracts.topLevelItemCount() == expected.row_totals[row].codings
    assert view.title.text().startswith(f"<b>{expected.rows[row].path} × all columns</b>")
    assert readable(view)
    window.grab().save(str(shots_dir / "matrix-light.png"))

    item = view.extracts.topLevelItem(0)
    assert item is not None
    view.extracts.itemDoubleClicked.emit(item, 0)
    document, start, end = item.data(0, Qt.ItemDataRole.UserRole)
    assert window.workspace.current_document == document
    assert window.editor.textCursor().selectionStart() == start

    before = int(shown(view)[-1][-1])
    window.run(ApplyCode(document, expected.rows[0].id, start, end))
    qtbot.waitUntil(lambda: int(shown(view)[-1][-1]) == before + 1)

    view.sub_codes.setChecked(True)
    qtbot.waitUntil(lambda: not controller.counting)
    with_sub = code_matrix(project, MatrixQuery("cases", sub_codes=True))
    assert [int(n) for n in shown(view)[0][1:-1]] == [c.codings for c in with_sub.cells[0]]
    view.columns.setCurrentIndex(view.columns.findText("Attribute: Region"))
    qtbot.waitUntil(lambda: not controller.counting)
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == "Calderdale"
    view.cooccurrence.setChecked(True)
    assert view.summary.text() == "Counting…"  # in the background: the window stays responsive
    qtbot.waitUntil(lambda: not controller.counting)
    assert not view.columns.isEnabled() and view.model.rowCount() == len(with_sub.rows)
    assert view.summary.text().startswith("Places where two codes' extracts overlap")
    assert view.model.index(0, 1).data(Qt.ItemDataRole.FontRole).italic()  # the diagonal: own extracts

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, dark=True)
    try:
        view.cooccurrence.setChecked(False)
        qtbot.waitUntil(lambda: not controller.counting)
        assert readable(view)
        assert QColor(view.model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole).color()).lightness() < 128
    finally:
        apply_theme(app, dark=False)
    assert controller.result is not None
    view.sub_codes.setChecked(False)  # a count under way when the window closes is stopped, not left running
    assert controller.counting
