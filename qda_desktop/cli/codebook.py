"""The codebook: add a code with its definition, list the tree, import a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path

from qda_desktop.cli.common import CliError, SubParsers, add_command, add_group, check_input_file, open_project
from qda_desktop.core.code_paths import build_paths
from qda_desktop.core.commands import AddCode
from qda_desktop.core.listings import code_rows
from qda_desktop.core.queries import code_by_name
from qda_desktop.core.wording import plural
from qda_desktop.exchange.codebook_import import ImportCodebook, plan_codebook


def cmd_codes_add(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project:
        with project.read() as session:
            parent = code_by_name(session, args.parent) if args.parent else None
        command = AddCode(
            args.name,
            parent_id=parent,
            color=args.color,
            definition=args.definition,
            inclusion=args.use_when,
            exclusion=args.not_when,
            example=args.example,
        )
        project.run(command)
    print(f"added code '{args.name}'" + (f" under '{args.parent}'" if args.parent else ""))


def cmd_codes_list(args: argparse.Namespace) -> None:
    """The codebook in tree order; it reads the code table only (not the whole project)."""
    with open_project(Path(args.project)) as project, project.read() as session:
        rows = code_rows(session)
        paths = build_paths((r.id, r.name, r.parent_id) for r in rows)
        for row in rows:
            counts = f"{plural(row.codings, 'coding')} in {plural(row.documents, 'document')}"
            print(f"{row.color}  {paths[row.id]}  ({counts})")
            if args.full:
                for label, text in (
                    ("definition", row.definition),
                    ("use when", row.inclusion),
                    ("do not use when", row.exclusion),
                    ("example", row.example),
                ):
                    if text:
                        print(f"    {label}: {text}")


def cmd_codes_import(args: argparse.Namespace) -> None:
    """Plan first (every problem listed), then one undo step; --dry-run stops after the plan."""
    source = Path(args.file)
    check_input_file(source)
    with open_project(Path(args.project)) as project:
        with project.read() as session:
            plan = plan_codebook(session, source)
        if plan.problems:
            raise CliError(plan.summary())
        for row in plan.new_rows:
            print(f"new      {row.path}")
        for row in plan.updated_rows:
            print(f"update   {row.path} ({', '.join(sorted(row.changes))})")
        if plan.ignored_columns:
            print(f"ignored columns: {', '.join(plan.ignored_columns)}")
        if args.dry_run:
            print(f"{plan.summary()} (dry run: nothing changed)")
            return
        project.run(ImportCodebook(plan))
    print(plan.summary())


def register(sub: SubParsers) -> None:
    codes = add_group(sub, "codes", "work with the codebook")
    p = add_command(codes, "add", cmd_codes_add, "add a code")
    p.add_argument("project")
    p.add_argument("name")
    p.add_argument("--parent", help="name or path of the parent code")
    p.add_argument("--color", "--colour", default="#4c8bf5", help="colour as #RRGGBB")
    p.add_argument("--definition", default="", help="what the code means")
    p.add_argument("--use-when", default="", help="when to apply it (inclusion criteria)")
    p.add_argument("--not-when", default="", help="when not to apply it (exclusion criteria)")
    p.add_argument("--example", default="", help="an example extract")
    p = add_command(codes, "list", cmd_codes_list, "list the codebook in tree order")
    p.add_argument("project")
    p.add_argument("--full", action="store_true", help="show definitions and criteria too")
    p = add_command(codes, "import", cmd_codes_import, "import a codebook from a CSV or XLSX spreadsheet")
    p.add_argument("project")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="show the plan and change nothing")
