"""Full-text search over the project."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core.queries import Hit

ID_ROLE = Qt.ItemDataRole.UserRole
RANGE_ROLE = Qt.ItemDataRole.UserRole + 1


def _one_line(text: str) -> str:
    return " ".join(text.split())


class SearchPanel(QWidget):
    """Full-text search over the project, results as keyword in context."""

    search_requested = Signal(str)
    jump_requested = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.query = QLineEdit(placeholderText="Search all documents…")
        self.query.setClearButtonEnabled(True)
        button = QPushButton("Search")
        row.addWidget(self.query)
        row.addWidget(button)
        self.summary = QLabel("")
        self.results = QTreeWidget()
        self.results.setHeaderLabels(["Document", "In context"])
        self.results.setRootIsDecorated(False)
        self.results.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.results.itemDoubleClicked.connect(self._jump)
        self.results.itemActivated.connect(self._jump)
        self.query.returnPressed.connect(lambda: self.search_requested.emit(self.query.text()))
        button.clicked.connect(lambda: self.search_requested.emit(self.query.text()))
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.results)

    def show_hits(self, hits: list[Hit]) -> None:
        self.results.clear()
        docs = len({h.document_id for h in hits})
        self.summary.setText(f"{len(hits)} matches in {docs} documents" if hits else "No matches")
        for hit in hits:
            line = f"…{_one_line(hit.before)} [{hit.match}] {_one_line(hit.after)}…"
            item = QTreeWidgetItem([hit.document, line])
            item.setData(0, ID_ROLE, hit.document_id)
            item.setData(0, RANGE_ROLE, (hit.start, hit.end))
            self.results.addTopLevelItem(item)

    def show_error(self, message: str) -> None:
        self.results.clear()
        self.summary.setText(message)

    def _jump(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        start, end = item.data(0, RANGE_ROLE)
        self.jump_requested.emit(int(item.data(0, ID_ROLE)), int(start), int(end))
