"""Commands on theme boards: boards, cards (theme, code, note), links, snapshots."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.codes import check_color
from qda_desktop.core.names import checked_name, clean_name
from qda_desktop.core.snapshots import capture
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Board, BoardItem, BoardLink, Snapshot, Theme, utcnow

CARD_SIZE = {"theme": (200.0, 90.0), "code": (170.0, 60.0), "note": (170.0, 90.0)}


def board(ctx: Context, board_id: int) -> Board:
    return ctx.get(Board, board_id, "board")


def item(ctx: Context, item_id: int) -> BoardItem:
    return ctx.get(BoardItem, item_id, "board item")


def _size(value: float | None, default: float) -> float:
    if value is None:
        return default
    if not value > 0:
        raise InvalidInput(f"a card's width and height must be positive, not {value}")
    return float(value)


def _color_or_default(color: str) -> str:
    return "" if color == "" else check_color(color)


@dataclass(frozen=True)
class AddBoard(Command[int]):
    name: str

    @property
    def label(self) -> str:
        return f"Add board '{self.name}'"

    def apply(self, ctx: Context) -> int:
        row = Board(name=checked_name(ctx.session, Board, "board", self.name, ignore_case=True))
        ctx.session.add(row)
        ctx.session.flush()
        return row.id


@dataclass(frozen=True)
class RenameBoard(Command[None]):
    board_id: int
    name: str

    @property
    def label(self) -> str:
        return f"Rename board to '{self.name}'"

    def apply(self, ctx: Context) -> None:
        row = board(ctx, self.board_id)
        row.name = checked_name(ctx.session, Board, "board", self.name, exclude_id=row.id, ignore_case=True)


@dataclass(frozen=True)
class DeleteBoard(Command[None]):
    """Delete a board with its cards, links and snapshots (themes and codes stay)."""

    board_id: int

    @property
    def label(self) -> str:
        return "Delete board"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(board(ctx, self.board_id))


@dataclass(frozen=True)
class Placement:
    """Where a theme or code card goes: ``kind`` is "theme" or "code", ``ref_id`` the theme's or code's id."""

    kind: str
    ref_id: int
    x: float
    y: float
    w: float | None = None  # None: the default size for a new card, the current one for a placed card
    h: float | None = None


def place_items(ctx: Context, board_id: int, placements: tuple[Placement, ...]) -> tuple[int, ...]:
    """Put theme and code cards on a board, or move them where they already are; their item ids in order."""
    board(ctx, board_id)
    ids = []
    for p in placements:
        if p.kind not in ("theme", "code"):
            raise InvalidInput(f"only theme and code cards are placed by reference, not '{p.kind}'")
        column = BoardItem.theme_id if p.kind == "theme" else BoardItem.code_id
        if p.kind == "theme":
            ctx.get(Theme, p.ref_id, "theme")
        else:
            ctx.code(p.ref_id)
        card = ctx.session.scalar(select(BoardItem).where(BoardItem.board_id == board_id, column == p.ref_id))
        if card is None:
            width, height = CARD_SIZE[p.kind]
            card = BoardItem(board_id=board_id, kind=p.kind, w=_size(p.w, width), h=_size(p.h, height))
            setattr(card, f"{p.kind}_id", p.ref_id)
            ctx.session.add(card)
        else:
            card.w, card.h = _size(p.w, card.w), _size(p.h, card.h)
        card.x, card.y = float(p.x), float(p.y)
        ctx.session.flush()
        ids.append(card.id)
    return tuple(ids)


@dataclass(frozen=True)
class PlaceItems(Command[tuple[int, ...]]):
    """Put theme/code cards on a board (or move those already there) in one step; returns their item ids."""

    board_id: int
    placements: tuple[Placement, ...]

    @property
    def label(self) -> str:
        return "Place card on board" if len(self.placements) == 1 else f"Place {len(self.placements)} cards on board"

    def apply(self, ctx: Context) -> tuple[int, ...]:
        return place_items(ctx, self.board_id, self.placements)


@dataclass(frozen=True)
class ItemMove:
    """A card's new place (and, optionally, size)."""

    item_id: int
    x: float
    y: float
    w: float | None = None
    h: float | None = None


@dataclass(frozen=True)
class MoveItems(Command[None]):
    """Move and/or resize cards: a multi-select drag is one undo step."""

    moves: tuple[ItemMove, ...]

    @property
    def label(self) -> str:
        return "Move card" if len(self.moves) == 1 else f"Move {len(self.moves)} cards"

    def apply(self, ctx: Context) -> None:
        for move in self.moves:
            card = item(ctx, move.item_id)
            card.x, card.y = float(move.x), float(move.y)
            card.w, card.h = _size(move.w, card.w), _size(move.h, card.h)


@dataclass(frozen=True)
class RemoveItems(Command[None]):
    """Take cards (and their links) off a board; themes and codes themselves stay."""

    item_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return "Remove card from board" if len(self.item_ids) == 1 else "Remove cards from board"

    def apply(self, ctx: Context) -> None:
        for item_id in dict.fromkeys(self.item_ids):
            ctx.session.delete(item(ctx, item_id))


@dataclass(frozen=True)
class AddNote(Command[int]):
    """A free note card on a board."""

    board_id: int
    text: str
    x: float
    y: float
    w: float | None = None
    h: float | None = None
    color: str = "#fff59d"

    @property
    def label(self) -> str:
        return "Add note to board"

    def apply(self, ctx: Context) -> int:
        board(ctx, self.board_id)
        width, height = CARD_SIZE["note"]
        card = BoardItem(
            board_id=self.board_id,
            kind="note",
            text=self.text,
            x=float(self.x),
            y=float(self.y),
            w=_size(self.w, width),
            h=_size(self.h, height),
            color=_color_or_default(self.color),
        )
        ctx.session.add(card)
        ctx.session.flush()
        return card.id


@dataclass(frozen=True)
class UpdateItem(Command[None]):
    """Change a note's text, or any card's colour ("" = the theme's or code's own colour)."""

    item_id: int
    text: str | None = None
    color: str | None = None

    @property
    def label(self) -> str:
        return "Edit note" if self.text is not None else "Recolour card"

    def apply(self, ctx: Context) -> None:
        card = item(ctx, self.item_id)
        if self.text is not None:
            if card.kind != "note":
                raise InvalidInput("only a note card has text of its own")
            card.text = self.text
        if self.color is not None:
            card.color = _color_or_default(self.color)


@dataclass(frozen=True)
class AddLink(Command[int]):
    """A labelled connector between two cards of the same board."""

    from_item_id: int
    to_item_id: int
    label_text: str = ""

    @property
    def label(self) -> str:
        return f"Link cards ({self.label_text})" if self.label_text else "Link cards"

    def apply(self, ctx: Context) -> int:
        first, second = item(ctx, self.from_item_id), item(ctx, self.to_item_id)
        if first.id == second.id:
            raise InvalidInput("a card cannot be linked to itself")
        if first.board_id != second.board_id:
            raise InvalidInput("only cards on the same board can be linked")
        link = BoardLink(board_id=first.board_id, from_item_id=first.id, to_item_id=second.id, label=self.label_text)
        ctx.session.add(link)
        ctx.session.flush()
        return link.id


@dataclass(frozen=True)
class UpdateLink(Command[None]):
    link_id: int
    label_text: str

    @property
    def label(self) -> str:
        return "Relabel link"

    def apply(self, ctx: Context) -> None:
        ctx.get(BoardLink, self.link_id, "link").label = self.label_text


@dataclass(frozen=True)
class RemoveLink(Command[None]):
    link_id: int

    @property
    def label(self) -> str:
        return "Remove link"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(ctx.get(BoardLink, self.link_id, "link"))


@dataclass(frozen=True)
class TakeSnapshot(Command[int]):
    """A named, dated, frozen copy of a board with the codebook and themes as they are now."""

    board_id: int
    name: str

    @property
    def label(self) -> str:
        return f"Take snapshot '{self.name}'"

    def apply(self, ctx: Context) -> int:
        board(ctx, self.board_id)
        name, taken_at = clean_name("snapshot", self.name), utcnow()
        ctx.session.flush()
        data = json.dumps(capture(ctx.session, self.board_id, name, taken_at), sort_keys=True)
        row = Snapshot(board_id=self.board_id, name=name, taken_at=taken_at, data=data)
        ctx.session.add(row)
        ctx.session.flush()
        return row.id


@dataclass(frozen=True)
class DeleteSnapshot(Command[None]):
    snapshot_id: int

    @property
    def label(self) -> str:
        return "Delete snapshot"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(ctx.get(Snapshot, self.snapshot_id, "snapshot"))
