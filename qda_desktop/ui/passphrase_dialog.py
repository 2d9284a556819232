"""Asks for a project's passphrase, with 'remember on this computer'."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class PassphraseDialog(QDialog):
    def __init__(self, project_name: str, keychain_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open project")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Passphrase for <b>{project_name}</b>"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.passphrase)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.remember = QCheckBox("Remember on this computer")
        if not keychain_available:
            self.remember.setEnabled(False)
            self.remember.setToolTip("No keychain is available on this computer.")
            self.remember.setText("Remember on this computer (no keychain available)")
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.passphrase.selectAll()
        self.passphrase.setFocus()
