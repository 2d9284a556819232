"""Normalising imported text (no BOM, LF line breaks), with the edits that map raw offsets to stored ones."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qda_desktop.core.anchors import Edit, apply_edits, map_point

BOM = "\ufeff"
LINE_BREAK = re.compile(r"\r\n?")


@dataclass(frozen=True)
class NormalisedText:
    """Text as stored (no leading BOM, LF line breaks) and the edits that made it from the raw text."""

    text: str
    edits: tuple[Edit, ...]  # ascending, in the raw text's offsets

    def offset(self, raw_offset: int) -> int:
        """Where a boundary in the raw text lies in the stored text."""
        return map_point(raw_offset, self.edits)

    def range(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Where a raw passage lies in the stored text (empty if it held only a BOM or CRs).

        Exact because normalising only deletes characters or swaps one for one (CR for LF).
        """
        return self.offset(raw_start), self.offset(raw_end)


def normalise_text(raw: str) -> NormalisedText:
    """Drop a leading BOM; CRLF loses its CR (the LF stays), a lone CR becomes LF."""
    if "\r" not in raw and not raw.startswith(BOM):
        return NormalisedText(raw, ())
    edits = [Edit(0, 1, "")] if raw.startswith(BOM) else []
    for match in LINE_BREAK.finditer(raw):
        start = match.start()
        edits.append(Edit(start, start + 1, "" if match.end() - start == 2 else "\n"))
    return NormalisedText(apply_edits(raw, edits), tuple(edits))
