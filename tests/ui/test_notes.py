"""Memos on the project, a document, a code or a coding from the window; journal dates that can change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from qda_desktop.core.queries import code_by_name, project_dump
from qda_desktop.ui.main_window import MainWindow
from tests.ui.conftest import project_of


def dump(window: MainWindow) -> dict:  # type: ignore[type-arg]
    with project_of(window).read() as session:
        return project_dump(session)


def write(window: MainWindow, text: str) -> None:
    window.notes.memos.body.setPlainText(text)
    window.notes.memos.save_now()


def test_memo_targets_follow_what_is_selected(window: MainWindow) -> None:
    notes = window.notes
    window.workspace.current_code = None
    window.workspace.selected_coding = None
    notes.update_targets()
    assert notes.on_document.isEnabled() and "D01 Allotment" in notes.on_document.text()
    assert not notes.on_code.isEnabled() and not notes.on_coding.isEnabled()
    with project_of(window).read() as session:
        window.workspace.current_code = code_by_name(session, "Trust")
    notes.update_targets()
    assert notes.on_code.isEnabled() and "Trust" in notes.on_code.text()


def test_a_memo_on_a_code_and_on_a_coding_from_the_window(window: MainWindow) -> None:
    with project_of(window).read() as session:
        trust = code_by_name(session, "Trust")
    window.workspace.current_code = trust
    window.notes.update_targets()
    window.notes.on_code.trigger()
    assert window.notes.memos.title.isReadOnly()  # the title is the code's name
    write(window, "Trust is the currency of the estate.")
    code = next(c for c in dump(window)["codes"] if c["name"] == "Trust")
    assert code["memo"].endswith("Trust is the currency of the estate.")

    coding = next(c for c in dump(window)["codings"] if not c["memo"])
    window.workspace.selected_coding = coding["id"]
    window.notes.update_targets()
    window.notes.on_coding.trigger()
    write(window, "Said with a laugh.")
    assert next(c for c in dump(window)["codings"] if c["id"] == coding["id"])["memo"] == "Said with a laugh."
    listed = [window.notes.memos.list.item(i).text() for i in range(window.notes.memos.list.count())]
    assert any("on a coding in" in text for text in listed)


def test_a_project_memo_is_on_the_project(window: MainWindow) -> None:
    window.notes.on_project.trigger()
    window.notes.memos.title.setText("Method")
    window.notes.memos.title.textEdited.emit("Method")
    write(window, "Reflexive TA, six phases.")
    memo = next(m for m in dump(window)["memos"] if m["title"] == "Method")
    assert memo["on"] == {"project": True}


def test_journal_date_can_be_changed_and_undone(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    journal = window.notes.journal
    journal.new_button.click()
    assert not journal.day.isHidden() and window.notes.memos.day.isHidden()
    journal.body.setPlainText("Second coding pass.")
    journal.save_now()
    journal.day.setDate(QDate(2025, 11, 3))
    entry = next(j for j in dump(window)["journal"] if j["text"] == "Second coding pass.")
    assert entry["date"] == date(2025, 11, 3).isoformat()
    project_of(window).undo()
    entry = next(j for j in dump(window)["journal"] if j["text"] == "Second coding pass.")
    assert entry["date"] == date.today().isoformat()
    window.notes.memos.grab().save(str(tmp_path / "memos.png"))
