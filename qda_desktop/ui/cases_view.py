"""The cases table: one row per case, one column per attribute, edited in place with typed editors.

The view only shows and asks: every edit leaves as a signal, and the controller runs it as a command.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMenu,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core.case_table import CaseTable, SpeakerLink

ID_ROLE = Qt.ItemDataRole.UserRole
TYPES = ("text", "integer", "number", "date", "boolean")
FIXED = 2  # columns before the attributes: case name, documents
BLANK_INT = -(10**9)  # the spin box's lowest value stands for "no value"


class ValueDelegate(QStyledItemDelegate):
    """A spin box for whole numbers and a date editor for dates; text editors otherwise."""

    def __init__(self, view: CasesView) -> None:
        super().__init__(view)
        self.view = view

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        value_type = self.view.type_of_column(index.column())
        if value_type == "integer":
            spin = QSpinBox(parent)
            spin.setRange(BLANK_INT, 10**9)
            spin.setSpecialValueText(" ")  # the lowest value shows as empty
            return spin
        if value_type == "date":
            edit = QDateEdit(parent)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            return edit
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QSpinBox):
            editor.setValue(int(text) if text else BLANK_INT)
        elif isinstance(editor, QDateEdit):
            day = QDate.fromString(text, "yyyy-MM-dd")
            editor.setDate(day if day.isValid() else QDate.currentDate())
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: object, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QSpinBox):
            value = "" if editor.value() == BLANK_INT else str(editor.value())
        elif isinstance(editor, QDateEdit):
            value = editor.date().toString("yyyy-MM-dd")
        else:
            super().setModelData(editor, model, index)  # type: ignore[arg-type]
            return
        item = self.view.table.item(index.row(), index.column())
        if item is not None:
            item.setText(value)


class CasesView(QWidget):
    add_case_requested = Signal()
    rename_requested = Signal(int, str)  # case id, new name
    delete_requested = Signal(list)  # case ids
    merge_requested = Signal(int, list)  # survivor, merged case ids
    value_edited = Signal(int, int, str)  # case id, attribute id, value
    add_attribute_requested = Signal()
    rename_attribute_requested = Signal(int)
    retype_requested = Signal(int, str)  # attribute id, type
    delete_attribute_requested = Signal(int)
    link_documents_requested = Signal(int)  # case id: link the documents selected in the list
    import_requested = Signal()
    speaker_link_requested = Signal(str, object)  # speaker, case id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self._data = CaseTable((), ())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # a tool bar, not a row of buttons: it folds into a » menu when the panel is narrow
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.buttons: dict[str, QAction] = {}
        for key, text, tip in (
            ("add", "Add case", "Add a case and type its name"),
            ("merge", "Merge", "Merge the other selected cases into the current one"),
            ("delete", "Delete", "Delete the selected cases (their documents stay)"),
            ("attribute", "Add attribute", "Add a column; right-click its header to rename, retype or delete"),
            ("link", "Link documents", "Link the documents selected in the Documents list to the current case"),
            ("import", "Import…", "Import cases and attributes from a CSV or XLSX sheet"),
        ):
            action = bar.addAction(text)
            action.setToolTip(tip)
            self.buttons[key] = action
        self.summary = QLabel("")
        layout.addWidget(bar)
        layout.addWidget(self.summary)
        self.table = QTableWidget()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setItemDelegate(ValueDelegate(self))
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.table.itemChanged.connect(self._item_changed)
        layout.addWidget(self.table, 1)
        self.speakers = QGroupBox("Speakers of the open transcript")
        self.speaker_form = QFormLayout(self.speakers)
        self.speakers.hide()
        layout.addWidget(self.speakers)
        self.buttons["add"].triggered.connect(lambda: self.add_case_requested.emit())
        self.buttons["merge"].triggered.connect(lambda: self._merge())
        self.buttons["delete"].triggered.connect(lambda: self.delete_requested.emit(self.selected_cases()))
        self.buttons["attribute"].triggered.connect(lambda: self.add_attribute_requested.emit())
        self.buttons["link"].triggered.connect(lambda: self._link())
        self.buttons["import"].triggered.connect(lambda: self.import_requested.emit())

    # -- showing -------------------------------------------------------------------

    def set_cases(self, data: CaseTable) -> None:
        current = self.current_case()
        editor = self.table.indexWidget(self.table.currentIndex())
        if editor is not None:  # an edit left open would write into a row that is about to go
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self._data = data
        self._filling = True
        self.table.clear()
        headers = ["Case", "Documents", *(f"{a.name} ({a.value_type})" for a in data.attributes)]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(data.rows))
        for r, row in enumerate(data.rows):
            name = QTableWidgetItem(row.name)
            name.setData(ID_ROLE, row.id)
            self.table.setItem(r, 0, name)
            linked = "; ".join([*row.documents, *row.speakers])
            docs = QTableWidgetItem(linked or "—")
            docs.setFlags(docs.flags() & ~Qt.ItemFlag.ItemIsEditable)
            docs.setToolTip(linked or "No documents linked")
            self.table.setItem(r, 1, docs)
            for c, attribute in enumerate(data.attributes, start=FIXED):
                self.table.setItem(r, c, self._value_item(attribute.value_type, row.values.get(attribute.id, "")))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        header.resizeSection(1, min(header.sectionSize(1), 220))
        self._filling = False
        self.summary.setText(self._summary(data))
        self._enable_buttons(data)
        if current is not None:
            self.select_case(current)

    @staticmethod
    def _summary(data: CaseTable) -> str:
        cases = len(data.rows)
        unlinked = sum(not (r.documents or r.speakers) for r in data.rows)
        text = f"{cases} case{'s' if cases != 1 else ''}, {len(data.attributes)} attribute"
        text += "s" if len(data.attributes) != 1 else ""
        return text + (f"; {unlinked} without documents" if unlinked else "")

    def _enable_buttons(self, data: CaseTable) -> None:
        for key in ("merge", "delete", "link"):
            self.buttons[key].setEnabled(bool(data.rows))

    @staticmethod
    def _value_item(value_type: str, value: str) -> QTableWidgetItem:
        item = QTableWidgetItem()
        if value_type == "boolean":
            item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
            states = {"true": Qt.CheckState.Checked, "false": Qt.CheckState.Unchecked}
            item.setCheckState(states.get(value, Qt.CheckState.PartiallyChecked))
            item.setToolTip({"true": "yes", "false": "no"}.get(value, "no value"))
        else:
            item.setText(value)
            if value_type in ("integer", "number"):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def show_speakers(self, document: str | None, links: list[SpeakerLink]) -> None:
        """One case chooser per named speaker of the open transcript (hidden for other documents)."""
        while self.speaker_form.rowCount():
            self.speaker_form.removeRow(0)
        self.speakers.setVisible(bool(document and links))
        if not document or not links:
            return
        self.speakers.setTitle(f"Speakers of {document}")
        for link in links:
            combo = QComboBox()
            combo.addItem("— no case —", None)
            for row in self._data.rows:
                combo.addItem(row.name, row.id)
            combo.setCurrentIndex(max(0, combo.findData(link.case_id)) if link.case_id is not None else 0)
            combo.currentIndexChanged.connect(partial(self._speaker_chosen, link.speaker, combo))
            self.speaker_form.addRow(f"{link.speaker}:", combo)

    def _speaker_chosen(self, speaker: str, combo: QComboBox, _index: int) -> None:
        # on the next turn: the link rebuilds these choosers, this one included
        QTimer.singleShot(0, partial(self.speaker_link_requested.emit, speaker, combo.currentData()))

    # -- reading the table -------------------------------------------------------------

    def type_of_column(self, column: int) -> str:
        index = column - FIXED
        return self._data.attributes[index].value_type if 0 <= index < len(self._data.attributes) else "text"

    def attribute_of_column(self, column: int) -> int | None:
        index = column - FIXED
        return self._data.attributes[index].id if 0 <= index < len(self._data.attributes) else None

    def case_of_row(self, row: int) -> int:
        item = self.table.item(row, 0)
        assert item is not None
        return int(item.data(ID_ROLE))

    def current_case(self) -> int | None:
        row = self.table.currentRow()
        return self.case_of_row(row) if 0 <= row < self.table.rowCount() else None

    def selected_cases(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.case_of_row(r) for r in rows]

    def select_case(self, case_id: int) -> None:
        for row in range(self.table.rowCount()):
            if self.case_of_row(row) == case_id:
                self.table.setCurrentCell(row, 0)
                return

    def edit_case_name(self, case_id: int) -> None:
        self.select_case(case_id)
        self.table.editItem(self.table.currentItem())

    # -- edits out ------------------------------------------------------------------------

    def _item_changed(self, item: QTableWidgetItem) -> None:
        """Send the edit on the next turn: running it rebuilds the table, which must not happen
        while Qt is still inside this item's signal."""
        if self._filling:
            return
        case_id = self.case_of_row(item.row())
        if item.column() == 0:
            QTimer.singleShot(0, partial(self.rename_requested.emit, case_id, item.text()))
            return
        attribute = self.attribute_of_column(item.column())
        if attribute is None:
            return
        if self.type_of_column(item.column()) == "boolean":
            state = item.checkState()
            value = "" if state == Qt.CheckState.PartiallyChecked else str(state == Qt.CheckState.Checked).lower()
        else:
            value = item.text()
        QTimer.singleShot(0, partial(self.value_edited.emit, case_id, attribute, value))

    def _merge(self) -> None:
        current, selected = self.current_case(), self.selected_cases()
        if current is not None and len(selected) > 1:
            self.merge_requested.emit(current, [c for c in selected if c != current])

    def _link(self) -> None:
        current = self.current_case()
        if current is not None:
            self.link_documents_requested.emit(current)

    def _header_menu(self, pos: QPoint) -> None:
        column = self.table.horizontalHeader().logicalIndexAt(pos)
        attribute = self.attribute_of_column(column)
        if attribute is None:
            return
        menu = QMenu(self)
        menu.addAction("Rename attribute…", lambda: self.rename_attribute_requested.emit(attribute))
        types = menu.addMenu("Type")
        for value_type in TYPES:
            action = types.addAction(value_type, partial(self.retype_requested.emit, attribute, value_type))
            action.setCheckable(True)
            action.setChecked(value_type == self.type_of_column(column))
        menu.addAction("Delete attribute", lambda: self.delete_attribute_requested.emit(attribute))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _row_menu(self, pos: QPoint) -> None:
        if self.current_case() is None:
            return
        menu = QMenu(self)
        menu.addAction("Rename case", lambda: self.edit_case_name(self.current_case() or 0))
        menu.addAction("Link selected documents to this case", self._link)
        merge = menu.addAction("Merge selected cases into this one", self._merge)
        merge.setEnabled(len(self.selected_cases()) > 1)
        menu.addAction("Delete selected cases", lambda: self.delete_requested.emit(self.selected_cases()))
        menu.exec(self.table.viewport().mapToGlobal(pos))
