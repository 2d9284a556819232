"""Converting between code-point offsets (the project's) and UTF-16 units (Qt's)."""

from __future__ import annotations


def utf16_offset(text: str, codepoint_offset: int) -> int:
    """Qt position of the code point at ``codepoint_offset`` in ``text``."""
    prefix = text[:codepoint_offset]
    return codepoint_offset + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def codepoint_offset(text: str, utf16_pos: int) -> int:
    """Project offset of Qt position ``utf16_pos`` in ``text``."""
    units = 0
    for index, ch in enumerate(text):
        if units >= utf16_pos:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)
