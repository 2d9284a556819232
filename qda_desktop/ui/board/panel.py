"""The board panel: a toolbar (boards, cards, links, snapshots, zoom, export) over the board view.
It holds actions and widgets only; the themes controller connects them to commands."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QSizePolicy, QToolBar, QToolButton, QVBoxLayout, QWidget

from qda_desktop.ui.board.scene import BoardScene
from qda_desktop.ui.board.view import BoardView

HINT = "Drag codes onto a theme to group them · Ctrl+wheel zooms · middle button or Space+drag pans"


class BoardPanel(QWidget):
    board_chosen = Signal(int)  # a board id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = BoardScene()
        self.view = BoardView(self.scene)
        self.boards = QComboBox()
        self.boards.setMinimumContentsLength(10)
        self.boards.setToolTip("The board shown (a project can have several)")
        self.boards.currentIndexChanged.connect(self._chosen)
        self.zoom_label = QLabel("100%")
        self.view.zoomed.connect(lambda z: self.zoom_label.setText(f"{round(z * 100)}%"))
        self.empty = QLabel("No board yet: use Board ▸ New board to start grouping codes into themes.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.zoom_bar = QToolBar()
        self.zoom_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.zoom_bar)
        self.show_empty(True)

    def _action(self, text: str, tip: str, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)  # shortcuts work while the board has focus
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_board = a("New board…", "Start another board")
        self.rename_board = a("Rename board…", "Rename this board")
        self.add_codes = a("Add all", "Put every theme and code that is not on the board yet on it")
        self.new_theme = a("Theme", "A new, empty theme card")
        self.make_theme = a("Group as theme", "Make a theme from the selected code cards", "Ctrl+G")
        self.new_note = a("Note", "A free note card")
        self.link = a("Link", "Connect the two selected cards with a labelled line", "Ctrl+L")
        self.remove = a("Remove", "Take the selected cards (or link) off the board", "Delete")
        self.review = a("Review", "Review the selected theme's extracts by participant", "Ctrl+R")
        self.snapshot = a("Take snapshot…", "Save a named, dated copy of the board, codebook and themes")
        self.compare = a("Compare snapshots…", "Compare two snapshots of this board")
        self.timeline = a("Timeline…", "Step through this board's snapshots")
        self.export = a("Export image…", "Save the whole board as PNG, SVG or PDF")
        self.zoom_in = a("+", "Zoom in", "Ctrl++")
        self.zoom_out = a("−", "Zoom out", "Ctrl+-")
        self.fit = a("Fit", "Show the whole board", "Ctrl+0")
        self.snap = a("Snap", "Snap cards to the grid")
        self.snap.setCheckable(True)
        self.snap.setChecked(True)
        self.zoom_in.triggered.connect(self.view.zoom_in)
        self.zoom_out.triggered.connect(self.view.zoom_out)
        self.fit.triggered.connect(self.view.fit)
        self.snap.toggled.connect(self._set_snap)
        bar = self.toolbar
        bar.addWidget(self.boards)
        board_actions = [self.new_board, self.rename_board, self.export, None, self.snapshot, self.compare]
        bar.addWidget(self._menu_button("Board", [*board_actions, self.timeline]))
        bar.addSeparator()
        for action in (self.add_codes, self.new_theme, self.make_theme, self.new_note, self.link, self.remove):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.review)
        zoom = self.zoom_bar
        spacer = QWidget()  # the zoom controls sit on the right; nothing here widens the dock
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        zoom.addWidget(spacer)
        self.view.setStatusTip(HINT)
        for action in (self.zoom_out, self.zoom_in, self.fit, self.snap):
            zoom.addAction(action)
        zoom.addWidget(self.zoom_label)
        for button in [*bar.findChildren(QToolButton), *zoom.findChildren(QToolButton)]:
            button.setAutoRaise(True)

    def _menu_button(self, text: str, actions: list[QAction | None]) -> QToolButton:
        """A button with a menu (None: a separator)."""
        button = QToolButton()
        button.setText(text)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        button.setMenu(menu)
        return button

    def _set_snap(self, on: bool) -> None:
        self.scene.state.snap = on

    def _chosen(self, index: int) -> None:
        board_id = self.boards.itemData(index)
        if isinstance(board_id, int):
            self.board_chosen.emit(board_id)

    # -- contents ---------------------------------------------------------------------

    def set_boards(self, boards: list[tuple[int, str]], current: int | None) -> None:
        """The boards to choose from (id, name); ``current`` is shown selected, without a signal."""
        self.boards.blockSignals(True)
        self.boards.clear()
        for board_id, name in boards:
            self.boards.addItem(name, board_id)
        index = self.boards.findData(current) if current is not None else -1
        self.boards.setCurrentIndex(index)
        self.boards.blockSignals(False)
        self.show_empty(current is None)

    def show_empty(self, empty: bool) -> None:
        self.empty.setVisible(empty)
        self.view.setVisible(not empty)
        for action in self.actions():
            action.setEnabled(not empty or action is self.new_board)
