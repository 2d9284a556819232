"""The codebook: a filterable tree of codes with counts, drag to move or to code text."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QDropEvent, QIcon, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core.listings import CodeRow
from qda_desktop.core.workspace import code_paths
from qda_desktop.ui.document_view import CODE_MIME

ID_ROLE = Qt.ItemDataRole.UserRole
MIN_NAME_WIDTH = 160  # the name column fits its longest name, leaving room for the counts, never narrower


def code_tooltip(path: str, row: CodeRow) -> str:
    """A code's full path and its definition, with the rules for using it where there are any."""
    parts = [f"<b>{escape(path)}</b>", escape(row.definition) if row.definition else "<i>No definition yet</i>"]
    for label, text in (("Use when", row.inclusion), ("Do not use when", row.exclusion), ("Example", row.example)):
        if text:
            parts.append(f"<i>{label}:</i> {escape(text)}")
    return f"<p style='white-space: pre-wrap; max-width: 420px'>{'<br>'.join(parts)}</p>"


def swatch(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class CodeTree(QTreeWidget):
    """Tree of codes. Dropping a code on another asks to move it there (the project decides)."""

    move_requested = Signal(int, object, int)  # code id, new parent id or None, position
    apply_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(["Code", "Codings", "Docs"])
        self.setColumnCount(3)
        header = self.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)  # names are not cut to fit
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setUniformRowHeights(True)
        self.itemDoubleClicked.connect(lambda item, _col: self.apply_requested.emit(item.data(0, ID_ROLE)))
        self._fitting = False
        self.user_sized = False  # once the user drags the name column's edge, their width stays
        header.sectionResized.connect(self._on_section_resized)

    def fit_names(self) -> None:
        """Make the name column as wide as the longest name (indent included) while the counts still show,
        unless the user has sized it."""
        if self.user_sized:
            return
        self._fitting = True
        counts = self.columnWidth(1) + self.columnWidth(2)
        room = max(self.viewport().width() - counts, MIN_NAME_WIDTH)
        self.setColumnWidth(0, min(max(self.sizeHintForColumn(0) + 8, MIN_NAME_WIDTH), room))
        self._fitting = False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column == 0 and not self._fitting:
            self.user_sized = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_names()

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME]

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        if items:
            mime.setData(CODE_MIME, QByteArray(str(items[0].data(0, ID_ROLE)).encode()))
            mime.setText(items[0].text(0))
        return mime

    def dropEvent(self, event: QDropEvent) -> None:
        source = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        if source is None:
            event.ignore()
            return
        indicator = self.dropIndicatorPosition()
        event.ignore()  # the tree is rebuilt from the project after the move
        code_id = int(source.data(0, ID_ROLE))
        if target is None or indicator == QAbstractItemView.DropIndicatorPosition.OnViewport:
            self.move_requested.emit(code_id, None, self.topLevelItemCount())
            return
        if indicator == QAbstractItemView.DropIndicatorPosition.OnItem:
            self.move_requested.emit(code_id, int(target.data(0, ID_ROLE)), target.childCount())
            return
        parent = target.parent()
        parent_id = int(parent.data(0, ID_ROLE)) if parent else None
        index = parent.indexOfChild(target) if parent else self.indexOfTopLevelItem(target)
        if indicator == QAbstractItemView.DropIndicatorPosition.BelowItem:
            index += 1
        self.move_requested.emit(code_id, parent_id, index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        current = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current is not None:
            self.apply_requested.emit(int(current.data(0, ID_ROLE)))
            return
        super().keyPressEvent(event)


class CodebookPanel(QWidget):
    """Filter box plus code tree; emits what the user asks for, the window runs the commands."""

    code_selected = Signal(object)  # code id or None
    rename_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit(placeholderText="Filter codes…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.tree = CodeTree()
        self.menu = QMenu(self)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(lambda pos: self.menu.exec(self.tree.viewport().mapToGlobal(pos)))
        self.tree.currentItemChanged.connect(lambda *_: self.code_selected.emit(self.current_code()))
        self.tree.itemChanged.connect(self._on_item_changed)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self._items: dict[int, QTreeWidgetItem] = {}
        self._rows: dict[int, CodeRow] = {}

    def current_code(self) -> int | None:
        item = self.tree.currentItem()
        return int(item.data(0, ID_ROLE)) if item is not None else None

    def select_code(self, code_id: int) -> None:
        item = self._items.get(code_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    def row(self, code_id: int) -> CodeRow | None:
        return self._rows.get(code_id)

    def rows(self) -> list[CodeRow]:
        return list(self._rows.values())

    def set_codes(self, rows: list[CodeRow]) -> None:
        """Rebuild the tree, keeping the selection, expansion and scroll position.

        When only the counts changed (the usual case after coding), the items are updated in place.
        """
        if [r.id for r in rows] == list(self._rows) and all(
            (r.name, r.parent_id, r.color, r.definition, r.inclusion, r.exclusion, r.example)
            == (o.name, o.parent_id, o.color, o.definition, o.inclusion, o.exclusion, o.example)
            for r, o in zip(rows, self._rows.values(), strict=True)
        ):
            self.tree.blockSignals(True)
            for row in rows:
                item = self._items[row.id]
                item.setText(1, str(row.codings))
                item.setText(2, str(row.documents))
            self.tree.blockSignals(False)
            self._rows = {r.id: r for r in rows}
            return
        current = self.current_code()
        collapsed = {cid for cid, item in self._items.items() if item.childCount() and not item.isExpanded()}
        scroll = self.tree.verticalScrollBar().value()
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items = {}
        self._rows = {r.id: r for r in rows}
        paths = code_paths(rows)
        for row in rows:
            item = QTreeWidgetItem([row.name, str(row.codings), str(row.documents)])
            item.setData(0, ID_ROLE, row.id)
            item.setIcon(0, swatch(row.color))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight)
            tip = code_tooltip(paths[row.id], row)
            for column in range(3):
                item.setToolTip(column, tip)
            parent = self._items.get(row.parent_id) if row.parent_id is not None else None
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            self._items[row.id] = item
        for cid, item in self._items.items():
            item.setExpanded(cid not in collapsed)
        if current in self._items:
            self.tree.setCurrentItem(self._items[current])
        self.tree.blockSignals(False)
        self.tree.verticalScrollBar().setValue(scroll)
        self._apply_filter(self.filter.text())
        self.tree.fit_names()

    def clear(self) -> None:
        """No project: no codes (and no items left to refer to)."""
        self.tree.clear()
        self._items, self._rows = {}, {}

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        code_id = int(item.data(0, ID_ROLE))
        row = self._rows.get(code_id)
        if column == 0 and row is not None and item.text(0).strip() != row.name:
            self.rename_requested.emit(code_id, item.text(0).strip())

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        visible: set[int] = set()
        if needle:
            for cid, row in self._rows.items():
                if needle in row.name.lower():
                    visible.add(cid)
                    parent = row.parent_id
                    while parent is not None and parent in self._rows:
                        visible.add(parent)
                        parent = self._rows[parent].parent_id
        for cid, item in self._items.items():
            item.setHidden(bool(needle) and cid not in visible)

    def index_of(self, code_id: int) -> QModelIndex:
        return self.tree.indexFromItem(self._items[code_id])
