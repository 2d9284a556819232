"""The theme board: a dock with several boards per project, kept in step with the codebook through
the window's change records; every gesture is one command (a multi-card drag is one undo step)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog, QMainWindow, QMenu, QMessageBox

from qda_desktop.core import theme_views
from qda_desktop.core.board_state import Point
from qda_desktop.core.changes import Changes
from qda_desktop.core.commands import (
    AddBoard,
    AddCodesToTheme,
    AddLink,
    AddNote,
    Batch,
    Command,
    ItemMove,
    MoveItems,
    PlaceItems,
    RemoveCodesFromTheme,
    RemoveItems,
    RemoveLink,
    RenameBoard,
    ThemeFromCodes,
    UpdateItem,
    UpdateTheme,
)
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError
from qda_desktop.exchange.report import plural
from qda_desktop.ui.board.audit import AuditDialog
from qda_desktop.ui.board.cards import AddThemeCard, board_cards, flatten, missing_placements
from qda_desktop.ui.board.export import export_board
from qda_desktop.ui.board.panel import BoardPanel
from qda_desktop.ui.board.review import ReviewUi
from qda_desktop.ui.board.snapshots import SnapshotsUi
from qda_desktop.ui.controllers.base import Controller, Host
from qda_desktop.ui.theme import app_settings

AREAS = {"themes", "theme_codes", "theme_extracts", "boards", "board_items", "board_links", "codes", "codings"}
AREAS |= {"cases", "document_cases", "documents"}
LINK_LABELS = ["leads to", "tension with", "part of", "contrasts with", "supports"]


class ThemesController(Controller):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.panel = BoardPanel()
        self.board_id: int | None = None
        self._fitted: int | None = None
        self._moving: set[int] = set()  # cards whose move is being saved
        window = host.window()
        assert isinstance(window, QMainWindow)
        self.dock = QDockWidget("Theme board", window)
        self.dock.setObjectName("Theme board")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        analysis = window.findChild(QDockWidget, "Analysis")
        if analysis is not None:
            window.tabifyDockWidget(analysis, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(self._fit_once)
        self.review = ReviewUi(host)
        self.snapshots = SnapshotsUi(host, self.panel)
        self.audit: AuditDialog | None = None
        self._connect()

    def _connect(self) -> None:
        p, scene = self.panel, self.panel.scene
        p.board_chosen.connect(self.show_board)
        p.new_board.triggered.connect(self.new_board)
        p.rename_board.triggered.connect(self.rename_board)
        p.add_codes.triggered.connect(self.add_missing)
        p.new_theme.triggered.connect(self.new_theme)
        p.make_theme.triggered.connect(self.make_theme)
        p.new_note.triggered.connect(self.new_note)
        p.link.triggered.connect(self.link_selected)
        p.remove.triggered.connect(self.remove_selected)
        p.review.triggered.connect(self.review_selected)
        p.snapshot.triggered.connect(lambda: self.snapshots.take(self.board_id))
        p.compare.triggered.connect(lambda: self.snapshots.compare(self.board_id))
        p.timeline.triggered.connect(lambda: self.snapshots.timeline(self.board_id))
        p.export.triggered.connect(self.export_image)
        scene.moved.connect(self.save_moves)
        scene.grouped.connect(self.group_codes)
        scene.activated.connect(self.card_activated)
        scene.menu_requested.connect(self.card_menu)

    def add_menu_actions(self) -> None:
        window = self.host.window()
        assert isinstance(window, QMainWindow)
        self.menu = QMenu("T&hemes", window)
        window.menuBar().insertMenu(self.host.menu("view").menuAction(), self.menu)
        add = self.host.add_action
        self.show_action = add(self.menu, "Theme &board", self.show_dock, "Ctrl+Shift+B")
        add(self.menu, "&New board…", self.new_board)
        add(self.menu, "&Review selected theme…", self.review_selected)
        self.menu.addSeparator()
        add(self.menu, "Take &snapshot…", lambda: self.snapshots.take(self.board_id))
        add(self.menu, "&Compare snapshots…", lambda: self.snapshots.compare(self.board_id))
        add(self.menu, "Snapshot &timeline…", lambda: self.snapshots.timeline(self.board_id))
        add(self.menu, "&Export board image…", self.export_image)
        self.menu.addSeparator()
        add(self.menu, "&Audit log…", self.show_audit)

    # -- hooks ----------------------------------------------------------------------

    def project_opened(self, project: Project) -> None:
        boards = [b.id for b in theme_views.boards(project)]
        last = app_settings().value(f"boards/{project.uuid}")  # the board shown last time, if still there
        last_id = int(last) if isinstance(last, (int, str)) and str(last).isdigit() else None
        self.board_id = last_id if last_id in boards else (boards[0] if boards else None)
        self._fitted = None
        self.refresh(boards_too=True)
        if boards and self.dock.isHidden():  # a project with boards shows the board's tab (behind the others)
            self.dock.show()
            analysis = self.host.window().findChild(QDockWidget, "Analysis")
            if isinstance(analysis, QDockWidget) and not analysis.isHidden():
                analysis.raise_()

    def before_close(self) -> None:
        self.review.save_pending()

    def project_closed(self) -> None:
        self.board_id = None
        self.dock.hide()  # the start page shows no panels
        self.panel.set_boards([], None)
        self.panel.scene.show_board([], [])
        self.review.close()
        self.snapshots.close()
        if self.audit is not None:
            self.audit.close()
            self.audit.deleteLater()
            self.audit = None

    def changed(self, changes: Changes) -> None:
        areas = changes.areas
        if self._own_moves(changes):
            return  # the cards are already where the user put them
        if areas & AREAS or "snapshots" in areas:
            self.refresh(boards_too=bool(areas & {"boards", "snapshots"}))
            self.snapshots.refresh()
        if areas & (AREAS | {"journal", "journal_links"}):
            self.review.refresh()
        if self.audit is not None and self.audit.isVisible():
            self.audit.refresh()

    # -- showing ---------------------------------------------------------------------

    def show_dock(self) -> None:
        self.dock.show()
        self.dock.raise_()
        window = self.host.window()
        assert isinstance(window, QMainWindow)
        window.resizeDocks([self.dock], [int(window.width() * 0.6)], Qt.Orientation.Horizontal)
        self.panel.view.setFocus()
        self._fit_once(True)

    def _fit_once(self, visible: bool) -> None:
        """The first time a board is seen, it is shown whole."""
        if visible and self.board_id is not None and self._fitted != self.board_id:
            self._fitted = self.board_id
            self.panel.view.fit()

    def show_board(self, board_id: int) -> None:
        self.board_id = board_id
        if self.project is not None:
            app_settings().setValue(f"boards/{self.project.uuid}", board_id)
        self.panel.scene.state.selection.clear()
        self.refresh()
        self._fitted = board_id
        self.panel.view.fit()

    def refresh(self, boards_too: bool = False) -> None:
        project = self.project
        if project is None:
            return
        if boards_too:
            rows = theme_views.boards(project)
            if self.board_id not in {b.id for b in rows}:
                self.board_id = rows[0].id if rows else None
                if rows and self.dock.isHidden():  # the first board came (an import): show it
                    self.dock.show()
            self.panel.set_boards([(b.id, b.name) for b in rows], self.board_id)
        view = theme_views.board_view(project, self.board_id) if self.board_id is not None else None
        if view is None:
            self.panel.scene.show_board([], [])
            return
        cards, links = board_cards(view)
        self.panel.scene.show_board(cards, links)

    # -- boards ------------------------------------------------------------------------

    def _ask(self, title: str, label: str, value: str = "") -> str | None:
        text, ok = QInputDialog.getText(self.host.window(), title, label, text=value)
        return text.strip() if ok and text.strip() else None

    def new_board(self) -> None:
        name = self._ask("New board", "Name of the new board:", "Themes")
        changes = self.host.run(AddBoard(name)) if name else None
        if changes is not None:
            self.show_dock()
            self.show_board(changes.result)
            self.refresh(boards_too=True)

    def rename_board(self) -> None:
        if self.board_id is None:
            return
        name = self._ask("Rename board", "New name of the board:", self.panel.boards.currentText())
        if name:
            self.host.run(RenameBoard(self.board_id, name))

    # -- cards ---------------------------------------------------------------------------

    def add_missing(self) -> None:
        """Every theme and code that is not on the board yet, placed where it touches nothing."""
        project, state = self.project, self.panel.scene.state
        if project is None or self.board_id is None:
            return
        themes = flatten(theme_views.theme_tree(project))
        placements = missing_placements(state, [*themes, *[(c, "code") for c in self.host.workspace.paths]])
        if placements:
            self.host.run(PlaceItems(self.board_id, tuple(placements)))
        else:
            self.host.status("Every theme and code is on this board already")

    def new_theme(self) -> None:
        if self.board_id is None:
            return
        name = self._ask("New theme", "Name of the new theme:")
        if name:
            self.host.run(AddThemeCard(name, self.board_id, self.panel.scene.state.free_spot("theme")))

    def make_theme(self) -> None:
        state = self.panel.scene.state
        codes = state.selected_codes()
        if self.board_id is None or not codes:
            self.host.status("Select code cards first (click, Ctrl+click or drag a rectangle)")
            return
        name = self._ask("Theme from codes", f"Name of the theme for the {len(codes)} selected code(s):")
        if not name:
            return
        chosen = [state.cards[k] for k in state.selection if state.cards[k].kind == "code"]
        near = (min(c.x for c in chosen), min(c.y for c in chosen) - 160)
        x, y = state.free_spot("theme", near)
        self.host.run(ThemeFromCodes(name, tuple(codes), board_id=self.board_id, x=x, y=y))

    def new_note(self) -> None:
        if self.board_id is None:
            return
        text = self._ask("New note", "Note:")
        if text:
            self.host.run(AddNote(self.board_id, text, *self.panel.scene.state.free_spot("note")))

    def link_selected(self) -> None:
        state = self.panel.scene.state
        chosen = sorted((state.cards[k] for k in state.selection), key=lambda c: (c.x, c.y))
        if len(chosen) != 2:
            self.host.status("Select exactly two cards to link")
            return
        label, ok = QInputDialog.getItem(
            self.host.window(), "Link cards", f"“{chosen[0].title}” … “{chosen[1].title}”:", LINK_LABELS, 0, True
        )
        if ok:
            self.host.run(AddLink(chosen[0].key, chosen[1].key, label.strip()))

    def remove_selected(self) -> None:
        scene = self.panel.scene
        link = scene.selected_link()
        if link is not None:
            self.host.run(RemoveLink(link))
        elif scene.state.selection:
            self.host.run(RemoveItems(tuple(sorted(scene.state.selection))))

    def save_moves(self, moved: dict[int, Point]) -> None:
        moves = tuple(ItemMove(key, x, y) for key, (x, y) in sorted(moved.items()))
        self._moving = set(moved)
        try:
            if self.host.run(MoveItems(moves)) is None:
                self.refresh()  # refused: put the cards back
        finally:
            self._moving = set()

    def _own_moves(self, changes: Changes) -> bool:
        """True for the record of a move this board just saved: nothing else changed, nothing to redraw."""
        items = changes.table("board_items")
        return (
            changes.kind == "do"
            and changes.areas == {"board_items"}
            and not items.inserted
            and not items.deleted
            and bool(items.updated)
            and items.updated <= self._moving
        )

    def group_codes(self, code_ids: list[int], theme_id: int, moved: dict[int, Point]) -> None:
        """Code cards dropped on a theme: they join it and line up below its card, in one step."""
        state = self.panel.scene.state
        theme_card = state.theme_card_of(theme_id)
        positions = dict(moved)
        if theme_card is not None:
            for code_id in code_ids:
                card = state.code_card_of(code_id)
                if card is not None:
                    card.x, card.y = -10000.0, -10000.0  # out of the way while finding its new place
                    card.x, card.y = state.spot_below(theme_card.key)
                    positions[card.key] = (card.x, card.y)
        moves = tuple(ItemMove(key, x, y) for key, (x, y) in sorted(positions.items()))
        name = theme_card.title if theme_card else "theme"
        steps: list[Command[Any]] = [AddCodesToTheme(theme_id, tuple(code_ids)), MoveItems(moves)]
        label = f"Add {plural(len(code_ids), 'code')} to theme '{name}'"
        if self.host.run(Batch(label, steps)) is None:
            self.refresh()

    def card_activated(self, key: int) -> None:
        card = self.panel.scene.state.cards.get(key)
        if card is None:
            return
        if card.kind in ("theme", "subtheme") and card.ref_id is not None:
            self.review.open(card.ref_id)
        elif card.kind == "code" and card.ref_id is not None:
            self.show_code(card.ref_id)
        elif card.kind == "note":
            text = self._ask("Edit note", "Note:", card.text)
            if text is not None:
                self.host.run(UpdateItem(key, text=text))

    def card_menu(self, key: int, where: QPoint) -> None:
        """A card's own actions: review or rename a theme, show a code in the codebook or take it out of a
        theme, edit a note; and take the card off the board."""
        menu = self.card_actions(key)
        if not menu.isEmpty():
            menu.exec(where)

    def card_actions(self, key: int) -> QMenu:
        state, menu = self.panel.scene.state, QMenu(self.panel)
        card = state.cards.get(key)
        if card is None:
            return menu
        ref = card.ref_id
        if card.kind in ("theme", "subtheme") and ref is not None:
            menu.addAction("Review theme…", lambda: self.review.open(ref))
            menu.addAction("Rename theme…", lambda: self.rename_theme(ref, card.title))
        elif card.kind == "code" and ref is not None:
            menu.addAction("Show in the codebook", lambda: self.show_code(ref))
            for theme in (c for c in state.cards.values() if ref in c.members):
                theme_id = theme.ref_id
                if theme_id is not None:
                    take_out = RemoveCodesFromTheme(theme_id, (ref,))
                    menu.addAction(f"Take out of “{theme.title}”", partial(self.host.run, take_out))
        elif card.kind == "note":
            menu.addAction("Edit note…", lambda: self.card_activated(key))
        menu.addSeparator()
        menu.addAction("Remove from board", self.remove_selected)
        return menu

    def rename_theme(self, theme_id: int, name: str) -> None:
        new = self._ask("Rename theme", "New name of the theme:", name)
        if new and new != name:
            self.host.run(UpdateTheme(theme_id, {"name": new}))

    def show_code(self, code_id: int) -> None:
        """The codebook selects the code and lists its extracts."""
        codebook = getattr(self.host.window(), "codes", None)
        if codebook is not None and hasattr(codebook, "codebook"):
            codebook.codebook.select_code(code_id)
            codebook.show_extracts(code_id)

    def review_selected(self) -> None:
        themes = self.panel.scene.state.selected_themes()
        if not themes:
            self.host.status("Select a theme card to review")
            return
        self.review.open(themes[0])

    def show_audit(self) -> AuditDialog | None:
        if self.project is None:
            return None
        if self.audit is None or self.audit.project is not self.project:
            self.audit = AuditDialog(self.project, self.host.window())
        self.audit.refresh()
        self.audit.show()
        self.audit.raise_()
        return self.audit

    def export_image(self) -> None:
        if self.board_id is None:
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self.host.window(), "Export board image", "board.png", "PNG image (*.png);;SVG (*.svg);;PDF (*.pdf)"
        )
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> Path | None:
        try:
            done = export_board(self.panel.scene, path, self.panel.boards.currentText() or "Theme board")
        except QdaError as exc:
            QMessageBox.warning(self.host.window(), "Cannot export", str(exc))
            return None
        self.host.status(f"Board saved as {done.name}")
        return done
