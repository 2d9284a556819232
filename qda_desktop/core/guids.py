"""Stable identities: a command may keep a GUID it is given (an importer keeping a producer's)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.errors import InvalidInput
from qda_desktop.store.models import HasGuid, new_guid


def canonical_guid(value: str) -> str:
    """``value`` as a canonical lowercase UUID string; producers may write upper case or braces."""
    try:
        return str(uuid.UUID(value.strip()))
    except (ValueError, AttributeError):
        raise InvalidInput(f"'{value}' is not a GUID (expected a form like {new_guid()})") from None


def assign_guid(session: Session, model: type[HasGuid], value: str | None) -> str:
    """A new GUID, or ``value`` made canonical after checking no other row of ``model`` has it."""
    if value is None:
        return new_guid()
    guid = canonical_guid(value)
    taken = session.scalar(select(model.guid).where(model.guid == guid))
    if taken is not None:
        raise InvalidInput(f"another {getattr(model, '__tablename__', 'row').rstrip('_')} already has GUID {guid}")
    return guid


def assign_guids(session: Session, model: type[HasGuid], values: list[str]) -> list[str]:
    """Many given GUIDs made canonical; refuses a repeat among them or one already in ``model``."""
    guids = [canonical_guid(value) for value in values]
    seen: set[str] = set()
    for guid in guids:
        if guid in seen:
            raise InvalidInput(f"GUID {guid} is given twice")
        seen.add(guid)
    column = model.guid
    for start in range(0, len(guids), 500):
        taken = session.scalar(select(column).where(column.in_(guids[start : start + 500])).limit(1))
        if taken is not None:
            raise InvalidInput(f"another {getattr(model, '__tablename__', 'row').rstrip('_')} already has GUID {taken}")
    return guids
