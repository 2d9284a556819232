"""Retrieval of coded extracts for analysis."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core.listings import ExtractInContext

ID_ROLE = Qt.ItemDataRole.UserRole
RANGE_ROLE = Qt.ItemDataRole.UserRole + 1


def _one_line(text: str) -> str:
    return " ".join(text.split())


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
