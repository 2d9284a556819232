"""Kept for imports in ``ui``: the conversion lives in ``core.text_units``."""

from qda_desktop.core.text_units import OffsetMap, codepoint_offset, utf16_offset

__all__ = ["OffsetMap", "codepoint_offset", "utf16_offset"]
