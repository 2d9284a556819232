"""File > Export…: the dialog asks before plain text leaves the project, runs the export and sums it up."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from qda_desktop.core import views
from qda_desktop.ui.export_dialog import PLAINTEXT_WARNING, ExportDialog
from qda_desktop.ui.main_window import MainWindow
from tests.ui.conftest import project_of


def test_export_dialog_confirms_runs_and_summarises(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, shots_dir: Path
) -> None:
    action = next(a for a in window.menu("file").actions() if a.text() == "&Export…")
    assert action is window.controllers[-1].action  # type: ignore[attr-defined]
    project = project_of(window)
    dialog = ExportDialog(project, window)
    qtbot.addWidget(dialog)
    asked: list[Path] = []

    def confirm(_parent: QWidget, path: Path) -> bool:
        asked.append(path)
        return len(asked) > 1  # refuse the first time: nothing is written

    dialog.confirm = confirm
    dialog.kind.setCurrentIndex(dialog.kind.findData("audit"))
    assert not dialog.memos.isEnabled() and not dialog.case_labels.isEnabled()  # the audit trail has no such options
    dialog.kind.setCurrentIndex(dialog.kind.findData("codebook"))
    assert dialog.memos.isEnabled() and dialog.case_labels.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    formats = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert formats == ["docx", "pdf", "md", "xlsx", "csv", "qdc"]
    target = tmp_path / "out" / "codebook.xlsx"
    target.parent.mkdir()
    dialog.file.setText(str(target.with_suffix(".docx")))
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert dialog.file.text() == str(target.with_suffix(".csv"))  # the name follows the format
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.memos.setChecked(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert any(PLAINTEXT_WARNING in label.text() for label in dialog.findChildren(QLabel))
    dialog.grab().save(str(shots_dir / "export-dialog.png"))

    dialog.export_button.click()
    assert asked == [target] and not target.exists() and dialog.runner is None
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.runner is None and "Wrote" in dialog.summary.text(), timeout=20000)
    assert dialog.summary.text().startswith(f"Wrote codebook.xlsx: {len(views.code_rows(project))} codes.")
    dialog.grab().save(str(shots_dir / "export-dialog-done.png"))
    sheet = load_workbook(target).active
    assert sheet is not None and sheet["A2"].value == "Reciprocity" and "memo" in [c.value for c in sheet[1]]
    assert sorted(p.name for p in target.parent.iterdir()) == ["codebook.xlsx"]
    assert views.document_rows(project)  # the project is still open and readable


def test_project_export_names_what_stays_behind(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, shots_dir: Path
) -> None:
    """The demo as .qdpx: the summary counts themes and boards (no zero counts) and says what has no
    REFI-QDA form (the journal, the board's snapshots)."""
    dialog = ExportDialog(project_of(window), window)
    qtbot.addWidget(dialog)
    dialog.confirm = lambda _parent, _path: True
    dialog.kind.setCurrentIndex(dialog.kind.findData("project"))
    dialog.format.setCurrentIndex(dialog.format.findData("qdpx"))
    dialog.file.setText(str(tmp_path / "demo.qdpx"))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.runner is None and "Wrote" in dialog.summary.text(), timeout=30000)
    assert dialog.summary.text() == (
        "Wrote demo.qdpx: 4 documents, 1 recording, 8 codes, 23 codings, 3 memos, 4 cases, 4 themes and 1 board.\n"
        f"Saved in {tmp_path}.\n"
        "Not in the file:\n"
        "•  1 journal entry not exported: the reflexive journal stays in the project\n"
        "•  2 board snapshots not exported: REFI-QDA has no form for them"
    )
    qtbot.wait(50)
    dialog.grab().save(str(shots_dir / "export-qdpx-done.png"))
