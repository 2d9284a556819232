"""The main window: layout, highlights and stripes, editing, codebook, retrieval, search, notes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from qda_desktop.core.commands import AddCode, ApplyCode
from qda_desktop.core.queries import code_by_name, project_dump
from qda_desktop.ui.controllers import codebook as codebook_controller
from qda_desktop.ui.main_window import MainWindow
from qda_desktop.ui.stripe_margin import EDGE_GRIP
from qda_desktop.ui.text_units import codepoint_offset, utf16_offset
from tests.ui.conftest import project_of


def dump(window: MainWindow) -> dict:  # type: ignore[type-arg]
    with project_of(window).read() as session:
        return project_dump(session)


def top_item(tree: QTreeWidget, index: int) -> QTreeWidgetItem:
    item = tree.topLevelItem(index)
    assert item is not None
    return item


def code_id(window: MainWindow, name: str) -> int:
    with project_of(window).read() as session:
        return code_by_name(session, name)


def test_window_shows_documents_by_case_and_the_codebook(window: MainWindow) -> None:
    groups = [top_item(window.documents, i).text(0) for i in range(window.documents.topLevelItemCount())]
    assert groups == ["Desmond", "Grace", "Marguerite", "Roy"]
    assert window.codes.codebook.tree.topLevelItemCount() == 4
    trust = window.codes.codebook._items[code_id(window, "Trust")]
    assert (trust.text(1), trust.text(2)) == ("5", "4")
    assert window.coding.heading.text() == "D01 Allotment"
    assert "They asked what we needed" in window.editor.text
    assert not window.undo_action.isEnabled()


def test_overlapping_codings_are_blended_and_get_their_own_lanes(
    window: MainWindow, qtbot: QtBot, shots_dir: Path
) -> None:
    text = window.editor.text
    start = text.index("They asked")
    project = project_of(window)
    project.run(ApplyCode(1, code_id(window, "Trust"), start + 5, start + 60))
    project.run(ApplyCode(1, code_id(window, "Endings"), start + 20, start + 90))
    window.refresh_now()  # changes made outside the window show on the next turn, or now when asked
    backgrounds = {
        (sel.cursor.selectionStart(), sel.format.background().color().name()) for sel in window.editor.extraSelections()
    }
    assert len(backgrounds) >= 5  # runs of one, two and three codes each get their own colour
    lanes = {window.editor._lanes[c] for c in window.editor.codings_at(utf16_offset(text, start + 30))}
    assert len(lanes) == 3
    window.editor.select_range(start + 30, start + 30)
    window.grab().save(str(shots_dir / "main-window.png"))
    window.editor.grab().save(str(shots_dir / "overlapping-codes.png"))
    assert QImage(str(shots_dir / "overlapping-codes.png")).width() > 400


def painted_stripes(window: MainWindow) -> list[tuple[QRect, int]]:
    """Paint the margin for real; every stripe it will answer clicks for must show its code's colour."""
    margin = window.editor.margin
    image = margin.grab().toImage()
    drawn = margin.hit_rects()
    assert drawn
    scale = image.devicePixelRatio()
    for rect, coding_id in drawn:
        centre = rect.center()
        pixel = image.pixelColor(int(centre.x() * scale), int(centre.y() * scale))
        assert pixel.name() == QColor(window.editor.color_of(coding_id)).name()
    return drawn


def test_clicking_a_stripe_selects_its_coding(window: MainWindow, qtbot: QtBot) -> None:
    rect, coding_id = painted_stripes(window)[0]
    qtbot.mouseClick(window.editor.margin, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.selected_coding == coding_id
    assert "Coding:" in window.statusBar().currentMessage()
    underlined = [s for s in window.editor.extraSelections() if s.format.fontUnderline()]
    assert len(underlined) == 1


def test_clicking_highlighted_text_selects_the_innermost_coding(window: MainWindow, qtbot: QtBot) -> None:
    start = window.editor.text.index("They asked what")
    window.editor.select_range(start + 3, start + 3)
    rect = window.editor.cursorRect()
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.selected_coding is not None
    qtbot.keyClick(window.editor, Qt.Key.Key_Delete)
    assert "They asked what we needed" not in [c["text"][:25] for c in dump(window)["codings"]]


def test_editing_text_moves_codings_live_and_undo_restores(window: MainWindow, qtbot: QtBot) -> None:
    coded = "They asked what we needed before they told us what they wanted."
    window.edit_mode_action.trigger()
    assert not window.editor.isReadOnly()
    cursor = window.editor.textCursor()
    cursor.setPosition(0)
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "RK: ")
    shown = {window.editor.text[s.start : s.end] for s in window.editor._spans}
    assert coded in shown  # the highlight moved with the typing, before anything was saved
    window.editor.commit_pending_edit()
    saved = dump(window)
    assert saved["documents"][0]["text"].startswith("RK: Interviewer:")
    assert coded in [c["text"] for c in saved["codings"]]
    assert window.undo_action.text() == "Undo Edit text"
    window.undo_action.trigger()
    assert window.editor.text.startswith("Interviewer:")
    assert dump(window)["documents"][0]["text"].startswith("Interviewer:")


def test_deleting_coded_text_shows_detached_codings(window: MainWindow, qtbot: QtBot) -> None:
    coded = "A partnership where only one side turns up is a delivery service."
    window.edit_mode_action.trigger()
    start = window.editor.text.index(coded)
    window.editor.select_range(start, start + len(coded))
    qtbot.keyClick(window.editor, Qt.Key.Key_Delete)
    window.editor.commit_pending_edit()
    assert window.coding.detached_bar.isVisibleTo(window)
    assert "delivery service" in window.coding.detached_choice.currentText()
    window.edit_mode_action.trigger()
    window.editor.select_range(0, 11)
    window.coding.reattach_button.click()
    assert not window.coding.detached_bar.isVisibleTo(window)


def test_codebook_rename_filter_move_merge_delete(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    trust = code_id(window, "Trust")
    window.codes.codebook._items[trust].setText(0, "Trust and distrust")
    assert code_id(window, "Trust and distrust") == trust
    window.codes.codebook.filter.setText("agenda")
    visible = [r.name for r in window.codes.codebook.rows() if not window.codes.codebook._items[r.id].isHidden()]
    assert visible == ["Power", "Academic agenda"]
    window.codes.codebook.filter.clear()
    power = code_id(window, "Power")
    window.codes.move_code(trust, power, 0)
    assert dump(window)["codes"][3]["path"] == "Power/Trust and distrust" or any(
        c["path"] == "Power/Trust and distrust" for c in dump(window)["codes"]
    )
    endings = code_id(window, "Endings")
    window.codes.codebook.select_code(endings)

    class Choose:
        def __init__(self, *args: object) -> None: ...
        def exec(self) -> int:
            return 1

        def chosen(self) -> int:
            return trust

    monkeypatch.setattr(codebook_controller, "ChooseCodeDialog", Choose)
    window.codes.merge_code()
    paths = [c["path"] for c in dump(window)["codes"]]
    assert "Endings" not in paths
    assert sum(c["code"] == "Power/Trust and distrust" for c in dump(window)["codings"]) == 8
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.codes.codebook.select_code(power)
    window.codes.delete_code()
    assert all(not c["path"].startswith("Power") for c in dump(window)["codes"])
    window.undo()
    assert any(c["path"] == "Power/Academic agenda" for c in dump(window)["codes"])


def test_retrieval_lists_extracts_and_jumps_to_them(window: MainWindow, qtbot: QtBot) -> None:
    window.codes.codebook.select_code(code_id(window, "Trust"))
    assert window.codes.retrieval.list.topLevelItemCount() == 5
    assert "5 extracts in 4 documents" in window.codes.retrieval.title.text()
    item = top_item(window.codes.retrieval.list, 1)
    assert item.text(1) == "D02 Tenants' association" and item.text(2) == "Desmond"
    window.codes.retrieval._jump(item)
    assert window.coding.heading.text() == "D02 Tenants' association"
    assert window.editor.selected_text() == "Trust builds slowly on an estate like this, and it goes quickly."


def test_search_shows_keyword_in_context(window: MainWindow) -> None:
    window.codes.search.query.setText("chisel")
    window.codes.search.query.returnPressed.emit()
    assert window.codes.search.results.topLevelItemCount() == 1
    item = top_item(window.codes.search.results, 0)
    assert "[chisel]" in item.text(1)
    window.codes.search._jump(item)
    assert window.editor.selected_text() == "chisel"
    window.codes.run_search("   ")
    assert "empty" in window.codes.search.summary.text()


def test_memos_and_journal_save_as_you_type(window: MainWindow, qtbot: QtBot) -> None:
    window.notes.update_targets()
    window.notes.on_document.trigger()
    window.notes.memos.title.setText("Partnership asymmetry")
    window.notes.memos.title.textEdited.emit("Partnership asymmetry")
    window.notes.memos.body.setPlainText("Only students turn up.")
    window.notes.memos.save_now()
    memo = [m for m in dump(window)["memos"] if m["title"] == "Partnership asymmetry"]
    assert memo and memo[0]["text"] == "Only students turn up." and memo[0]["on"] == {"document": "D01 Allotment"}
    window.notes.journal.new_button.click()
    window.notes.journal.body.setPlainText("I felt defensive of the school today.")
    window.notes.journal.save_now()
    assert "I felt defensive of the school today." in [j["text"] for j in dump(window)["journal"]]


def test_changes_from_outside_refresh_the_window_once_on_the_next_turn(window: MainWindow, qtbot: QtBot) -> None:
    messages: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: messages.append(text) if text else None)
    project_of(window).run(AddCode("Hope"))
    project_of(window).run(AddCode("Fear"))
    names = lambda: {row.name for row in window.codes.codebook.rows()}  # noqa: E731
    assert messages == [] and "Hope" not in names()  # nothing repainted inside the commands
    qtbot.waitUntil(lambda: bool(messages))
    qtbot.wait(50)
    assert messages == ["Add code 'Fear' — saved"]  # one refresh for both records
    assert {"Hope", "Fear"} <= names()
    assert window.undo_action.text() == "Undo Add code 'Fear'"


def test_undo_and_redo_labels_follow_the_history(window: MainWindow) -> None:
    project_of(window).run(AddCode("Hope"))
    window.refresh_now()
    assert window.undo_action.text() == "Undo Add code 'Hope'"
    window.undo_action.trigger()
    assert window.redo_action.text() == "Redo Add code 'Hope'"
    assert window.codes.codebook.tree.topLevelItemCount() == 4


def test_dark_palette(window: MainWindow, qtbot: QtBot, shots_dir: Path) -> None:
    window.dark_action.trigger()
    qtbot.wait(20)
    assert window.palette().color(window.backgroundRole()).lightness() < 80
    window.grab().save(str(shots_dir / "main-window-dark.png"))
    window.dark_action.trigger()
    qtbot.wait(20)
    assert window.palette().color(window.backgroundRole()).lightness() > 180


def test_utf16_conversion_round_trips_with_emoji() -> None:
    text = "a💜b الصحة c👍🏽d"
    for index in range(len(text) + 1):
        assert codepoint_offset(text, utf16_offset(text, index)) == index
    assert utf16_offset(text, 2) == 3


def test_emoji_document_codes_the_right_characters(window: MainWindow, qtbot: QtBot) -> None:
    from qda_desktop.core.commands import ImportText

    project = project_of(window)
    doc = project.run(ImportText("Emoji", "She texted 💜💜 then wrote الصحة تاج and left.")).result
    window.refresh_now()
    window.documents.select(doc)
    start = window.editor.text.index("الصحة")
    window.editor.select_range(start, start + 5)
    window.workspace.recent_codes = [code_id(window, "Trust")]
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Q)
    assert "الصحة" in [c["text"] for c in dump(window)["codings"]]
    first = QColor(window.editor.color_of(window.editor._spans[0].coding_id))
    assert first.isValid()


def test_screenshot_command(tmp_path: Path) -> None:
    shot = tmp_path / "app.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run(
        [sys.executable, "-m", "qda_desktop.app", "--demo", "--screenshot", str(shot)],
        check=True,
        env=env,
        timeout=120,
        capture_output=True,
    )
    assert QImage(str(shot)).height() >= 600


def test_point_of_no_text_is_harmless(window: MainWindow, qtbot: QtBot) -> None:
    drawn = painted_stripes(window)
    rect, coding_id = drawn[0]
    qtbot.mouseClick(window.editor.margin, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.editor.selected_coding == coding_id
    empty = QPoint(1, 1)
    assert not any(r.adjusted(-2, -EDGE_GRIP - 1, 2, EDGE_GRIP + 1).contains(empty) for r, _ in drawn)
    before, undo_label = dump(window), window.undo_action.text()
    qtbot.mouseClick(window.editor.margin, Qt.MouseButton.LeftButton, pos=empty)
    qtbot.mousePress(window.editor.margin, Qt.MouseButton.LeftButton, pos=empty)
    qtbot.mouseMove(window.editor.margin, pos=empty + QPoint(0, 30))
    qtbot.mouseRelease(window.editor.margin, Qt.MouseButton.LeftButton, pos=empty + QPoint(0, 30))
    assert window.editor.selected_coding == coding_id  # the selection stays
    assert dump(window) == before and window.undo_action.text() == undo_label  # nothing was written


def test_dragging_a_stripe_end_extends_the_coding(window: MainWindow, qtbot: QtBot) -> None:
    rect, coding_id = painted_stripes(window)[0]
    before = next(c for c in dump(window)["codings"] if c["id"] == coding_id)
    bottom = QPoint(rect.center().x(), rect.bottom())
    qtbot.mousePress(window.editor.margin, Qt.MouseButton.LeftButton, pos=bottom)
    qtbot.mouseMove(window.editor.margin, pos=bottom + QPoint(0, 40))
    qtbot.mouseRelease(window.editor.margin, Qt.MouseButton.LeftButton, pos=bottom + QPoint(0, 40))
    after = next(c for c in dump(window)["codings"] if c["id"] == coding_id)
    assert after["start"] == before["start"] and after["end"] > before["end"]
    assert window.undo_action.text() == "Undo Resize coding"
    window.undo()
    assert next(c for c in dump(window)["codings"] if c["id"] == coding_id)["end"] == before["end"]


def test_coding_memo_from_the_keyboard(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    start = window.editor.text.index("They asked what")
    window.editor.select_range(start + 3, start + 3)
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton, pos=window.editor.cursorRect().center())
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("They set the agenda.", True))
    qtbot.keyClick(window.editor, Qt.Key.Key_M)
    memos = [c["memo"] for c in dump(window)["codings"] if c["text"].startswith("They asked what")]
    assert memos == ["They set the agenda."]
    assert "They set the agenda." in window.editor.describe(window.editor.selected_coding or 0)
