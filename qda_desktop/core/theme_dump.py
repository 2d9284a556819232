"""Themes and boards as JSON-ready data for ``qda show --json`` (``core.queries.project_dump``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.core.code_paths import SEPARATOR, build_paths, code_paths, split_path
from qda_desktop.core.theme_stats import Stats, memberships, theme_codings
from qda_desktop.errors import InvalidInput, NotFound
from qda_desktop.store.models import Board, BoardItem, BoardLink, Snapshot, Theme


def theme_paths(session: Session) -> dict[int, str]:
    """Each theme's path ("Theme/Subtheme"), built like a code's."""
    rows = session.execute(select(Theme.id, Theme.name, Theme.parent_id))
    return build_paths((int(i), str(n), p) for i, n, p in rows)


def require_theme(session: Session, typed: str) -> int:
    """The theme a typed path or bare name means: an exact path (any case), else a unique name."""
    paths = theme_paths(session)
    wanted = SEPARATOR.join(split_path(typed)).lower()
    exact = [tid for tid, path in paths.items() if path.lower() == wanted]
    if exact:
        return exact[0]
    named = [tid for tid, path in paths.items() if path.rsplit(SEPARATOR, 1)[-1].lower() == wanted]
    if len(named) > 1:
        options = ", ".join(sorted(paths[tid] for tid in named))
        raise InvalidInput(f"'{typed.strip()}' names several themes ({options}); give the full path")
    if not named:
        raise NotFound(f"no theme named '{typed.strip()}'")
    return named[0]


def themes_dump(session: Session) -> list[dict[str, Any]]:
    """Every theme, parents before subthemes, with its codes (paths), subthemes and extract count."""
    stats = Stats(session)
    codes = code_paths(session)
    paths = theme_paths(session)
    members, direct = memberships(session)
    themes = session.scalars(select(Theme).order_by(Theme.parent_id.is_not(None), Theme.position, Theme.id)).all()
    return [
        {
            "id": t.id,
            "guid": t.guid,
            "name": t.name,
            "path": paths[t.id],
            "parent": paths.get(t.parent_id) if t.parent_id else None,
            "status": t.status,
            "color": t.color,
            "concept": t.concept,
            "definition": t.definition,
            "scope": t.scope,
            "notes": t.notes,
            "review": {"verdict": t.review_verdict, "notes": t.review_notes},
            "codes": [codes[c] for c in members.get(t.id, [])],
            "subthemes": [s.name for s in themes if s.parent_id == t.id],
            "extracts": stats.count(theme_codings(stats, members.get(t.id, []), direct.get(t.id, ())))[0],
        }
        for t in themes
    ]


def boards_dump(session: Session) -> list[dict[str, Any]]:
    """Every board with its cards (by theme path, code path or note text), links and snapshots."""
    codes, themes = code_paths(session), theme_paths(session)
    out = []
    for board in session.scalars(select(Board).order_by(Board.created_at, Board.id)):
        items = session.scalars(select(BoardItem).where(BoardItem.board_id == board.id).order_by(BoardItem.id)).all()
        cards = {}
        for i in items:
            ref = themes.get(i.theme_id) if i.theme_id else codes.get(i.code_id) if i.code_id else None
            cards[i.id] = {"guid": i.guid, "kind": i.kind, "ref": ref, "x": i.x, "y": i.y, "w": i.w, "h": i.h}
            if i.kind == "note":
                cards[i.id]["text"] = i.text
        links = session.scalars(select(BoardLink).where(BoardLink.board_id == board.id).order_by(BoardLink.id))
        snaps = session.scalars(select(Snapshot).where(Snapshot.board_id == board.id).order_by(Snapshot.taken_at))
        out.append(
            {
                "guid": board.guid,
                "name": board.name,
                "items": list(cards.values()),
                "links": [
                    {"from": cards[k.from_item_id]["guid"], "to": cards[k.to_item_id]["guid"], "label": k.label}
                    for k in links
                ],
                "snapshots": [{"name": s.name, "taken_at": s.taken_at.isoformat(timespec="seconds")} for s in snaps],
            }
        )
    return out
