"""What the window shows with no project open: New, Open, Open demo, and the recent projects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qda_desktop.core.settings import RecentProject

PATH_ROLE = Qt.ItemDataRole.UserRole


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(object)  # Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("QDA Desktop")
        title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        blurb = QLabel(
            "Qualitative analysis that stays on this computer: one encrypted project file holds your texts, "
            "recordings, codes, memos and journal."
        )
        blurb.setWordWrap(True)
        self.new_button = QPushButton("New project…")
        self.open_button = QPushButton("Open project…")
        self.demo_button = QPushButton("Open the demo project")
        self.demo_button.setToolTip("A small fictional study with codes, cases and memos, to try things out")
        buttons = QHBoxLayout()
        for button, signal in (
            (self.new_button, self.new_requested),
            (self.open_button, self.open_requested),
            (self.demo_button, self.demo_requested),
        ):
            button.setMinimumHeight(34)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.setAlternatingRowColors(True)
        self.recent.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # long folders shortened, names kept
        self.recent.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent.itemActivated.connect(self._open_item)
        self.no_recent = QLabel("No recent projects yet. Projects you open are listed here.")
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(blurb)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(18)
        column.addWidget(QLabel("<b>Recent projects</b> (double-click or Enter to open)"))
        column.addWidget(self.no_recent)
        column.addWidget(self.recent, 1)
        inner = QWidget()
        inner.setLayout(column)
        inner.setMaximumWidth(720)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 40, 40, 40)
        outer.addStretch(1)
        outer.addWidget(inner, 4)
        outer.addStretch(1)

    def set_recent(self, projects: list[RecentProject]) -> None:
        """List the recent projects by name with their folder; missing files are shown but cannot be opened."""
        self.recent.clear()
        for recent in projects:
            path = Path(recent.path)
            exists = path.exists()
            label = f"{path.name}    —    {path.parent}" + ("" if exists else "    (missing)")
            item = QListWidgetItem(label)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            if not exists:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        self.no_recent.setVisible(not projects)
        self.recent.setVisible(bool(projects))
        if projects:
            self.recent.setCurrentRow(0)

    def _open_item(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.recent_chosen.emit(Path(str(item.data(PATH_ROLE))))


def fill_recent_menu(menu: QMenu, projects: list[RecentProject], open_project: Callable[[Path], object]) -> None:
    """File > Open recent: the same projects as the start page, by file name (the folder in the tooltip)."""
    menu.clear()
    for recent in projects:
        path = Path(recent.path)
        action = menu.addAction(path.name)
        action.setToolTip(str(path.parent))
        action.setEnabled(path.exists())
        action.triggered.connect(lambda _c=False, p=path: open_project(p))
    if not menu.actions():
        menu.addAction("No recent projects").setEnabled(False)
