"""Memos and the reflexive journal: a list of notes and an editor that saves as you type."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

SAVE_AFTER_MS = 800
ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Note:
    id: int
    title: str
    text: str
    subtitle: str  # what the memo is about, or the journal entry's date


class NotesPanel(QWidget):
    """Shows notes; emits ``save_requested`` after a pause in typing and ``new_requested``."""

    new_requested = Signal()
    save_requested = Signal(int, str, str)  # id, title, text
    delete_requested = Signal(int)

    def __init__(self, new_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(new_label)
        self.delete_button = QPushButton("Delete")
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        self.list = QListWidget()
        self.title = QLineEdit(placeholderText="Title")
        self.about = QLabel("")
        self.about.setStyleSheet("color: palette(mid);")
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText("Write here. Changes are saved as you type.")
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.title)
        editor_layout.addWidget(self.about)
        editor_layout.addWidget(self.body)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(editor)
        split.setSizes([140, 260])
        layout.addLayout(buttons)
        layout.addWidget(split)
        self._notes: dict[int, Note] = {}
        self._current: int | None = None
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save_now)
        self.title.textEdited.connect(lambda _: self._timer.start())
        self.body.textChanged.connect(self._on_body_changed)
        self.list.currentItemChanged.connect(self._on_current)
        self.new_button.clicked.connect(self.new_requested.emit)
        self.delete_button.clicked.connect(self._delete)
        self._loading = False
        self._set_editor_enabled(False)

    def set_notes(self, notes: list[Note], select: int | None = None) -> None:
        self.save_now()
        keep = select if select is not None else self._current
        self._notes = {n.id: n for n in notes}
        self.list.blockSignals(True)
        self.list.clear()
        for note in notes:
            item = QListWidgetItem(f"{note.title or 'Untitled'}  ·  {note.subtitle}")
            item.setData(ID_ROLE, note.id)
            self.list.addItem(item)
            if note.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._show(keep if keep in self._notes else None)

    def select(self, note_id: int) -> None:
        """Show one of the listed notes."""
        self.set_notes(list(self._notes.values()), select=note_id)

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        self.save_now()
        self._show(int(item.data(ID_ROLE)) if item is not None else None)

    def _show(self, note_id: int | None) -> None:
        self._current = note_id
        note = self._notes.get(note_id) if note_id is not None else None
        self._loading = True
        if note is None or self.title.text() != note.title:
            self.title.setText(note.title if note else "")
        if note is None or self.body.toPlainText() != note.text:
            self.body.setPlainText(note.text if note else "")
        self.about.setText(note.subtitle if note else "")
        self._loading = False
        self._set_editor_enabled(note is not None)

    def _set_editor_enabled(self, enabled: bool) -> None:
        for widget in (self.title, self.body, self.delete_button):
            widget.setEnabled(enabled)

    def _on_body_changed(self) -> None:
        if not self._loading:
            self._timer.start()

    def save_now(self) -> None:
        self._timer.stop()
        note = self._notes.get(self._current) if self._current is not None else None
        if note is None:
            return
        title, text = self.title.text(), self.body.toPlainText()
        if (title, text) != (note.title, note.text):
            self._notes[note.id] = Note(note.id, title, text, note.subtitle)
            self.save_requested.emit(note.id, title, text)

    def _delete(self) -> None:
        if self._current is not None:
            self.delete_requested.emit(self._current)
