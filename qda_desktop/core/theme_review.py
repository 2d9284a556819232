"""Reviewing a theme: its extracts from all its codes grouped by participant (case), and the spread."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.core.code_paths import code_paths
from qda_desktop.core.project import Project
from qda_desktop.core.theme_stats import Stats, theme_codings
from qda_desktop.core.timeline import Timeline, document_timeline
from qda_desktop.store.models import Case, Coding, Document, DocumentCase, Theme, ThemeCode, ThemeExtract

NO_CASE = "(no case)"


@dataclass(frozen=True)
class ThemeExtractView:
    coding_id: int
    code_id: int
    code: str  # the code's path
    document_id: int
    document: str
    start: int
    end: int
    text: str
    start_s: float | None  # seconds in the recording, for a transcript with timed words
    end_s: float | None
    media_id: int | None  # the recording to play, if any
    direct: bool  # given to the theme itself (not only through one of its codes)


@dataclass(frozen=True)
class CaseExtracts:
    case: str
    extracts: tuple[ThemeExtractView, ...]


@dataclass(frozen=True)
class CaseSpread:
    case: str
    extracts: int
    documents: int
    codes: int


def _theme_ids(session: Session, theme_id: int, subthemes: bool) -> list[int]:
    ids = [theme_id]
    if subthemes:
        frontier = [theme_id]
        while frontier:
            frontier = [
                t for t in session.scalars(select(Theme.id).where(Theme.parent_id.in_(frontier))) if t not in ids
            ]
            ids += frontier
    return ids


def _extracts(session: Session, theme_id: int, subthemes: bool) -> list[tuple[ThemeExtractView, tuple[str, ...]]]:
    """Every extract of a theme with the cases of its document, in document and text order."""
    ids = _theme_ids(session, theme_id, subthemes)
    code_ids = set(session.scalars(select(ThemeCode.code_id).where(ThemeCode.theme_id.in_(ids))))
    direct = set(session.scalars(select(ThemeExtract.coding_id).where(ThemeExtract.theme_id.in_(ids))))
    wanted = theme_codings(Stats(session), code_ids, direct)
    if not wanted:
        return []
    paths = code_paths(session)
    cases: dict[int, list[str]] = defaultdict(list)
    for document_id, name in session.execute(
        select(DocumentCase.document_id, Case.name).join(Case, Case.id == DocumentCase.case_id).order_by(Case.name)
    ):
        cases[document_id].append(name)
    rows = session.execute(
        select(Coding.id, Coding.code_id, Coding.start, Coding.end, Document.id, Document.name, Document.kind)
        .join(Document, Document.id == Coding.document_id)
        .where(Coding.id.in_(wanted), Coding.detached.is_(False))
        .order_by(Document.name, Coding.start, Coding.id)
    ).all()
    texts: dict[int, str] = {}
    media: dict[int, int | None] = {}
    timelines: dict[int, Timeline | None] = {}
    out = []
    for coding_id, code_id, start, end, document_id, document, kind in rows:
        if document_id not in texts:
            doc = session.get(Document, document_id)
            assert doc is not None
            texts[document_id], media[document_id] = doc.text, doc.media_id
            timelines[document_id] = document_timeline(session, document_id) if kind == "transcript" else None
        timeline = timelines[document_id]
        span = timeline.time_span(start, end) if timeline is not None else None
        view = ThemeExtractView(
            coding_id,
            code_id,
            paths[code_id],
            document_id,
            document,
            start,
            end,
            texts[document_id][start:end],
            span[0] if span else None,
            span[1] if span else None,
            media[document_id],
            coding_id in direct,
        )
        out.append((view, tuple(cases.get(document_id, ())) or (NO_CASE,)))
    return out


def theme_extracts(project: Project, theme_id: int, subthemes: bool = True) -> list[CaseExtracts]:
    """A theme's extracts (through its codes and given directly), grouped by case; cases by name,
    documents without a case last under "(no case)". A document of two cases shows under both."""
    with project.read() as session:
        found = _extracts(session, theme_id, subthemes)
    groups: dict[str, list[ThemeExtractView]] = defaultdict(list)
    for view, case_names in found:
        for case in case_names:
            groups[case].append(view)
    order = sorted(groups, key=lambda c: (c == NO_CASE, c.lower()))
    return [CaseExtracts(case, tuple(groups[case])) for case in order]


def participant_spread(project: Project, theme_id: int, subthemes: bool = True) -> list[CaseSpread]:
    """How strongly each participant (case) supports a theme: extracts, documents and codes; most first."""
    spread = [
        CaseSpread(
            group.case,
            len(group.extracts),
            len({e.document_id for e in group.extracts}),
            len({e.code_id for e in group.extracts}),
        )
        for group in theme_extracts(project, theme_id, subthemes)
    ]
    return sorted(spread, key=lambda s: (-s.extracts, s.case == NO_CASE, s.case.lower()))
