"""The shape of an export before it has a format: a titled list of blocks (for DOCX, PDF and Markdown)
and a sheet of rows (for XLSX and CSV). Builders fill these; writers only lay them out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 is a top-level section
    color: str | None = None  # "#rrggbb": a swatch before the text


@dataclass(frozen=True)
class Para:
    """A paragraph. ``style``: body, quote (an extract), example (a codebook example), meta (small print),
    memo, or item (a line of a list; ``indent`` nests it)."""

    text: str
    style: str = "body"
    indent: int = 0
    label: str = ""  # bold words before the text ("Use when:")


Block = Heading | Para


@dataclass
class Report:
    title: str
    facts: list[str] = field(default_factory=list)  # lines under the title: project, date, counts
    blocks: list[Block] = field(default_factory=list)

    def add(self, block: Block) -> None:
        self.blocks.append(block)


Cell = str | int | float | None


@dataclass
class Sheet:
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    widths: dict[str, int] = field(default_factory=dict)  # column → width in characters (default 14)


Tick = Callable[[int, int], None]  # (done, total): progress, and the place a cancel is noticed


def no_tick(done: int, total: int) -> None:
    """No progress to report."""
