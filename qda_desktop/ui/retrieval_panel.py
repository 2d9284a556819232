"""Retrieval for analysis: a code's extracts in full, with sub-codes, filters, sorting, grouping and context."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core.retrieval import (
    SORT_KEYS,
    ContextUnit,
    Extract,
    FilterChoices,
    InContext,
    RetrievalQuery,
    SortKey,
    extracts_summary,
    group_by_case,
)
from qda_desktop.core.wording import plural

ID_ROLE = Qt.ItemDataRole.UserRole
RANGE_ROLE = Qt.ItemDataRole.UserRole + 1
EXTRACT_ROLE = Qt.ItemDataRole.UserRole + 2
ATTRIBUTE_SEP = "\x1f"  # between an attribute's name and value in the filter's item data
PROMPT = "Select a code to see its extracts."
CONTEXT_UNITS: tuple[tuple[str, ContextUnit], ...] = (
    ("Extract", "extract"),
    ("Sentence", "sentence"),
    ("Paragraph", "paragraph"),
)


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's current width (a tree does not wrap by itself)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        indent = self.tree.indentation() * (2 if index.parent().isValid() else 1) if index.column() == 0 else 0
        width = max(40, self.tree.columnWidth(index.column()) - indent - 12)
        bounds = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(size.width(), max(size.height(), bounds.height() + 6))


class RetrievalPanel(QWidget):
    """All extracts of the selected code, with source, case, sub-code and context on demand."""

    jump_requested = Signal(int, int, int)  # document id, start, end
    play_requested = Signal(int, int, int)
    query_changed = Signal()  # an option changed: the controller retrieves again
    context_requested = Signal(object, str)  # Extract, context unit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(PROMPT)
        self.title.setWordWrap(True)
        self.play_button = QPushButton("Play extract")
        self.play_button.setToolTip("Play the selected extract's audio (transcripts with a recording)")
        self.play_button.clicked.connect(self._play_current)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.play_button)
        layout.addLayout(top)
        layout.addLayout(self._options_row())
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Extract", "Document", "Case", "Code"])
        self.list.setRootIsDecorated(False)
        self.list.setWordWrap(True)
        self.list.setUniformRowHeights(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setItemDelegate(WrappingDelegate(self.list))
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 84)
        header.setStretchLastSection(False)
        self._relayout = QTimer(self, singleShot=True, interval=50)
        self._relayout.timeout.connect(self.list.doItemsLayout)  # re-wrap the extracts to the new width
        header.sectionResized.connect(lambda *_: self._relayout.start())
        self.list.itemDoubleClicked.connect(self._jump)
        self.list.itemActivated.connect(self._jump)
        self.list.currentItemChanged.connect(lambda *_: self._ask_context())
        self.context_view = QTextBrowser()
        self.context_view.setPlaceholderText("Select an extract to read it in context.")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.context_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

    def _options_row(self) -> QVBoxLayout:
        """Two short rows, so that the panel stays narrow enough to share the window."""
        self.sub_codes = QCheckBox("Sub-codes")
        self.sub_codes.setChecked(True)
        self.sub_codes.setToolTip("Include sub-codes: a parent code's extracts and its sub-codes', labelled in Code")
        self.case_filter = QComboBox()
        self.case_filter.setToolTip("Only extracts from one case")
        self.attribute_filter = QComboBox()
        self.attribute_filter.setToolTip("Only extracts from cases with this attribute value")
        self.sort = QComboBox()
        for key in SORT_KEYS:
            self.sort.addItem(f"By {key}", key)
        self.sort.setToolTip("Sort by document, by case, or by place in the document")
        self.group = QCheckBox("Per participant")
        self.group.setToolTip("One heading per case (participant), with its extracts below")
        self.context_unit = QComboBox()
        for label, unit in CONTEXT_UNITS:
            self.context_unit.addItem(label, unit)
        self.context_unit.setCurrentIndex(1)
        self.context_unit.setToolTip("Context: how much of the text around the selected extract to show below")
        for combo in (self.case_filter, self.attribute_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)  # long attribute values must not widen the whole dock
        self.set_filter_choices(FilterChoices((), {}))
        first, second = QHBoxLayout(), QHBoxLayout()
        for widget in (self.sub_codes, self.group, self.sort):
            first.addWidget(widget)
        first.addStretch(1)
        for widget in (self.case_filter, self.attribute_filter):
            second.addWidget(widget, 1)
        second.addWidget(self.context_unit, 0, Qt.AlignmentFlag.AlignRight)
        rows = QVBoxLayout()
        rows.addLayout(first)
        rows.addLayout(second)
        for check in (self.sub_codes, self.group):
            check.toggled.connect(lambda _on: self.query_changed.emit())
        for combo in (self.case_filter, self.attribute_filter, self.sort):
            combo.activated.connect(lambda _index: self.query_changed.emit())
        self.context_unit.activated.connect(lambda _index: self._ask_context())
        return rows

    # -- options -------------------------------------------------------------------

    def set_filter_choices(self, choices: FilterChoices) -> None:
        """Offer the project's cases and attribute values, keeping the current choice when it still exists."""
        case, attribute = self.case_filter.currentData(), self.attribute_filter.currentData()
        self.case_filter.clear()
        self.case_filter.addItem("All cases", None)
        for name in choices.cases:
            self.case_filter.addItem(name, name)
        self.attribute_filter.clear()
        self.attribute_filter.addItem("Any attribute", None)
        for name, values in choices.attributes.items():
            for value in values:
                self.attribute_filter.addItem(f"{name} = {value}", f"{name}{ATTRIBUTE_SEP}{value}")
        self.case_filter.setCurrentIndex(max(0, self.case_filter.findData(case)))
        self.attribute_filter.setCurrentIndex(max(0, self.attribute_filter.findData(attribute)))
        for combo in (self.case_filter, self.attribute_filter):
            combo.setVisible(combo.count() > 1)

    def query(self, code_id: int) -> RetrievalQuery:
        attribute = self.attribute_filter.currentData()
        sort: SortKey = self.sort.currentData() or "document"
        return RetrievalQuery(
            code_id,
            include_sub_codes=self.sub_codes.isChecked(),
            case=self.case_filter.currentData(),
            attribute=tuple(attribute.split(ATTRIBUTE_SEP, 1)) if attribute else None,
            sort=sort,
        )

    # -- extracts ------------------------------------------------------------------

    def show_extracts(self, code_name: str, extracts: list[Extract]) -> None:
        self.title.setText(f"<b>{html.escape(code_name)}</b> — {html.escape(extracts_summary(extracts))}")
        self.list.clear()
        self.context_view.clear()
        grouped = self.group.isChecked()
        self.list.setRootIsDecorated(grouped)
        if not grouped:
            self.list.addTopLevelItems([self._item(e) for e in extracts])
            return
        for label, items in group_by_case(extracts):
            docs = len({e.document_id for e in items})
            group = QTreeWidgetItem([f"{label} — {plural(len(items), 'extract')} in {plural(docs, 'document')}"])
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.addChildren([self._item(e) for e in items])
            self.list.addTopLevelItem(group)
            group.setExpanded(True)

    def _item(self, extract: Extract) -> QTreeWidgetItem:
        code = extract.sub_code or "(this code)"
        item = QTreeWidgetItem([extract.text.strip(), extract.document, extract.case_label, code])
        item.setData(0, ID_ROLE, extract.document_id)
        item.setData(0, RANGE_ROLE, (extract.start, extract.end))
        item.setData(0, EXTRACT_ROLE, extract)
        item.setToolTip(3, extract.code)
        if extract.memo:
            item.setToolTip(0, f"Memo: {extract.memo}")
        return item

    def extract_items(self) -> list[QTreeWidgetItem]:
        """Every extract row, inside groups or not, in the order shown."""
        out: list[QTreeWidgetItem] = []
        for i in range(self.list.topLevelItemCount()):
            top = self.list.topLevelItem(i)
            if top is None:
                continue
            if top.data(0, EXTRACT_ROLE) is not None:
                out.append(top)
            out.extend(c for j in range(top.childCount()) if (c := top.child(j)) is not None)
        return out

    def clear_extracts(self) -> None:
        self.title.setText(PROMPT)
        self.list.clear()
        self.context_view.clear()

    # -- context on demand -----------------------------------------------------------

    def _ask_context(self) -> None:
        item = self.list.currentItem()
        extract = item.data(0, EXTRACT_ROLE) if item is not None else None
        if isinstance(extract, Extract):
            self.context_requested.emit(extract, self.context_unit.currentData())

    def show_context(self, extract: Extract, context: InContext) -> None:
        colors = self.palette()
        back, fore = colors.highlight().color().name(), colors.highlightedText().color().name()
        marked = f"<b style='background-color: {back}; color: {fore}'>{html.escape(context.text)}</b>"
        body = f"{html.escape(context.before)}{marked}{html.escape(context.after)}"
        source = f"{html.escape(extract.document)} · {html.escape(extract.case_label)} · {html.escape(extract.code)}"
        memo = f"<p><i>Memo: {html.escape(extract.memo)}</i></p>" if extract.memo else ""
        self.context_view.setHtml(f"<p style='white-space: pre-wrap'>{body}</p><p><small>{source}</small></p>{memo}")

    # -- jumping and playing ---------------------------------------------------------

    def _play_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(0, RANGE_ROLE) is not None:
            start, end = item.data(0, RANGE_ROLE)
            self.play_requested.emit(int(item.data(0, ID_ROLE)), int(start), int(end))

    def _jump(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if item.data(0, RANGE_ROLE) is None:
            return  # a case heading
        start, end = item.data(0, RANGE_ROLE)
        self.jump_requested.emit(int(item.data(0, ID_ROLE)), int(start), int(end))
