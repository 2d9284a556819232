"""Errors nothing else caught become one dialog, and undo/redo refusals a warning; the project is unchanged."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from qda_desktop.core.queries import project_dump
from qda_desktop.errors import UndoUnavailable
from qda_desktop.ui import error_dialog
from qda_desktop.ui.main_window import MainWindow


def test_an_unexpected_error_is_a_dialog_naming_no_user_text(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    try:
        raise KeyError("a quote from the interview")
    except KeyError as exc:
        error_dialog.handle(KeyError, exc, exc.__traceback__)
    assert len(shown) == 1 and shown[0].startswith("An unexpected error stopped that action (KeyError")
    assert "the project is as it was before" in shown[0]
    assert error_dialog.message_for(UndoUnavailable("cannot undo 'X'")) == "cannot undo 'X'"


def test_a_refused_undo_warns_and_changes_nothing(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.project is not None
    with window.project.read() as session:
        before = project_dump(session)

    def refuse() -> None:
        raise UndoUnavailable("the undo step lacks a column the table now has; nothing was changed")

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warned.append(f"{title}: {text}"))
    monkeypatch.setattr(window.project, "undo", refuse)
    window.undo()
    monkeypatch.setattr(window.project, "redo", refuse)
    window.redo()
    assert [w.split(":")[0] for w in warned] == ["Cannot undo", "Cannot redo"]
    with window.project.read() as session:
        assert project_dump(session) == before


def test_an_error_in_a_slot_reaches_the_dialog_not_stderr() -> None:
    """In a real app (not under pytest-qt's own hook), an exception raised in a slot shows the dialog."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication, QMessageBox\n"
        "from qda_desktop.ui import error_dialog\n"
        "app = QApplication([])\n"
        "error_dialog.install()\n"
        "QMessageBox.critical = lambda *a: print('DIALOG', a[2].split(' (')[0])\n"
        "def boom(): raise RuntimeError('private words')\n"
        "QTimer.singleShot(0, boom)\n"
        "QTimer.singleShot(50, app.quit)\n"
        "app.exec()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "DIALOG An unexpected error stopped that action" in result.stdout
    assert "Traceback" not in result.stderr and "private words" not in result.stderr
