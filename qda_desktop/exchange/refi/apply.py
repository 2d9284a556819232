"""Writing a ``Plan`` into a project as one command: one transaction, one undo step."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update

from qda_desktop.core.code_paths import SEPARATOR
from qda_desktop.core.commands.base import Command, Context
from qda_desktop.core.commands.cases import AddCase, DefineAttribute, LinkDocumentToCase, SetCaseAttribute
from qda_desktop.core.commands.codes import check_color
from qda_desktop.core.commands.codings import AddCodings
from qda_desktop.core.commands.documents import ImportText
from qda_desktop.core.commands.memos import AddMemo
from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.refi.archive import RefiSource
from qda_desktop.exchange.refi.plan import NoteSpec, Plan, SourceSpec
from qda_desktop.exchange.refi.segments import build_segments
from qda_desktop.exchange.refi.theme_apply import ThemeImport
from qda_desktop.store.media import store_media
from qda_desktop.store.models import (
    Attribute,
    Case,
    Code,
    Coding,
    Document,
    HasGuid,
    Media,
    Memo,
    Segment,
    new_guid,
)

CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def one_line(name: str, fallback: str) -> str:
    return CONTROL.sub(" ", name).strip() or fallback


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``… when taken (compared without case); the result is added to ``taken``."""
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{name} ({n})"
    taken.add(candidate.lower())
    return candidate


@dataclass
class Outcome:
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, noun: str, n: int = 1) -> None:
        self.counts[noun] = self.counts.get(noun, 0) + n


@dataclass
class ApplyPlan(Command[Outcome]):
    """Everything an exchange file holds, added to the project (see ``exchange.refi.importer``)."""

    plan: Plan
    source: RefiSource
    file_name: str
    progress: Callable[[float, float], None] = lambda done, total: None
    check: Callable[[], None] = lambda: None
    _guids: dict[str, set[str]] = field(default_factory=dict)
    _code_ids: dict[str, int] = field(default_factory=dict)
    _doc_ids: dict[str, int] = field(default_factory=dict)
    _selection_codings: dict[str, list[str]] = field(default_factory=dict)  # selection GUID -> coding GUIDs
    _coding_doc: dict[str, int] = field(default_factory=dict)
    _memos: dict[str, list[str]] = field(default_factory=dict)  # coding GUID -> memo texts
    _reused: int = 0

    @property
    def label(self) -> str:
        return f"Import '{self.file_name}'"

    def apply(self, ctx: Context) -> Outcome:
        out = Outcome()
        self._codes(ctx, out)
        self.check()
        self._documents(ctx, out)
        self._codings(ctx, out)
        themes = ThemeImport(
            ctx,
            self.plan,
            lambda model, guid: self.fresh(ctx, model, guid),
            unique,
            self._code_ids,
            self._selection_codings,
        )
        out.add("theme", themes.themes())
        self._notes(ctx, out, themes)
        self._cases(ctx, out)
        out.add("board", themes.boards())
        out.problems += themes.problems
        if self._reused:
            out.problems.append(f"{self._reused} GUIDs were already used in this project; those items got new ones")
        return out

    # -- GUIDs ----------------------------------------------------------------

    def fresh(self, ctx: Context, model: type[HasGuid], guid: str | None) -> str:
        """The producer's GUID when no row of ``model`` (nor this import) has it; a new one otherwise."""
        table = getattr(model, "__tablename__", "")
        if table not in self._guids:
            self._guids[table] = set(ctx.session.scalars(select(model.guid)))
        taken = self._guids[table]
        if guid is None or guid in taken:
            self._reused += guid is not None
            guid = new_guid()
        taken.add(guid)
        return guid

    # -- codes ----------------------------------------------------------------

    def _codes(self, ctx: Context, out: Outcome) -> None:
        """All codes in one insert (ids given here so children can name their parents): an import
        brings hundreds of codes, and one command per code would take seconds."""
        siblings: dict[int | None, set[str]] = {}
        positions: dict[int | None, int] = {}
        for parent_id, name, position in ctx.session.execute(select(Code.parent_id, Code.name, Code.position)):
            siblings.setdefault(parent_id, set()).add(name.lower())
            positions[parent_id] = max(positions.get(parent_id, -1), position)
        next_id = (ctx.session.scalar(select(func.max(Code.id))) or 0) + 1
        rows: list[dict[str, Any]] = []
        for spec in self.plan.codes:
            parent_id = self._code_ids.get(spec.parent) if spec.parent else None
            base = one_line(spec.name.replace(SEPARATOR, "-"), "Unnamed code")
            name = unique(base, siblings.setdefault(parent_id, set()))
            if name != base:
                out.problems.append(f"code '{base}' is named twice at one level; the second is '{name}'")
            positions[parent_id] = positions.get(parent_id, -1) + 1
            row = {
                "id": next_id,
                "guid": self.fresh(ctx, Code, spec.guid),
                "name": name,
                "parent_id": parent_id,
                "position": positions[parent_id],
                "color": check_color(spec.color),
                "definition": spec.definition,
                "inclusion": spec.inclusion,
                "exclusion": spec.exclusion,
                "example": spec.example,
            }
            rows.append(row)
            self._code_ids[spec.key] = next_id
            next_id += 1
        if rows:
            ctx.session.execute(Code.__table__.insert(), rows)  # type: ignore[attr-defined]
        out.add("code", len(rows))

    # -- documents and recordings -------------------------------------------------

    def _documents(self, ctx: Context, out: Outcome) -> None:
        names = {n.lower() for n in ctx.session.scalars(select(Document.name))}
        stored: dict[int, int] = {}  # id(MediaSpec) -> media id
        total = len(self.plan.sources)
        for n, spec in enumerate(self.plan.sources):
            self.check()
            self.progress(n, total)
            media_id = self._media(ctx, spec, stored, out)
            if spec.kind == "recording":
                continue
            name = unique(one_line(spec.name, f"Source {n + 1}"), names)
            guid = self.fresh(ctx, Document, spec.guid)
            if spec.kind == "text":
                doc_id = ImportText(name, spec.offsets.text, guid=guid).apply(ctx)
            else:
                doc = Document(guid=guid, name=name, kind="transcript", text=spec.offsets.text, media_id=media_id)
                ctx.session.add(doc)
                ctx.session.flush()
                doc_id = doc.id
                self._segments(ctx, spec, doc_id, out)
            for key in (spec.guid, *spec.aliases):
                if key:
                    self._doc_ids.setdefault(key, doc_id)
            out.add("document")

    def _media(self, ctx: Context, spec: SourceSpec, stored: dict[int, int], out: Outcome) -> int | None:
        media = spec.media
        if media is None or media.entry is None:
            return None
        if id(media) not in stored:
            mime = mimetypes.guess_type(media.entry.filename)[0] or f"{media.kind}/octet-stream"
            with self.source.open_entry(media.entry) as stream:
                name = one_line(media.name, "Recording")
                media_id = store_media(ctx.session.connection(), name, stream, mime)  # type: ignore[arg-type]
            ctx.session.execute(
                update(Media).where(Media.id == media_id).values(guid=self.fresh(ctx, Media, media.guid))
            )
            stored[id(media)] = media_id
            out.add("recording")
        return stored[id(media)]

    def _segments(self, ctx: Context, spec: SourceSpec, doc_id: int, out: Outcome) -> None:
        rows: list[dict[str, Any]] = []
        for idx, seg in enumerate(build_segments(spec.offsets.text, spec.sync_points)):
            rows.append(
                {
                    "guid": self.fresh(ctx, Segment, seg.guid),
                    "document_id": doc_id,
                    "idx": idx,
                    "speaker": seg.speaker,
                    "start_s": seg.start_s,
                    "end_s": seg.end_s,
                    "char_start": seg.char_start,
                    "char_end": seg.char_end,
                    "words": "[]",
                }
            )
        if rows:
            ctx.session.execute(Segment.__table__.insert(), rows)  # type: ignore[attr-defined]

    # -- codings ------------------------------------------------------------------

    def _codings(self, ctx: Context, out: Outcome) -> None:
        rows: list[tuple[int, int, int, int]] = []
        guids: list[str] = []
        unplaced: list[str] = []
        unknown = 0

        def add(doc_id: int, start: int, end: int, coding: tuple[str | None, str], selection: str | None) -> None:
            nonlocal unknown
            code_id = self._code_ids.get(coding[1])
            if code_id is None:
                unknown += 1
                return
            guid = self.fresh(ctx, Coding, coding[0])
            rows.append((doc_id, code_id, start, end))
            guids.append(guid)
            self._coding_doc[guid] = doc_id
            if coding[0]:
                self._selection_codings.setdefault(coding[0], []).append(guid)
            if selection:
                self._selection_codings.setdefault(selection, []).append(guid)

        for spec in self.plan.sources:
            doc_id = self._doc_ids.get(spec.guid or "")
            if doc_id is None:
                continue
            for sel in spec.selections:
                spot = sel.selection.placed
                if spot is None:
                    unplaced.append(sel.selection.name.strip()[:40] or f"{sel.selection.start}..{sel.selection.end}")
                    continue
                for coding in sel.codings:
                    add(doc_id, spot[0], spot[1], coding, sel.guid)
                if sel.comment:
                    self._comment(ctx, sel.comment, sel.guid, doc_id, spec.offsets.text[spot[0] : spot[1]], out)
            for coding in spec.whole:
                add(doc_id, 0, len(spec.offsets.text), coding, None) if spec.offsets.text else None
        if rows:
            AddCodings(tuple(rows), guids=tuple(guids)).apply(ctx)
        out.add("coding", len(rows))
        if unplaced:
            shown = ", ".join(f"'{u}'" for u in unplaced[:3])
            out.problems.append(f"{len(unplaced)} selections could not be placed in their text ({shown})")
        if unknown:
            out.problems.append(f"{unknown} codings name a code the file does not define; skipped")

    def _comment(self, ctx: Context, text: str, selection: str | None, doc_id: int, quote: str, out: Outcome) -> None:
        """A selection's Description: a memo on its codings, or (no codings) a memo on the document."""
        if selection and self._selection_codings.get(selection):
            for guid in self._selection_codings[selection]:
                self._memos.setdefault(guid, []).append(text)
            return
        title = "Comment on “" + " ".join(quote.split())[:60] + "”"
        AddMemo(title, text, target="document", target_id=doc_id).apply(ctx)
        out.add("memo")

    # -- notes ----------------------------------------------------------------------

    def _notes(self, ctx: Context, out: Outcome, themes: ThemeImport) -> None:
        code_memos: dict[int, list[str]] = {}
        theme_notes: dict[int, list[str]] = {}
        for note in self.plan.notes:
            row_target: tuple[str, int | None] | None = None
            for target in note.targets or ["project"]:
                if target in themes.theme_ids:
                    theme_notes.setdefault(themes.theme_ids[target], []).append(note_text(note))
                elif target in self._code_ids:
                    code_memos.setdefault(self._code_ids[target], []).append(note_text(note))
                elif self._selection_codings.get(target):
                    for guid in self._selection_codings[target]:
                        self._memos.setdefault(guid, []).append(note_text(note))
                elif target in self._doc_ids:
                    row_target = row_target or ("document", self._doc_ids[target])
                else:
                    row_target = row_target or ("project", None)
            if row_target is not None:
                guid = self.fresh(ctx, Memo, note.guid)
                title = CONTROL.sub(" ", note.title).strip()  # memos may be untitled
                AddMemo(title, note.text, target=row_target[0], target_id=row_target[1], guid=guid).apply(ctx)
                out.add("memo")
        themes.set_notes(theme_notes)
        for code_id, texts in code_memos.items():
            code = ctx.code(code_id)
            code.memo = "\n\n".join([code.memo, *texts] if code.memo else texts)
        out.add("memo", sum(len(t) for t in code_memos.values()))
        if self._memos:
            by_guid = {c.guid: c for c in ctx.session.scalars(select(Coding).where(Coding.guid.in_(list(self._memos))))}
            for guid, texts in self._memos.items():
                if guid in by_guid:
                    by_guid[guid].memo = "\n\n".join(dict.fromkeys(texts))
            out.add("memo", len(self._memos))

    # -- cases and variables ------------------------------------------------------------

    def _cases(self, ctx: Context, out: Outcome) -> None:
        attributes = {a.name.lower(): a for a in ctx.session.scalars(select(Attribute))}
        attribute_ids: dict[str, int] = {}
        for key, spec in self.plan.variables.items():
            name = one_line(spec.name, "Variable")
            found = attributes.get(name.lower())
            if found is not None and found.value_type == spec.value_type:
                attribute_ids[key] = found.id
                continue
            name = unique(name, set(attributes))
            guid = self.fresh(ctx, Attribute, spec.guid)
            attribute_ids[key] = DefineAttribute(name, spec.value_type, guid=guid).apply(ctx)
            attributes[name.lower()] = ctx.get(Attribute, attribute_ids[key])
        out.add("attribute", len(attribute_ids))
        names = {n.lower() for n in ctx.session.scalars(select(Case.name))}
        doc_names = {d.id: d.name for d in ctx.session.scalars(select(Document))}
        bad_values = 0
        for n, case in enumerate(self.plan.cases):
            docs = [self._doc_ids[g] for g in case.sources if g in self._doc_ids]
            fallback = doc_names.get(docs[0], f"Case {n + 1}") if docs else f"Case {n + 1}"
            name = unique(one_line(case.name, fallback), names)
            case_id = AddCase(name, case.description, guid=self.fresh(ctx, Case, case.guid)).apply(ctx)
            for key, value in case.values.items():
                if key not in attribute_ids:
                    bad_values += 1
                    continue
                try:
                    SetCaseAttribute(case_id, attribute_ids[key], value).apply(ctx)
                except InvalidInput:
                    bad_values += 1
            for doc_id in docs:
                LinkDocumentToCase(doc_id, case_id).apply(ctx)
        out.add("case", len(self.plan.cases))
        if bad_values:
            out.problems.append(f"{bad_values} variable values did not fit their variable's type; left out")


def note_text(note: NoteSpec) -> str:
    return f"{note.title}\n{note.text}".strip() if note.title else note.text
