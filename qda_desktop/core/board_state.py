"""The theme board's view state, without Qt: cards, links, selection, zoom, the snap grid, a move in
progress and where new cards go. The graphics layer draws it; the controller saves what it reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

CardKind = Literal["theme", "subtheme", "code", "note"]
Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x, y, width, height

GRID = 20.0
ZOOM_MIN, ZOOM_MAX = 0.1, 4.0
GAP = 20.0  # space kept between cards placed automatically
CARD_SIZES: dict[CardKind, tuple[float, float]] = {
    "theme": (240.0, 120.0),
    "subtheme": (220.0, 100.0),
    "code": (180.0, 60.0),
    "note": (180.0, 100.0),
}


@dataclass
class Card:
    """One card: ``key`` is its board item id; ``ref_id`` the theme or code it shows (None for a note)."""

    key: int
    kind: CardKind
    ref_id: int | None
    title: str
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    color: str = ""
    text: str = ""  # a note's text, a theme's central organising concept
    status: str = ""  # a theme's status
    extracts: int = 0
    participants: int = 0
    members: tuple[int, ...] = ()  # for a theme: the code ids grouped under it

    def __post_init__(self) -> None:
        default_w, default_h = CARD_SIZES[self.kind]
        self.w = self.w or default_w
        self.h = self.h or default_h

    @property
    def rect(self) -> Rect:
        return (self.x, self.y, self.w, self.h)

    def contains(self, point: Point) -> bool:
        px, py = point
        return self.x <= px <= self.x + self.w and self.y <= py <= self.y + self.h


@dataclass(frozen=True)
class Link:
    """A labelled connector from one card to another ("leads to", "tension with")."""

    key: int
    source: int
    target: int
    label: str = ""


def overlaps(a: Rect, b: Rect, gap: float = 0.0) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw + gap and bx < ax + aw + gap and ay < by + bh + gap and by < ay + ah + gap


def union(rects: Iterable[Rect]) -> Rect | None:
    rects = list(rects)
    if not rects:
        return None
    left = min(r[0] for r in rects)
    top = min(r[1] for r in rects)
    right = max(r[0] + r[2] for r in rects)
    bottom = max(r[1] + r[3] for r in rects)
    return (left, top, right - left, bottom - top)


@dataclass
class BoardState:
    cards: dict[int, Card] = field(default_factory=dict)
    links: dict[int, Link] = field(default_factory=dict)
    selection: set[int] = field(default_factory=set)
    zoom: float = 1.0
    grid: float = GRID
    snap: bool = True
    moving: dict[int, Point] = field(default_factory=dict)  # a move in progress: each card's start

    # -- contents --------------------------------------------------------------

    def load(self, cards: Iterable[Card], links: Iterable[Link]) -> None:
        """New contents; the selection keeps the cards that are still there, a move in progress ends."""
        self.cards = {c.key: c for c in cards}
        self.links = {link.key: link for link in links if link.source in self.cards and link.target in self.cards}
        self.selection &= set(self.cards)
        self.moving = {}

    def links_of(self, key: int) -> list[Link]:
        return [link for link in self.links.values() if key in (link.source, link.target)]

    def bounds(self) -> Rect | None:
        return union(c.rect for c in self.cards.values())

    def theme_card_of(self, theme_id: int) -> Card | None:
        return next((c for c in self.cards.values() if c.kind != "code" and c.ref_id == theme_id), None)

    def code_card_of(self, code_id: int) -> Card | None:
        return next((c for c in self.cards.values() if c.kind == "code" and c.ref_id == code_id), None)

    # -- selection ---------------------------------------------------------------

    def select(self, keys: Iterable[int], add: bool = False) -> None:
        chosen = {k for k in keys if k in self.cards}
        self.selection = self.selection | chosen if add else chosen

    def toggle(self, key: int) -> None:
        if key in self.cards:
            self.selection ^= {key}

    def select_in_rect(self, rect: Rect, add: bool = False) -> None:
        """Rubber-band selection: every card the rectangle touches."""
        self.select((c.key for c in self.cards.values() if overlaps(c.rect, rect)), add)

    def selected_codes(self) -> list[int]:
        """The code ids of the selected code cards, in reading order (top to bottom, left to right)."""
        cards = sorted((self.cards[k] for k in self.selection), key=lambda c: (c.y, c.x))
        return [c.ref_id for c in cards if c.kind == "code" and c.ref_id is not None]

    def selected_themes(self) -> list[int]:
        cards = (self.cards[k] for k in self.selection)
        return [c.ref_id for c in cards if c.kind in ("theme", "subtheme") and c.ref_id is not None]

    # -- zoom and snap ---------------------------------------------------------------

    def zoom_by(self, factor: float) -> float:
        self.zoom = min(ZOOM_MAX, max(ZOOM_MIN, self.zoom * factor))
        return self.zoom

    def fit_zoom(self, view_w: float, view_h: float, margin: float = 40.0) -> float:
        """The zoom that shows every card in a view of this size (1.0 at most: fitting never enlarges)."""
        box = self.bounds()
        if box is None or view_w <= 0 or view_h <= 0:
            self.zoom = 1.0
            return self.zoom
        scale = min(view_w / (box[2] + 2 * margin), view_h / (box[3] + 2 * margin), 1.0)
        self.zoom = min(ZOOM_MAX, max(ZOOM_MIN, scale))
        return self.zoom

    def snapped(self, point: Point) -> Point:
        if not self.snap or self.grid <= 0:
            return point
        return (round(point[0] / self.grid) * self.grid, round(point[1] / self.grid) * self.grid)

    # -- moving ------------------------------------------------------------------------

    def begin_move(self, keys: Iterable[int] | None = None) -> None:
        """Remember where the cards start (the selection when no keys are given)."""
        chosen = self.selection if keys is None else set(keys)
        self.moving = {k: (self.cards[k].x, self.cards[k].y) for k in chosen if k in self.cards}

    def move_by(self, dx: float, dy: float) -> None:
        """Follow the pointer: the moving cards go where they started plus the offset (not yet snapped)."""
        for key, (x, y) in self.moving.items():
            self.cards[key].x, self.cards[key].y = x + dx, y + dy

    def set_position(self, key: int, point: Point) -> None:
        """Where the graphics layer put a card during a drag (it moves the cards itself)."""
        if key in self.cards:
            if key not in self.moving:
                self.moving[key] = (self.cards[key].x, self.cards[key].y)
            self.cards[key].x, self.cards[key].y = point

    def finish_move(self) -> dict[int, Point]:
        """End the move: the cards snap to the grid; returns the new positions of the cards that moved."""
        moved: dict[int, Point] = {}
        for key, start in self.moving.items():
            card = self.cards[key]
            card.x, card.y = self.snapped((card.x, card.y))
            if (card.x, card.y) != start:
                moved[key] = (card.x, card.y)
        self.moving = {}
        return moved

    def cancel_move(self) -> None:
        for key, (x, y) in self.moving.items():
            self.cards[key].x, self.cards[key].y = x, y
        self.moving = {}

    def nudge(self, steps_x: int, steps_y: int) -> dict[int, Point]:
        """Arrow keys: move the selection by whole grid steps (1 unit with snapping off)."""
        step = self.grid if self.snap and self.grid > 0 else 1.0
        self.begin_move()
        self.move_by(steps_x * step, steps_y * step)
        return self.finish_move()

    # -- dropping and placing ----------------------------------------------------------

    def drop_target(self, point: Point, dragged: Iterable[int]) -> Card | None:
        """The theme (or subtheme) card under ``point`` that is not being dragged, topmost (last) first."""
        skip = set(dragged)
        hits = [c for c in self.cards.values() if c.kind != "code" and c.kind != "note" and c.key not in skip]
        return next((c for c in reversed(hits) if c.contains(point)), None)

    def free_spot(self, kind: CardKind, near: Point | None = None, columns: int = 6) -> Point:
        """Where a new card goes: the first grid slot, row by row from ``near`` (the top-left of the board
        by default), where it touches no card."""
        w, h = CARD_SIZES[kind]
        box = self.bounds()
        ox, oy = near if near is not None else ((box[0], box[1]) if box else (0.0, 0.0))
        step_x, step_y = w + GAP, h + GAP
        taken = [c.rect for c in self.cards.values()]
        for slot in range(10000):
            row, col = divmod(slot, columns)
            x, y = self.snapped((ox + col * step_x, oy + row * step_y))
            if not any(overlaps((x, y, w, h), r, GAP / 2) for r in taken):
                return (x, y)
        return self.snapped((ox, oy + 10000 * step_y))

    def spot_below(self, key: int, kind: CardKind = "code") -> Point:
        """Where a card grouped under ``key`` goes: the first free place below it, in a column."""
        anchor = self.cards[key]
        return self.free_spot(kind, (anchor.x, anchor.y + anchor.h + GAP), columns=1)


UNKNOWN = -1  # a count a frozen snapshot does not keep


def snapshot_cards(data: dict[str, Any]) -> tuple[list[Card], list[Link]]:
    """A frozen snapshot's board (format in ``core.snapshots``) as cards and links, for showing it as it was."""
    codes = {c["guid"]: c for c in data.get("codes", [])}
    themes = {t["guid"]: t for t in data.get("themes", [])}
    code_ids = {guid: n for n, guid in enumerate(codes, start=1)}
    theme_ids = {guid: n for n, guid in enumerate(themes, start=1)}
    keys = {item["guid"]: n for n, item in enumerate(data.get("items", []), start=1)}
    cards = []
    for item in data.get("items", []):
        x, y, w, h = (float(item.get(k, 0.0)) for k in ("x", "y", "w", "h"))
        common = {"x": x, "y": y, "w": w, "h": h, "color": item.get("color", "")}
        if item["kind"] == "code" and item.get("ref") in codes:
            code = codes[item["ref"]]
            common["color"] = common["color"] or code.get("color", "")
            extracts = int(code.get("extracts", 0))
            path = str(code.get("path") or code["name"])
            parents, _, _ = path.rpartition("/")
            card = Card(keys[item["guid"]], "code", code_ids[item["ref"]], code["name"], text=parents, **common)
            card.extracts, card.participants = extracts, UNKNOWN
        elif item["kind"] == "theme" and item.get("ref") in themes:
            theme = themes[item["ref"]]
            common["color"] = common["color"] or theme.get("color", "")
            kind: CardKind = "subtheme" if theme.get("parent") else "theme"
            card = Card(keys[item["guid"]], kind, theme_ids[item["ref"]], theme["name"], **common)
            card.status, card.text = theme.get("status", ""), theme.get("concept", "")
            card.members = tuple(code_ids[g] for g in theme.get("codes", []) if g in code_ids)
            card.extracts = card.participants = UNKNOWN
        elif item["kind"] == "note":
            card = Card(keys[item["guid"]], "note", None, "", text=item.get("text", ""), **common)
        else:
            continue
        cards.append(card)
    shown = {c.key for c in cards}
    links = [
        Link(n, keys[link["from"]], keys[link["to"]], link.get("label", ""))
        for n, link in enumerate(data.get("links", []), start=1)
        if keys.get(link.get("from")) in shown and keys.get(link.get("to")) in shown
    ]
    return cards, links
