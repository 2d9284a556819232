"""The one rule for names of documents, codes, cases and attributes: one line, not empty, not taken."""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from qda_desktop.errors import InvalidInput


def _article(what: str) -> str:
    return "an" if what[:1] in "aeiou" else "a"


def clean_name(what: str, name: str) -> str:
    """``name`` without surrounding spaces; refused when empty or not a single line."""
    name = name.strip()
    if not name:
        raise InvalidInput(f"{_article(what)} {what} name must not be empty")
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in name):
        raise InvalidInput(f"{_article(what)} {what} name must be one line without control characters")
    return name


def checked_name(
    session: Session,
    model: Any,
    what: str,
    name: str,
    *,
    exclude_id: int | None = None,
    scope: tuple[ColumnElement[bool], ...] = (),
    ignore_case: bool = False,
    place: str = "",
) -> str:
    """A clean name that no other row of ``model`` (within ``scope``) already has."""
    name = clean_name(what, name)
    column = model.name
    same = func.lower(column) == name.lower() if ignore_case else column == name
    for found in session.scalars(select(model.id).where(same, *scope)):
        if found != exclude_id:
            raise InvalidInput(f"{_article(what)} {what} named '{name}' already exists{place}")
    return name
