"""Typed reads for themes and boards: plain frozen dataclasses, no ORM objects.

Counts: ``extracts`` is the number of distinct attached codings; ``cases`` the number of distinct
cases (participants) those codings' documents belong to. Each public function opens its own read session.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from qda_desktop.core.code_paths import code_paths
from qda_desktop.core.project import Project
from qda_desktop.core.theme_review import CaseExtracts, CaseSpread, ThemeExtractView, participant_spread, theme_extracts
from qda_desktop.core.theme_stats import Stats, memberships, theme_codings
from qda_desktop.store.models import (
    Board,
    BoardItem,
    BoardLink,
    Code,
    Snapshot,
    Theme,
)


@dataclass(frozen=True)
class ThemeCodeRow:
    id: int
    name: str
    path: str
    color: str
    extracts: int
    cases: int


@dataclass(frozen=True)
class ThemeNode:
    id: int
    guid: str
    name: str
    parent_id: int | None
    position: int
    status: str
    color: str
    concept: str
    definition: str
    scope: str
    notes: str
    review_verdict: str
    review_notes: str
    codes: tuple[ThemeCodeRow, ...]
    extracts: int  # over its codes and direct extracts, not its subthemes
    cases: int
    children: tuple[ThemeNode, ...]


@dataclass(frozen=True)
class BoardRow:
    id: int
    guid: str
    name: str
    created_at: datetime
    items: int
    snapshots: int


@dataclass(frozen=True)
class BoardCard:
    id: int
    kind: str  # "theme", "code" or "note"
    ref_id: int | None  # the theme's or code's id
    x: float
    y: float
    w: float
    h: float
    title: str  # theme name, code path, "" for a note
    color: str  # the card's own colour, else the theme's or code's
    text: str  # a note's text
    status: str  # a theme's status, "" otherwise
    extracts: int
    cases: int
    theme_ids: tuple[int, ...]  # a code card: the themes the code feeds
    code_ids: tuple[int, ...]  # a theme card: its codes
    parent_id: int | None = None  # a theme card: the parent theme of a subtheme


@dataclass(frozen=True)
class BoardLinkView:
    id: int
    from_item_id: int
    to_item_id: int
    label: str


@dataclass(frozen=True)
class BoardView:
    id: int
    name: str
    items: tuple[BoardCard, ...]
    links: tuple[BoardLinkView, ...]


@dataclass(frozen=True)
class SnapshotRow:
    id: int
    guid: str
    name: str
    taken_at: datetime
    themes: int
    codes: int


def theme_tree(project: Project) -> list[ThemeNode]:
    """Top-level themes in order, each with its codes (with counts) and subthemes nested."""
    with project.read() as session:
        stats = Stats(session)
        paths = code_paths(session)
        colors = dict(session.execute(select(Code.id, Code.color)).all())
        members, direct = memberships(session)
        themes = session.scalars(select(Theme).order_by(Theme.position, Theme.id)).all()
    children: dict[int | None, list[Theme]] = defaultdict(list)
    for theme in themes:
        children[theme.parent_id].append(theme)

    def code_row(code_id: int) -> ThemeCodeRow:
        extracts, cases = stats.count(stats.codings.get(code_id, ()))
        return ThemeCodeRow(
            code_id, paths[code_id].rsplit("/", 1)[-1], paths[code_id], colors[code_id], extracts, cases
        )

    def node(t: Theme) -> ThemeNode:
        codes = members.get(t.id, [])
        extracts, cases = stats.count(theme_codings(stats, codes, direct.get(t.id, ())))
        return ThemeNode(
            t.id,
            t.guid,
            t.name,
            t.parent_id,
            t.position,
            t.status,
            t.color,
            t.concept,
            t.definition,
            t.scope,
            t.notes,
            t.review_verdict,
            t.review_notes,
            tuple(code_row(c) for c in codes),
            extracts,
            cases,
            tuple(node(child) for child in children.get(t.id, [])),
        )

    return [node(t) for t in children.get(None, [])]


def boards(project: Project) -> list[BoardRow]:
    with project.read() as session:
        items = dict(session.execute(select(BoardItem.board_id, func.count()).group_by(BoardItem.board_id)).all())
        snaps = dict(session.execute(select(Snapshot.board_id, func.count()).group_by(Snapshot.board_id)).all())
        rows = session.scalars(select(Board).order_by(Board.created_at, Board.id)).all()
    return [
        BoardRow(b.id, b.guid, b.name, b.created_at, int(items.get(b.id, 0)), int(snaps.get(b.id, 0))) for b in rows
    ]


def board_view(project: Project, board_id: int) -> BoardView | None:
    """A board's cards (with titles, colours and counts) and links; None if there is no such board."""
    with project.read() as session:
        board = session.get(Board, board_id)
        if board is None:
            return None
        stats = Stats(session)
        paths = code_paths(session)
        code_colors = dict(session.execute(select(Code.id, Code.color)).all())
        themes = {t.id: t for t in session.scalars(select(Theme))}
        members, direct = memberships(session)
        items = session.scalars(select(BoardItem).where(BoardItem.board_id == board_id).order_by(BoardItem.id)).all()
        links = session.scalars(select(BoardLink).where(BoardLink.board_id == board_id).order_by(BoardLink.id)).all()
    fed_by: dict[int, list[int]] = defaultdict(list)
    for theme_id, code_ids in members.items():
        for code_id in code_ids:
            fed_by[code_id].append(theme_id)
    cards = []
    for i in items:
        card = BoardCard(i.id, i.kind, None, i.x, i.y, i.w, i.h, "", i.color, i.text, "", 0, 0, (), ())
        if i.theme_id is not None:
            t = themes[i.theme_id]
            codes = tuple(members.get(t.id, []))
            extracts, cases = stats.count(theme_codings(stats, codes, direct.get(t.id, ())))
            card = replace(
                card, ref_id=t.id, title=t.name, color=i.color or t.color, status=t.status, parent_id=t.parent_id
            )
            card = replace(card, extracts=extracts, cases=cases, code_ids=codes)
        elif i.code_id is not None:
            extracts, cases = stats.count(stats.codings.get(i.code_id, ()))
            card = replace(card, ref_id=i.code_id, title=paths[i.code_id], color=i.color or code_colors[i.code_id])
            card = replace(card, extracts=extracts, cases=cases, theme_ids=tuple(sorted(fed_by.get(i.code_id, []))))
        cards.append(card)
    link_views = tuple(BoardLinkView(k.id, k.from_item_id, k.to_item_id, k.label) for k in links)
    return BoardView(board.id, board.name, tuple(cards), link_views)


def snapshots(project: Project, board_id: int) -> list[SnapshotRow]:
    """A board's snapshots, oldest first (the order of a timeline)."""
    with project.read() as session:
        rows = session.scalars(
            select(Snapshot).where(Snapshot.board_id == board_id).order_by(Snapshot.taken_at, Snapshot.id)
        ).all()
    out = []
    for s in rows:
        data = json.loads(s.data)
        out.append(
            SnapshotRow(s.id, s.guid, s.name, s.taken_at, len(data.get("themes", [])), len(data.get("codes", [])))
        )
    return out


def snapshot_data(project: Project, snapshot_id: int) -> dict[str, Any] | None:
    """The frozen JSON of a snapshot (format in ``core.snapshots``); None if there is no such snapshot."""
    with project.read() as session:
        raw = session.scalar(select(Snapshot.data).where(Snapshot.id == snapshot_id))
    if raw is None:
        return None
    loaded: dict[str, Any] = json.loads(raw)
    return loaded


__all__ = [
    "BoardCard",
    "BoardLinkView",
    "BoardRow",
    "BoardView",
    "CaseExtracts",
    "CaseSpread",
    "SnapshotRow",
    "ThemeCodeRow",
    "ThemeExtractView",
    "ThemeNode",
    "board_view",
    "boards",
    "participant_spread",
    "snapshot_data",
    "snapshots",
    "theme_extracts",
    "theme_tree",
]
