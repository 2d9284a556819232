"""Full-text search over the project, or within one code's extracts."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
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

from qda_desktop.core.code_paths import build_paths
from qda_desktop.core.listings import CodeRow
from qda_desktop.core.queries import Hit

ID_ROLE = Qt.ItemDataRole.UserRole
RANGE_ROLE = Qt.ItemDataRole.UserRole + 1
EVERYWHERE = "All documents"


def _one_line(text: str) -> str:
    return " ".join(text.split())


class SearchPanel(QWidget):
    """Results as keyword in context; "quoted phrases" match as phrases, always whole words."""

    search_requested = Signal(str, object)  # words, code id to search within (None: everywhere)
    jump_requested = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.query = QLineEdit(placeholderText='Search all documents… ("quotes" for a phrase)')
        self.query.setClearButtonEnabled(True)
        self.scope = QComboBox()
        self.scope.setToolTip("Search everywhere, or only within the extracts of one code (and its sub-codes)")
        self.scope.addItem(EVERYWHERE, None)
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scope.setMinimumContentsLength(12)  # long code names must not widen the whole dock
        button = QPushButton("Search")
        row.addWidget(self.query, 1)
        row.addWidget(self.scope)
        row.addWidget(button)
        self.summary = QLabel("")
        self.results = QTreeWidget()
        self.results.setHeaderLabels(["Document", "In context"])
        self.results.setRootIsDecorated(False)
        self.results.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.results.itemDoubleClicked.connect(self._jump)
        self.results.itemActivated.connect(self._jump)
        self.query.returnPressed.connect(self._request)
        button.clicked.connect(self._request)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.results)

    def _request(self) -> None:
        self.search_requested.emit(self.query.text(), self.scope.currentData())

    def set_codes(self, rows: list[CodeRow]) -> None:
        """The scope choices: everywhere, then each code in tree order (the choice kept when it still exists)."""
        current = self.scope.currentData()
        paths = build_paths((r.id, r.name, r.parent_id) for r in rows)
        self.scope.clear()
        self.scope.addItem(EVERYWHERE, None)
        for row in rows:
            depth = paths[row.id].count("/")
            self.scope.addItem("    " * depth + f"Within “{row.name}”", row.id)
            self.scope.setItemData(self.scope.count() - 1, paths[row.id], Qt.ItemDataRole.ToolTipRole)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)))

    def show_hits(self, hits: list[Hit], summary: str) -> None:
        self.results.clear()
        self.summary.setText(summary)
        for hit in hits:
            line = f"…{_one_line(hit.before)} [{hit.match}] {_one_line(hit.after)}…"
            item = QTreeWidgetItem([hit.document, line])
            item.setData(0, ID_ROLE, hit.document_id)
            item.setData(0, RANGE_ROLE, (hit.start, hit.end))
            item.setToolTip(
                1,
                f"<p>…{html.escape(hit.before)}<b>{html.escape(hit.match)}</b>{html.escape(hit.after)}…</p>",
            )
            self.results.addTopLevelItem(item)

    def show_error(self, message: str) -> None:
        self.results.clear()
        self.summary.setText(message)

    def _jump(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        start, end = item.data(0, RANGE_ROLE)
        self.jump_requested.emit(int(item.data(0, ID_ROLE)), int(start), int(end))
