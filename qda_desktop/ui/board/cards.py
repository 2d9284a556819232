"""The core's theme and board views as the board's cards and links, and new cards' places."""

from __future__ import annotations

from qda_desktop.core import theme_views
from qda_desktop.core.board_state import BoardState, Card, CardKind, Link, Point
from qda_desktop.core.commands import AddTheme, Command, PlaceItems, Placement
from qda_desktop.core.commands.base import Context


def board_cards(view: theme_views.BoardView) -> tuple[list[Card], list[Link]]:
    """The core's board view as the board's cards and links."""
    cards = []
    for item in view.items:
        title, text = item.title, item.text
        if item.kind == "code" and "/" in title:  # a sub-code: its name on the card, its parents below
            text, title = title.rsplit("/", 1)
        kind: CardKind = "subtheme" if item.kind == "theme" and item.parent_id is not None else item.kind  # type: ignore[assignment]
        cards.append(
            Card(
                item.id,
                kind,
                item.ref_id,
                title,
                item.x,
                item.y,
                item.w,
                item.h,
                color=item.color,
                text=text,
                status=item.status,
                extracts=item.extracts,
                participants=item.cases,
                members=item.code_ids,
            )
        )
    links = [Link(link.id, link.from_item_id, link.to_item_id, link.label) for link in view.links]
    return cards, links


def flatten(nodes: list[theme_views.ThemeNode]) -> list[tuple[int, str]]:
    """Themes and subthemes, parents first."""
    found: list[tuple[int, str]] = []
    for node in nodes:
        found.append((node.id, "theme"))
        found.extend(flatten(list(node.children)))
    return found


def missing_placements(state: BoardState, refs: list[tuple[int, str]]) -> list[Placement]:
    """Cards for the themes and codes ((id, "theme" or "code")) not on the board yet, each placed where it
    touches no other card."""
    placements: list[Placement] = []
    for ref_id, kind in refs:
        on_board = state.theme_card_of(ref_id) if kind == "theme" else state.code_card_of(ref_id)
        if on_board is None:
            card_kind: CardKind = "theme" if kind == "theme" else "code"
            x, y = state.free_spot(card_kind)
            card = Card(-len(placements) - 1, card_kind, ref_id, "", x, y)
            state.cards[card.key] = card  # taken, for the next free spot (the board is redrawn after)
            placements.append(Placement(kind, ref_id, x, y, card.w, card.h))
    return placements


class AddThemeCard(Command[int]):
    """A new theme with its card on a board, as one step."""

    def __init__(self, name: str, board_id: int, at: Point) -> None:
        self.name, self.board_id, self.at = name, board_id, at

    @property
    def label(self) -> str:
        return f"Add theme '{self.name}'"

    def apply(self, ctx: Context) -> int:
        theme_id = AddTheme(self.name).apply(ctx)
        PlaceItems(self.board_id, (Placement("theme", theme_id, *self.at),)).apply(ctx)
        return theme_id
