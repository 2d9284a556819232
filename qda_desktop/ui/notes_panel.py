"""Memos and the reflexive journal: a list of notes and an editor that saves as you type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDateEdit,
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
KEY_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Note:
    key: str  # what the controller stores it under ("memo:3", "code:5", "journal:2")
    title: str
    text: str
    subtitle: str  # what the memo is about, or the journal entry's date
    own_title: bool = True  # False: the title is a code's name, shown but not edited here
    day: date | None = None  # journal entries


class NotesPanel(QWidget):
    """Shows notes; emits ``save_requested`` after a pause in typing, ``date_changed`` when a dated note's
    day is changed, and ``new_requested`` (unless the New button was given a menu)."""

    new_requested = Signal()
    save_requested = Signal(str, str, str)  # key, title, text
    delete_requested = Signal(str)
    date_changed = Signal(str, object)  # key, datetime.date

    def __init__(self, new_label: str, with_dates: bool = False, parent: QWidget | None = None) -> None:
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
        self.list.setWordWrap(True)
        self.title = QLineEdit(placeholderText="Title")
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")
        self.day.setToolTip("The day this entry is about")
        self.day.setVisible(with_dates)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.day)
        self.about = QLabel("")
        self.about.setWordWrap(True)
        self.about.setStyleSheet("color: palette(mid);")
        self.about.setVisible(not with_dates)  # a dated note's subtitle is its date, shown in the date box
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText("Write here. Changes are saved as you type.")
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(heading)
        editor_layout.addWidget(self.about)
        editor_layout.addWidget(self.body)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(editor)
        split.setSizes([140, 260])
        layout.addLayout(buttons)
        layout.addWidget(split)
        self._with_dates = with_dates
        self._notes: dict[str, Note] = {}
        self._current: str | None = None
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save_now)
        self.title.textEdited.connect(lambda _: self._timer.start())
        self.body.textChanged.connect(self._on_body_changed)
        self.day.dateChanged.connect(self._on_day_changed)
        self.list.currentItemChanged.connect(self._on_current)
        self.new_button.clicked.connect(self._on_new)
        self.delete_button.clicked.connect(self._delete)
        self._loading = False
        self._set_editor_enabled(False)

    @property
    def current(self) -> str | None:
        return self._current

    def set_notes(self, notes: list[Note], select: str | None = None) -> None:
        self.save_now()
        keep = select if select is not None else self._current
        self._notes = {n.key: n for n in notes}
        self.list.blockSignals(True)
        self.list.clear()
        for note in notes:
            item = QListWidgetItem(f"{note.title or 'Untitled'}  ·  {note.subtitle}")
            item.setData(KEY_ROLE, note.key)
            item.setToolTip(note.subtitle)
            self.list.addItem(item)
            if note.key == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._show(keep if keep in self._notes else None)

    def select(self, key: str) -> None:
        """Show one of the listed notes."""
        self.set_notes(list(self._notes.values()), select=key)

    def _on_new(self) -> None:
        if self.new_button.menu() is None:
            self.new_requested.emit()

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        self.save_now()
        self._show(str(item.data(KEY_ROLE)) if item is not None else None)

    def _show(self, key: str | None) -> None:
        self._current = key
        note = self._notes.get(key) if key is not None else None
        self._loading = True
        if note is None or self.title.text() != note.title:
            self.title.setText(note.title if note else "")
        if note is None or self.body.toPlainText() != note.text:
            self.body.setPlainText(note.text if note else "")
        if note is not None and note.day is not None:
            self.day.setDate(QDate(note.day.year, note.day.month, note.day.day))
        self.about.setText(note.subtitle if note else "")
        self._loading = False
        self._set_editor_enabled(note is not None)
        self.title.setReadOnly(note is not None and not note.own_title)

    def _set_editor_enabled(self, enabled: bool) -> None:
        for widget in (self.title, self.body, self.delete_button, self.day):
            widget.setEnabled(enabled)

    def _on_body_changed(self) -> None:
        if not self._loading:
            self._timer.start()

    def _on_day_changed(self, qdate: QDate) -> None:
        note = self._notes.get(self._current) if self._current is not None else None
        if self._loading or note is None or not self._with_dates:
            return
        day = date(qdate.year(), qdate.month(), qdate.day())
        if day != note.day:
            self.save_now()
            self._notes[note.key] = Note(note.key, note.title, note.text, day.isoformat(), note.own_title, day)
            self.date_changed.emit(note.key, day)

    def save_now(self) -> None:
        self._timer.stop()
        note = self._notes.get(self._current) if self._current is not None else None
        if note is None:
            return
        title, text = self.title.text(), self.body.toPlainText()
        if (title, text) != (note.title, note.text):
            self._notes[note.key] = Note(note.key, title, text, note.subtitle, note.own_title, note.day)
            self.save_requested.emit(note.key, title, text)

    def _delete(self) -> None:
        if self._current is not None:
            self.delete_requested.emit(self._current)
