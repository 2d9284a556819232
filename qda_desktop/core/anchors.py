"""Keeping coded ranges attached to their text while the text is edited.

Offsets are code-point indices, ranges are [start, end). An edit replaces
old[start:end] with ``text``. A range maps through a list of edits so that
characters which survive the edit stay covered; text inserted exactly at a
range's boundary stays outside it; a range none of whose characters survive is
detached (``None``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# Above this many character pairs a block is not diffed character by character.
CHAR_DIFF_LIMIT = 4_000_000


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    text: str

    @property
    def delta(self) -> int:
        return len(self.text) - (self.end - self.start)


def apply_edits(old: str, edits: Sequence[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for edit in edits:
        parts.append(old[pos : edit.start])
        parts.append(edit.text)
        pos = edit.end
    parts.append(old[pos:])
    return "".join(parts)


def _char_edits(old: str, new: str, old_base: int) -> list[Edit]:
    if not old or not new or len(old) * len(new) > CHAR_DIFF_LIMIT:
        return [Edit(old_base, old_base + len(old), new)] if (old or new) else []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        Edit(old_base + i1, old_base + i2, new[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _line_edits(old: str, new: str, old_base: int) -> list[Edit]:
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    if len(old_lines) <= 1 or len(new_lines) <= 1:
        return _char_edits(old, new, old_base)
    old_pos = [0]
    for line in old_lines:
        old_pos.append(old_pos[-1] + len(line))
    new_pos = [0]
    for line in new_lines:
        new_pos.append(new_pos[-1] + len(line))
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        edits.extend(
            _char_edits(old[old_pos[i1] : old_pos[i2]], new[new_pos[j1] : new_pos[j2]], old_base + old_pos[i1])
        )
    return edits


def _common_prefix(a: str, b: str, limit: int) -> int:
    """Length of the common prefix, by binary search over slice comparisons (C speed)."""
    low, high = 0, limit
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def diff_edits(old: str, new: str) -> list[Edit]:
    """The edits turning ``old`` into ``new``, in ascending order, minimal where affordable."""
    if old == new:
        return []
    limit = min(len(old), len(new))
    prefix = _common_prefix(old, new, limit)
    suffix = _common_prefix(old[prefix:][::-1], new[prefix:][::-1], limit - prefix)
    return _line_edits(old[prefix : len(old) - suffix], new[prefix : len(new) - suffix], prefix)


def replacement_edits(old: str, start: int, end: int, text: str) -> list[Edit]:
    """Edits for replacing old[start:end] with ``text``, refined so retyped characters survive."""
    if not 0 <= start <= end <= len(old):
        raise ValueError(f"range {start}..{end} is outside the text (length {len(old)})")
    return [Edit(start + e.start, start + e.end, e.text) for e in diff_edits(old[start:end], text)]


def map_range(start: int, end: int, edits: Iterable[Edit]) -> tuple[int, int] | None:
    """Map [start, end) through ``edits`` (ascending, old coordinates); ``None`` if detached."""
    delta = 0
    new_start: int | None = None
    new_end: int | None = None
    surviving = end - start
    for edit in edits:
        if edit.end <= start:  # before the range, or an insertion at its start
            delta += edit.delta
            continue
        if edit.start >= end:  # after the range, or an insertion at its end
            break
        if new_start is None:
            new_start = min(edit.start, start) + delta
        surviving -= max(0, min(edit.end, end) - max(edit.start, start))
        if edit.end >= end:  # reaches the range's end: its replacement text is inside
            new_end = edit.start + delta + len(edit.text)
            break
        delta += edit.delta
    if surviving <= 0:
        return None
    if new_start is None:
        new_start = start + delta
    if new_end is None:
        new_end = end + delta
    return new_start, new_end


def map_point(pos: int, edits: Iterable[Edit]) -> int:
    """Map a boundary position; insertions exactly at it push it right."""
    delta = 0
    for edit in edits:
        if edit.end <= pos:
            delta += edit.delta
        elif edit.start <= pos:
            return edit.start + delta
        else:
            break
    return pos + delta
