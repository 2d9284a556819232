"""Every route of applying a code to selected text, with undo from the menu."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from qda_desktop.core.queries import code_by_name, project_dump
from qda_desktop.ui.document_view import CODE_MIME
from qda_desktop.ui.main_window import MainWindow
from tests.ui.conftest import project_of

PASSAGE = "We grow vegetables"


def codings_of(window: MainWindow, code: str) -> list[str]:
    with project_of(window).read() as session:
        return [c["text"] for c in project_dump(session)["codings"] if c["code"].split("/")[-1] == code]


def code_id(window: MainWindow, name: str) -> int:
    with project_of(window).read() as session:
        return code_by_name(session, name)


def select_passage(window: MainWindow, passage: str = PASSAGE) -> None:
    start = window.editor.text.index(passage)
    window.editor.select_range(start, start + len(passage))
    window.editor.setFocus()


def test_double_click_on_a_code_applies_it_and_menu_undo_names_it(window: MainWindow, qtbot: QtBot) -> None:
    select_passage(window)
    trust = code_id(window, "Trust")
    item = window.codes.codebook._items[trust]
    rect = window.codes.codebook.tree.visualItemRect(item)
    viewport = window.codes.codebook.tree.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # a real double click starts so
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert PASSAGE in codings_of(window, "Trust")
    assert window.undo_action.text() == "Undo Apply code 'Trust'"
    window.undo_action.trigger()
    assert PASSAGE not in codings_of(window, "Trust")
    assert window.redo_action.text() == "Redo Apply code 'Trust'"
    window.redo_action.trigger()
    assert PASSAGE in codings_of(window, "Trust")


def test_enter_on_a_code_applies_it(window: MainWindow, qtbot: QtBot) -> None:
    select_passage(window)
    window.codes.codebook.select_code(code_id(window, "Endings"))
    window.codes.codebook.tree.setFocus()
    qtbot.keyClick(window.codes.codebook.tree, Qt.Key.Key_Return)
    assert PASSAGE in codings_of(window, "Endings")


def test_dragging_a_code_onto_the_selection(window: MainWindow) -> None:
    select_passage(window)
    mime = QMimeData()
    mime.setData(CODE_MIME, QByteArray(str(code_id(window, "Power")).encode()))
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.editor.dropEvent(event)
    assert PASSAGE in codings_of(window, "Power")


def test_drag_of_plain_text_is_refused(window: MainWindow) -> None:
    before = window.editor.text
    mime = QMimeData()
    mime.setText("dropped words")
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.editor.dropEvent(event)
    assert window.editor.text == before


def test_quick_code_key_applies_the_current_code(window: MainWindow, qtbot: QtBot) -> None:
    window.workspace.recent_codes = [code_id(window, "Hidden costs")]
    select_passage(window)
    qtbot.keyClick(window.editor, Qt.Key.Key_Q)
    assert PASSAGE in codings_of(window, "Hidden costs")


def test_recent_code_number_keys(window: MainWindow, qtbot: QtBot) -> None:
    window.workspace.recent_codes = [code_id(window, "Trust"), code_id(window, "Endings")]
    select_passage(window)
    qtbot.keyClick(window.editor, Qt.Key.Key_2)
    assert PASSAGE in codings_of(window, "Endings")
    assert window.workspace.recent_codes[0] == code_id(window, "Endings")  # most recent first


def test_code_box_applies_an_existing_code(window: MainWindow, qtbot: QtBot) -> None:
    select_passage(window)
    window.coding.code_box.setText("academic agenda")
    qtbot.keyClick(window.coding.code_box, Qt.Key.Key_Return)
    assert PASSAGE in codings_of(window, "Academic agenda")
    assert window.coding.code_box.text() == ""


def test_code_box_creates_a_new_code(window: MainWindow, qtbot: QtBot) -> None:
    select_passage(window)
    window.coding.code_box.setText("Therapeutic gardening")
    qtbot.keyClick(window.coding.code_box, Qt.Key.Key_Return)
    assert codings_of(window, "Therapeutic gardening") == [PASSAGE]
    assert window.undo_action.text() == "Undo Apply new code 'Therapeutic gardening'"
    window.undo()
    with project_of(window).read() as session:
        assert "Therapeutic gardening" not in [c["name"] for c in project_dump(session)["codes"]]


def test_in_vivo_names_the_code_after_the_selection(window: MainWindow, qtbot: QtBot) -> None:
    select_passage(window, "a delivery service")
    qtbot.keyClick(window.editor, Qt.Key.Key_V)
    assert codings_of(window, "a delivery service") == ["a delivery service"]
    assert window.undo_action.text() == "Undo Code in vivo 'a delivery service'"


def test_no_selection_gives_a_hint_not_a_coding(window: MainWindow, qtbot: QtBot) -> None:
    window.workspace.recent_codes = [code_id(window, "Trust")]
    before = codings_of(window, "Trust")
    cursor = window.editor.textCursor()
    cursor.clearSelection()
    window.editor.setTextCursor(cursor)
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Q)
    assert codings_of(window, "Trust") == before
    assert "Select some text" in window.statusBar().currentMessage()
