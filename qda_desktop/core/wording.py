"""Counts in words: the one place that decides between "1 extract" and "2 extracts"."""

from __future__ import annotations


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """``1 document``, ``2 documents``, ``1 extract in 1 document``."""
    return f"{count} {noun if count == 1 else (plural_noun or noun + 's')}"


def listing(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
