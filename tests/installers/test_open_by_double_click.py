"""A file manager runs ``qda-desktop PROJECT`` (the desktop entry's ``Exec=qda-desktop %f``): the passphrase
dialog for that file comes up, and the project opens in the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qda_desktop import app
from qda_desktop.ui.passphrase_dialog import PassphraseDialog
from tests.conftest import PASSPHRASE, sha256


def answer_dialog(passphrase: str | None, seen: list[str]) -> None:
    """Once the passphrase dialog shows, note what it asks for, then type ``passphrase`` (None: Cancel)."""

    tries = iter(range(500))  # 10 s, then give up (the test then fails on what it saw)

    def check() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, PassphraseDialog) and w.isVisible()]
        if not dialogs:
            if next(tries, None) is not None:
                QTimer.singleShot(20, check)
            return
        dialog = dialogs[0]
        seen.extend(label.text() for label in dialog.findChildren(type(dialog.error)) if label.text())
        if passphrase is None:
            dialog.reject()
        else:
            dialog.passphrase.setText(passphrase)
            dialog.accept()

    QTimer.singleShot(0, check)


def test_project_argument_asks_for_its_passphrase_and_opens_it(
    qtbot: QtBot, project_path: Path, tmp_path: Path
) -> None:
    seen: list[str] = []
    shot = tmp_path / "opened.png"
    answer_dialog(PASSPHRASE, seen)
    assert app.main([str(project_path), "--screenshot", str(shot)]) == 0
    assert any(project_path.name in text for text in seen), seen
    assert not QImage(str(shot)).isNull()


def test_cancelling_the_dialog_exits_and_leaves_the_file_alone(qtbot: QtBot, project_path: Path) -> None:
    before = sha256(project_path)
    seen: list[str] = []
    answer_dialog(None, seen)
    assert app.main([str(project_path)]) == 1
    assert any(project_path.name in text for text in seen), seen
    assert sha256(project_path) == before
