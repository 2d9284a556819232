"""``qda-desktop``: the GUI entry point. Qt is imported only once a window is needed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from qda_desktop import __version__
from qda_desktop.core import keys, settings
from qda_desktop.core.demo import build_demo
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError, WrongPassphrase


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="qda-desktop", description="QDA Desktop")
    parser.add_argument("project", nargs="?", help="a .qdaproj file to open")
    parser.add_argument("--demo", action="store_true", help="open the built-in demo project")
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the main window to a PNG and exit")
    parser.add_argument("--version", action="version", version=f"qda-desktop {__version__}")
    return parser.parse_args(argv)


def open_with_dialog(path: Path) -> Project | None:
    """Ask for the passphrase until it opens the project or the user cancels."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    from qda_desktop.ui.passphrase_dialog import PassphraseDialog

    project_uuid = settings.uuid_for_path(path)
    remembered = keys.recall(project_uuid) if project_uuid else None
    if remembered:
        try:
            return Project.open(path, remembered)
        except WrongPassphrase:
            pass
    dialog = PassphraseDialog(path.name, keys.keychain_available())
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            project = Project.open(path, dialog.passphrase.text())
        except WrongPassphrase as exc:
            dialog.show_error(str(exc))
            continue
        except QdaError as exc:
            QMessageBox.critical(None, "Cannot open project", str(exc))
            return None
        if dialog.remember.isChecked():
            try:
                keys.remember(project.uuid, dialog.passphrase.text())
            except QdaError as exc:
                QMessageBox.information(None, "Passphrase not remembered", str(exc))
        return project
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from PySide6.QtWidgets import QApplication, QMessageBox

    from qda_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("QDA Desktop")
    project: Project | None
    if args.demo or not args.project:
        project = build_demo(settings.data_dir() / "demo.qdaproj")
    else:
        try:
            project = open_with_dialog(Path(args.project))
        except QdaError as exc:
            QMessageBox.critical(None, "Cannot open project", str(exc))
            return 1
    if project is None:
        return 1
    settings.remember_recent(project.path, project.uuid)
    window = MainWindow(project)
    try:
        if args.screenshot:
            window.show()
            app.processEvents()
            window.grab().save(args.screenshot)
            return 0
        window.show()
        return int(app.exec())
    finally:
        project.close()


if __name__ == "__main__":
    sys.exit(main())
