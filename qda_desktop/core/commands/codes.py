"""Commands on the codebook: add, edit, move, merge, split, delete."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from qda_desktop.core.code_paths import SEPARATOR
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.theme_members import carry_memberships_on_merge, copy_memberships_on_split
from qda_desktop.core.guids import assign_guid
from qda_desktop.core.names import checked_name
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Code, Coding

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
EDITABLE_FIELDS = ("name", "color", "definition", "inclusion", "exclusion", "example", "memo")


def check_color(color: str) -> str:
    if not COLOR_RE.match(color):
        raise InvalidInput(f"'{color}' is not a colour of the form #RRGGBB")
    return color.lower()


def check_code_name(ctx: Context, name: str, parent_id: int | None, exclude_id: int | None = None) -> str:
    if SEPARATOR in name:
        raise InvalidInput(f"a code name must not contain '{SEPARATOR}' (it separates levels of the codebook)")
    return checked_name(
        ctx.session,
        Code,
        "code",
        name,
        exclude_id=exclude_id,
        scope=(Code.parent_id.is_(parent_id),),
        ignore_case=True,
        place=" at the top level" if parent_id is None else " under this parent",
    )


def subtree_ids(ctx: Context, code_id: int) -> set[int]:
    ids = {code_id}
    frontier = [code_id]
    while frontier:
        children = ctx.session.scalars(select(Code.id).where(Code.parent_id.in_(frontier))).all()
        frontier = [c for c in children if c not in ids]
        ids.update(frontier)
    return ids


def next_position(ctx: Context, parent_id: int | None) -> int:
    current = ctx.session.scalar(select(func.max(Code.position)).where(Code.parent_id.is_(parent_id)))
    return 0 if current is None else current + 1


@dataclass(frozen=True)
class AddCode(Command[int]):
    name: str
    parent_id: int | None = None
    color: str = "#4c8bf5"
    definition: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    guid: str | None = None  # keep an importer's GUID; a new one otherwise

    @property
    def label(self) -> str:
        return f"Add code '{self.name}'"

    def apply(self, ctx: Context) -> int:
        if self.parent_id is not None:
            ctx.code(self.parent_id)
        code = Code(
            guid=assign_guid(ctx.session, Code, self.guid),
            name=check_code_name(ctx, self.name, self.parent_id),
            parent_id=self.parent_id,
            position=next_position(ctx, self.parent_id),
            color=check_color(self.color),
            definition=self.definition,
            inclusion=self.inclusion,
            exclusion=self.exclusion,
            example=self.example,
        )
        ctx.session.add(code)
        ctx.session.flush()
        return code.id


@dataclass(frozen=True)
class UpdateCode(Command[None]):
    """Rename, recolour or edit the definition fields of a code."""

    code_id: int
    changes: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        if set(self.changes) == {"name"}:
            return f"Rename code to '{self.changes['name']}'"
        if set(self.changes) == {"color"}:
            return "Recolour code"
        return "Edit code"

    def apply(self, ctx: Context) -> None:
        code = ctx.code(self.code_id)
        unknown = set(self.changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise InvalidInput(f"codes have no field {', '.join(sorted(unknown))}")
        for key, value in self.changes.items():
            if key == "name":
                value = check_code_name(ctx, value, code.parent_id, exclude_id=code.id)
            elif key == "color":
                value = check_color(value)
            setattr(code, key, value)


@dataclass(frozen=True)
class MoveCode(Command[None]):
    """Give a code a new parent (``None``: top level) and/or a place among its siblings."""

    code_id: int
    parent_id: int | None
    position: int | None = None

    @property
    def label(self) -> str:
        return "Move code"

    def apply(self, ctx: Context) -> None:
        code = ctx.code(self.code_id)
        if self.parent_id is not None:
            ctx.code(self.parent_id)
            if self.parent_id in subtree_ids(ctx, code.id):
                raise InvalidInput("a code cannot be moved under itself or one of its sub-codes")
        if self.parent_id != code.parent_id:
            check_code_name(ctx, code.name, self.parent_id, exclude_id=code.id)
        siblings = ctx.session.scalars(
            select(Code).where(Code.parent_id.is_(self.parent_id), Code.id != code.id).order_by(Code.position, Code.id)
        ).all()
        place = len(siblings) if self.position is None else max(0, min(self.position, len(siblings)))
        ordered = [*siblings[:place], code, *siblings[place:]]
        code.parent_id = self.parent_id
        for index, sibling in enumerate(ordered):
            if sibling.position != index:
                sibling.position = index


@dataclass(frozen=True)
class DeleteCode(Command[None]):
    """Delete a code with its sub-codes and their codings."""

    code_id: int

    @property
    def label(self) -> str:
        return "Delete code"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(ctx.code(self.code_id))


@dataclass(frozen=True)
class MergeCodes(Command[None]):
    """Merge ``source`` into ``target``: codings and sub-codes move, memo and definitions join; source is deleted."""

    source_id: int
    target_id: int

    @property
    def label(self) -> str:
        return "Merge codes"

    def apply(self, ctx: Context) -> None:
        source, target = ctx.code(self.source_id), ctx.code(self.target_id)
        if target.id in subtree_ids(ctx, source.id):
            raise InvalidInput("a code cannot be merged into itself or one of its sub-codes")
        carry_memberships_on_merge(ctx, source.id, target.id)
        existing = {
            (c.document_id, c.start, c.end, c.detached)
            for c in ctx.session.scalars(select(Coding).where(Coding.code_id == target.id))
        }
        for coding in ctx.session.scalars(select(Coding).where(Coding.code_id == source.id)).all():
            key = (coding.document_id, coding.start, coding.end, coding.detached)
            if key in existing:
                ctx.session.delete(coding)
            else:
                coding.code_id = target.id
                existing.add(key)
        for child in ctx.session.scalars(select(Code).where(Code.parent_id == source.id)).all():
            taken = ctx.session.scalar(
                select(Code.id).where(Code.parent_id == target.id, func.lower(Code.name) == child.name.lower())
            )
            if taken is not None:
                child.name = f"{child.name} (from {source.name})"
            child.parent_id = target.id
            child.position = next_position(ctx, target.id)
            ctx.session.flush()
        for name in ("definition", "inclusion", "exclusion", "example", "memo"):
            theirs = getattr(source, name)
            if theirs and theirs not in getattr(target, name):
                ours = getattr(target, name)
                setattr(target, name, f"{ours}\n\n{theirs}" if ours else theirs)
        ctx.session.flush()
        ctx.session.delete(source)


@dataclass(frozen=True)
class SplitCode(Command[int]):
    """Move some of a code's codings to a new sibling code called ``new_name``."""

    code_id: int
    new_name: str
    coding_ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"Split code into '{self.new_name}'"

    def apply(self, ctx: Context) -> int:
        code = ctx.code(self.code_id)
        new = Code(
            name=check_code_name(ctx, self.new_name, code.parent_id),
            parent_id=code.parent_id,
            position=next_position(ctx, code.parent_id),
            color=code.color,
            definition=code.definition,
        )
        ctx.session.add(new)
        ctx.session.flush()
        copy_memberships_on_split(ctx, code.id, new.id)
        for coding_id in self.coding_ids:
            coding = ctx.get(Coding, coding_id, "coding")
            if coding.code_id != code.id:
                raise InvalidInput(f"coding {coding_id} does not belong to the code being split")
            coding.code_id = new.id
        return new.id
