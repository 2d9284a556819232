"""Commands on codings: apply a code to a passage, remove, resize, memo, re-attach."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from qda_desktop.core.code_paths import SEPARATOR, code_paths, find_code, new_code_place
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.guids import assign_guid, assign_guids
from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import Code, Coding, Document


def check_range(doc: Document, start: int, end: int) -> None:
    if not 0 <= start < end <= len(doc.text):
        raise InvalidInput(
            f"range {start}..{end} is not a passage of '{doc.name}' (its text has {len(doc.text)} characters)"
        )


@dataclass(frozen=True)
class ApplyCode(Command[int]):
    """Code [start, end); overlapping or touching codings of the same code merge into one."""

    document_id: int
    code_id: int
    start: int
    end: int
    memo: str = ""
    code_name: str = ""  # only for the undo label
    guid: str | None = None  # for a new coding (a merged one keeps its own)

    @property
    def label(self) -> str:
        return f"Apply code '{self.code_name}'" if self.code_name else "Apply code"

    def apply(self, ctx: Context) -> int:
        doc = ctx.document(self.document_id)
        ctx.code(self.code_id)
        check_range(doc, self.start, self.end)
        neighbours = ctx.session.scalars(
            select(Coding)
            .where(
                Coding.document_id == doc.id,
                Coding.code_id == self.code_id,
                Coding.detached.is_(False),
                Coding.start <= self.end,
                Coding.end >= self.start,
            )
            .order_by(Coding.start, Coding.id)
        ).all()
        if not neighbours:
            coding = Coding(
                guid=assign_guid(ctx.session, Coding, self.guid),
                document_id=doc.id,
                code_id=self.code_id,
                start=self.start,
                end=self.end,
                memo=self.memo,
            )
            ctx.session.add(coding)
            ctx.session.flush()
            return coding.id
        keep, *others = neighbours
        keep.start = min(self.start, *(c.start for c in neighbours))
        keep.end = max(self.end, *(c.end for c in neighbours))
        memos = [m for m in (keep.memo, *(c.memo for c in others), self.memo) if m]
        merged_memo = "\n\n".join(dict.fromkeys(memos))
        if keep.memo != merged_memo:
            keep.memo = merged_memo
        for other in others:
            ctx.session.delete(other)
        return keep.id


@dataclass(frozen=True)
class AddCodings(Command[int]):
    """Add many codings as they are (imports, bulk work): no merging; one undo step.

    Every row is checked before anything is written; an error names the bad row and id.
    """

    codings: tuple[tuple[int, int, int, int], ...]  # (document_id, code_id, start, end)
    description: str = "Add codings"
    guids: tuple[str, ...] = ()  # one per coding, to keep an importer's; new ones otherwise

    @property
    def label(self) -> str:
        return self.description

    def apply(self, ctx: Context) -> int:
        if self.guids and len(self.guids) != len(self.codings):
            raise InvalidInput(f"{len(self.guids)} GUIDs given for {len(self.codings)} codings; give one per coding")
        length_rows = ctx.session.execute(select(Document.id, func.length(Document.text)))
        lengths: dict[int, int] = {int(row[0]): int(row[1]) for row in length_rows}
        code_ids = set(ctx.session.scalars(select(Code.id)))
        guids = assign_guids(ctx.session, Coding, list(self.guids)) if self.guids else []
        rows = []
        for n, (document_id, code_id, start, end) in enumerate(self.codings):
            where = f"coding {n + 1} of {len(self.codings)}"
            if document_id not in lengths:
                raise InvalidInput(f"{where}: no document with id {document_id}")
            if code_id not in code_ids:
                raise InvalidInput(f"{where}: no code with id {code_id}")
            if not 0 <= start < end <= lengths[document_id]:
                raise InvalidInput(f"{where}: range {start}..{end} is outside document {document_id}")
            row: dict[str, int | str] = {"document_id": document_id, "code_id": code_id, "start": start, "end": end}
            if guids:
                row["guid"] = guids[n]
            rows.append(row)
        if rows:
            ctx.session.execute(Coding.__table__.insert(), rows)  # type: ignore[attr-defined]
        return len(rows)


@dataclass(frozen=True)
class RemoveCoding(Command[None]):
    coding_id: int

    @property
    def label(self) -> str:
        return "Remove coding"

    def apply(self, ctx: Context) -> None:
        ctx.session.delete(ctx.get(Coding, self.coding_id, "coding"))


@dataclass(frozen=True)
class SetCodingRange(Command[None]):
    """Move a coding's boundaries (dragging its ends in the editor)."""

    coding_id: int
    start: int
    end: int

    @property
    def label(self) -> str:
        return "Resize coding"

    def apply(self, ctx: Context) -> None:
        coding = ctx.get(Coding, self.coding_id, "coding")
        if coding.detached:
            raise InvalidInput("a detached coding must be re-attached before it can be resized")
        check_range(ctx.document(coding.document_id), self.start, self.end)
        coding.start, coding.end = self.start, self.end


@dataclass(frozen=True)
class ReattachCoding(Command[None]):
    """Attach a detached coding to a passage again."""

    coding_id: int
    start: int
    end: int

    @property
    def label(self) -> str:
        return "Re-attach coding"

    def apply(self, ctx: Context) -> None:
        coding = ctx.get(Coding, self.coding_id, "coding")
        check_range(ctx.document(coding.document_id), self.start, self.end)
        coding.start, coding.end = self.start, self.end
        coding.detached = False
        coding.quote = None


@dataclass(frozen=True)
class SetCodingMemo(Command[None]):
    coding_id: int
    memo: str

    @property
    def label(self) -> str:
        return "Edit coding memo"

    def apply(self, ctx: Context) -> None:
        ctx.get(Coding, self.coding_id, "coding").memo = self.memo


@dataclass(frozen=True)
class ApplyNewCode(Command[tuple[int, int]]):
    """Create a code and apply it to a passage in one step (code search box, in-vivo coding).

    A typed path ("Partnership/Trust") applies that code if it exists, else creates the
    last name under the existing parent path.
    """

    name: str
    document_id: int
    start: int
    end: int
    color: str
    parent_id: int | None = None
    in_vivo: bool = False

    @property
    def label(self) -> str:
        if self.in_vivo:
            return f"Code in vivo '{self.name}'"
        return f"Apply code '{self.name}'" if SEPARATOR in self.name else f"Apply new code '{self.name}'"

    def apply(self, ctx: Context) -> tuple[int, int]:
        from qda_desktop.core.commands.codes import AddCode

        parent_id, name = self.parent_id, self.name
        code_id: int | None = None
        if SEPARATOR in self.name and not self.in_vivo:
            paths = code_paths(ctx.session)
            code_id = find_code(paths, self.name)
            if code_id is None:
                parent_id, name = new_code_place(paths, self.name)
        if code_id is None:
            code_id = AddCode(name, parent_id=parent_id, color=self.color).apply(ctx)
        coding_id = ApplyCode(self.document_id, code_id, self.start, self.end).apply(ctx)
        return code_id, coding_id


def in_vivo_name(text: str, limit: int = 60) -> str:
    """A code name made from selected words: one line, no outer quotes or punctuation, not too long."""
    name = " ".join(text.replace(SEPARATOR, " ").split()).strip(" \"'“”‘’.,;:!?—-()[]")
    if len(name) > limit:
        name = name[:limit].rsplit(" ", 1)[0] + "…"
    return name
