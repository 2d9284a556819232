"""The extracts behind a cell of a matrix or co-occurrence table, for reading them."""

from __future__ import annotations

from sqlalchemy import select

from qda_desktop.core.case_rules import CaseMap
from qda_desktop.core.code_paths import code_paths
from qda_desktop.core.project import Project
from qda_desktop.core.retrieval import Extract, sort_extracts
from qda_desktop.store.models import Coding, Document

CHUNK = 500


def extracts_of(project: Project, coding_ids: tuple[int, ...]) -> list[Extract]:
    """The given attached codings as extracts (text, document, cases), by document and place."""
    if not coding_ids:
        return []
    with project.read() as session:
        paths = code_paths(session)
        cases = CaseMap(session)
        query = select(Coding.id, Coding.document_id, Coding.code_id, Coding.start, Coding.end, Coding.memo)
        wanted = sorted(set(coding_ids))
        rows = [  # in chunks: SQLite limits the number of values in one statement
            row
            for i in range(0, len(wanted), CHUNK)
            for row in session.execute(query.where(Coding.id.in_(wanted[i : i + CHUNK]), Coding.detached.is_(False)))
        ]
        docs = {
            int(i): (str(n), str(k), str(t))
            for i, n, k, t in session.execute(
                select(Document.id, Document.name, Document.kind, Document.text).where(
                    Document.id.in_({int(r[1]) for r in rows})
                )
            )
        }
        extracts = [
            Extract(
                int(cid),
                int(did),
                docs[did][0],
                docs[did][1],
                int(code_id),
                paths.get(code_id, ""),
                "",
                cases.of_passage(did, start, end),
                int(start),
                int(end),
                docs[did][2][start:end],
                str(memo),
            )
            for cid, did, code_id, start, end, memo in rows
        ]
    return sort_extracts(extracts, "document")
