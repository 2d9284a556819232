"""The minimal main window over the demo project (offscreen Qt)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from qda_desktop.core.commands import AddCode
from qda_desktop.core.demo import build_demo
from qda_desktop.ui.main_window import MainWindow
from qda_desktop.ui.text_units import codepoint_offset, utf16_offset


def test_demo_window_lists_documents_and_codes(qtbot: QtBot, tmp_path: Path) -> None:
    project = build_demo(tmp_path / "demo.qdaproj")
    try:
        window = MainWindow(project)
        qtbot.addWidget(window)
        window.show()
        assert window.documents.count() == 3
        assert window.codes.topLevelItemCount() == 4
        assert "They asked what we needed" in window.view.toPlainText()
        assert not window.undo_action.isEnabled()
        project.run(AddCode("Hope"))
        assert window.undo_action.text() == "Undo Add code 'Hope'"
        window.undo_action.trigger()
        assert window.redo_action.text() == "Redo Add code 'Hope'"
        assert window.codes.topLevelItemCount() == 4
        shot = tmp_path / "main.png"
        assert window.grab().save(str(shot))
        assert QImage(str(shot)).width() >= 800
        window.close()
    finally:
        project.close()


def test_utf16_conversion_round_trips_with_emoji() -> None:
    text = "a💜b الصحة c👍🏽d"
    for index in range(len(text) + 1):
        assert codepoint_offset(text, utf16_offset(text, index)) == index
    assert utf16_offset(text, 2) == 3


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
