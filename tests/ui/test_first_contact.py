"""First contact: the start page, both Redo shortcuts, the edit-mode bar, a quiet start, a second demo."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qda_desktop.core import keys, settings
from qda_desktop.core.commands import AddCode
from qda_desktop.core.project import Project
from qda_desktop.ui import project_opening
from qda_desktop.ui.launch import run
from qda_desktop.ui.main_window import MainWindow
from qda_desktop.ui.theme import apply_theme
from tests.conftest import PASSPHRASE


def code_names(window: MainWindow) -> set[str]:
    return {row.name for row in window.codes.codebook.rows()}


def test_start_page_offers_new_open_demo_and_recent_projects(qtbot: QtBot, project_path: Path, shots_dir: Path) -> None:
    study = Project.open(project_path, PASSPHRASE)
    settings.remember_recent(study.path, study.uuid)
    keys.remember(study.uuid, PASSPHRASE)
    study.close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.start_page
    assert window.pages.currentWidget() is page
    assert window.documents_dock.isHidden() and window.notes_dock.isHidden()  # empty panels step aside
    assert [b.text() for b in (page.new_button, page.open_button, page.demo_button)] == [
        "New project…",
        "Open project…",
        "Open the demo project",
    ]
    assert page.recent.count() == 1 and "study.qdaproj" in page.recent.item(0).text()
    window.grab().save(str(shots_dir / "start-page.png"))
    qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
    assert window.project is not None and window.project.path.name == "demo.qdaproj"
    assert window.pages.currentWidget() is not page and "demo" in window.windowTitle()
    assert window.documents_dock.isVisible() and window.notes_dock.isVisible()
    window.close_project()
    assert window.pages.currentWidget() is page
    assert page.recent.count() == 1  # the demo is rebuilt each time: its own button, not a recent project
    page.recent.itemActivated.emit(page.recent.item(0))  # Enter or double-click; the keychain has the passphrase
    assert window.project is not None and window.project.path == project_path
    window.close()


def test_redo_answers_to_ctrl_y_and_ctrl_shift_z(window: MainWindow, qtbot: QtBot) -> None:
    shortcuts = {s.toString() for s in window.redo_action.shortcuts()}
    assert {QKeySequence("Ctrl+Y").toString(), QKeySequence("Ctrl+Shift+Z").toString()} <= shortcuts
    window.run(AddCode("Hope"))
    for key, modifiers in (
        (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
    ):
        window.undo()
        assert "Hope" not in code_names(window)
        window.editor.setFocus()
        qtbot.keyClick(window.editor, key, modifiers)
        assert "Hope" in code_names(window)


def test_edit_mode_shows_a_bar_that_stays_until_coding_mode(window: MainWindow, qtbot: QtBot) -> None:
    assert not window.edit_banner.isVisible()
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.edit_banner.isVisible() and not window.editor.isReadOnly()
    window.statusBar().clearMessage()  # the status message fades; the bar does not
    assert window.edit_banner.isVisible()
    qtbot.mouseClick(window.edit_banner.done, Qt.MouseButton.LeftButton)
    assert not window.edit_banner.isVisible()
    assert window.editor.isReadOnly() and not window.edit_mode_action.isChecked()


def test_waveform_follows_the_theme(qtbot: QtBot) -> None:
    from qda_desktop.ui.waveform import WaveformOverview

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    wave = WaveformOverview()
    qtbot.addWidget(wave)
    try:
        apply_theme(app, True)
        qtbot.wait(10)
        assert wave.plot.backgroundBrush().color().lightness() < 80
        assert wave.plot.getAxis("bottom").textPen().color().lightness() > 180
    finally:
        apply_theme(app, False)
    qtbot.wait(10)
    assert wave.plot.backgroundBrush().color().lightness() > 180
    assert wave.plot.getAxis("bottom").textPen().color().lightness() < 80


def launch(*argv: str) -> argparse.Namespace:
    from qda_desktop.app import parse_args

    return parse_args(list(argv))


def test_second_demo_opens_a_second_copy(tmp_path: Path, qtbot: QtBot) -> None:
    first = project_opening.open_demo(settings.data_dir())  # another window holds the demo
    try:
        shot = tmp_path / "second.png"
        assert run(launch("--demo", "--screenshot", str(shot))) == 0
        assert QImage(str(shot)).height() > 300
        assert (settings.data_dir() / "demo-2.qdaproj").exists()
        assert first.path.name == "demo.qdaproj"
    finally:
        first.close()


def test_demo_open_in_every_copy_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(project_opening, "DEMO_COPIES", 2)
    held = [project_opening.open_demo(settings.data_dir()) for _ in range(2)]
    try:
        assert run(launch("--demo", "--screenshot", "unused.png")) == 1
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and "already open" in err and "Traceback" not in err
    finally:
        for project in held:
            project.close()


def test_a_normal_start_prints_nothing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "QT_LOGGING_RULES"}  # as a user would start it
    result = subprocess.run(
        [sys.executable, "-m", "qda_desktop.app", "--demo", "--screenshot", str(tmp_path / "app.png")],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    # the offscreen platform (tests only) warns about window size hints; a desktop platform does not
    noise = [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]
    assert noise == []
