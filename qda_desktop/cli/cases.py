"""Cases (participants): list, add, link documents, import a participant sheet."""

from __future__ import annotations

import argparse
from pathlib import Path

from qda_desktop.cli.common import CliError, SubParsers, add_command, add_group, check_input_file, open_project
from qda_desktop.core.case_table import case_id_by_name, read_case_table
from qda_desktop.core.commands import AddCase, Batch, LinkDocumentToCase
from qda_desktop.core.queries import document_by_name
from qda_desktop.exchange.case_import import ImportCases, make_plan, read_state
from qda_desktop.exchange.report import plural
from qda_desktop.exchange.spreadsheets import read_table


def cmd_list(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project, project.read() as session:
        table = read_case_table(session)
    names = {a.id: a.name for a in table.attributes}
    if not table.rows:
        print("no cases")
    for row in table.rows:
        values = ", ".join(f"{names[a]}={v}" for a, v in row.values.items() if v)
        linked = [*row.documents, *row.speakers]
        print(f"{row.name}  [{'; '.join(linked) or 'no documents'}]{'  ' + values if values else ''}")


def cmd_add(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project:
        project.run(AddCase(args.name, args.description))
    print(f"added case '{args.name.strip()}'")


def cmd_link(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project:
        with project.read() as session:
            case_id = case_id_by_name(session, args.case)
            if case_id is None:
                raise CliError(f"no case named '{args.case}'")
            docs = [document_by_name(session, name).id for name in args.documents]
        label = f"Link {plural(len(docs), 'document')} to case '{args.case}'"
        project.run(Batch(label, [LinkDocumentToCase(doc, case_id) for doc in docs]))
    print(f"linked {plural(len(docs), 'document')} to '{args.case}'")


def cmd_import(args: argparse.Namespace) -> None:
    path = Path(args.file)
    check_input_file(path)
    table = read_table(path)  # the sheet is read and checked before the project is opened
    with open_project(Path(args.project)) as project:
        with project.read() as session:
            plan = make_plan(table, read_state(session), args.id_column)
        columns = ", ".join(f"{c.name} ({c.value_type})" for c in plan.columns)
        print(f"case id: {table.columns[plan.id_column]}; columns: {columns}")
        for note in plan.notes:
            print(f"note: {note}")
        if plan.problems:
            more = f" (and {plural(len(plan.problems) - 1, 'more problem')})" if len(plan.problems) > 1 else ""
            raise CliError(f"{path.name}: {plan.problems[0]}{more}; nothing was imported")
        if args.dry_run:
            print(f"dry run: {plan.summary()}; nothing was changed")
            return
        report = project.run(ImportCases(plan)).result
    print(report.summary())


def register(sub: SubParsers) -> None:
    cases = add_group(sub, "cases", "cases (participants), their attributes and documents")
    p = add_command(cases, "list", cmd_list, "list cases with their documents and attribute values")
    p.add_argument("project")
    p = add_command(cases, "add", cmd_add, "add a case")
    p.add_argument("project")
    p.add_argument("name")
    p.add_argument("--description", default="")
    p = add_command(cases, "link", cmd_link, "link documents to a case")
    p.add_argument("project")
    p.add_argument("case")
    p.add_argument("documents", nargs="+", metavar="DOCUMENT")
    p = add_command(cases, "import", cmd_import, "import cases and attributes from a CSV or XLSX sheet")
    p.add_argument("project")
    p.add_argument("file")
    p.add_argument("--id-column", help="the column with case ids (default: id/case/participant, else the first)")
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
