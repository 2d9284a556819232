"""What a controller is and what the window offers it.

A controller owns its widgets and menu actions, reads through ``core.views``, writes by running
commands through the host, and hears about changes as one merged record per event-loop turn.
Adding a panel (a theme board, a chart) means adding a controller, not editing the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import Command
from qda_desktop.core.project import Project
from qda_desktop.core.workspace import Workspace
from qda_desktop.ui.document_view import CodingEditor

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


class Host(Protocol):
    """The window, as controllers see it."""

    project: Project | None
    workspace: Workspace
    editor: CodingEditor

    def window(self) -> QWidget: ...

    def run(self, command: Command) -> Changes | None: ...

    def flush_edits(self) -> None: ...

    def refresh_now(self) -> None: ...

    def status(self, message: str, ms: int = 4000) -> None: ...

    def show_document(self, document_id: int) -> None: ...

    def jump_to(self, document_id: int, start: int, end: int) -> None: ...

    def menu(self, key: str) -> QMenu:
        """One of the window's menus: "file", "edit", "code", "transcript" or "view"."""
        ...

    def add_action(
        self,
        menu: QMenu | None,
        text: str,
        slot: Callable[[], object],
        shortcut: Shortcut = None,
        editor_only: bool = False,
    ) -> QAction: ...

    def add_tab(self, widget: QWidget, title: str) -> None: ...

    def add_left_dock(self, widget: QWidget, title: str) -> QDockWidget: ...

    def add_below_editor(self, widget: QWidget) -> None: ...

    def add_above_editor(self, widget: QWidget) -> None: ...


class Controller(QObject):
    """Hooks the window calls; each does nothing unless a controller needs it."""

    def __init__(self, host: Host) -> None:
        parent = host.window()
        assert isinstance(parent, QMainWindow)
        super().__init__(parent)
        self.host = host

    @property
    def project(self) -> Project | None:
        return self.host.project

    def project_opened(self, project: Project) -> None:
        """Fill the widgets from a newly opened project."""

    def before_close(self) -> None:
        """Save what is pending and stop background work; the project is still open."""

    def project_closed(self) -> None:
        """Empty the widgets."""

    def add_menu_actions(self) -> None:
        """Put this controller's actions in the window's menus (called in the menus' order)."""

    def document_shown(self, document_id: int | None) -> None:
        """The current document changed (None: no document)."""

    def changed(self, changes: Changes) -> None:
        """The project changed: one merged record for everything since the last turn."""
