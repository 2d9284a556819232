"""Themes and boards from a ``Plan``, written inside the import command (see ``apply``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from qda_desktop.core.commands.base import Context
from qda_desktop.core.commands.boards import CARD_SIZE
from qda_desktop.core.commands.theme_members import add_codes
from qda_desktop.core.commands.themes import DEFAULT_THEME_COLOR, AddTheme
from qda_desktop.core.wording import plural
from qda_desktop.exchange.refi.plan import BoardSpec, Plan, ThemeSpec, VertexSpec
from qda_desktop.exchange.refi.theme_writer import STATUS_WORDS, VERDICT_WORDS
from qda_desktop.exchange.refi.xmlutil import color_of
from qda_desktop.store.models import Board, BoardItem, BoardLink, Code, Coding, HasGuid, Theme, ThemeExtract

Fresh = Callable[[type[HasGuid], str | None], str]
Unique = Callable[[str, set[str]], str]
NOTE_COLOR = "#fff59d"


def word_key(words: dict[str, str], text: str, default: str) -> str:
    """The stored value whose word (or value) is ``text``, in any case; ``default`` when none is."""
    wanted = " ".join(text.lower().replace("_", " ").split())
    for key, word in words.items():
        if wanted in (word, key.replace("_", " ")):
            return key
    return default


def tree_order(themes: list[ThemeSpec]) -> list[ThemeSpec]:
    """Parents before subthemes; a parent that is missing or part of a cycle makes a top-level theme."""
    by_key = {spec.key: spec for spec in themes}
    ordered: list[ThemeSpec] = []
    placed: set[str] = set()

    def visit(spec: ThemeSpec, path: set[str]) -> None:
        if spec.key in placed:
            return
        parent = by_key.get(spec.parent or "")
        if parent is None or parent.key in path:
            spec.parent = None
        else:
            visit(parent, path | {spec.key})
        placed.add(spec.key)
        ordered.append(spec)

    for spec in themes:
        visit(spec, {spec.key})
    return ordered


@dataclass
class ThemeImport:
    """Creates the plan's themes (with codes and extracts) and boards; ``problems`` says what was left out."""

    ctx: Context
    plan: Plan
    fresh: Fresh
    unique: Unique
    code_ids: dict[str, int]
    selection_codings: dict[str, list[str]]
    theme_ids: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def themes(self) -> int:
        taken: dict[int | None, set[str]] = {}
        for parent_id, name in self.ctx.session.execute(select(Theme.parent_id, Theme.name)):
            taken.setdefault(parent_id, set()).add(name.lower())
        unknown_codes = 0
        for spec in tree_order(self.plan.themes):
            parent_id = self.theme_ids.get(spec.parent or "")
            name = self.unique(" ".join(spec.name.split()) or "Unnamed theme", taken.setdefault(parent_id, set()))
            fields = spec.fields
            theme_id = AddTheme(
                name,
                parent_id=parent_id,
                concept=fields.get("concept", ""),
                definition=fields.get("", ""),
                scope=fields.get("scope", ""),
                color=color_of(fields.get("color")) or DEFAULT_THEME_COLOR,
                status=word_key(STATUS_WORDS, fields.get("status", ""), "candidate"),
                guid=self.fresh(Theme, spec.guid),
            ).apply(self.ctx)
            row = self.ctx.get(Theme, theme_id, "theme")
            row.review_verdict = word_key(VERDICT_WORDS, fields.get("review_verdict", ""), "")
            row.review_notes = fields.get("review_notes", "")
            self.theme_ids[spec.key] = theme_id
            codes = [self.code_ids[key] for key in spec.codes if key in self.code_ids]
            unknown_codes += len(spec.codes) - len(codes)
            add_codes(self.ctx, theme_id, tuple(codes))
        if unknown_codes:
            skipped = plural(unknown_codes, "set member")
            self.problems.append(f"skipped {skipped} naming a code the file does not define")
        self._extracts()
        return len(self.theme_ids)

    def _extracts(self) -> None:
        wanted = {
            spec.key: [g for ref in spec.extracts for g in self.selection_codings.get(ref, [])[:1]]
            for spec in self.plan.themes
        }
        guids = [g for found in wanted.values() for g in found]
        coding_ids: dict[str, int] = {}
        for start in range(0, len(guids), 500):
            chunk = guids[start : start + 500]
            rows = self.ctx.session.execute(select(Coding.guid, Coding.id).where(Coding.guid.in_(chunk)))
            coding_ids.update((str(guid), int(id_)) for guid, id_ in rows)
        lost = sum(len(spec.extracts) for spec in self.plan.themes) - len(guids)
        for key, found in wanted.items():
            for guid in dict.fromkeys(found):
                self.ctx.session.add(ThemeExtract(theme_id=self.theme_ids[key], coding_id=coding_ids[guid]))
        if lost:
            self.problems.append(f"{plural(lost, 'link')} to a code set not imported: not from a coded selection")

    def set_notes(self, notes: dict[int, list[str]]) -> None:
        for theme_id, texts in notes.items():
            row = self.ctx.get(Theme, theme_id, "theme")
            row.notes = "\n\n".join([row.notes, *texts] if row.notes else texts)

    # -- boards -----------------------------------------------------------------------

    def boards(self) -> int:
        taken = {name.lower() for name in self.ctx.session.scalars(select(Board.name))}
        for n, spec in enumerate(self.plan.boards):
            name = self.unique(" ".join(spec.name.split()) or f"Board {n + 1}", taken)
            row = Board(guid=self.fresh(Board, spec.guid), name=name)
            self.ctx.session.add(row)
            self.ctx.session.flush()
            self._board(row, spec)
        return len(self.plan.boards)

    def _board(self, board: Board, spec: BoardSpec) -> None:
        colors = {t.id: t.color for t in self.ctx.session.scalars(select(Theme))}
        code_colors = {int(i): str(v) for i, v in self.ctx.session.execute(select(Code.id, Code.color))}
        items: dict[str, BoardItem] = {}  # vertex GUID -> card
        by_ref: dict[tuple[str, int], BoardItem] = {}
        stand_ins = 0
        for vertex in spec.vertices:
            ref = self._reference(vertex)
            if ref is not None and ref in by_ref:
                card = by_ref[ref]  # a second shape for the same theme or code: one card
            else:
                card = self._card(board, vertex, ref, colors if ref and ref[0] == "theme" else code_colors)
                stand_ins += ref is None and vertex.represents is not None
                if ref is not None:
                    by_ref[ref] = card
            if vertex.guid:
                items.setdefault(vertex.guid, card)
        self.ctx.session.flush()
        skipped = 0
        for guid, source, target, label in spec.edges:
            first, second = items.get(source), items.get(target)
            if first is None or second is None or first is second:
                skipped += 1
                continue
            link = BoardLink(board_id=board.id, from_item_id=first.id, to_item_id=second.id, label=label)
            link.guid = self.fresh(BoardLink, guid)
            self.ctx.session.add(link)
        if stand_ins:
            self.problems.append(
                f"board '{board.name}': {plural(stand_ins, 'shape')} standing for documents, notes or selections "
                "became note cards with their names"
            )
        if skipped:
            self.problems.append(f"board '{board.name}': {plural(skipped, 'edge')} without two cards to join; left out")

    def _reference(self, vertex: VertexSpec) -> tuple[str, int] | None:
        if vertex.represents in self.theme_ids:
            return ("theme", self.theme_ids[vertex.represents])
        if vertex.represents in self.code_ids:
            return ("code", self.code_ids[vertex.represents])
        return None

    def _card(self, board: Board, vertex: VertexSpec, ref: tuple[str, int] | None, colors: dict[int, str]) -> BoardItem:
        kind = ref[0] if ref else "note"
        x, y, right, bottom = vertex.box
        width, height = CARD_SIZE[kind]
        card = BoardItem(
            board_id=board.id,
            kind=kind,
            x=float(x),
            y=float(y),
            w=float(right - x) if right is not None and right > x else width,
            h=float(bottom - y) if bottom is not None and bottom > y else height,
        )
        card.guid = self.fresh(BoardItem, vertex.guid)
        if ref is None:
            card.text, card.color = vertex.name, vertex.color or NOTE_COLOR
        else:
            setattr(card, f"{kind}_id", ref[1])
            card.color = "" if vertex.color in (None, colors.get(ref[1])) else vertex.color
        self.ctx.session.add(card)
        return card
