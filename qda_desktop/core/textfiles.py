"""Reading plain-text files for import (clear errors naming the file) and normalising their text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qda_desktop.core.anchors import Edit, apply_edits, map_point
from qda_desktop.errors import InvalidInput

TEXT_SUFFIXES = {".txt", ".text", ".md"}
MAX_TEXT_BYTES = 50 * 1024 * 1024


def read_text_file(path: Path) -> str:
    """Decode a UTF-8 (or UTF-16 with BOM) text file; anything else is refused with a reason."""
    if not path.is_file():
        raise InvalidInput(f"{path.name}: no such file")
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise InvalidInput(f"{path.name}: unsupported file type '{path.suffix}' (plain text .txt or .md)")
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise InvalidInput(f"{path.name}: too large for a text document ({size // 1_000_000} MB)")
    data = path.read_bytes()
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path.name}: not valid UTF-8 text (byte {exc.start}); save it as UTF-8 and import again"
        ) from None
    if "\x00" in text:
        raise InvalidInput(f"{path.name}: contains NUL bytes; this looks like a binary file, not text")
    return text


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
