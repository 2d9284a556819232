"""The preview before importing cases: the sheet's first rows, what each column becomes, the documents
each row matches and the problems; Import stays disabled until the plan is valid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.exchange.case_import import SKIP, CaseImportPlan, ProjectState, make_plan
from qda_desktop.exchange.spreadsheets import Table
from qda_desktop.ui.cases_view import TYPES

PREVIEW_ROWS = 5


class CaseImportDialog(QDialog):
    def __init__(self, table: Table, state: ProjectState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import cases from {table.source}")
        self.resize(980, 680)
        self.sheet, self.state = table, state
        self.types: dict[str, str] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.id_combo = QComboBox()
        self.id_combo.addItems(list(table.columns))
        form.addRow("Case id column:", self.id_combo)
        layout.addLayout(form)
        layout.addWidget(QLabel(f"<b>First rows of {table.source}</b> — under each column name, what it becomes:"))
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 3)
        layout.addWidget(QLabel("<b>Cases and the documents they match by name</b>"))
        self.matches = QTableWidget()
        self.matches.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.matches, 3)
        self.problems_label = QLabel("")
        self.problems = QListWidget()
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("Import")
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.combos: dict[str, QComboBox] = {}
        self.plan = make_plan(table, state)
        self.id_combo.setCurrentIndex(self.plan.id_column)
        self.id_combo.currentIndexChanged.connect(lambda _i: self.replan())
        self.replan()

    # -- the plan -----------------------------------------------------------------------

    def replan(self) -> None:
        self.plan = make_plan(self.sheet, self.state, self.id_combo.currentIndex(), self.types)
        self._show_preview(self.plan)
        self._show_matches(self.plan)
        self._show_problems(self.plan)

    def choose(self, column: str, use: str) -> None:
        """Make ``column`` an attribute of type ``use``, or SKIP it."""
        self.types[column] = use
        self.replan()

    def _use_combo(self, column: str, value_type: str, existing: bool) -> QComboBox:
        combo = QComboBox()
        if existing and value_type != SKIP:  # an existing attribute keeps its type
            combo.addItem(f"attribute ({value_type}, exists)", value_type)
        else:
            for kind in TYPES:
                combo.addItem(f"attribute ({kind})", kind)
        combo.addItem("skip", SKIP)
        combo.setCurrentIndex(max(0, combo.findData(value_type)))
        combo.currentIndexChanged.connect(lambda _i, c=column, box=combo: self.choose(c, str(box.currentData())))
        self.combos[column] = combo
        return combo

    def _show_preview(self, plan: CaseImportPlan) -> None:
        rows = self.sheet.rows[:PREVIEW_ROWS]
        self.preview.clear()
        self.preview.setColumnCount(len(self.sheet.columns))
        self.preview.setRowCount(len(rows) + 1)
        self.preview.setHorizontalHeaderLabels(list(self.sheet.columns))
        self.preview.setVerticalHeaderLabels(["Use as", *(str(n) for n in range(2, len(rows) + 2))])
        self.combos = {}
        by_index = {c.index: c for c in plan.columns}
        for index in range(len(self.sheet.columns)):
            column = by_index.get(index)
            if column is None:
                item = QTableWidgetItem("case id")
                item.setFont(self._bold(item))
                self.preview.setItem(0, index, item)
            else:
                self.preview.setCellWidget(0, index, self._use_combo(column.name, column.value_type, column.existing))
            for r, row in enumerate(rows, start=1):
                item = QTableWidgetItem(row[index])
                if column is not None and column.value_type == SKIP:
                    item.setForeground(Qt.GlobalColor.gray)
                self.preview.setItem(r, index, item)
        self.preview.resizeColumnsToContents()

    @staticmethod
    def _bold(item: QTableWidgetItem) -> QFont:
        font = item.font()
        font.setBold(True)
        return font

    def _show_matches(self, plan: CaseImportPlan) -> None:
        self.matches.clear()
        self.matches.setColumnCount(3)
        self.matches.setHorizontalHeaderLabels(["Case", "", "Documents"])
        self.matches.setRowCount(len(plan.rows))
        self.matches.verticalHeader().hide()
        for r, row in enumerate(plan.rows):
            docs = [self.state.documents[d] for d in row.documents]
            self.matches.setItem(r, 0, QTableWidgetItem(row.case))
            self.matches.setItem(r, 1, QTableWidgetItem("new" if row.new else "update"))
            shown = QTableWidgetItem(", ".join(docs) or "no document matches")
            if not docs:
                shown.setForeground(Qt.GlobalColor.darkYellow)
            self.matches.setItem(r, 2, shown)
        self.matches.resizeColumnsToContents()
        self.matches.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def _show_problems(self, plan: CaseImportPlan) -> None:
        self.problems.clear()
        for problem in plan.problems:
            self.problems.addItem(f"Problem: {problem}")
        for note in plan.notes:
            self.problems.addItem(f"Note: {note}")
        if plan.problems:
            n = len(plan.problems)
            self.problems_label.setText(f"<b>{n} problem{'s' if n != 1 else ''}</b> to fix before importing")
        else:
            self.problems_label.setText(f"Ready: {plan.summary()}")
        self.problems.setVisible(bool(plan.problems or plan.notes))
        self.import_button.setEnabled(plan.valid)
