"""Documents grouped by case."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from qda_desktop.core.case_table import natural_key
from qda_desktop.core.listings import DocumentRow

ID_ROLE = Qt.ItemDataRole.UserRole
NO_CASE = "Not linked to a case"


class DocumentsPanel(QTreeWidget):
    """Documents grouped by case (a document of two cases is under both); a flat list when there are none."""

    document_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Document", "Codings"])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(False)
        self.setRootIsDecorated(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # to link several to a case
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)  # the cases controller fills it
        self.currentItemChanged.connect(self._on_current)
        self._items: dict[int, list[QTreeWidgetItem]] = {}

    def clear(self) -> None:
        """Empty the list (closing a project): the next list is built afresh, not updated in place."""
        super().clear()
        self._shown: list[tuple[int, str, tuple[str, ...]]] | None = None
        self._items = {}

    def set_documents(self, rows: list[DocumentRow], current: int | None) -> None:
        if [(r.id, r.name, r.cases) for r in rows] == getattr(self, "_shown", None):
            for row in rows:  # only counts changed: update in place
                for item in self._items[row.id]:
                    item.setText(1, str(row.codings))
            self._count_groups()
            return
        self.blockSignals(True)
        self.clear()
        self._shown = [(r.id, r.name, r.cases) for r in rows]
        grouped = any(row.cases for row in rows)
        self.setRootIsDecorated(grouped)
        groups: dict[str, QTreeWidgetItem] = {}
        for row in rows:
            item = QTreeWidgetItem([row.name, str(row.codings)])
            item.setData(0, ID_ROLE, row.id)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            kind = "transcript" if row.kind == "transcript" else "text"
            cases = f"; cases: {', '.join(row.cases)}" if row.cases else ""
            item.setToolTip(0, f"{row.name} ({kind}{cases})")
            self._items.setdefault(row.id, []).append(item)
            if not grouped:
                self.addTopLevelItem(item)
                continue
            for n, case in enumerate(row.cases or (NO_CASE,)):
                if n:  # the same document under a further case: its own item
                    item = item.clone()
                    self._items[row.id].append(item)
                if case not in groups:
                    groups[case] = self._group(case)
                groups[case].addChild(item)
        for name in sorted(groups, key=lambda n: (n == NO_CASE, natural_key(n))):
            group = groups[name]
            group.setToolTip(0, f"{name}: {group.childCount()} document{'s' if group.childCount() != 1 else ''}")
            self.addTopLevelItem(group)
            group.setExpanded(True)
        self._count_groups()
        if current in self._items:
            self.setCurrentItem(self._items[current][0])
        self.blockSignals(False)

    def _count_groups(self) -> None:
        """A case's row shows the codings of its documents, together."""
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            if group is not None and group.childCount():
                children = (group.child(j) for j in range(group.childCount()))
                group.setText(1, str(sum(int(c.text(1)) for c in children if c is not None)))

    @staticmethod
    def _group(case: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem([case, ""])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        group.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        if case == NO_CASE:
            font.setItalic(True)
            group.setFont(0, font)
        return group

    def select(self, document_id: int) -> None:
        items = self._items.get(document_id)
        if items and self.currentItem() not in items:
            self.setCurrentItem(items[0])

    def selected_documents(self) -> list[int]:
        """The selected documents (the current one when nothing else is), each once, in list order."""
        current = self.currentItem()
        items = self.selectedItems() or ([current] if current is not None else [])
        ids = [item.data(0, ID_ROLE) for item in items]
        return list(dict.fromkeys(int(i) for i in ids if i is not None))

    def _on_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is not None and item.data(0, ID_ROLE) is not None:
            self.document_selected.emit(int(item.data(0, ID_ROLE)))
