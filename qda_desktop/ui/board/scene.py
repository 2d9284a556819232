"""The board scene: draws a ``BoardState``, lets the user drag, select and drop cards, and reports
what should be saved (positions, a code dropped on a theme) as signals; it never writes itself."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneContextMenuEvent, QGraphicsSceneMouseEvent

from qda_desktop.core.board_state import BoardState, Card, Link, Point
from qda_desktop.ui.board.items import CardItem, ConnectorItem

SCENE_MARGIN = 400.0


class BoardScene(QGraphicsScene):
    moved = Signal(object)  # {card key: (x, y)} — cards the user moved, one step
    grouped = Signal(object, int, object)  # code ids, theme id, {card key: (x, y)} — codes dropped on a theme
    activated = Signal(int)  # a card double-clicked (its key)
    menu_requested = Signal(int, QPoint)  # a card right-clicked (its key), where (on screen)

    def __init__(self, state: BoardState | None = None) -> None:
        super().__init__()
        self.state = state or BoardState()
        self.cards: dict[int, CardItem] = {}
        self.connectors: dict[int, ConnectorItem] = {}
        self._dragging = False
        self._hint: CardItem | None = None
        self._syncing = False
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # cards move often; few hundred items
        self.selectionChanged.connect(self._selection_to_state)

    # -- building ------------------------------------------------------------------

    def show_board(self, cards: list[Card], links: list[Link]) -> None:
        """Draw new contents; the selection keeps the cards that are still there."""
        self.state.load(cards, links)
        self._syncing = True
        self.clear()
        self.cards = {}
        self.connectors = {}
        self._hint = None
        for card in self.state.cards.values():
            item = CardItem(card)
            self.addItem(item)
            self.cards[card.key] = item
        self._add_member_lines()
        for link in self.state.links.values():
            connector = ConnectorItem(self.cards[link.source], self.cards[link.target], link.label, link.key)
            self.addItem(connector)
            self.connectors[link.key] = connector
        for key in self.state.selection:
            self.cards[key].setSelected(True)
        self._syncing = False
        self._grow_rect()

    def _add_member_lines(self) -> None:
        """A dashed line from each code card to each theme card on the board that groups it."""
        codes = {c.ref_id: self.cards[c.key] for c in self.state.cards.values() if c.kind == "code"}
        for card in self.state.cards.values():
            if card.kind in ("theme", "subtheme"):
                for code_id in card.members:
                    if code_id in codes:
                        self.addItem(ConnectorItem(codes[code_id], self.cards[card.key]))

    def _grow_rect(self) -> None:
        box = self.itemsBoundingRect().adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)
        self.setSceneRect(box.united(self.sceneRect()) if not self.sceneRect().isEmpty() else box)

    def content_rect(self, margin: float = 24.0) -> QRectF:
        return self.itemsBoundingRect().adjusted(-margin, -margin, margin, margin)

    # -- selection -----------------------------------------------------------------------

    def _selection_to_state(self) -> None:
        if not self._syncing:
            self.state.select(item.key for item in self.selectedItems() if isinstance(item, CardItem))

    def select_keys(self, keys: list[int]) -> None:
        self._syncing = True
        self.clearSelection()
        for key in keys:
            if key in self.cards:
                self.cards[key].setSelected(True)
        self._syncing = False
        self._selection_to_state()

    def selected_link(self) -> int | None:
        keys = [item.key for item in self.selectedItems() if isinstance(item, ConnectorItem) and item.key]
        return keys[0] if len(keys) == 1 else None

    # -- dragging and dropping -----------------------------------------------------------

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        under = self.itemAt(event.scenePos(), self.views()[0].transform()) if self.views() else None
        self._dragging = event.button() == Qt.MouseButton.LeftButton and isinstance(under, CardItem)
        if self._dragging:
            self._selection_to_state()
            self.state.begin_move()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if self._dragging:
            for key in self.state.moving:
                self.cards[key].follow()
            self._show_drop_hint(self._drop_theme(event.scenePos()))

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if not self._dragging:
            return
        self._dragging = False
        self._show_drop_hint(None)
        self.finish_drag(event.scenePos())

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        item = self.itemAt(event.scenePos(), self.views()[0].transform()) if self.views() else None
        if isinstance(item, CardItem):
            self.activated.emit(item.key)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        item = self.itemAt(event.scenePos(), self.views()[0].transform()) if self.views() else None
        if isinstance(item, CardItem):
            if not item.isSelected():
                self.select_keys([item.key])
            self.menu_requested.emit(item.key, event.screenPos())
            event.accept()

    def finish_drag(self, drop_at: QPointF) -> None:
        """The drag ended at ``drop_at``: snap the moved cards and report them (with a theme when code
        cards were dropped on one)."""
        for key in list(self.state.moving):
            pos = self.cards[key].pos()
            self.state.set_position(key, (pos.x(), pos.y()))
        theme = self._drop_theme(drop_at)
        codes = self.state.selected_codes()
        moved = self.state.finish_move()
        self.place(moved)
        if theme is not None and theme.ref_id is not None and codes and moved:  # a click is not a drop
            self.grouped.emit(codes, theme.ref_id, moved)
        elif moved:
            self.moved.emit(moved)

    def _drop_theme(self, point: QPointF) -> Card | None:
        if not self.state.selected_codes():
            return None
        return self.state.drop_target((point.x(), point.y()), self.state.selection)

    def _show_drop_hint(self, card: Card | None) -> None:
        item = self.cards.get(card.key) if card is not None else None
        if item is not self._hint:
            if self._hint is not None:
                self._hint.set_drop_hint(False)
            if item is not None:
                item.set_drop_hint(True)
            self._hint = item

    # -- moving from code --------------------------------------------------------------

    def place(self, positions: dict[int, Point]) -> None:
        """Put cards where the state says (after snapping, a nudge or a reload)."""
        for key in positions:
            card = self.state.cards[key]
            self.cards[key].move_to(card.x, card.y)

    def nudge(self, steps_x: int, steps_y: int) -> None:
        moved = self.state.nudge(steps_x, steps_y)
        self.place(moved)
        if moved:
            self.moved.emit(moved)

    # -- background ------------------------------------------------------------------------

    def drawBackground(self, painter: QPainter, area: QRectF | QRect) -> None:
        """A light grid every five snap steps (left out when zoomed far out)."""
        rect = QRectF(area)
        painter.fillRect(rect, QColor("#f8f9fa"))
        grid = self.state.grid * 5
        if grid <= 0 or painter.transform().m11() * grid < 24:
            return
        painter.setPen(QPen(QColor("#dadce0"), 0))
        left = int(rect.left() // grid) * grid
        top = int(rect.top() // grid) * grid
        x = left
        while x < rect.right():
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            x += grid
        y = top
        while y < rect.bottom():
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            y += grid
