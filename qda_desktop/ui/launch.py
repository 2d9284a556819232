"""Starting the window: the application object, theme, icon, and what to open first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qFormatLogMessage, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from qda_desktop.core import settings
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError
from qda_desktop.ui import error_dialog
from qda_desktop.ui.main_window import MainWindow
from qda_desktop.ui.project_opening import ask_open_project, open_demo
from qda_desktop.ui.theme import app_settings, apply_theme

# Messages Qt prints that say nothing the user can act on (no sound server: playback reports its own errors)
HARMLESS = ("PulseAudioService: pa_context_connect() failed",)


def _quiet_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message not in HARMLESS:
        print(qFormatLogMessage(mode, context, message), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Open the window (on the demo, a project, or nothing) and run until it closes."""
    qInstallMessageHandler(_quiet_handler)
    error_dialog.install()
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
        try:
            project = open_demo(settings.data_dir())
        except QdaError as exc:  # every copy of the demo is open: one clear line, no traceback
            print(f"qda-desktop: {exc}", file=sys.stderr)
            return 1
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
