"""Starting the window: the application object, theme, icon, and what to open first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from qda_desktop.core import settings
from qda_desktop.core.demo import build_demo
from qda_desktop.core.project import Project
from qda_desktop.ui.main_window import MainWindow
from qda_desktop.ui.project_opening import ask_open_project
from qda_desktop.ui.theme import app_settings, apply_theme


def run(args: argparse.Namespace) -> int:
    """Open the window (on the demo, a project, or nothing) and run until it closes."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("QDA Desktop")
    icon = Path(__file__).resolve().parents[2] / "resources" / "icons" / "qda-desktop-256.png"
    if icon.exists():  # a checkout or an editable install; bundles set the icon themselves
        app.setWindowIcon(QIcon(str(icon)))
    dark = app_settings().value("dark", False, type=bool)
    apply_theme(app, bool(dark))
    project: Project | None = None
    if args.demo:
        project = build_demo(settings.data_dir() / "demo.qdaproj")
    elif args.project:
        project = ask_open_project(Path(args.project))
        if project is None:
            return 1
    window = MainWindow(project)
    window.dark_action.setChecked(bool(dark))
    if args.screenshot:
        window.show()
        app.processEvents()
        window.grab().save(args.screenshot)
        window.close()
        return 0
    window.show()
    return int(app.exec())
