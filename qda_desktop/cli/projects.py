"""Project-level commands: create, show, passphrases, backups."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from qda_desktop.cli.common import (
    CliError,
    SubParsers,
    add_command,
    new_passphrase,
    open_project,
    passphrase_for,
)
from qda_desktop.core import keys, settings
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.store.engine import check_looks_like_project
from qda_desktop.store.project_file import ProjectStore


def cmd_new(args: argparse.Namespace) -> None:
    path = Path(args.project)
    passphrase = new_passphrase("QDA_PASSPHRASE", "New passphrase")
    with Project.create(path, passphrase, args.name) as project:
        settings.remember_recent(path, project.uuid)
        if args.remember:
            keys.remember(project.uuid, passphrase)
    print(f"created {path}")


def cmd_show(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project, project.read() as session:
        dump = project_dump(session)
    if args.json:
        json.dump(dump, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    print(
        f"{dump['project']['name']}: {len(dump['documents'])} documents, {len(dump['codes'])} codes, "
        f"{len(dump['codings'])} codings, {len(dump['memos'])} memos, {len(dump['cases'])} cases"
    )
    for doc in dump["documents"]:
        print(f"  document  {doc['name']}  ({len(doc['text'])} characters)")
    for code in dump["codes"]:
        print(f"  code      {code['path']}")


def cmd_passwd(args: argparse.Namespace) -> None:
    path = Path(args.project)
    current = passphrase_for(path)
    new = new_passphrase("QDA_NEW_PASSPHRASE", "New passphrase")
    with Project.open(path, current) as project:
        project.change_passphrase(current, new)
        if keys.recall(project.uuid):
            keys.remember(project.uuid, new)
    print(f"changed the passphrase of {path.name}")


def backup_destination(project: Path, dest_arg: str) -> Path:
    """A folder (existing, ending in '/', or without the project suffix) gets the project's file name."""
    dest = Path(dest_arg)
    if dest.is_dir() or dest_arg.endswith(("/", os.sep)) or (not dest.exists() and dest.suffix != project.suffix):
        return dest / project.name
    return dest


def cmd_backup(args: argparse.Namespace) -> None:
    project_path = Path(args.project)
    check_looks_like_project(project_path)  # names the project if it is missing, before any folder is made
    dest = backup_destination(project_path, args.dest)
    if dest.exists() and not args.force:
        raise CliError(f"{dest.name}: already exists (use --force to replace it)")
    try:
        dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"{dest.parent}: cannot create the backup folder ({exc.strerror})") from None
    with open_project(project_path) as project:
        project.backup(dest)
    print(f"backed up to {dest}")


def cmd_restore(args: argparse.Namespace) -> None:
    backup = Path(args.backup)
    check_looks_like_project(backup)  # names the backup if it is missing, before asking for a passphrase
    result = ProjectStore.restore(backup, Path(args.project), passphrase_for(backup), force=args.force)
    print(f"restored {args.project} from {backup.name}")
    if result.safety_copy is not None:
        print(f"the project it replaced is kept as {result.safety_copy.name}")
    if result.passphrase_differs:
        print(f"note: {Path(args.project).name} now opens with the backup's passphrase, not the one it had")


def cmd_remember(args: argparse.Namespace) -> None:
    path = Path(args.project)
    passphrase = passphrase_for(path)
    with Project.open(path, passphrase) as project:
        settings.remember_recent(path, project.uuid)
        keys.remember(project.uuid, passphrase)
    print(f"this computer's keychain now remembers the passphrase of {path.name}")


def cmd_forget(args: argparse.Namespace) -> None:
    path = Path(args.project)
    project_uuid = settings.uuid_for_path(path)
    if project_uuid is None:
        with Project.open(path, passphrase_for(path)) as project:
            project_uuid = project.uuid
    keys.forget(project_uuid)
    print(f"forgot the passphrase of {path.name}")


def register(sub: SubParsers) -> None:
    p = add_command(sub, "new", cmd_new, "create a new encrypted project")
    p.add_argument("project")
    p.add_argument("--name", help="the project's title (default: the file name)")
    p.add_argument("--remember", action="store_true", help="remember the passphrase in the keychain")

    p = add_command(sub, "show", cmd_show, "show the project's contents")
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="everything, as JSON")

    p = add_command(sub, "passwd", cmd_passwd, "change the passphrase (QDA_NEW_PASSPHRASE or prompt)")
    p.add_argument("project")

    p = add_command(
        sub, "backup", cmd_backup, "write a checked, encrypted backup (same passphrase) into a folder or file"
    )
    p.add_argument("project")
    p.add_argument("dest", help="a folder (created if needed) or a .qdaproj file")
    p.add_argument("--force", action="store_true", help="replace an existing file")

    p = add_command(
        sub, "restore", cmd_restore, "restore a backup as a project (not open anywhere); the backup is only read"
    )
    p.add_argument("backup")
    p.add_argument("project")
    p.add_argument("--force", action="store_true", help="replace an existing project (a safety copy is kept)")

    p = add_command(sub, "remember", cmd_remember, "remember the passphrase in this computer's keychain")
    p.add_argument("project")
    p = add_command(sub, "forget", cmd_forget, "remove the passphrase from this computer's keychain")
    p.add_argument("project")
