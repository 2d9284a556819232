"""The audit log browser: every recorded change, newest first, filtered by kind of action, date and words."""

from __future__ import annotations

from datetime import UTC, date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core import audit_views
from qda_desktop.core.changes import TABLE_NAMES
from qda_desktop.core.project import Project
from qda_desktop.exchange.report import plural

COLUMNS = ["When", "Action", "Kind", "Reason", "Rows changed"]
KIND_WORDS = {"do": "", "undo": "undone", "redo": "redone", "job": "background", "event": "event"}


def rows_changed(tables: dict[str, dict[str, int]]) -> str:
    """ "2 codings, 1 theme_codes" from the per-table counts."""
    totals = {TABLE_NAMES.get(t, t): sum(counts.values()) for t, counts in sorted(tables.items())}
    return ", ".join(f"{n} {table}" for table, n in totals.items() if n)


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class AuditDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Audit log")
        self.resize(980, 600)
        self.category = QComboBox()
        self.category.addItem("All actions", None)
        for name in audit_views.AUDIT_CATEGORIES:
            self.category.addItem(name.capitalize(), name)
        self.use_dates = QCheckBox("From")
        today = qdate(date.today())
        self.since, self.until = QDateEdit(today.addDays(-30)), QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.words = QLineEdit()
        self.words.setPlaceholderText("Words in the action or reason")
        self.words.setClearButtonEnabled(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.category)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.since)
        filters.addWidget(QLabel("to"))
        filters.addWidget(self.until)
        filters.addWidget(self.words, 1)
        box = QVBoxLayout(self)
        box.addLayout(filters)
        box.addWidget(self.table, 1)
        box.addWidget(self.count)
        self.category.currentIndexChanged.connect(self.refresh)
        self.use_dates.toggled.connect(self.refresh)
        self.since.dateChanged.connect(self.refresh)
        self.until.dateChanged.connect(self.refresh)
        self.words.textChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if not self.project.is_open:
            return
        chosen = self.category.currentData()
        dated = self.use_dates.isChecked()
        rows = audit_views.audit_rows(
            self.project,
            categories={chosen} if chosen else None,
            since=self.since.date().toPython() if dated else None,  # type: ignore[arg-type]
            until=self.until.date().toPython() if dated else None,  # type: ignore[arg-type]
            text=self.words.text().strip(),
        )
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            local = row.at.replace(tzinfo=UTC).astimezone()
            kind = " ".join(w for w in (row.category, KIND_WORDS.get(row.kind, row.kind)) if w)
            cells = [local.strftime("%d %b %Y %H:%M:%S"), row.action, kind, row.reason, rows_changed(row.tables)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(n, column, item)
        self.table.resizeColumnToContents(0)
        self.count.setText(plural(len(rows), "entry", "entries"))
