"""Opening and creating projects from the window: passphrase dialogs and clear errors."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from qda_desktop.core import keys, settings
from qda_desktop.core.demo import build_demo
from qda_desktop.core.project import PROJECT_SUFFIX, Project
from qda_desktop.errors import ProjectAlreadyOpen, QdaError, WrongPassphrase
from qda_desktop.ui.background import call_in_background
from qda_desktop.ui.dialogs import NewProjectDialog
from qda_desktop.ui.passphrase_dialog import PassphraseDialog

DEMO_COPIES = 9


def _remember(parent: QWidget | None, project: Project, passphrase: str) -> None:
    try:
        keys.remember(project.uuid, passphrase)
    except QdaError as exc:
        QMessageBox.information(parent, "Passphrase not remembered", str(exc))


def ask_open_project(path: Path, parent: QWidget | None = None) -> Project | None:
    """Open ``path``: with the remembered passphrase if any, else by asking until it works."""
    project_uuid = settings.uuid_for_path(path)
    remembered = keys.recall(project_uuid) if project_uuid else None
    if remembered:
        try:
            return call_in_background(lambda: Project.open(path, remembered))
        except WrongPassphrase:
            pass  # the passphrase changed elsewhere: ask
        except QdaError as exc:
            QMessageBox.critical(parent, "Cannot open project", str(exc))
            return None
    dialog = PassphraseDialog(path.name, keys.keychain_available(), parent)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        passphrase = dialog.passphrase.text()
        try:
            project = call_in_background(partial(Project.open, path, passphrase))
        except WrongPassphrase as exc:
            dialog.show_error(str(exc))
            continue
        except QdaError as exc:
            QMessageBox.critical(parent, "Cannot open project", str(exc))
            return None
        if dialog.remember.isChecked():
            _remember(parent, project, passphrase)
        return project
    return None


def ask_new_project(parent: QWidget | None = None) -> Project | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, "New project", "", f"QDA Desktop projects (*{PROJECT_SUFFIX})")
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix != PROJECT_SUFFIX:
        path = path.with_name(path.name + PROJECT_SUFFIX)
    dialog = NewProjectDialog(path.name, keys.keychain_available(), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        passphrase = dialog.passphrase.text()
        project = call_in_background(lambda: Project.create(path, passphrase))
    except QdaError as exc:
        QMessageBox.critical(parent, "Cannot create project", str(exc))
        return None
    if dialog.remember.isChecked():
        _remember(parent, project, dialog.passphrase.text())
    return project


def open_demo(folder: Path) -> Project:
    """A freshly built demo project in ``folder``; when other windows have the demo open, the next free
    copy (demo-2, demo-3, …). Raises ProjectAlreadyOpen, saying so, when every copy is open."""
    for n in range(1, DEMO_COPIES + 1):
        path = folder / ("demo.qdaproj" if n == 1 else f"demo-{n}.qdaproj")
        try:
            return build_demo(path)
        except ProjectAlreadyOpen:
            continue
    raise ProjectAlreadyOpen(
        folder / "demo.qdaproj", f"the demo is already open in {DEMO_COPIES} windows (every copy); close one first"
    )


def is_demo(path: Path) -> bool:
    """A copy of the demo (rebuilt on each opening, so not one to list among recent projects)."""
    names = {"demo.qdaproj", *(f"demo-{n}.qdaproj" for n in range(2, DEMO_COPIES + 1))}
    return path.name in names and path.resolve().parent == settings.data_dir().resolve()


def ask_open_demo(parent: QWidget | None = None) -> Project | None:
    try:
        return call_in_background(lambda: open_demo(settings.data_dir()))
    except QdaError as exc:
        QMessageBox.critical(parent, "Cannot open the demo", str(exc))
        return None
