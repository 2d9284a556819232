"""``qda import``: documents and transcripts in every format the readers know, checked before any change."""

from __future__ import annotations

import argparse
from pathlib import Path

from qda_desktop.cli.common import CliError, SubParsers, add_command, check_input_file, open_project
from qda_desktop.core.views import document_names
from qda_desktop.exchange.importing import (
    PROJECT_IMPORTERS,
    check_names,
    check_recording_target,
    import_read,
    is_project_file,
    merge_reports,
    read_file,
    supported_suffixes,
)
from qda_desktop.exchange.report import ExchangeReport, plural


def cmd_import(args: argparse.Namespace) -> None:
    paths = [Path(f) for f in args.files]
    recording = Path(args.recording) if args.recording else None
    for path in [*paths, *([recording] if recording else [])]:
        check_input_file(path)
    files = [read_file(p) for p in paths if not is_project_file(p)]  # every file read before any change
    check_names(files)
    duration_s = None
    if recording is not None:
        from qda_desktop.transcribe.recordings import probe

        check_recording_target(files, recording)
        duration_s = probe(recording).duration_s  # a clear error for an unreadable recording, before any change
    report = ExchangeReport(plural(len(paths), "file"))
    with open_project(Path(args.project)) as project:
        check_names(files, document_names(project))
        media_id = None
        if recording is not None:
            from qda_desktop.transcribe.cli_support import find_or_import

            media_id = find_or_import(project, recording)  # stored as the window stores it (a job, in chunks)
        import_read(project, files, report, media_id, duration_s)
        for path in paths:
            if is_project_file(path):
                merge_reports(report, PROJECT_IMPORTERS[path.suffix.lower()](project, path))
    print(report.summary())


def cmd_align(args: argparse.Namespace) -> None:
    import signal
    import sys
    import threading

    from qda_desktop.core.jobs import run_job
    from qda_desktop.core.queries import document_by_name
    from qda_desktop.transcribe.aligning import AlignJob
    from qda_desktop.transcribe.cli_support import show_progress
    from qda_desktop.transcribe.device import choose
    from qda_desktop.transcribe.models import resolve
    from qda_desktop.transcribe.recordings import probe

    recording = Path(args.recording)
    check_input_file(recording)
    warning = probe(recording).warning(recording.name)  # a clear error for an unreadable file, before any change
    if warning:
        print(f"qda: warning: {warning}", file=sys.stderr)
    model = resolve(args.model)
    with open_project(Path(args.project)) as project:
        with project.read() as session:
            doc_id = document_by_name(session, args.document).id
        job = AlignJob(project, doc_id, recording, model, choose("auto"), args.language)
        interrupted = threading.Event()
        previous = signal.signal(signal.SIGINT, lambda _signum, _frame: interrupted.set())
        try:
            status = run_job(project, job, show_progress, interrupted).status
        finally:
            signal.signal(signal.SIGINT, previous)
            print(file=sys.stderr)
        if job.note:
            print(job.note, file=sys.stderr)
        if status == "cancelled":
            raise CliError("alignment cancelled; nothing was changed")
        if status != "done":
            raise CliError(job.error or "the alignment failed; nothing was changed")
    print(job.summary)


def register(sub: SubParsers) -> None:
    kinds = ", ".join(s.lstrip(".") for s in supported_suffixes())
    p = add_command(sub, "import", cmd_import, f"import documents and transcripts ({kinds}) in one undo step")
    p.add_argument("project")
    p.add_argument("files", nargs="+")
    p.add_argument(
        "--recording",
        help="a recording to link the timed transcripts among FILES to (stored in the project, encrypted)",
    )

    p = add_command(
        sub,
        "align",
        cmd_align,
        "give a typed transcript the times of its recording (a local transcription is matched to its words; "
        "the text stays as it is)",
    )
    p.add_argument("project")
    p.add_argument("document", help="the document's name")
    p.add_argument("recording")
    p.add_argument("--model", help="a faster-whisper model folder or name (default: QDA_WHISPER_MODEL)")
    p.add_argument("--language", help="e.g. en (default: detect)")
