"""The frozen form of a snapshot: a board, the codebook and the themes as they were, as JSON-ready data.

Everything is named by GUID so that two snapshots can be compared (``core.snapshot_diff``)
whatever happened to row ids in between. Format version 1:

    {"version": 1, "name", "taken_at" (ISO), "board": {"guid", "name"},
     "codes":  [{"guid", "name", "path", "parent", "color", "extracts"}],
     "themes": [{"guid", "name", "parent", "status", "color", "concept", "definition", "scope",
                 "notes", "review_verdict", "review_notes", "codes": [code guid], "extracts": [coding guid]}],
     "items":  [{"guid", "kind", "ref", "x", "y", "w", "h", "text", "color"}],   # ref: theme/code guid
     "links":  [{"guid", "from", "to", "label"}]}                                  # from/to: item guids
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qda_desktop.core.code_paths import build_paths
from qda_desktop.store.models import Board, BoardItem, BoardLink, Code, Coding, Theme, ThemeCode, ThemeExtract

FORMAT_VERSION = 1


def capture(session: Session, board_id: int, name: str, taken_at: datetime) -> dict[str, Any]:
    """The frozen state of board ``board_id`` with the whole codebook and every theme."""
    board = session.get(Board, board_id)
    assert board is not None
    codes = session.scalars(select(Code).order_by(Code.position, Code.id)).all()
    code_guid = {c.id: c.guid for c in codes}
    paths = build_paths((c.id, c.name, c.parent_id) for c in codes)
    counts = dict(
        session.execute(
            select(Coding.code_id, func.count()).where(Coding.detached.is_(False)).group_by(Coding.code_id)
        ).all()
    )
    themes = session.scalars(select(Theme).order_by(Theme.position, Theme.id)).all()
    theme_guid = {t.id: t.guid for t in themes}
    members: dict[int, list[str]] = {}
    for theme_id, code_id in session.execute(
        select(ThemeCode.theme_id, ThemeCode.code_id).order_by(ThemeCode.position, ThemeCode.id)
    ):
        members.setdefault(theme_id, []).append(code_guid[code_id])
    extracts: dict[int, list[str]] = {}
    for theme_id, coding_guid in session.execute(
        select(ThemeExtract.theme_id, Coding.guid).join(Coding, Coding.id == ThemeExtract.coding_id)
    ):
        extracts.setdefault(theme_id, []).append(coding_guid)
    items = session.scalars(select(BoardItem).where(BoardItem.board_id == board_id).order_by(BoardItem.id)).all()
    item_guid = {i.id: i.guid for i in items}
    links = session.scalars(select(BoardLink).where(BoardLink.board_id == board_id).order_by(BoardLink.id)).all()
    return {
        "version": FORMAT_VERSION,
        "name": name,
        "taken_at": taken_at.isoformat(timespec="seconds"),
        "board": {"guid": board.guid, "name": board.name},
        "codes": [
            {
                "guid": c.guid,
                "name": c.name,
                "path": paths[c.id],
                "parent": code_guid.get(c.parent_id) if c.parent_id else None,
                "color": c.color,
                "extracts": int(counts.get(c.id, 0)),
            }
            for c in codes
        ],
        "themes": [
            {
                "guid": t.guid,
                "name": t.name,
                "parent": theme_guid.get(t.parent_id) if t.parent_id else None,
                "status": t.status,
                "color": t.color,
                "concept": t.concept,
                "definition": t.definition,
                "scope": t.scope,
                "notes": t.notes,
                "review_verdict": t.review_verdict,
                "review_notes": t.review_notes,
                "codes": members.get(t.id, []),
                "extracts": sorted(extracts.get(t.id, [])),
            }
            for t in themes
        ],
        "items": [
            {
                "guid": i.guid,
                "kind": i.kind,
                "ref": theme_guid.get(i.theme_id) if i.theme_id else code_guid.get(i.code_id) if i.code_id else None,
                "x": i.x,
                "y": i.y,
                "w": i.w,
                "h": i.h,
                "text": i.text,
                "color": i.color,
            }
            for i in items
        ],
        "links": [
            {"guid": k.guid, "from": item_guid[k.from_item_id], "to": item_guid[k.to_item_id], "label": k.label}
            for k in links
        ],
    }
