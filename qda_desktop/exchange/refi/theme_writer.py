"""Themes as REFI-QDA sets and boards as graphs.

A theme is a ``Set`` (same GUID) whose ``MemberCode`` elements are its codes; its fields are labelled
paragraphs of the set's ``Description`` and its notes a ``Note`` named by ``MemberNote``. What a set
cannot hold travels as ``Link`` elements: a subtheme links to its parent ("Subtheme of"), an extract
given to a theme directly links its selection to the theme ("Extract for theme"). A board is a
``Graph``: each card a ``Vertex`` standing for its theme or code, each connector an ``Edge``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from xml.etree.ElementTree import Element, SubElement

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qda_desktop.core.wording import plural
from qda_desktop.exchange.refi.labels import THEME_LABELS, join_labelled
from qda_desktop.store.models import (
    Board,
    BoardItem,
    BoardLink,
    Code,
    Coding,
    Snapshot,
    Theme,
    ThemeCode,
    ThemeExtract,
)

SUBTHEME_LINK = "Subtheme of"
EXTRACT_LINK = "Extract for theme"
STATUS_WORDS = {"candidate": "candidate", "reviewed": "reviewed", "defined": "defined", "set_aside": "set aside"}
VERDICT_WORDS = {"holds": "holds", "partly": "partly holds", "does_not_hold": "does not hold"}
SHAPES = {"theme": "RoundedRectangle", "code": "Rectangle", "note": "Note"}

Derive = Callable[[str, str], str]
AddNote = Callable[[str, str, str], None]


def themes_in_tree_order(session: Session) -> list[Theme]:
    """Every theme, each parent before its subthemes, siblings in their order."""
    children: dict[int | None, list[Theme]] = defaultdict(list)
    for row in session.scalars(select(Theme).order_by(Theme.position, Theme.id)):
        children[row.parent_id].append(row)
    ordered: list[Theme] = []
    stack = list(reversed(children[None]))
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(children[row.id]))
    return ordered


def describe_theme(row: Theme) -> str:
    values = {
        "concept": row.concept,
        "scope": row.scope,
        "status": STATUS_WORDS.get(row.status, row.status),
        "review_verdict": VERDICT_WORDS.get(row.review_verdict, ""),
        "review_notes": row.review_notes,
        "color": row.color.upper(),
    }
    return join_labelled(row.definition, values, THEME_LABELS)


class ThemeWriter:
    """Writes sets (into a project or a codebook), the links they need, and graphs."""

    def __init__(self, session: Session, derive: Derive, clean: Callable[[str], str]) -> None:
        self.session = session
        self.derive = derive
        self.clean = clean
        self.themes = themes_in_tree_order(session)
        self.code_guids = {int(i): str(g) for i, g in session.execute(select(Code.id, Code.guid))}
        self.problems: list[str] = []

    def _members(self) -> dict[int, list[str]]:
        members: dict[int, list[str]] = defaultdict(list)
        for theme_id, code_id in self.session.execute(
            select(ThemeCode.theme_id, ThemeCode.code_id).order_by(ThemeCode.position, ThemeCode.id)
        ):
            members[theme_id].append(self.code_guids[code_id])
        return members

    def sets(self, into: Element, in_codebook: bool, add_note: AddNote | None = None) -> int:
        """A ``Sets`` element under ``into`` (none without themes); returns how many sets.

        In a codebook a member is ``MemberCode/@guid`` and notes cannot travel; in a project it is
        ``MemberCode/@targetGUID`` and the theme's notes become a note named by ``MemberNote``.
        """
        if not self.themes:
            return 0
        members = self._members()
        sets = SubElement(into, "Sets")
        for row in self.themes:
            element = SubElement(sets, "Set", guid=row.guid, name=self.clean(row.name))
            SubElement(element, "Description").text = self.clean(describe_theme(row))
            for guid in members[row.id]:
                SubElement(element, "MemberCode", {"guid" if in_codebook else "targetGUID": guid})
            if row.notes.strip() and add_note is not None:
                note = self.derive(row.guid, "notes")
                add_note(note, "", row.notes)  # untitled: it reads back as the theme's notes
                SubElement(element, "MemberNote", targetGUID=note)
        if in_codebook and (subthemes := sum(1 for row in self.themes if row.parent_id is not None)):
            self.problems.append(
                f"{plural(subthemes, 'subtheme')} not nested: a codebook file has no place for subthemes, "
                "so each is a code set of its own"
            )
        return len(self.themes)

    def links(self) -> list[Element]:
        """``Link`` elements for subthemes and for extracts given to a theme directly."""
        guids = {row.id: row.guid for row in self.themes}
        found: list[Element] = []
        for row in self.themes:
            if row.parent_id is not None:
                found.append(self._link(row.guid, guids[row.parent_id], SUBTHEME_LINK))
        detached = 0
        rows = self.session.execute(
            select(ThemeExtract.theme_id, Coding.guid, Coding.detached)
            .join(Coding, Coding.id == ThemeExtract.coding_id)
            .order_by(ThemeExtract.theme_id, ThemeExtract.id)
        )
        for theme_id, coding_guid, is_detached in rows:
            if is_detached:
                detached += 1
                continue
            found.append(self._link(self.derive(coding_guid, "selection"), guids[theme_id], EXTRACT_LINK))
        if detached:
            self.problems.append(
                f"{plural(detached, 'extract')} given to themes not exported: their codings are detached"
            )
        return found

    def _link(self, origin: str, target: str, name: str) -> Element:
        guid = self.derive(f"{origin}>{target}", "link")
        return Element("Link", guid=guid, name=name, direction="OneWay", originGUID=origin, targetGUID=target)

    def graphs(self, into: Element) -> int:
        """A ``Graphs`` element with one graph per board; returns how many boards."""
        boards = list(self.session.scalars(select(Board).order_by(Board.id)))
        if not boards:
            return 0
        themes = {row.id: row for row in self.themes}
        codes = {c.id: c for c in self.session.scalars(select(Code))}
        cards: dict[int, list[BoardItem]] = defaultdict(list)
        for card in self.session.scalars(select(BoardItem).order_by(BoardItem.id)):
            cards[card.board_id].append(card)
        connectors: dict[int, list[BoardLink]] = defaultdict(list)
        for connector in self.session.scalars(select(BoardLink).order_by(BoardLink.id)):
            connectors[connector.board_id].append(connector)
        graphs = SubElement(into, "Graphs")
        for board in boards:
            graph = SubElement(graphs, "Graph", guid=board.guid, name=self.clean(board.name))
            item_guids = {card.id: card.guid for card in cards[board.id]}
            for card in cards[board.id]:
                vertex = SubElement(graph, "Vertex", guid=card.guid)
                shown: Theme | Code | None = None
                if card.theme_id is not None:
                    shown = themes[card.theme_id]
                elif card.code_id is not None:
                    shown = codes[card.code_id]
                if shown is not None:
                    vertex.set("representedGUID", shown.guid)
                    vertex.set("name", self.clean(shown.name))
                elif card.text:
                    vertex.set("name", self.clean(card.text))
                vertex.set("firstX", str(round(card.x)))
                vertex.set("firstY", str(round(card.y)))
                vertex.set("secondX", str(round(card.x + card.w)))
                vertex.set("secondY", str(round(card.y + card.h)))
                vertex.set("shape", SHAPES[card.kind])
                color = card.color or (shown.color if shown is not None else "")
                if color:
                    vertex.set("color", color.upper())
            for connector in connectors[board.id]:
                edge = SubElement(
                    graph,
                    "Edge",
                    guid=connector.guid,
                    sourceVertex=item_guids[connector.from_item_id],
                    targetVertex=item_guids[connector.to_item_id],
                    direction="OneWay",
                    lineStyle="solid",
                )
                if connector.label:
                    edge.set("name", self.clean(connector.label))
        snapshots = self.session.scalar(select(func.count()).select_from(Snapshot)) or 0
        if snapshots:
            self.problems.append(f"{plural(snapshots, 'board snapshot')} not exported: REFI-QDA has no form for them")
        return len(boards)
