"""What every ``qda`` command shares: passphrases, opening a project, checking input files."""

from __future__ import annotations

import argparse
import getpass
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeAlias

from qda_desktop.core import keys, settings
from qda_desktop.core.commands import Command
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError

Handler = Callable[[argparse.Namespace], None]
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_command(parent: SubParsers, name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
    """One sub-command whose ``handler`` receives the parsed arguments."""
    p = parent.add_parser(name, help=help_, description=help_)
    p.set_defaults(handler=handler)
    return p


def add_group(parent: SubParsers, name: str, help_: str) -> SubParsers:
    """A command with sub-commands of its own (``qda codes add``)."""
    return parent.add_parser(name, help=help_).add_subparsers(dest=f"{name}_command", required=True)


class CliError(QdaError):
    pass


def _prompt(label: str) -> str:
    if not sys.stdin.isatty():
        raise CliError(f"no passphrase: set QDA_PASSPHRASE or run '{label}' in a terminal")
    return getpass.getpass(f"{label}: ")


def passphrase_for(path: Path) -> str:
    env = os.environ.get("QDA_PASSPHRASE")
    if env:
        return env
    project_uuid = settings.uuid_for_path(path)
    if project_uuid:
        remembered = keys.recall(project_uuid)
        if remembered:
            return remembered
    return _prompt(f"Passphrase for {path.name}")


def new_passphrase(env_name: str, what: str) -> str:
    env = os.environ.get(env_name)
    if env:
        return env
    first = _prompt(what)
    if first != _prompt(f"{what} (again)"):
        raise CliError("the two passphrases differ")
    return first


def open_project(path: Path) -> Project:
    project = Project.open(path, passphrase_for(path))
    settings.remember_recent(path, project.uuid)
    return project


def run_command(path: Path, command: Command) -> object:
    with open_project(path) as project:
        return project.run(command).result


def check_input_file(path: Path) -> None:
    """Say what ``path`` is when it is not a regular file (a folder, a FIFO…), before reading it."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise CliError(f"{path.name}: no such file") from None
    if stat.S_ISREG(mode):
        return
    kinds = {stat.S_ISDIR: "a folder", stat.S_ISFIFO: "a named pipe (FIFO)", stat.S_ISSOCK: "a socket"}
    kind = next((name for test, name in kinds.items() if test(mode)), "a device or special file")
    raise CliError(f"{path.name}: is {kind}, not a file")
