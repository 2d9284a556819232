"""Retrieval for analysis: a code's extracts (sub-codes included), filtered, sorted, grouped and counted.

Qt-free; each public function opens its own read session on the project, like ``core.views``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.core.code_paths import build_paths
from qda_desktop.core.listings import document_cases
from qda_desktop.core.project import Project
from qda_desktop.core.queries import Hit, code_and_descendants
from qda_desktop.core.wording import plural
from qda_desktop.store.models import Attribute, Case, CaseAttributeValue, Code, Coding, Document

SortKey = Literal["document", "case", "position"]
ContextUnit = Literal["extract", "sentence", "paragraph"]
SORT_KEYS: tuple[SortKey, ...] = ("document", "case", "position")
NO_CASE = "Not linked to a case"
SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)]*\s+")


@dataclass(frozen=True)
class Extract:
    coding_id: int
    document_id: int
    document: str
    kind: str  # "text" or "transcript"
    code_id: int
    code: str  # the code's path
    sub_code: str  # the sub-code's path below the retrieved code; "" for the code itself
    cases: tuple[str, ...]
    start: int
    end: int
    text: str
    memo: str

    @property
    def case_label(self) -> str:
        return ", ".join(self.cases) or NO_CASE


@dataclass(frozen=True)
class RetrievalQuery:
    code_id: int
    include_sub_codes: bool = True
    case: str | None = None  # only extracts from this case
    attribute: tuple[str, str] | None = None  # only extracts whose case has (attribute, value)
    sort: SortKey = "document"


@dataclass(frozen=True)
class FilterChoices:
    cases: tuple[str, ...]
    attributes: dict[str, tuple[str, ...]]  # attribute name -> the values cases have


def retrieve(project: Project, query: RetrievalQuery) -> list[Extract]:
    with project.read() as session:
        return retrieve_in(session, query)


def retrieve_in(session: Session, query: RetrievalQuery) -> list[Extract]:
    """The extracts a query asks for, sorted; one SQL query whatever the number of codings."""
    ids = code_and_descendants(session, query.code_id) if query.include_sub_codes else [query.code_id]
    paths = build_paths((int(i), str(n), p) for i, n, p in session.execute(select(Code.id, Code.name, Code.parent_id)))
    root = paths.get(query.code_id, "")
    cases = document_cases(session)
    allowed = _allowed_documents(session, query, cases)
    rows = session.execute(
        select(Coding.id, Coding.document_id, Coding.code_id, Coding.start, Coding.end, Coding.memo).where(
            Coding.code_id.in_(ids), Coding.detached.is_(False)
        )
    ).all()
    if allowed is not None:
        rows = [r for r in rows if r[1] in allowed]
    # Each text read once and cut in Python: SQLite's substr walks a long text from its start every time.
    docs = {
        int(i): (str(n), str(k), str(t))
        for i, n, k, t in session.execute(
            select(Document.id, Document.name, Document.kind, Document.text).where(
                Document.id.in_({r[1] for r in rows})
            )
        )
    }
    extracts = [
        Extract(
            cid,
            did,
            docs[did][0],
            docs[did][1],
            code_id,
            paths.get(code_id, ""),
            "" if code_id == query.code_id else paths.get(code_id, "").removeprefix(root + "/"),
            cases.get(did, ()),
            start,
            end,
            docs[did][2][start:end],
            memo,
        )
        for cid, did, code_id, start, end, memo in rows
    ]
    return sort_extracts(extracts, query.sort)


def _allowed_documents(session: Session, query: RetrievalQuery, cases: dict[int, tuple[str, ...]]) -> set[int] | None:
    """Documents passing the case and attribute filters; None when there is no filter."""
    if query.case is None and query.attribute is None:
        return None
    wanted: set[str] | None = None
    if query.attribute is not None:
        name, value = query.attribute
        wanted = {
            str(c)
            for (c,) in session.execute(
                select(Case.name)
                .join(CaseAttributeValue, CaseAttributeValue.case_id == Case.id)
                .join(Attribute, Attribute.id == CaseAttributeValue.attribute_id)
                .where(Attribute.name == name, CaseAttributeValue.value == value)
            )
        }
    return {
        doc_id
        for doc_id, names in cases.items()
        if (query.case is None or query.case in names) and (wanted is None or wanted & set(names))
    }


def sort_extracts(extracts: list[Extract], key: SortKey) -> list[Extract]:
    """By document (then place in it), by case (then document, place) or by place in the document."""
    if key == "case":
        return sorted(extracts, key=lambda e: (not e.cases, e.case_label.casefold(), e.document.casefold(), e.start))
    if key == "position":
        return sorted(extracts, key=lambda e: (e.start, e.document.casefold()))
    return sorted(extracts, key=lambda e: (e.document.casefold(), e.start, e.end))


def group_by_case(extracts: list[Extract]) -> list[tuple[str, list[Extract]]]:
    """(case label, its extracts) with cases in name order and unlinked documents last."""
    groups: dict[str, list[Extract]] = {}
    for extract in extracts:
        groups.setdefault(extract.case_label, []).append(extract)
    order = sorted(groups, key=lambda label: (label == NO_CASE, label.casefold()))
    return [(label, groups[label]) for label in order]


def filter_choices(project: Project) -> FilterChoices:
    """The cases and attribute values the filters can offer."""
    with project.read() as session:
        cases = tuple(str(n) for n in session.scalars(select(Case.name).order_by(Case.name)))
        values: dict[str, set[str]] = {}
        for name, value in session.execute(
            select(Attribute.name, CaseAttributeValue.value).join(
                CaseAttributeValue, CaseAttributeValue.attribute_id == Attribute.id
            )
        ):
            if value:
                values.setdefault(str(name), set()).add(str(value))
    return FilterChoices(cases, {k: tuple(sorted(v, key=str.casefold)) for k, v in sorted(values.items())})


def extracts_summary(extracts: list[Extract]) -> str:
    """``1 extract in 1 document``; ``12 extracts in 3 documents from 2 participants``."""
    docs = len({e.document_id for e in extracts})
    text = f"{plural(len(extracts), 'extract')} in {plural(docs, 'document')}"
    cases = {case for e in extracts for case in e.cases}
    return text + (f" from {plural(len(cases), 'participant')}" if cases else "")


def search_summary(hits: list[Hit], words: str, code: str | None = None) -> str:
    """``0 matches for "with a small p"``; ``3 matches in 2 documents``, with the scope when there is one."""
    scope = f" in the extracts of '{code}'" if code else ""
    if not hits:
        return f"0 matches for {words.strip()}{scope}"
    docs = len({h.document_id for h in hits})
    return f"{plural(len(hits), 'match', 'matches')} in {plural(docs, 'document')}{scope}"


@dataclass(frozen=True)
class InContext:
    before: str
    text: str
    after: str


def in_context(project: Project, extract: Extract, unit: ContextUnit) -> InContext:
    """The extract with the rest of its sentence or paragraph either side (nothing for "extract")."""
    if unit == "extract":
        return InContext("", extract.text, "")
    with project.read() as session:
        text = session.scalar(select(Document.text).where(Document.id == extract.document_id)) or ""
    start, end = context_bounds(text, extract.start, extract.end, unit)
    return InContext(text[start : extract.start], text[extract.start : extract.end], text[extract.end : end])


def context_bounds(text: str, start: int, end: int, unit: ContextUnit) -> tuple[int, int]:
    """Where the paragraph (between line breaks) or sentence around ``start..end`` begins and ends."""
    low = text.rfind("\n", 0, start) + 1
    high = text.find("\n", end)
    high = len(text) if high < 0 else high
    if unit == "sentence":
        ends_before = [m.end() for m in SENTENCE_END.finditer(text, low, start)]
        low = ends_before[-1] if ends_before else low
        after = SENTENCE_END.search(text, max(end - 1, low), high)
        high = after.start() + len(after.group().rstrip()) if after else high
    return low, high
