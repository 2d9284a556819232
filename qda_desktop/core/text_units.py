"""Converting between code-point offsets (the project's) and UTF-16 units (Qt's).

Only characters outside the Basic Multilingual Plane (emoji, some CJK) differ:
each is one code point but two UTF-16 units. ``OffsetMap`` records where they
are once per text, so each conversion is a binary search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class OffsetMap:
    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Code-point indices of astral characters, and their UTF-16 positions.
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        self._astral_utf16 = [i + n for n, i in enumerate(self._astral)]

    def to_utf16(self, codepoint: int) -> int:
        return codepoint + bisect_left(self._astral, codepoint)

    def to_codepoint(self, utf16: int) -> int:
        """A position inside a surrogate pair maps to the start of its character."""
        before = bisect_right(self._astral_utf16, utf16 - 1)
        if before and self._astral_utf16[before - 1] == utf16 - 1:
            return self._astral[before - 1]
        return utf16 - before


def utf16_offset(text: str, codepoint_offset: int) -> int:
    return OffsetMap(text).to_utf16(codepoint_offset)


def codepoint_offset(text: str, utf16_pos: int) -> int:
    return OffsetMap(text).to_codepoint(utf16_pos)
