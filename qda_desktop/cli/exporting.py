"""``qda export``: the codebook, coded extracts, the theme report and the audit trail written to a file."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from qda_desktop.cli.common import CliError, SubParsers, add_command, open_project
from qda_desktop.exchange.exports.builders import Options
from qda_desktop.exchange.exports.job import export
from qda_desktop.exchange.exports.kinds import EXPORTERS, formats_for, kinds
from qda_desktop.exchange.report import plural


def cmd_export(args: argparse.Namespace) -> None:
    kind, fmt, path = args.what, args.format, Path(args.output)
    if (kind, fmt) not in EXPORTERS:
        raise CliError(f"cannot export {kind} as {fmt} (choose from: {', '.join(formats_for(kind)) or 'none yet'})")
    options = Options(memos=args.memos, case_labels=args.case_labels)
    cancel = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: cancel.set())  # Ctrl+C cancels: no partial file is left
    try:
        with open_project(Path(args.project)) as project:
            report = export(project, kind, fmt, path, options, cancel)
    finally:
        signal.signal(signal.SIGINT, previous)
    counts = ", ".join(plural(n, noun) for noun, n in report.counts.items()) or "nothing"
    print(f"wrote {path.name}: {counts}")
    for problem in report.problems:
        print(f"  {problem}")


def register(sub: SubParsers) -> None:
    what = kinds()
    formats = sorted({fmt for _kind, fmt in EXPORTERS})
    p = add_command(
        sub,
        "export",
        cmd_export,
        "write the codebook, coded extracts (by code or by theme), the theme report or the audit trail to a file",
    )
    p.add_argument("project")
    p.add_argument("what", choices=what, help="what to export")
    p.add_argument("--format", "-f", required=True, choices=formats, help="file format")
    p.add_argument("-o", "--output", required=True, help="the file to write (not encrypted)")
    p.add_argument("--memos", action="store_true", help="include code and coding memos")
    p.add_argument(
        "--case-labels",
        action="store_true",
        help="show documents and participant speakers by their case's label instead of their names",
    )
