"""Guards against a Qt binding that corrupts reference counts (PySide6 6.12.0 on Python 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit
from pytestqt.qtbot import QtBot


def test_text_cursor_calls_keep_none_alive(qtbot: QtBot) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("hello world " * 100)
    cursor = QTextCursor(editor.document())
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor
    selection.format = QTextCharFormat()
    before = sys.getrefcount(None)
    for _ in range(500):
        cursor.setPosition(3)
        cursor.setPosition(7, QTextCursor.MoveMode.KeepAnchor)
        editor.setExtraSelections([selection])
    # A binding that drops a reference per call loses ~1,500 here and eventually crashes.
    assert sys.getrefcount(None) - before > -100
