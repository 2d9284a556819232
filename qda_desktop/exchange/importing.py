"""Importing files into a project: every file read and checked first, then one undo step for all of them.

``DOCUMENT_SUFFIXES`` are read by ``readers``; ``PROJECT_IMPORTERS`` maps further suffixes to importers
that bring a whole project's worth of material (REFI-QDA ``.qdpx``/``.qdc``) and write it themselves:
one line there adds a format to ``qda import`` and to the window's import dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qda_desktop.core.commands import Batch, Command, ImportText, ImportTranscript
from qda_desktop.core.jobs import DONE, Job, JobContext
from qda_desktop.core.project import Project
from qda_desktop.core.views import document_names
from qda_desktop.errors import InvalidInput, QdaError
from qda_desktop.exchange.readers import READERS, ReadDocument, read_document
from qda_desktop.exchange.report import ExchangeReport, plural
from qda_desktop.exchange.turns import segments_from_turns

ProjectImporter = Callable[[Project, Path], ExchangeReport]


def _import_refi(project: Project, path: Path) -> ExchangeReport:
    from qda_desktop.exchange.refi.importer import import_refi

    return import_refi(project, path)


PROJECT_IMPORTERS: dict[str, ProjectImporter] = {".qdpx": _import_refi, ".qdc": _import_refi}


def supported_suffixes() -> list[str]:
    return sorted({*READERS, *PROJECT_IMPORTERS})


@dataclass(frozen=True)
class ReadFile:
    path: Path
    document: ReadDocument

    @property
    def name(self) -> str:
        return self.path.stem


def is_project_file(path: Path) -> bool:
    return path.suffix.lower() in PROJECT_IMPORTERS


def read_file(path: Path) -> ReadFile:
    return ReadFile(path, read_document(path))


def check_names(files: Sequence[ReadFile], taken: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Before any change: no two files may become one document, nor take a document's name."""
    names = [f.name for f in files]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InvalidInput(f"two files would both become document '{twice[0]}'; rename one of them")
    clash = next((f for f in files if f.name in taken), None)
    if clash is not None:
        raise InvalidInput(f"{clash.path.name}: a document named '{clash.name}' already exists")


def check_recording_target(files: Sequence[ReadFile], recording: Path) -> None:
    """A recording is linked to the timed transcripts among the files; there must be one."""
    if not any(f.document.is_transcript for f in files):
        raise InvalidInput(
            f"{recording.name}: none of the files is a timed transcript (SRT, WebVTT, noScribe HTML or "
            "timestamped text) to link the recording to"
        )


def commands_for(
    files: Sequence[ReadFile], media_id: int | None = None, duration_s: float | None = None
) -> list[Command[int]]:
    commands: list[Command[int]] = []
    for f in files:
        if f.document.is_transcript:
            segments = segments_from_turns(f.document.turns, duration_s if media_id is not None else None)
            commands.append(ImportTranscript(f.name, segments, media_id))
        else:
            commands.append(ImportText(f.name, f.document.text))
    return commands


def batch_label(files: Sequence[ReadFile]) -> str:
    return f"Import {plural(len(files), 'document')}" if len(files) != 1 else f"Import '{files[0].name}'"


def count_into(report: ExchangeReport, files: Sequence[ReadFile]) -> None:
    transcripts = [f for f in files if f.document.is_transcript]
    report.add("document", len(files) - len(transcripts))
    report.add("transcript", len(transcripts))
    report.add("turn", sum(len(f.document.turns) for f in transcripts))


def import_read(
    project: Project,
    files: Sequence[ReadFile],
    report: ExchangeReport,
    media_id: int | None = None,
    duration_s: float | None = None,
) -> list[int]:
    """Files already read become documents in one undo step; returns their ids."""
    if not files:
        return []
    check_names(files)
    ids = project.run(Batch(batch_label(files), list(commands_for(files, media_id, duration_s)))).result
    count_into(report, files)
    return [int(i) for i in ids]


def import_files(project: Project, paths: Sequence[Path]) -> ExchangeReport:
    """Read every file (the first bad one is refused, nothing changed), then import them all at once;
    project files (REFI-QDA) follow, each through its own importer."""
    report = ExchangeReport(plural(len(paths), "file"))
    documents = [read_file(p) for p in paths if not is_project_file(p)]
    check_names(documents, document_names(project))
    import_read(project, documents, report)
    for path in paths:
        if is_project_file(path):
            merge_reports(report, PROJECT_IMPORTERS[path.suffix.lower()](project, path))
    return report


def merge_reports(into: ExchangeReport, other: ExchangeReport) -> None:
    """A project file's report joins the import's; what it left out is named with the file."""
    for noun, count in other.counts.items():
        into.add(noun, count)
    into.left_out.extend(f"{other.source}: {line}" for line in [*other.problems, *other.left_out])


class ImportJob(Job[ReadFile]):
    """The window's import: files are read off the UI thread (Cancel between files); those that cannot
    be read are reported and the rest are imported at the end, in one undo step."""

    title = "Import documents"

    def __init__(
        self, project: Project, paths: Sequence[Path], media_id: int | None = None, duration_s: float | None = None
    ) -> None:
        self.project = project
        self.paths = list(paths)
        self.media_id = media_id  # a stored recording the timed transcripts are linked to
        self.duration_s = duration_s
        self.report = ExchangeReport(plural(len(self.paths), "file"))
        self.document_ids: list[int] = []
        self._read: list[ReadFile] = []

    def work(self, ctx: JobContext[ReadFile]) -> str | None:
        for index, path in enumerate(self.paths):
            ctx.check()
            ctx.step(index, len(self.paths))
            if is_project_file(path):
                continue
            try:
                ctx.hand(read_file(path))
            except QdaError as exc:
                self.report.problem(str(exc))
        ctx.step(len(self.paths), len(self.paths))
        return DONE

    def write(self, batch: list[ReadFile]) -> None:
        self._read.extend(batch)

    def finish(self, status: str, error: str) -> None:
        if status != DONE:
            return
        taken = document_names(self.project)
        readable = []
        for f in self._read:
            if f.name in taken:
                self.report.problem(f"{f.path.name}: a document named '{f.name}' already exists")
                continue
            taken.add(f.name)
            readable.append(f)
        if self.media_id is not None and readable and not any(f.document.is_transcript for f in readable):
            self.report.problem("the recording was stored, but none of the files is a timed transcript to link it to")
        self.document_ids = import_read(self.project, readable, self.report, self.media_id, self.duration_s)
        for path in self.paths:
            if is_project_file(path):
                try:
                    merge_reports(self.report, PROJECT_IMPORTERS[path.suffix.lower()](self.project, path))
                except QdaError as exc:
                    self.report.problem(str(exc))
