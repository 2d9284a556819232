"""A new panel is a new controller: the window is not edited, and the controller gets every hook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from qda_desktop.core import views
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import AddCode, ApplyCode
from qda_desktop.core.demo import build_demo
from qda_desktop.core.project import Project
from qda_desktop.ui.controllers.base import Controller, Host
from qda_desktop.ui.main_window import MainWindow


class CodingCount(Controller):
    """A stand-in for a chart panel: a tab with the number of codings, and a menu action."""

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.label = QLabel("no project")
        host.add_tab(self.label, "Count")
        self.refreshes: list[set[str]] = []
        self.shown: list[int | None] = []

    def add_menu_actions(self) -> None:
        self.action = self.host.add_action(self.host.menu("view"), "Count codings", self.count)

    def project_opened(self, project: Project) -> None:
        self.count()

    def project_closed(self) -> None:
        self.label.setText("no project")

    def document_shown(self, document_id: int | None) -> None:
        self.shown.append(document_id)

    def changed(self, changes: Changes) -> None:
        self.refreshes.append(changes.areas)
        if "codings" in changes.areas:
            self.count()

    def count(self) -> None:
        assert self.project is not None
        self.label.setText(str(sum(row.codings for row in views.document_rows(self.project))))


def test_a_panel_added_as_a_controller_gets_every_hook(qtbot: QtBot, tmp_path: Path) -> None:
    project = build_demo(tmp_path / "demo.qdaproj")
    window = MainWindow(project, more=[CodingCount])
    qtbot.addWidget(window)
    panel = window.controllers[-1]
    assert isinstance(panel, CodingCount)
    assert panel.label.text() == "16"  # the demo's codings, read when the project opened
    assert window.tabs.tabText(window.tabs.count() - 1) == "Count"
    assert panel.action in window.menu("view").actions()
    assert panel.shown == [window.workspace.current_document] and panel.shown[0] is not None

    code = project.run(AddCode("Hope")).result
    project.run(ApplyCode(1, code, 0, 5))
    project.run(ApplyCode(1, code, 10, 15))
    assert panel.refreshes == []  # nothing repaints inside a command
    qtbot.waitUntil(lambda: bool(panel.refreshes))
    qtbot.wait(50)
    assert panel.refreshes == [{"codes", "codings"}]  # one refresh for three records
    assert panel.label.text() == "18"

    window.run(ApplyCode(1, code, 20, 25))  # an action in the window shows before it returns
    assert panel.label.text() == "19" and len(panel.refreshes) == 2

    window.close_project()
    assert panel.label.text() == "no project"
