"""Commands on themes: add, edit, status, review, codes and extracts, subthemes."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.boards import Placement, place_items
from qda_desktop.core.commands.codes import check_color
from qda_desktop.core.commands.theme_members import add_codes, theme
from qda_desktop.core.guids import assign_guid
from qda_desktop.core.names import checked_name
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import REVIEW_VERDICTS, THEME_STATUSES, Coding, Theme, ThemeCode, ThemeExtract, utcnow

THEME_FIELDS = ("name", "concept", "definition", "scope", "color", "notes")
DEFAULT_THEME_COLOR = "#f4a261"


def check_theme_name(ctx: Context, name: str, parent_id: int | None, exclude_id: int | None = None) -> str:
    """Theme names are unique (any case) among siblings."""
    return checked_name(
        ctx.session,
        Theme,
        "theme",
        name,
        exclude_id=exclude_id,
        scope=(Theme.parent_id.is_(parent_id),),
        ignore_case=True,
        place=" at the top level" if parent_id is None else " under this theme",
    )


def check_status(status: str) -> str:
    if status not in THEME_STATUSES:
        raise InvalidInput(f"'{status}' is not a theme status (use {', '.join(THEME_STATUSES)})")
    return status


def theme_subtree(ctx: Context, theme_id: int) -> set[int]:
    ids = {theme_id}
    frontier = [theme_id]
    while frontier:
        children = ctx.session.scalars(select(Theme.id).where(Theme.parent_id.in_(frontier))).all()
        frontier = [c for c in children if c not in ids]
        ids.update(frontier)
    return ids


def _next_theme_position(ctx: Context, parent_id: int | None) -> int:
    current = ctx.session.scalar(select(func.max(Theme.position)).where(Theme.parent_id.is_(parent_id)))
    return 0 if current is None else current + 1


def _touch(item: Theme) -> None:
    item.updated_at = utcnow()


@dataclass(frozen=True)
class AddTheme(Command[int]):
    """A new theme (or subtheme, with ``parent_id``); status starts as candidate."""

    name: str
    parent_id: int | None = None
    concept: str = ""
    definition: str = ""
    scope: str = ""
    color: str = DEFAULT_THEME_COLOR
    notes: str = ""
    status: str = "candidate"
    guid: str | None = None

    @property
    def label(self) -> str:
        return f"Add theme '{self.name}'" if self.parent_id is None else f"Add subtheme '{self.name}'"

    def apply(self, ctx: Context) -> int:
        if self.parent_id is not None:
            theme(ctx, self.parent_id)
        row = Theme(
            guid=assign_guid(ctx.session, Theme, self.guid),
            name=check_theme_name(ctx, self.name, self.parent_id),
            parent_id=self.parent_id,
            position=_next_theme_position(ctx, self.parent_id),
            concept=self.concept,
            definition=self.definition,
            scope=self.scope,
            color=check_color(self.color),
            notes=self.notes,
            status=check_status(self.status),
        )
        ctx.session.add(row)
        ctx.session.flush()
        return row.id


@dataclass(frozen=True)
class UpdateTheme(Command[None]):
    """Rename a theme or edit its concept, definition, scope, colour or notes."""

    theme_id: int
    changes: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if set(self.changes) == {"name"}:
            return f"Rename theme to '{self.changes['name']}'"
        return "Edit theme"

    def apply(self, ctx: Context) -> None:
        row = theme(ctx, self.theme_id)
        unknown = set(self.changes) - set(THEME_FIELDS)
        if unknown:
            raise InvalidInput(f"themes have no field {', '.join(sorted(unknown))}")
        for key, value in self.changes.items():
            if key == "name":
                value = check_theme_name(ctx, value, row.parent_id, exclude_id=row.id)
            elif key == "color":
                value = check_color(value)
            setattr(row, key, value)
        _touch(row)


@dataclass(frozen=True)
class DeleteTheme(Command[None]):
    """Delete a theme with its subthemes, memberships and cards (the codes stay)."""

    theme_id: int

    @property
    def label(self) -> str:
        return "Delete theme"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(theme(ctx, self.theme_id))


@dataclass(frozen=True)
class SetThemeStatus(Command[None]):
    """candidate → reviewed → defined, or set_aside (any order is allowed)."""

    theme_id: int
    status: str

    @property
    def label(self) -> str:
        return f"Set theme status to {self.status.replace('_', ' ')}"

    def apply(self, ctx: Context) -> None:
        row = theme(ctx, self.theme_id)
        row.status = check_status(self.status)
        _touch(row)


@dataclass(frozen=True)
class RecordReview(Command[None]):
    """Whether the theme holds against its extracts ("holds", "partly", "does_not_hold", "" = open) and why."""

    theme_id: int
    verdict: str
    notes: str

    @property
    def label(self) -> str:
        return "Record theme review"

    def apply(self, ctx: Context) -> None:
        if self.verdict not in REVIEW_VERDICTS:
            raise InvalidInput(f"'{self.verdict}' is not a review verdict (use holds, partly or does_not_hold)")
        row = theme(ctx, self.theme_id)
        row.review_verdict, row.review_notes = self.verdict, self.notes
        _touch(row)


@dataclass(frozen=True)
class AddCodesToTheme(Command[int]):
    """Group codes under a theme (many at once); returns how many were new to it."""

    theme_id: int
    code_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return "Add code to theme" if len(self.code_ids) == 1 else f"Add {len(self.code_ids)} codes to theme"

    def apply(self, ctx: Context) -> int:
        return add_codes(ctx, self.theme_id, self.code_ids)


@dataclass(frozen=True)
class RemoveCodesFromTheme(Command[int]):
    """Take codes out of a theme (the codes themselves stay); returns how many were removed."""

    theme_id: int
    code_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return "Remove code from theme" if len(self.code_ids) == 1 else "Remove codes from theme"

    def apply(self, ctx: Context) -> int:
        theme(ctx, self.theme_id)
        rows = ctx.session.scalars(
            select(ThemeCode).where(ThemeCode.theme_id == self.theme_id, ThemeCode.code_id.in_(self.code_ids))
        ).all()
        for row in rows:
            ctx.session.delete(row)
        return len(rows)


@dataclass(frozen=True)
class MoveCodesBetweenThemes(Command[None]):
    """Take codes out of one theme and into another in one step (a card dragged from theme to theme)."""

    from_theme_id: int
    to_theme_id: int
    code_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return "Move code to another theme" if len(self.code_ids) == 1 else "Move codes to another theme"

    def apply(self, ctx: Context) -> None:
        RemoveCodesFromTheme(self.from_theme_id, self.code_ids).apply(ctx)
        add_codes(ctx, self.to_theme_id, self.code_ids)


@dataclass(frozen=True)
class ThemeFromCodes(Command[int]):
    """Make a new theme from selected codes; with ``board_id`` its card is placed at (x, y) on that board."""

    name: str
    code_ids: tuple[int, ...]
    parent_id: int | None = None
    board_id: int | None = None
    x: float = 0.0
    y: float = 0.0
    color: str = DEFAULT_THEME_COLOR

    @property
    def label(self) -> str:
        return f"Make theme '{self.name}' from codes"

    def apply(self, ctx: Context) -> int:
        if not self.code_ids:
            raise InvalidInput("select at least one code to make a theme from")
        theme_id = AddTheme(self.name, parent_id=self.parent_id, color=self.color).apply(ctx)
        add_codes(ctx, theme_id, self.code_ids)
        if self.board_id is not None:
            place_items(ctx, self.board_id, (Placement("theme", theme_id, self.x, self.y),))
        return theme_id


@dataclass(frozen=True)
class AddExtractsToTheme(Command[int]):
    """Give single coded extracts (codings) to a theme directly; returns how many were new to it."""

    theme_id: int
    coding_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return "Add extract to theme" if len(self.coding_ids) == 1 else "Add extracts to theme"

    def apply(self, ctx: Context) -> int:
        theme(ctx, self.theme_id)
        present = set(ctx.session.scalars(select(ThemeExtract.coding_id).where(ThemeExtract.theme_id == self.theme_id)))
        added = 0
        for coding_id in dict.fromkeys(self.coding_ids):
            ctx.get(Coding, coding_id, "coding")
            if coding_id not in present:
                ctx.session.add(ThemeExtract(theme_id=self.theme_id, coding_id=coding_id))
                added += 1
        ctx.session.flush()
        return added


@dataclass(frozen=True)
class RemoveExtractsFromTheme(Command[int]):
    theme_id: int
    coding_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return "Remove extract from theme" if len(self.coding_ids) == 1 else "Remove extracts from theme"

    def apply(self, ctx: Context) -> int:
        theme(ctx, self.theme_id)
        rows = ctx.session.scalars(
            select(ThemeExtract).where(
                ThemeExtract.theme_id == self.theme_id, ThemeExtract.coding_id.in_(self.coding_ids)
            )
        ).all()
        for row in rows:
            ctx.session.delete(row)
        return len(rows)


@dataclass(frozen=True)
class MoveTheme(Command[None]):
    """Make a theme a subtheme of another (``parent_id``), or top level (None), at ``position`` among siblings."""

    theme_id: int
    parent_id: int | None
    position: int | None = None

    @property
    def label(self) -> str:
        return "Move theme" if self.parent_id is None else "Make subtheme"

    def apply(self, ctx: Context) -> None:
        row = theme(ctx, self.theme_id)
        if self.parent_id is not None:
            theme(ctx, self.parent_id)
            if self.parent_id in theme_subtree(ctx, row.id):
                raise InvalidInput("a theme cannot become a subtheme of itself or of one of its subthemes")
        if self.parent_id != row.parent_id:
            check_theme_name(ctx, row.name, self.parent_id, exclude_id=row.id)
        siblings = ctx.session.scalars(
            select(Theme)
            .where(Theme.parent_id.is_(self.parent_id), Theme.id != row.id)
            .order_by(Theme.position, Theme.id)
        ).all()
        place = len(siblings) if self.position is None else max(0, min(self.position, len(siblings)))
        row.parent_id = self.parent_id
        for index, sibling in enumerate([*siblings[:place], row, *siblings[place:]]):
            if sibling.position != index:
                sibling.position = index
        _touch(row)
