"""The core's theme and board views as the board's cards and links."""

from __future__ import annotations

from qda_desktop.core import theme_views
from qda_desktop.core.board_state import Card, CardKind, Link


def board_cards(view: theme_views.BoardView) -> tuple[list[Card], list[Link]]:
    """The core's board view as the board's cards and links."""
    cards = []
    for item in view.items:
        kind: CardKind = "subtheme" if item.kind == "theme" and item.parent_id is not None else item.kind  # type: ignore[assignment]
        cards.append(
            Card(
                item.id,
                kind,
                item.ref_id,
                item.title,
                item.x,
                item.y,
                item.w,
                item.h,
                color=item.color,
                text=item.text,
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
