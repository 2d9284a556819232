"""Codes > Import codebook…: the plan for a spreadsheet shown before anything changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.exchange.codebook_import import CodebookPlan
from qda_desktop.ui.codebook_panel import swatch

FIELD_LABELS = {
    "definition": "definition",
    "inclusion": "use when",
    "exclusion": "do not use when",
    "example": "example",
    "color": "colour",
}


class CodebookImportDialog(QDialog):
    """Every row's fate (new, update, unchanged) or the problems that stop the import; Import applies it."""

    def __init__(self, plan: CodebookPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import codebook — {plan.source}")
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel(plan.summary())
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.problems = QListWidget()
        for problem in plan.problems:
            self.problems.addItem(problem)
        self.problems.setVisible(bool(plan.problems))
        self.problems.setStyleSheet("color: #c62828")
        layout.addWidget(self.problems)
        self.rows = QTreeWidget()
        self.rows.setHeaderLabels(["Code", "Action", "What changes"])
        self.rows.setRootIsDecorated(False)
        self.rows.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rows.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.rows.setVisible(not plan.problems)
        for row in plan.rows:
            if row.existing_id is None:
                given = [FIELD_LABELS[k] for k in row.fields] + (["colour"] if row.color else [])
                action, what = "New", ", ".join(given) or "name only"
            elif row.changes:
                action, what = "Update", ", ".join(FIELD_LABELS[k] for k in row.changes)
            else:
                action, what = "Unchanged", ""
            item = QTreeWidgetItem([row.path, action, what])
            if row.color:
                item.setIcon(0, swatch(row.color, 12))
            if action == "Unchanged":
                item.setForeground(0, QBrush(QColor("#888888")))
            item.setToolTip(0, row.fields.get("definition", ""))
            self.rows.addTopLevelItem(item)
        layout.addWidget(self.rows, 1)
        if plan.ignored_columns:
            layout.addWidget(QLabel(f"Columns not used: {', '.join(plan.ignored_columns)}"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(not plan.problems and bool(plan.new_rows or plan.updated_rows))
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.problems.setFocusPolicy(Qt.FocusPolicy.NoFocus)
