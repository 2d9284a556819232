"""``qda-desktop``: the GUI entry point. Qt is imported only once a window is needed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from qda_desktop import __version__
from qda_desktop.core import settings
from qda_desktop.core.demo import build_demo
from qda_desktop.core.project import Project


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="qda-desktop", description="QDA Desktop")
    parser.add_argument("project", nargs="?", help="a .qdaproj file to open")
    parser.add_argument("--demo", action="store_true", help="open the built-in demo project")
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the main window to a PNG and exit")
    parser.add_argument("--version", action="version", version=f"qda-desktop {__version__}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from qda_desktop.ui.main_window import MainWindow
    from qda_desktop.ui.project_opening import ask_open_project
    from qda_desktop.ui.theme import app_settings, apply_theme

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("QDA Desktop")
    icon = Path(__file__).resolve().parent.parent / "resources" / "icons" / "qda-desktop-256.png"
    if icon.exists():  # a checkout or an editable install; bundles set the icon themselves
        from PySide6.QtGui import QIcon

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


if __name__ == "__main__":
    sys.exit(main())
