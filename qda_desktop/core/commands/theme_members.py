"""Theme memberships: adding codes to a theme, and keeping memberships right when codes merge or split.

Kept apart from ``themes`` so that ``codes`` can call it without importing the theme commands.
"""

from __future__ import annotations

from sqlalchemy import func, select

from qda_desktop.core.commands.base import Context
from qda_desktop.store.models import BoardItem, Coding, Theme, ThemeCode, ThemeExtract


def theme(ctx: Context, theme_id: int) -> Theme:
    return ctx.get(Theme, theme_id, "theme")


def add_codes(ctx: Context, theme_id: int, code_ids: tuple[int, ...]) -> int:
    """Put codes into a theme (those already there are skipped); returns how many were added."""
    theme(ctx, theme_id)
    present = set(ctx.session.scalars(select(ThemeCode.code_id).where(ThemeCode.theme_id == theme_id)))
    position = ctx.session.scalar(select(func.max(ThemeCode.position)).where(ThemeCode.theme_id == theme_id))
    position = -1 if position is None else position
    added = 0
    for code_id in dict.fromkeys(code_ids):
        ctx.code(code_id)
        if code_id in present:
            continue
        position += 1
        ctx.session.add(ThemeCode(theme_id=theme_id, code_id=code_id, position=position))
        added += 1
    ctx.session.flush()
    return added


def carry_memberships_on_merge(ctx: Context, source_id: int, target_id: int) -> None:
    """Before ``source`` is merged into ``target``: the target joins every theme the source fed,
    the source's board cards become the target's (where the target has none on that board), and
    extracts given to a theme follow duplicate codings that the merge will drop."""
    for row in ctx.session.scalars(select(ThemeCode).where(ThemeCode.code_id == source_id)).all():
        add_codes(ctx, row.theme_id, (target_id,))
    for card in ctx.session.scalars(select(BoardItem).where(BoardItem.code_id == source_id)).all():
        taken = ctx.session.scalar(
            select(BoardItem.id).where(BoardItem.board_id == card.board_id, BoardItem.code_id == target_id)
        )
        if taken is None:
            card.code_id = target_id
    target_codings = {
        (c.document_id, c.start, c.end, c.detached): c.id
        for c in ctx.session.scalars(select(Coding).where(Coding.code_id == target_id))
    }
    for coding in ctx.session.scalars(select(Coding).where(Coding.code_id == source_id)).all():
        kept = target_codings.get((coding.document_id, coding.start, coding.end, coding.detached))
        if kept is None:
            continue
        for link in ctx.session.scalars(select(ThemeExtract).where(ThemeExtract.coding_id == coding.id)).all():
            exists = ctx.session.scalar(
                select(ThemeExtract.id).where(ThemeExtract.theme_id == link.theme_id, ThemeExtract.coding_id == kept)
            )
            if exists is None:
                link.coding_id = kept
    ctx.session.flush()


def copy_memberships_on_split(ctx: Context, code_id: int, new_id: int) -> None:
    """A code split off another feeds the same themes as the original."""
    for theme_id in ctx.session.scalars(select(ThemeCode.theme_id).where(ThemeCode.code_id == code_id)).all():
        add_codes(ctx, theme_id, (new_id,))
