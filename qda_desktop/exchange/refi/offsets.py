"""Which unit a producer counted selection offsets in, checked against the text; conversion to ours.

Candidates (see FORMAT.md §6): code points (the spec, QualCoder, qc, Taguette), UTF-16 units with CR
counted (NVivo), code points with CRLF counted once (ATLAS.ti), and code points as if every line
break were CRLF (MAXQDA). Offsets count over the producer's raw text without its BOM; the result is a
code-point offset into our normalised text (``core.textfiles.normalise_text``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import astuple, dataclass

from qda_desktop.core.textfiles import NormalisedText, normalise_text

WidthRule = Callable[[str], list[tuple[int, int]]]  # raw text -> [(index, width != 1)], ascending


ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _astral(raw: str) -> list[tuple[int, int]]:
    return [] if raw.isascii() else [(m.start(), 2) for m in ASTRAL.finditer(raw)]


def _folded_cr(raw: str) -> list[tuple[int, int]]:
    return [(m.start(), 0) for m in re.finditer("\r\n", raw)]


def _bare_lf(raw: str) -> list[tuple[int, int]]:
    return [(m.start(), 2) for m in re.finditer("(?<!\r)\n", raw)]


CONVENTIONS: dict[str, tuple[str, WidthRule]] = {
    "codepoints": ("Unicode code points", lambda raw: []),
    "utf16": ("UTF-16 units, line breaks as written (NVivo)", _astral),
    "folded": ("code points, CRLF counted once (ATLAS.ti)", _folded_cr),
    "crlf": ("code points, every line break counted as CRLF (MAXQDA)", _bare_lf),
}


def preferred_order(origin: str) -> list[str]:
    """The producer's known convention first; the others are tried too."""
    lowered = origin.lower()
    first = (
        "utf16"
        if "nvivo" in lowered
        else "folded"
        if "atlas" in lowered
        else "crlf"
        if "maxqda" in lowered
        else "codepoints"
    )
    return [first, *(name for name in CONVENTIONS if name != first)]


class UnitMap:
    """Maps offsets counted in a convention's units to raw code-point indices."""

    def __init__(self, raw: str, rule: WidthRule) -> None:
        events = rule(raw)
        self.raw_length = len(raw)
        self._raw = [i for i, _ in events]
        self._width = [w for _, w in events]
        self._unit: list[int] = []  # unit position of each event's character
        shift = 0
        for index, width in events:
            self._unit.append(index + shift)
            shift += width - 1
        self.units = self.raw_length + shift

    @property
    def is_identity(self) -> bool:
        return not self._raw

    def to_raw(self, unit: int) -> int | None:
        if not 0 <= unit <= self.units:
            return None
        k = bisect_right(self._unit, unit) - 1
        if k < 0:
            return unit
        start, width, index = self._unit[k], self._width[k], self._raw[k]
        if unit < start + width:
            return index  # inside a surrogate pair or a counted CRLF: the character's start
        return index + 1 + (unit - start - width)


@dataclass
class Selection:
    """A selection as the file gives it, and where it lands in our text once placed."""

    start: int
    end: int
    name: str = ""
    placed: tuple[int, int] | None = None


@dataclass
class TextOffsets:
    """One source's raw text, its normalised form, and its selections in the producer's units."""

    raw: str
    selections: list[Selection]

    def __post_init__(self) -> None:
        self.normalised: NormalisedText = normalise_text(self.raw)
        # Normalising only deletes one character (a BOM, the CR of CRLF) or swaps CR for LF:
        # a raw boundary moves left by the deletions before it (same as ``NormalisedText.offset``).
        self._deleted = [edit.start for edit in self.normalised.edits if not edit.text]
        self._maps: dict[str, UnitMap] = {}

    def units(self, convention: str) -> UnitMap:
        if convention not in self._maps:
            self._maps[convention] = UnitMap(self.raw, CONVENTIONS[convention][1])
        return self._maps[convention]

    @property
    def text(self) -> str:
        return self.normalised.text

    def offset(self, raw: int) -> int:
        return raw - bisect_left(self._deleted, raw)

    def place(self, units: UnitMap, start: int, end: int) -> tuple[int, int] | None:
        raw_start, raw_end = units.to_raw(start), units.to_raw(end)
        if raw_start is None or raw_end is None or raw_start >= raw_end:
            return None
        placed = self.offset(raw_start), self.offset(raw_end)
        return placed if placed[0] < placed[1] else None


def squash(text: str) -> str:
    return " ".join(text.split())


def _at_boundaries(text: str, start: int, end: int) -> int:
    def word(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isalnum()

    return int(not (word(start - 1) and word(start))) + int(not (word(end - 1) and word(end)))


@dataclass
class Verdict:
    convention: str
    quotes_checked: int
    quotes_matching: int
    boundary_score: float

    def describe(self) -> str:
        label = CONVENTIONS[self.convention][0]
        quotes = (
            f"; {self.quotes_matching} of {self.quotes_checked} quoted excerpts match" if self.quotes_matching else ""
        )
        return f"offsets read as {label} (word-boundary score {self.boundary_score:.2f}{quotes})"


def _score(convention: str, sources: list[TextOffsets]) -> tuple[tuple[int, int, int], Verdict]:
    checked = matching = placed = boundaries = 0
    for source in sources:
        units = source.units(convention)
        text = source.text
        for sel in source.selections:
            spot = source.place(units, sel.start, sel.end)
            quote = squash(sel.name).rstrip("…").rstrip(".").strip()
            if len(quote) >= 4:
                checked += 1
                if spot is not None and squash(text[spot[0] : spot[1]]).startswith(quote):
                    matching += 1
            if spot is not None:
                placed += 1
                boundaries += _at_boundaries(text, *spot)
    total = sum(len(s.selections) for s in sources)
    verdict = Verdict(convention, checked, matching, boundaries / (2 * total) if total else 1.0)
    return (matching, placed, boundaries), verdict


def choose_convention(origin: str, sources: list[TextOffsets]) -> Verdict:
    """The convention under which most quotes match, most selections fit, and most ends fall between
    words; ties go to the producer's known convention. Places every selection under it."""
    order = preferred_order(origin)
    needs_check = [s for s in sources if s.selections]
    best: tuple[tuple[int, int, int], int] | None = None
    chosen = Verdict(order[0], 0, 0, 1.0)
    identity: tuple[tuple[int, int, int], Verdict] | None = None  # conventions that change nothing score alike
    for rank, convention in enumerate(order):
        plain = all(s.units(convention).is_identity for s in needs_check)
        if plain and identity is not None:
            score, verdict = identity[0], Verdict(convention, *astuple(identity[1])[1:])
        else:
            score, verdict = _score(convention, needs_check)
            identity = (score, verdict) if plain else identity
        key = (score, -rank)
        if best is None or key > best:
            best, chosen = key, verdict
    for source in sources:
        units = source.units(chosen.convention)
        for sel in source.selections:
            sel.placed = source.place(units, sel.start, sel.end)
    return chosen


def place_point(source: TextOffsets, convention: str, unit: int) -> int | None:
    """A single position (a sync point) under ``convention``, in our text."""
    raw = source.units(convention).to_raw(unit)
    if raw is None:
        return None
    return source.offset(raw)
