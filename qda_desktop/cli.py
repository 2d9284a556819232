"""``qda``: headless commands over the same services as the app.

The passphrase comes from QDA_PASSPHRASE, else from the keychain when the project
was remembered, else from a hidden prompt. Errors print one line and exit non-zero.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import multiprocessing
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import select

from qda_desktop import __version__
from qda_desktop.core import keys, settings
from qda_desktop.core.code_paths import build_paths
from qda_desktop.core.commands import AddCode, ApplyCode, Batch, Command, ImportText
from qda_desktop.core.listings import code_rows
from qda_desktop.core.project import Project
from qda_desktop.core.queries import code_by_name, document_by_name, project_dump, search
from qda_desktop.core.textfiles import read_text_file
from qda_desktop.errors import QdaError, WrongPassphrase
from qda_desktop.store.engine import check_looks_like_project
from qda_desktop.store.integrity import STORAGE_ERRORS, as_storage_error
from qda_desktop.store.models import Document
from qda_desktop.store.project_file import ProjectStore
from qda_desktop.transcribe.offline import go_offline

EXIT_ERROR = 1
EXIT_USAGE = 2


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


def _run(path: Path, command: Command) -> object:
    with open_project(path) as project:
        return project.run(command).result


def cmd_new(args: argparse.Namespace) -> None:
    path = Path(args.project)
    passphrase = new_passphrase("QDA_PASSPHRASE", "New passphrase")
    with Project.create(path, passphrase, args.name) as project:
        settings.remember_recent(path, project.uuid)
        if args.remember:
            keys.remember(project.uuid, passphrase)
    print(f"created {path}")


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


def read_document(path: Path) -> str:
    check_input_file(path)
    text = read_text_file(path)
    if not text.strip():
        raise CliError(f"{path.name}: the file is empty (or only blank space); nothing to import")
    return text


def cmd_import(args: argparse.Namespace) -> None:
    files = [Path(f) for f in args.files]
    texts = [(f.stem, read_document(f)) for f in files]  # every file checked before any change
    names = [name for name, _ in texts]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise CliError(f"two files would both become document '{sorted(duplicates)[0]}'")
    label = f"Import {len(texts)} documents" if len(texts) > 1 else f"Import '{texts[0][0]}'"
    _run(Path(args.project), Batch(label, [ImportText(name, text) for name, text in texts]))
    print(f"imported {len(texts)} document{'s' if len(texts) != 1 else ''}")


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


def cmd_search(args: argparse.Namespace) -> None:
    with open_project(Path(args.project)) as project, project.read() as session:
        for hit in search(session, " ".join(args.words)):
            print(f"{hit.document}:{hit.start}  …{hit.before}[{hit.match}]{hit.after}…".replace("\n", " "))


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


def cmd_transcribe(args: argparse.Namespace) -> None:
    from qda_desktop.transcribe.cli_support import transcribe_command

    check_input_file(Path(args.media))

    def open_checked(path: Path) -> Project:
        """Open the project and refuse a taken ``--name`` before anything is imported."""
        project = open_project(path)
        if args.name:
            with project.read() as session:
                taken = session.scalar(select(Document.id).where(Document.name == args.name))
            if taken is not None:
                project.close()
                raise CliError(f"{path.name}: a document named '{args.name}' already exists; choose another --name")
        return project

    transcribe_command(args, open_checked)


def cmd_models_list(args: argparse.Namespace) -> None:
    from qda_desktop.transcribe.doctor import model_lines

    print("\n".join(model_lines()))


def cmd_doctor(args: argparse.Namespace) -> None:
    from qda_desktop.transcribe.doctor import report_lines

    print("\n".join(report_lines(args.model)))


def cmd_models_download(args: argparse.Namespace) -> None:
    from qda_desktop.transcribe.download import download_model

    def show(done: int, total: int) -> None:
        print(f"\r{done / 1e6:8.1f} of {total / 1e6:.1f} MB", end="", file=sys.stderr, flush=True)

    path = download_model(args.name, show)
    print(file=sys.stderr)
    print(f"downloaded {args.name} to {path}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qda", description="QDA Desktop on the command line.")
    parser.add_argument("--version", action="version", version=f"qda {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str,
        handler: Callable[[argparse.Namespace], None],
        help_: str,
        parent: argparse._SubParsersAction[argparse.ArgumentParser] | None = None,
    ) -> argparse.ArgumentParser:
        p = (parent or sub).add_parser(name, help=help_, description=help_)
        p.set_defaults(handler=handler)
        return p

    p = add("new", cmd_new, "create a new encrypted project")
    p.add_argument("project")
    p.add_argument("--name", help="the project's title (default: the file name)")
    p.add_argument("--remember", action="store_true", help="remember the passphrase in the keychain")

    p = add("import", cmd_import, "import plain-text files as documents")
    p.add_argument("project")
    p.add_argument("files", nargs="+")

    codes = sub.add_parser("codes", help="work with the codebook").add_subparsers(dest="codes_command", required=True)
    p = add("add", cmd_codes_add, "add a code", codes)
    p.add_argument("project")
    p.add_argument("name")
    p.add_argument("--parent", help="name or path of the parent code")
    p.add_argument("--color", default="#4c8bf5", help="colour as #RRGGBB")
    p = add("list", cmd_codes_list, "list the codebook", codes)
    p.add_argument("project")

    p = add("code", cmd_code, "apply a code to characters START..END (end exclusive) of a document")
    p.add_argument("project")
    p.add_argument("document")
    p.add_argument("start", type=int)
    p.add_argument("end", type=int)
    p.add_argument("code")

    p = add("show", cmd_show, "show the project's contents")
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="everything, as JSON")

    p = add("search", cmd_search, "full-text search with keyword in context")
    p.add_argument("project")
    p.add_argument("words", nargs="+")

    p = add("passwd", cmd_passwd, "change the passphrase (QDA_NEW_PASSPHRASE or prompt)")
    p.add_argument("project")

    p = add("backup", cmd_backup, "write a checked, encrypted backup (same passphrase) into a folder or file")
    p.add_argument("project")
    p.add_argument("dest", help="a folder (created if needed) or a .qdaproj file")
    p.add_argument("--force", action="store_true", help="replace an existing file")

    p = add("restore", cmd_restore, "restore a backup as a project (not open anywhere); the backup is only read")
    p.add_argument("backup")
    p.add_argument("project")
    p.add_argument("--force", action="store_true", help="replace an existing project (a safety copy is kept)")

    p = add("transcribe", cmd_transcribe, "import a recording if needed and transcribe it locally (resumable)")
    p.add_argument("project")
    p.add_argument("media", help="a recording: wav, mp3, m4a, ogg, flac, or a video's audio track")
    p.add_argument("--model", help="a faster-whisper model folder or name (default: QDA_WHISPER_MODEL)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--language", help="e.g. en (default: detect)")
    p.add_argument("--beam-size", type=int, default=5)
    p.add_argument("--batched", action="store_true", help="faster, batched decoding (may drop words)")
    p.add_argument("--initial-prompt", help="a sentence in the recording's style, with its names")
    p.add_argument("--hotwords", help="names and terms to favour, e.g. 'Brookside, Barnsley'")
    p.add_argument("--name", help="name of the transcript document")

    models = sub.add_parser("models", help="faster-whisper models on this computer").add_subparsers(
        dest="models_command", required=True
    )
    add("list", cmd_models_list, "the models you can get, which are here, and how fast they run here", models)
    p = add("download", cmd_models_download, "download a model from the Hugging Face hub (asks the network)", models)
    p.add_argument("name", help="tiny.en, base.en, small.en, medium.en, large-v3, … or a hub repository")

    p = add("doctor", cmd_doctor, "check what transcription can use here (GPU, libraries, model)")
    p.add_argument("--model", help="a model folder or name to check (default: QDA_WHISPER_MODEL)")

    p = add("remember", cmd_remember, "remember the passphrase in this computer's keychain")
    p.add_argument("project")
    p = add("forget", cmd_forget, "remove the passphrase from this computer's keychain")
    p.add_argument("project")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen build's worker process: run it, not the parser (see app.main)
    logging.basicConfig(level=logging.WARNING, format="qda: %(message)s")
    args = build_parser().parse_args(argv)
    go_offline()  # telemetry off everywhere; only 'models download' reaches the network
    try:
        args.handler(args)
    except WrongPassphrase as exc:
        print(f"qda: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except QdaError as exc:
        print(f"qda: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (``qda show --json | head``): not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("qda: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        name = Path(exc.filename).name if exc.filename else ""
        print(f"qda: error: {name + ': ' if name else ''}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except STORAGE_ERRORS as exc:  # a storage error no command translated: still one line
        target = getattr(args, "project", None) or "project"
        print(f"qda: error: {as_storage_error(exc, Path(target))}", file=sys.stderr)
        return EXIT_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
