"""Opening projects from the window: passphrase dialog, remembered passphrases, damaged files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from qda_desktop.core import keys, settings
from qda_desktop.core.project import Project
from qda_desktop.ui import project_opening
from qda_desktop.ui.main_window import MainWindow
from qda_desktop.ui.passphrase_dialog import PassphraseDialog
from tests.conftest import PASSPHRASE, sha256


class ScriptedDialog(PassphraseDialog):
    """Types the scripted passphrases in turn, recording the errors it is shown."""

    script: ClassVar[list[str | None]] = []
    errors: ClassVar[list[str]] = []
    remember_it = False

    def __init__(self, name: str, keychain: bool, parent: QWidget | None = None) -> None:
        super().__init__(name, keychain, parent)
        self.remember.setChecked(self.remember_it and keychain)

    def exec(self) -> int:
        if not ScriptedDialog.script:
            return int(QDialog.DialogCode.Rejected)
        typed = ScriptedDialog.script.pop(0)
        if typed is None:
            return int(QDialog.DialogCode.Rejected)
        self.passphrase.setText(typed)
        return int(QDialog.DialogCode.Accepted)

    def show_error(self, message: str) -> None:
        super().show_error(message)
        ScriptedDialog.errors.append(self.error.text())


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> type[ScriptedDialog]:
    ScriptedDialog.script, ScriptedDialog.errors, ScriptedDialog.remember_it = [], [], False
    monkeypatch.setattr(project_opening, "PassphraseDialog", ScriptedDialog)
    return ScriptedDialog


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


def test_wrong_passphrase_shows_the_error_and_asks_again(
    qtbot: QtBot, project_path: Path, scripted: type[ScriptedDialog]
) -> None:
    scripted.script = ["not it", PASSPHRASE]
    project = project_opening.ask_open_project(project_path)
    assert project is not None
    assert scripted.errors == ["study.qdaproj: wrong passphrase (or the file is not a QDA Desktop project)"]
    project.close()


def test_cancel_leaves_the_file_alone(qtbot: QtBot, project_path: Path, scripted: type[ScriptedDialog]) -> None:
    before = sha256(project_path)
    scripted.script = ["wrong", None]
    assert project_opening.ask_open_project(project_path) is None
    assert sha256(project_path) == before


def test_remembered_passphrase_opens_without_asking(
    qtbot: QtBot, project_path: Path, scripted: type[ScriptedDialog]
) -> None:
    scripted.script, scripted.remember_it = [PASSPHRASE], True
    project = project_opening.ask_open_project(project_path)
    assert project is not None
    settings.remember_recent(project_path, project.uuid)
    assert keys.recall(project.uuid) == PASSPHRASE
    project.close()
    scripted.script = []  # would cancel if asked
    again = project_opening.ask_open_project(project_path)
    assert again is not None
    again.close()


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_damaged_file_gives_a_clear_message_and_the_window_keeps_running(
    qtbot: QtBot,
    project_path: Path,
    tmp_path: Path,
    scripted: type[ScriptedDialog],
    messages: list[str],
    damage: str,
) -> None:
    damaged = tmp_path / "damaged.qdaproj"
    shutil.copyfile(project_path, damaged)
    data = damaged.read_bytes()
    damaged.write_bytes(data[:777] if damage == "truncate" else data[:4096] + b"\x00" * (len(data) - 4096))
    before = sha256(damaged)
    window = MainWindow()
    qtbot.addWidget(window)
    scripted.script = [PASSPHRASE, PASSPHRASE]
    window.open_project(damaged)
    assert window.project is None
    assert (messages and "damaged.qdaproj" in messages[0]) or any("damaged" in e for e in scripted.errors)
    assert sha256(damaged) == before
    window.open_project(project_path)  # the window still works
    assert window.project is not None and window.project.path == project_path
    window.close()


def test_open_recent_lists_file_names_only(qtbot: QtBot, project_path: Path) -> None:
    with Project.open(project_path, PASSPHRASE) as project:
        settings.remember_recent(project_path, project.uuid)
    window = MainWindow()
    qtbot.addWidget(window)
    window._fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts == ["study.qdaproj"]
    window.close()
