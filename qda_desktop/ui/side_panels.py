"""Documents grouped by case, retrieval of coded extracts, and project search."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from qda_desktop.core.case_table import natural_key
from qda_desktop.core.listings import DocumentRow, ExtractInContext
from qda_desktop.core.queries import Hit

ID_ROLE = Qt.ItemDataRole.UserRole
RANGE_ROLE = Qt.ItemDataRole.UserRole + 1
NO_CASE = "Not linked to a case"


def _one_line(text: str) -> str:
    return " ".join(text.split())


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


class RetrievalPanel(QWidget):
    """All extracts of the selected code(s), with source, participant and context."""

    jump_requested = Signal(int, int, int)  # document id, start, end
    play_requested = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("Select a code to see its extracts.")
        self.title.setWordWrap(True)
        self.play_button = QPushButton("Play extract")
        self.play_button.setToolTip("Play the selected extract's audio (transcripts with a recording)")
        self.play_button.clicked.connect(self._play_current)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Extract", "Document", "Case"])
        self.list.setRootIsDecorated(False)
        self.list.setWordWrap(True)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.header().setStretchLastSection(False)
        self.list.itemDoubleClicked.connect(self._jump)
        self.list.itemActivated.connect(self._jump)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.play_button)
        layout.addLayout(top)
        layout.addWidget(self.list)

    def _play_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            start, end = item.data(0, RANGE_ROLE)
            self.play_requested.emit(int(item.data(0, ID_ROLE)), int(start), int(end))

    def show_extracts(self, code_name: str, extracts: list[ExtractInContext]) -> None:
        docs = len({e.document_id for e in extracts})
        self.title.setText(f"<b>{html.escape(code_name)}</b> — {len(extracts)} extracts in {docs} documents")
        self.list.clear()
        for extract in extracts:
            item = QTreeWidgetItem([_one_line(extract.text), extract.document, ", ".join(extract.cases)])
            item.setData(0, ID_ROLE, extract.document_id)
            item.setData(0, RANGE_ROLE, (extract.start, extract.end))
            context = f"…{html.escape(extract.before)}<b>{html.escape(extract.text)}</b>{html.escape(extract.after)}…"
            memo = f"<br><i>Memo: {html.escape(extract.memo)}</i>" if extract.memo else ""
            item.setToolTip(0, f"<p style='white-space: pre-wrap'>{context}</p>{memo}")
            self.list.addTopLevelItem(item)

    def clear_extracts(self) -> None:
        self.title.setText("Select a code to see its extracts.")
        self.list.clear()

    def _jump(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        start, end = item.data(0, RANGE_ROLE)
        self.jump_requested.emit(int(item.data(0, ID_ROLE)), int(start), int(end))


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
