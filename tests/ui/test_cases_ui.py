"""The Cases tab: the import preview, the typed table edited in place, links, speakers, grouping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox, QTableWidget, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from qda_desktop.core.commands import (
    AppendSegments,
    DefineAttribute,
    ImportText,
    StartTranscript,
)
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.ui.controllers.cases import CasesController
from qda_desktop.ui.main_window import MainWindow
from tests.conftest import CORPUS, corpus_text
from tests.core.test_speakers import AddFakeMedia, seg
from tests.helpers import snapshot


@pytest.fixture
def corpus_window(qtbot: QtBot, project: Project) -> Iterator[MainWindow]:
    """A window over the six corpus interviews, no cases yet."""
    for n in range(1, 7):
        project.run(ImportText(f"P0{n}", corpus_text(f"P0{n}")))
    project.history.clear()
    win = MainWindow(project)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def cases_of(window: MainWindow) -> CasesController:
    return next(c for c in window.controllers if isinstance(c, CasesController))


def dumped(project: Project) -> dict[str, dict[str, str]]:
    with project.read() as session:
        return {c["name"]: c["attributes"] for c in project_dump(session)["cases"]}


def groups(tree: QTreeWidget) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        assert top is not None
        out[top.text(0)] = [top.child(j).text(0) for j in range(top.childCount())]  # type: ignore[union-attr]
    return out


def test_preview_imports_the_participant_sheet_in_one_step(
    corpus_window: MainWindow, qtbot: QtBot, project: Project, shots_dir: Path
) -> None:
    cases = cases_of(corpus_window)
    assert groups(corpus_window.documents) == {f"P0{n}": [] for n in range(1, 7)}  # flat: no cases yet
    dialog = cases.preview(CORPUS / "participants.csv")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.id_combo.currentText() == "id"
    assert dialog.combos["years_involved"].currentText() == "attribute (integer)"
    assert dialog.combos["interview_date"].currentText() == "attribute (date)"
    assert dialog.matches.item(0, 2).text() == "P01"  # type: ignore[union-attr]
    assert dialog.import_button.isEnabled() and dialog.problems.count() == 0
    dialog.grab().save(str(shots_dir / "case-import-preview.png"))

    role = dialog.combos["role"]
    role.setCurrentIndex(role.findData("skip"))  # a column can be left out
    assert "role" not in {c.name for c in dialog.plan.columns if c.value_type != "skip"}
    dialog.id_combo.setCurrentText("pseudonym")  # no document is named after a pseudonym
    assert dialog.problems.item(0).text() == "Note: row 2: no document matches 'Denise'"
    dialog.id_combo.setCurrentText("id")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    view = cases.view
    assert view.table.rowCount() == 6 and view.table.columnCount() == 2 + 6
    assert view.table.item(0, 1).text() == "P01"  # type: ignore[union-attr]
    assert groups(corpus_window.documents) == {f"P0{n}": [f"P0{n}"] for n in range(1, 7)}
    assert dumped(project)["P04"]["years_involved"] == "12"
    assert corpus_window.undo_action.text() == "Undo Import cases from participants.csv"
    corpus_window.tabs.setCurrentWidget(view)
    corpus_window.resize(1600, 900)
    corpus_window.resizeDocks([corpus_window.notes_dock], [1000], Qt.Orientation.Horizontal)
    qtbot.wait(50)
    corpus_window.grab().save(str(shots_dir / "cases-table.png"))
    corpus_window.undo()
    assert view.table.rowCount() == 0 and dumped(project) == {}


def test_a_bad_sheet_keeps_import_disabled(corpus_window: MainWindow, tmp_path: Path, project: Project) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text("participant,age\nP01,3\nP01,x\n", encoding="utf-8")
    before = snapshot(project)
    dialog = cases_of(corpus_window).preview(sheet)
    assert dialog is not None
    assert not dialog.import_button.isEnabled()
    assert dialog.problems_label.text().startswith("<b>1 problem</b>")
    assert dialog.problems.item(0).text() == "Problem: row 3: case 'P01' also on row 2"
    dialog.reject()
    assert snapshot(project) == before


def open_editor(table: QTableWidget, row: int, column: int) -> QWidget:
    """The editor the table opens on a cell (as a double-click would)."""
    item = table.item(row, column)
    assert item is not None
    table.setCurrentItem(item)
    table.editItem(item)
    editor = table.indexWidget(table.currentIndex())
    assert editor is not None
    return editor


def test_the_table_edits_in_place_with_typed_editors(corpus_window: MainWindow, qtbot: QtBot, project: Project) -> None:
    cases = cases_of(corpus_window)
    view = cases.view
    cases.add_case()  # "Case 1", its name open for typing
    cases.add_case()
    project.run(DefineAttribute("Years", "integer"))
    project.run(DefineAttribute("Met", "date"))
    project.run(DefineAttribute("Paid", "boolean"))
    corpus_window.refresh_now()
    assert [view.table.horizontalHeaderItem(c).text() for c in range(2, 5)] == [  # type: ignore[union-attr]
        "Years (integer)",
        "Met (date)",
        "Paid (boolean)",
    ]
    spin = open_editor(view.table, 0, 2)
    assert isinstance(spin, QSpinBox)
    spin.setValue(7)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dumped(project)["Case 1"] == {"Years": "7"})
    date_edit = open_editor(view.table, 0, 3)
    assert isinstance(date_edit, QDateEdit)
    date_edit.setDate(date_edit.date().fromString("2024-03-14", "yyyy-MM-dd"))
    qtbot.keyClick(date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dumped(project)["Case 1"] == {"Years": "7", "Met": "2024-03-14"})
    view.table.item(0, 4).setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: dumped(project)["Case 1"] == {"Years": "7", "Met": "2024-03-14", "Paid": "true"})
    name = open_editor(view.table, 0, 0)
    assert isinstance(name, QLineEdit)
    name.setText("Denise")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    edited = {"Case 2": {}, "Denise": {"Years": "7", "Met": "2024-03-14", "Paid": "true"}}
    qtbot.waitUntil(lambda: dumped(project) == edited)
    assert [view.table.item(r, 0).text() for r in range(2)] == ["Case 2", "Denise"]  # type: ignore[union-attr]
    assert view.table.item(1, 2).text() == "7"  # type: ignore[union-attr]

    view.table.item(0, 2).setText("5")  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: dumped(project)["Case 2"] == {"Years": "5"})
    view.table.setCurrentCell(0, 0)
    view.table.selectAll()
    view.buttons["merge"].trigger()  # the others into the current row's case ("Case 2")
    assert dumped(project) == {"Case 2": {"Years": "5", "Met": "2024-03-14", "Paid": "true"}}
    assert "Years: kept '5', not '7' from 'Denise'" in corpus_window.statusBar().currentMessage()
    assert corpus_window.undo_action.text() == "Undo Merge cases"
    corpus_window.undo()
    assert set(dumped(project)) == {"Case 2", "Denise"}


def test_documents_link_from_the_list_and_group_under_every_case(corpus_window: MainWindow, project: Project) -> None:
    cases = cases_of(corpus_window)
    cases.add_case()
    docs = corpus_window.documents
    docs.clearSelection()
    for item in docs.findItems("P0", Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchRecursive)[:2]:
        item.setSelected(True)
    cases.view.select_case(1)
    cases.view.buttons["link"].trigger()
    assert groups(docs) == {"Case 1": ["P01", "P02"], "Not linked to a case": ["P03", "P04", "P05", "P06"]}
    cases.case_per_document([1])  # a case named after the document, linked to it
    assert groups(docs)["P01"] == ["P01"] and groups(docs)["Case 1"] == ["P01", "P02"]


def test_speakers_of_the_open_transcript_choose_their_case(
    corpus_window: MainWindow, qtbot: QtBot, project: Project
) -> None:
    media = project.run(AddFakeMedia()).result
    doc = project.run(StartTranscript("Recorded", media)).result
    project.run(AppendSegments(doc, (seg(0.0, "How?", "Interviewer"), seg(1.0, "Like this.", "Denise")), 3.0))
    cases = cases_of(corpus_window)
    cases.add_case()
    corpus_window.show_document(doc)
    corpus_window.refresh_now()
    assert not cases.view.speakers.isHidden()
    combos = cases.view.speakers.findChildren(QComboBox)
    assert [c.currentText() for c in combos] == ["— no case —", "— no case —"]  # Denise, Interviewer
    combos[0].setCurrentIndex(1)  # Denise is Case 1

    def recorded_cases() -> list[str]:
        with project.read() as session:
            return list(project_dump(session)["documents"][-1]["cases"])

    qtbot.waitUntil(lambda: recorded_cases() == ["Case 1"])
    assert "Recorded" in groups(corpus_window.documents)["Case 1"]
    corpus_window.show_document(1)
    assert cases.view.speakers.isHidden()


def test_the_demo_shows_its_cases_and_attributes(window: MainWindow, qtbot: QtBot, shots_dir: Path) -> None:
    view = cases_of(window).view
    names = [view.table.item(r, 0).text() for r in range(view.table.rowCount())]  # type: ignore[union-attr]
    assert names == ["Desmond", "Grace", "Marguerite", "Roy"]
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]  # type: ignore[union-attr]
    assert headers[:3] == ["Case", "Documents", "Organisation (text)"] and "Interviewed (date)" in headers
    assert view.table.item(3, 1).text() == "D03 Men's shed"  # type: ignore[union-attr]
    paid = headers.index("Paid staff (boolean)")
    assert view.table.item(3, paid).checkState() == Qt.CheckState.Checked  # type: ignore[union-attr]
    window.tabs.setCurrentWidget(view)
    window.resizeDocks([window.notes_dock], [1000], Qt.Orientation.Horizontal)
    qtbot.wait(50)
    view.grab().save(str(shots_dir / "demo-cases.png"))
