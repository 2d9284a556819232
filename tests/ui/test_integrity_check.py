"""A project too large to check page by page when it opens is checked in the background, and damage is shown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from qda_desktop.core import integrity_job
from qda_desktop.core.commands.transcripts import ImportRecording
from qda_desktop.core.project import Project
from qda_desktop.store import integrity
from qda_desktop.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE

PAGE = 4096  # SQLCipher 4


def _large_project(folder: Path) -> Path:
    """A project whose later pages hold a stored recording (so opening does not read them)."""
    path = folder / "large.qdaproj"
    blob = folder / "noise.wav"
    blob.write_bytes(os.urandom(600_000))
    with Project.create(path, PASSPHRASE) as project:
        project.run(ImportRecording("noise.wav", blob, "audio/wav", 18.75))
    return path


def _open_in_window(qtbot: QtBot, path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[MainWindow, list[str]]:
    monkeypatch.setattr(integrity, "OPEN_CHECK_BYTES", 64 * 1024)  # "large": only the cheap checks on opening
    monkeypatch.setattr(integrity_job, "OPEN_CHECK_BYTES", 64 * 1024)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warnings.append(f"{title}: {text}"))
    window = MainWindow(Project.open(path, PASSPHRASE))
    qtbot.addWidget(window)
    return window, warnings


def test_damage_in_a_large_project_is_found_after_opening(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _large_project(tmp_path)
    pages = path.stat().st_size // PAGE
    with open(path, "r+b") as fh:  # flip bytes in the middle of a page of the recording
        fh.seek((pages - 20) * PAGE + PAGE // 2)
        data = bytearray(fh.read(8))
        fh.seek((pages - 20) * PAGE + PAGE // 2)
        fh.write(bytes(b ^ 0xA5 for b in data))
    window, warnings = _open_in_window(qtbot, path, monkeypatch)  # opening succeeds: the page is not read
    qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
    assert warnings[0].startswith("The project is damaged: ") and "large.qdaproj" in warnings[0]
    window.close_project()


def test_a_sound_large_project_is_checked_quietly(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, warnings = _open_in_window(qtbot, _large_project(tmp_path), monkeypatch)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Project checked: no damage found", timeout=30_000)
    assert warnings == []
    window.close_project()
