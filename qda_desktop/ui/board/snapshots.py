"""Snapshots in the window: take one, compare two in a readable dialog, step through a board's
snapshots on a timeline (the board as it was, and what changed since the one before)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGraphicsItem,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QSlider,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core import snapshot_diff, theme_views
from qda_desktop.core.board_state import snapshot_cards
from qda_desktop.core.commands import TakeSnapshot
from qda_desktop.core.project import Project
from qda_desktop.exchange.report import plural
from qda_desktop.ui.board.items import CardItem
from qda_desktop.ui.board.scene import BoardScene
from qda_desktop.ui.board.view import BoardView
from qda_desktop.ui.controllers.base import Host

SECTIONS = (
    ("themes_added", "Themes added"),
    ("themes_removed", "Themes removed"),
    ("themes_renamed", "Themes renamed"),
    ("themes_merged", "Themes merged"),
    ("themes_regrouped", "Themes moved in the theme tree"),
    ("status_changes", "Status changes"),
    ("codes_moved", "Codes moved between themes"),
    ("codes_added", "Codes added to the codebook"),
    ("codes_removed", "Codes removed from the codebook"),
)


def when(at: datetime) -> str:
    return at.strftime("%d %b %Y, %H:%M")


def describe(field: str, entry: Any) -> str:
    """One change as a sentence fragment (HTML-escaped)."""
    if field == "themes_renamed":
        old, new = entry
        return f"“{esc(old)}” is now “{esc(new)}”"
    if field == "themes_merged":
        gone, into = entry
        return f"“{esc(gone)}” went into “{esc(into)}”"
    if field == "themes_regrouped":
        name, old, new = entry
        return f"“{esc(name)}”: from under “{esc(old)}” to under “{esc(new)}”"
    if field == "status_changes":
        name, old, new = entry
        return f"“{esc(name)}”: {esc(old.replace('_', ' '))} → <b>{esc(new.replace('_', ' '))}</b>"
    if field == "codes_moved":
        left = ", ".join(f"“{esc(t)}”" for t in entry.from_themes)
        joined = ", ".join(f"“{esc(t)}”" for t in entry.to_themes)
        change = " and ".join(part for part in (left and f"left {left}", joined and f"joined {joined}") if part)
        return f"<b>{esc(entry.code)}</b> {change}"
    return f"“{esc(str(entry))}”"


def diff_html(diff: snapshot_diff.SnapshotDiff, older: str, newer: str) -> str:
    head = f"<h3>From “{esc(older)}” to “{esc(newer)}”</h3>"
    if diff.is_empty:
        return head + "<p>Nothing changed in the themes or the codebook.</p>"
    parts = [head]
    for field, title in SECTIONS:
        entries = getattr(diff, field, ())
        if entries:
            items = "".join(f"<li>{describe(field, e)}</li>" for e in entries)
            parts.append(f"<h4>{title} ({len(entries)})</h4><ul>{items}</ul>")
    return "".join(parts)


def frozen(project: Project, snapshot_id: int) -> dict[str, Any]:
    """A snapshot's frozen data ({} when it is gone: deleted since the dialog opened)."""
    return theme_views.snapshot_data(project, snapshot_id) or {}


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CompareDialog(QDialog):
    def __init__(self, host: Host, rows: list[theme_views.SnapshotRow], parent: QWidget) -> None:
        super().__init__(parent)
        self.host, self.rows = host, rows
        self.setWindowTitle("Compare snapshots")
        self.resize(640, 560)
        self.older, self.newer = QComboBox(), QComboBox()
        for combo in (self.older, self.newer):
            for row in rows:
                combo.addItem(f"{row.name} — {when(row.taken_at)}", row.id)
        self.older.setCurrentIndex(max(0, len(rows) - 2))
        self.newer.setCurrentIndex(len(rows) - 1)
        self.text = QTextBrowser()
        picks = QHBoxLayout()
        picks.addWidget(QLabel("Older:"))
        picks.addWidget(self.older, 1)
        picks.addWidget(QLabel("Newer:"))
        picks.addWidget(self.newer, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(picks)
        box.addWidget(self.text, 1)
        box.addWidget(buttons)
        self.older.currentIndexChanged.connect(self.show_diff)
        self.newer.currentIndexChanged.connect(self.show_diff)
        self.show_diff()

    def show_diff(self) -> None:
        project = self.host.project
        if project is None:
            return
        older, newer = self.older.currentData(), self.newer.currentData()
        diff = snapshot_diff.compare(frozen(project, older), frozen(project, newer))
        self.text.setHtml(diff_html(diff, self.older.currentText(), self.newer.currentText()))


class TimelineDialog(QDialog):
    """A slider over the board's snapshots, oldest first: the board as it was and what changed."""

    def __init__(self, host: Host, rows: list[theme_views.SnapshotRow], parent: QWidget) -> None:
        super().__init__(parent)
        self.host, self.rows = host, rows
        self.setWindowTitle("Snapshot timeline")
        self.resize(1100, 720)
        self.scene = BoardScene()
        self.view = BoardView(self.scene)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, len(rows) - 1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setPageStep(1)
        self.caption = QLabel()
        self.changes = QTextBrowser()
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(self.changes)
        split.setSizes([760, 340])
        box = QVBoxLayout(self)
        box.addWidget(self.caption)
        box.addWidget(self.slider)
        box.addWidget(split, 1)
        self.slider.valueChanged.connect(self.show_step)
        self.slider.setValue(len(rows) - 1)
        self.show_step(self.slider.value())

    def show_step(self, index: int) -> None:
        project = self.host.project
        if project is None or not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        data = frozen(project, row.id)
        cards, links = snapshot_cards(data)
        self.scene.show_board(cards, links)
        for item in self.scene.items():  # a snapshot is frozen: look, do not touch
            if isinstance(item, CardItem):
                item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, False)
        self.view.fit()
        QTimer.singleShot(0, self.view.fit)  # again once the dialog has its size
        counts = f"{plural(row.themes, 'theme')}, {plural(row.codes, 'code')}"
        self.caption.setText(
            f"<b>{index + 1} of {len(self.rows)}: {esc(row.name)}</b> — {when(row.taken_at)} — {counts}"
        )
        if index == 0:
            self.changes.setHtml("<p>The first snapshot of this board.</p>")
            return
        before = self.rows[index - 1]
        diff = snapshot_diff.compare(frozen(project, before.id), data)
        self.changes.setHtml(diff_html(diff, before.name, row.name))


class SnapshotsUi:
    def __init__(self, host: Host, parent: QWidget) -> None:
        self.host = host
        self.parent = parent
        self.dialog: QDialog | None = None

    def _window(self) -> QMainWindow:
        window = self.host.window()
        assert isinstance(window, QMainWindow)
        return window

    def take(self, board_id: int | None) -> int | None:
        if board_id is None or self.host.project is None:
            self.host.status("Open or make a board first")
            return None
        default = f"Snapshot {datetime.now().strftime('%d %b %Y %H:%M')}"
        name, ok = QInputDialog.getText(self._window(), "Take snapshot", "Name of the snapshot:", text=default)
        changes = self.host.run(TakeSnapshot(board_id, name.strip())) if ok and name.strip() else None
        return changes.result if changes is not None else None

    def _rows(self, board_id: int | None, need: int) -> list[theme_views.SnapshotRow] | None:
        project = self.host.project
        if board_id is None or project is None:
            return None
        rows = theme_views.snapshots(project, board_id)
        if len(rows) < need:
            self.host.status(f"This board needs at least {plural(need, 'snapshot')} for that")
            return None
        return rows

    def compare(self, board_id: int | None) -> CompareDialog | None:
        rows = self._rows(board_id, 2)
        return self._show(CompareDialog(self.host, rows, self._window())) if rows else None

    def timeline(self, board_id: int | None) -> TimelineDialog | None:
        rows = self._rows(board_id, 1)
        return self._show(TimelineDialog(self.host, rows, self._window())) if rows else None

    def _show(self, dialog: Any) -> Any:
        self.close()
        self.dialog = dialog
        dialog.show()
        return dialog

    def refresh(self) -> None:
        """Snapshots are frozen: an open dialog stays as it is (a new snapshot shows when it is reopened)."""

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
