"""Counting a theme's extracts and participants: which codings each code has, which cases each document has."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.store.models import Coding, DocumentCase, ThemeCode, ThemeExtract


class Stats:
    """Which codings each code has and which cases each document belongs to (read once per view)."""

    def __init__(self, session: Session) -> None:
        self.codings: dict[int, set[int]] = defaultdict(set)  # code id -> coding ids
        self.document_of: dict[int, int] = {}  # coding id -> document id
        rows = session.execute(select(Coding.id, Coding.code_id, Coding.document_id).where(Coding.detached.is_(False)))
        for coding_id, code_id, document_id in rows:
            self.codings[code_id].add(coding_id)
            self.document_of[coding_id] = document_id
        self.cases_of: dict[int, set[int]] = defaultdict(set)  # document id -> case ids
        for document_id, case_id in session.execute(select(DocumentCase.document_id, DocumentCase.case_id)):
            self.cases_of[document_id].add(case_id)

    def count(self, coding_ids: Iterable[int]) -> tuple[int, int]:
        """(extracts, cases) over attached codings among ``coding_ids``."""
        attached = {c for c in coding_ids if c in self.document_of}
        cases = set().union(*(self.cases_of[self.document_of[c]] for c in attached)) if attached else set()
        return len(attached), len(cases)


def memberships(session: Session) -> tuple[dict[int, list[int]], dict[int, set[int]]]:
    """Theme id -> its code ids in order; theme id -> its direct extracts (coding ids)."""
    codes: dict[int, list[int]] = defaultdict(list)
    for theme_id, code_id in session.execute(
        select(ThemeCode.theme_id, ThemeCode.code_id).order_by(ThemeCode.position, ThemeCode.id)
    ):
        codes[theme_id].append(code_id)
    direct: dict[int, set[int]] = defaultdict(set)
    for theme_id, coding_id in session.execute(select(ThemeExtract.theme_id, ThemeExtract.coding_id)):
        direct[theme_id].add(coding_id)
    return codes, direct


def theme_codings(stats: Stats, code_ids: Iterable[int], direct: Iterable[int]) -> set[int]:
    found = set(direct)
    for code_id in code_ids:
        found |= stats.codings.get(code_id, set())
    return found
