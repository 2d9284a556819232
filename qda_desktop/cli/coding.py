"""Documents, the codebook, coding and search."""

from __future__ import annotations

import argparse
from pathlib import Path

from qda_desktop.cli.common import SubParsers, add_command, add_group, open_project
from qda_desktop.core.code_paths import build_paths
from qda_desktop.core.commands import AddCode, ApplyCode
from qda_desktop.core.listings import code_rows
from qda_desktop.core.queries import code_by_name, document_by_name, search


def cmd_codes_add(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project:
        with project.read() as session:
            parent = code_by_name(session, args.parent) if args.parent else None
        project.run(AddCode(args.name, parent_id=parent, color=args.color))
    print(f"added code '{args.name}'")


def cmd_codes_list(args: argparse.Namespace) -> None:
    """The codebook in tree order; it reads the code table only (not the whole project)."""
    with open_project(Path(args.project)) as project, project.read() as session:
        rows = code_rows(session)
        paths = build_paths((r.id, r.name, r.parent_id) for r in rows)
        for row in rows:
            print(f"{row.color}  {paths[row.id]}  ({row.codings} codings in {row.documents} documents)")


def cmd_code(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project:
        with project.read() as session:
            doc_id = document_by_name(session, args.document).id
            code_id = code_by_name(session, args.code)
        project.run(ApplyCode(doc_id, code_id, args.start, args.end))
    print(f"coded {args.document} {args.start}..{args.end} with '{args.code}'")


def cmd_search(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project, project.read() as session:
        for hit in search(session, " ".join(args.words)):
            print(f"{hit.document}:{hit.start}  …{hit.before}[{hit.match}]{hit.after}…".replace("\n", " "))


def register(sub: SubParsers) -> None:
    codes = add_group(sub, "codes", "work with the codebook")
    p = add_command(codes, "add", cmd_codes_add, "add a code")
    p.add_argument("project")
    p.add_argument("name")
    p.add_argument("--parent", help="name or path of the parent code")
    p.add_argument("--color", default="#4c8bf5", help="colour as #RRGGBB")
    p = add_command(codes, "list", cmd_codes_list, "list the codebook")
    p.add_argument("project")

    p = add_command(sub, "code", cmd_code, "apply a code to characters START..END (end exclusive) of a document")
    p.add_argument("project")
    p.add_argument("document")
    p.add_argument("start", type=int)
    p.add_argument("end", type=int)
    p.add_argument("code")

    p = add_command(sub, "search", cmd_search, "full-text search with keyword in context")
    p.add_argument("project")
    p.add_argument("words", nargs="+")
