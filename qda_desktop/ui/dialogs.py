"""Small dialogs: code details, choosing a code, a new project's passphrase."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core.listings import CodeRow
from qda_desktop.core.workspace import code_paths
from qda_desktop.ui.codebook_panel import swatch

DETAIL_FIELDS = (
    ("definition", "Definition"),
    ("inclusion", "Use when"),
    ("exclusion", "Do not use when"),
    ("example", "Example"),
    ("memo", "Memo"),
)


class CodeDetailsDialog(QDialog):
    """Name, colour and the definition fields of a code, as a codebook entry."""

    def __init__(self, row: CodeRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Code — {row.name}")
        self.resize(520, 560)
        form = QFormLayout(self)
        self.name = QLineEdit(row.name)
        form.addRow("Name", self.name)
        self.color = row.color
        self.color_button = QPushButton(row.color)
        self.color_button.setIcon(swatch(row.color, 16))
        self.color_button.clicked.connect(self._pick_color)
        form.addRow("Colour", self.color_button)
        self.fields: dict[str, QPlainTextEdit] = {}
        for key, label in DETAIL_FIELDS:
            edit = QPlainTextEdit(getattr(row, key))
            edit.setTabChangesFocus(True)
            self.fields[key] = edit
            form.addRow(label, edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._row = row

    def _pick_color(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color), self, "Code colour")
        if chosen.isValid():
            self.color = chosen.name()
            self.color_button.setText(self.color)
            self.color_button.setIcon(swatch(self.color, 16))

    def changes(self) -> dict[str, str]:
        """Only the fields the user changed."""
        values = {"name": self.name.text().strip(), "color": self.color}
        values.update({key: edit.toPlainText() for key, edit in self.fields.items()})
        return {k: v for k, v in values.items() if v != getattr(self._row, k)}


class ChooseCodeDialog(QDialog):
    def __init__(
        self, title: str, prompt: str, rows: list[CodeRow], exclude: set[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        self.combo = QComboBox()
        paths = code_paths(rows)
        for row in rows:
            if row.id not in exclude:
                self.combo.addItem(swatch(row.color), paths[row.id], row.id)
        layout.addWidget(self.combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if data is not None else None


class NewProjectDialog(QDialog):
    """A passphrase, typed twice, for a new project."""

    def __init__(self, name: str, keychain_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New project")
        form = QFormLayout(self)
        form.addRow(QLabel(f"Choose a passphrase for <b>{name}</b>. Without it the project cannot be opened."))
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form.addRow("Passphrase", self.passphrase)
        form.addRow("Again", self.again)
        self.remember = QCheckBox("Remember on this computer")
        self.remember.setEnabled(keychain_available)
        if not keychain_available:
            self.remember.setText("Remember on this computer (no keychain available)")
        form.addRow(self.remember)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        if not self.passphrase.text():
            self.error.setText("The passphrase must not be empty.")
        elif self.passphrase.text() != self.again.text():
            self.error.setText("The two passphrases differ.")
        else:
            self.accept()
