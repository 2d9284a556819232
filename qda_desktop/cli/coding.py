"""Documents, coding and search (the codebook is in ``cli.codebook``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from qda_desktop.cli.common import (
    SubParsers,
    add_command,
    open_project,
)
from qda_desktop.core.commands import ApplyCode
from qda_desktop.core.queries import code_by_name, document_by_name, search
from qda_desktop.core.retrieval import search_summary


def cmd_code(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project:
        with project.read() as session:
            doc_id = document_by_name(session, args.document).id
            code_id = code_by_name(session, args.code)
        project.run(ApplyCode(doc_id, code_id, args.start, args.end))
    print(f"coded {args.document} {args.start}..{args.end} with '{args.code}'")


def cmd_search(args: argparse.Namespace) -> None:
    words = " ".join(args.words)
    with open_project(Path(args.project)) as project, project.read() as session:
        code_id = code_by_name(session, args.code) if args.code else None
        hits = search(session, words, code_id=code_id)
    for hit in hits:
        print(f"{hit.document}:{hit.start}  …{hit.before}[{hit.match}]{hit.after}…".replace("\n", " "))
    print(search_summary(hits, words, args.code))


def register(sub: SubParsers) -> None:

    p = add_command(sub, "code", cmd_code, "apply a code to characters START..END (end exclusive) of a document")
    p.add_argument("project")
    p.add_argument("document")
    p.add_argument("start", type=int)
    p.add_argument("end", type=int)
    p.add_argument("code")

    p = add_command(sub, "search", cmd_search, 'full-text search with keyword in context ("quoted phrases" too)')
    p.add_argument("project")
    p.add_argument("words", nargs="+")
    p.add_argument("--code", help="only within the extracts of this code (name or path; sub-codes included)")
