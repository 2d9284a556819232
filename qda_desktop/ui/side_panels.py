"""Documents grouped by case."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from qda_desktop.core.listings import DocumentRow

ID_ROLE = Qt.ItemDataRole.UserRole
NO_CASE = "Not linked to a case"


class DocumentsPanel(QTreeWidget):
    document_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Document", "Codings"])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(False)
        self.setRootIsDecorated(True)
        self.currentItemChanged.connect(self._on_current)
        self._items: dict[int, QTreeWidgetItem] = {}

    def set_documents(self, rows: list[DocumentRow], current: int | None) -> None:
        if [(r.id, r.name, r.cases) for r in rows] == getattr(self, "_shown", None):
            for row in rows:  # only counts changed: update in place
                self._items[row.id].setText(1, str(row.codings))
            return
        self._shown = [(r.id, r.name, r.cases) for r in rows]
        self.blockSignals(True)
        self.clear()
        self._items = {}
        groups: dict[str, QTreeWidgetItem] = {}
        for row in rows:
            for case in row.cases or (NO_CASE,):
                group = groups.get(case)
                if group is None:
                    group = QTreeWidgetItem([case, ""])
                    group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    font = group.font(0)
                    font.setBold(True)
                    group.setFont(0, font)
                    groups[case] = group
                item = QTreeWidgetItem([row.name, str(row.codings)])
                item.setData(0, ID_ROLE, row.id)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                item.setToolTip(0, f"{row.name} ({'transcript' if row.kind == 'transcript' else 'text'})")
                group.addChild(item)
                self._items.setdefault(row.id, item)
        for name in sorted(groups, key=lambda n: (n == NO_CASE, n.lower())):
            self.addTopLevelItem(groups[name])
            groups[name].setExpanded(True)
        if current in self._items:
            self.setCurrentItem(self._items[current])
        self.blockSignals(False)

    def select(self, document_id: int) -> None:
        item = self._items.get(document_id)
        if item is not None:
            self.setCurrentItem(item)

    def _on_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is not None and item.data(0, ID_ROLE) is not None:
            self.document_selected.emit(int(item.data(0, ID_ROLE)))
