"""Themes: add, assign codes, list."""

from __future__ import annotations

import argparse
from pathlib import Path

from qda_desktop.cli.common import SubParsers, add_command, add_group, open_project
from qda_desktop.core.commands import AddCodesToTheme, AddTheme
from qda_desktop.core.queries import code_by_name
from qda_desktop.core.theme_dump import require_theme
from qda_desktop.core.theme_views import ThemeNode, theme_tree


def cmd_add(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project:
        with project.read() as session:
            parent = require_theme(session, args.parent) if args.parent else None
        project.run(AddTheme(args.name, parent_id=parent))
    where = f" under '{args.parent}'" if args.parent else ""
    print(f"added theme '{args.name.strip()}'{where}")


def cmd_assign(args: argparse.Namespace) -> None:
    """Every code is looked up before anything changes; one undo step for all of them."""
    with open_project(Path(args.project)) as project:
        with project.read() as session:
            theme_id = require_theme(session, args.theme)
            code_ids = tuple(code_by_name(session, name) for name in args.codes)
        added = project.run(AddCodesToTheme(theme_id, code_ids)).result
    already = len(set(code_ids)) - added
    note = f" ({already} already there)" if already else ""
    print(f"assigned {added} code{'s' if added != 1 else ''} to '{args.theme}'{note}")


def _print_node(node: ThemeNode, depth: int) -> None:
    indent = "  " * depth
    print(f"{indent}{node.name}  [{node.status.replace('_', ' ')}]  ({node.extracts} extracts, {node.cases} cases)")
    for code in node.codes:
        print(f"{indent}  - {code.path}  ({code.extracts} extracts)")
    for child in node.children:
        _print_node(child, depth + 1)


def cmd_list(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project:
        nodes = theme_tree(project)
    if not nodes:
        print("no themes")
    for node in nodes:
        _print_node(node, 0)


def register(sub: SubParsers) -> None:
    themes = add_group(sub, "themes", "group codes into themes")
    p = add_command(themes, "add", cmd_add, "add a theme (or a subtheme with --parent)")
    p.add_argument("project")
    p.add_argument("name")
    p.add_argument("--parent", help="name or path of the parent theme")
    p = add_command(themes, "assign", cmd_assign, "put codes (by name or Parent/Child path) into a theme")
    p.add_argument("project")
    p.add_argument("theme", help="name or path of the theme")
    p.add_argument("codes", nargs="+", metavar="CODE")
    p = add_command(themes, "list", cmd_list, "list themes with their codes and counts")
    p.add_argument("project")
