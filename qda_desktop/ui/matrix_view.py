"""The Matrix tab: codes × cases/documents/attribute values (or × codes), and the extracts of a cell."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.analysis.matrix import MatrixQuery, columns_by
from qda_desktop.core.retrieval import Extract, extracts_summary
from qda_desktop.ui.matrix_model import Grid, MatrixModel
from qda_desktop.ui.retrieval_panel import WrappingDelegate

RANGE_ROLE = Qt.ItemDataRole.UserRole
HINT = "Double-click a count to read its extracts."


class MatrixView(QWidget):
    options_changed = Signal()
    cell_opened = Signal(int, int)  # grid row, grid column (-1: the row's total)
    jump_requested = Signal(int, int, int)  # document id, start, end
    shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.columns = QComboBox()
        self.columns.setToolTip("What the columns are: cases, documents, or the values of a case attribute")
        self.sub_codes = QCheckBox("Sub-codes")
        self.sub_codes.setToolTip("Count each code's sub-codes into it, as retrieval does")
        self.cooccurrence = QCheckBox("Co-occurrence")
        self.cooccurrence.setToolTip(
            "Codes × codes: in how many places their extracts overlap in a document (the diagonal: own extracts)"
        )
        # two short rows and a combo box that may shrink, so that the tab stays as narrow as the others
        self.columns.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.columns.setMinimumContentsLength(10)
        row = QHBoxLayout()
        row.addWidget(QLabel("Columns:"))
        row.addWidget(self.columns, 1)
        layout.addLayout(row)
        switches = QHBoxLayout()
        switches.addWidget(self.sub_codes)
        switches.addWidget(self.cooccurrence)
        switches.addStretch(1)
        layout.addLayout(switches)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = MatrixModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        self.title = QLabel(HINT)
        self.title.setWordWrap(True)
        self.extracts = QTreeWidget()
        self.extracts.setHeaderLabels(["Extract", "Document", "Case", "Code"])
        self.extracts.setRootIsDecorated(False)
        self.extracts.setWordWrap(True)
        self.extracts.setUniformRowHeights(False)
        self.extracts.setItemDelegate(WrappingDelegate(self.extracts))
        header = self.extracts.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):  # narrow, as in the retrieval panel: the extract gets the room
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 84)
        header.setStretchLastSection(False)
        self.extracts.itemDoubleClicked.connect(self._jump)
        self.extracts.itemActivated.connect(self._jump)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.title)
        lower_layout.addWidget(self.extracts, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.columns.currentIndexChanged.connect(lambda _i: self.options_changed.emit())
        self.sub_codes.toggled.connect(lambda _on: self.options_changed.emit())
        self.cooccurrence.toggled.connect(self._cooccurrence_toggled)
        self.set_attributes(())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()

    # -- options -------------------------------------------------------------------------

    def set_attributes(self, names: tuple[str, ...]) -> None:
        """The column choices: cases, documents, then each attribute; the choice is kept when it still exists."""
        current = self.columns.currentData()
        self.columns.blockSignals(True)
        self.columns.clear()
        self.columns.addItem("Cases", ("cases", ""))
        self.columns.addItem("Documents", ("documents", ""))
        for name in names:
            self.columns.addItem(f"Attribute: {name}", ("attribute", name))
        found = self.columns.findData(current)
        self.columns.setCurrentIndex(max(found, 0))
        self.columns.blockSignals(False)

    def query(self) -> MatrixQuery:
        kind, attribute = self.columns.currentData() or ("cases", "")
        return MatrixQuery(columns_by(str(kind)), str(attribute), self.sub_codes.isChecked())

    def is_cooccurrence(self) -> bool:
        return self.cooccurrence.isChecked()

    def _cooccurrence_toggled(self, on: bool) -> None:
        self.columns.setEnabled(not on)
        self.options_changed.emit()

    # -- results -------------------------------------------------------------------------

    def show_grid(self, grid: Grid | None, summary: str) -> None:
        self.model.set_grid(grid)
        self.summary.setText(summary)
        self.clear_extracts()

    def _open(self, index: QModelIndex) -> None:
        found = self.model.cell(index.row(), index.column())
        if found is not None:
            self.cell_opened.emit(*found)

    def show_extracts(self, title: str, extracts: list[Extract]) -> None:
        self.title.setText(f"<b>{html.escape(title)}</b> — {html.escape(extracts_summary(extracts))}")
        self.extracts.clear()
        for extract in extracts:
            item = QTreeWidgetItem([extract.text.strip(), extract.document, extract.case_label, extract.code])
            item.setData(0, RANGE_ROLE, (extract.document_id, extract.start, extract.end))
            item.setToolTip(3, extract.code)
            self.extracts.addTopLevelItem(item)

    def clear_extracts(self) -> None:
        self.title.setText(HINT)
        self.extracts.clear()

    def _jump(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        found = item.data(0, RANGE_ROLE)
        if found is not None:
            self.jump_requested.emit(*found)
