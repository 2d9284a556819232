"""Counting extracts into cells: how many codings, from how many documents and cases."""

from __future__ import annotations

from dataclasses import dataclass, field

from qda_desktop.analysis.passages import Passage


@dataclass(frozen=True)
class Cell:
    """What a cell counts: extracts (codings), and the distinct documents and cases they come from."""

    codings: int = 0
    documents: int = 0
    cases: int = 0


@dataclass
class Tally:
    """A cell being counted; each passage is added to it at most once."""

    ids: list[int] = field(default_factory=list)
    documents: set[int] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)

    def add(self, passage: Passage, cases: tuple[str, ...]) -> None:
        self.ids.append(passage.coding_id)
        self.documents.add(passage.document_id)
        self.cases.update(cases)

    def cell(self) -> Cell:
        return Cell(len(self.ids), len(self.documents), len(self.cases))
