"""A main window over a fresh copy of the demo project, for each UI test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from qda_desktop.core.demo import build_demo
from qda_desktop.core.project import Project
from qda_desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    project = build_demo(tmp_path / "demo.qdaproj")
    win = MainWindow(project)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


@pytest.fixture
def shots_dir(tmp_path: Path) -> Path:
    """Where screenshots go: QDA_SCREENSHOT_DIR if set (to look at them), else the test's folder."""
    folder = Path(os.environ.get("QDA_SCREENSHOT_DIR", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def project_of(window: MainWindow) -> Project:
    assert window.project is not None
    return window.project
