"""The main window: documents, codebook and a document view over an open project."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core.changes import Changes
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.ui.text_units import utf16_offset


def _swatch(color: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def _panel(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    heading = QLabel(title)
    heading.setStyleSheet("font-weight: 600; color: palette(mid);")
    layout.addWidget(heading)
    layout.addWidget(widget)
    return box


class MainWindow(QMainWindow):
    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.setWindowTitle(f"{project.path.name} — QDA Desktop")
        self.resize(1200, 760)

        self.documents = QListWidget()
        self.codes = QTreeWidget()
        self.codes.setHeaderLabels(["Code", "Codings"])
        self.codes.setColumnWidth(0, 200)
        self.view = QTextEdit()
        self.view.setReadOnly(True)
        self.view.setStyleSheet("QTextEdit { font-size: 11pt; padding: 12px; }")

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(_panel("Documents", self.documents))
        left.addWidget(_panel("Codebook", self.codes))
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setSizes([320, 880])
        self.setCentralWidget(splitter)

        self._build_menus()
        self.documents.currentItemChanged.connect(lambda *_: self._show_current_document())
        project.subscribe(self._on_changes)
        self.refresh()

    def _build_menus(self) -> None:
        edit = self.menuBar().addMenu("&Edit")
        self.undo_action = QAction("Undo", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = QAction("Redo", self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.undo_action.triggered.connect(self.project.undo)
        self.redo_action.triggered.connect(self.project.redo)
        edit.addActions([self.undo_action, self.redo_action])
        self._update_undo_actions()

    def _update_undo_actions(self) -> None:
        undo, redo = self.project.history.undo_label, self.project.history.redo_label
        self.undo_action.setText(f"Undo {undo}" if undo else "Undo")
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setText(f"Redo {redo}" if redo else "Redo")
        self.redo_action.setEnabled(redo is not None)

    def _on_changes(self, changes: Changes) -> None:
        self.refresh()
        self.statusBar().showMessage(f"{changes.kind.capitalize()}: {changes.label}", 4000)

    def refresh(self) -> None:
        with self.project.read() as session:
            self._dump = project_dump(session)
        current = self.documents.currentRow()
        self.documents.blockSignals(True)
        self.documents.clear()
        for doc in self._dump["documents"]:
            cases = ", ".join(doc["cases"])
            item = QListWidgetItem(f"{doc['name']}" + (f"   ·  {cases}" if cases else ""))
            item.setData(Qt.ItemDataRole.UserRole, doc["name"])
            self.documents.addItem(item)
        self.documents.blockSignals(False)
        self.documents.setCurrentRow(max(current, 0) if self._dump["documents"] else -1)
        self._fill_codes()
        self._show_current_document()
        self._update_undo_actions()
        docs, codes = len(self._dump["documents"]), len(self._dump["codes"])
        self.statusBar().showMessage(
            f"{docs} documents · {codes} codes · {len(self._dump['codings'])} codings"
        )

    def _fill_codes(self) -> None:
        counts: dict[str, int] = {}
        for coding in self._dump["codings"]:
            counts[coding["code"]] = counts.get(coding["code"], 0) + 1
        self.codes.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for code in self._dump["codes"]:
            parent = items.get(code["parent"]) if code["parent"] else None
            item = QTreeWidgetItem([code["name"], str(counts.get(code["path"], 0))])
            item.setIcon(0, _swatch(code["color"]))
            item.setToolTip(0, code["definition"])
            if parent is None:
                self.codes.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[code["path"]] = item
        self.codes.expandAll()

    def _show_current_document(self) -> None:
        item = self.documents.currentItem()
        if item is None:
            self.view.clear()
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        doc = next(d for d in self._dump["documents"] if d["name"] == name)
        colors = {c["path"]: c["color"] for c in self._dump["codes"]}
        self.view.setPlainText(doc["text"])
        cursor = QTextCursor(self.view.document())
        for coding in self._dump["codings"]:
            if coding["document"] != name or coding["detached"]:
                continue
            fmt = QTextCharFormat()
            color = QColor(colors[coding["code"]])
            color.setAlpha(70)
            fmt.setBackground(color)
            cursor.setPosition(utf16_offset(doc["text"], coding["start"]))
            cursor.setPosition(utf16_offset(doc["text"], coding["end"]), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
