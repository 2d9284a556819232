"""An export as a job: progress and Cancel, a file that appears whole or not at all, and an audit entry.

The file is written under a hidden sibling name in the chosen folder and renamed when the job finishes
as done; a cancelled or failed export removes the sibling. Nothing is written anywhere else.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from qda_desktop.core.jobs import DONE, Job, JobContext, run_job
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError
from qda_desktop.exchange.exports.builders import Options
from qda_desktop.exchange.exports.kinds import EXPORTERS, KIND_TITLES
from qda_desktop.exchange.report import ExchangeReport


class ExportError(QdaError):
    """An export could not be written; the message names the file and the reason."""


def sibling(path: Path) -> Path:
    """Where the file is written before it is complete (same folder, so the rename is atomic)."""
    return path.with_name(f".{path.name}.partial")


def check_destination(path: Path) -> None:
    """Refuse, in one line, a destination that cannot be written."""
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"{path.name}: is a folder; choose a file name")
    if not folder.is_dir():
        raise ExportError(f"{path.name}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ExportError(f"{path.name}: cannot write there (the folder or file is read-only)")


def _discard(partial: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only folder refuses even removing what is not there
        partial.unlink(missing_ok=True)


class ExportJob(Job[None]):
    """Writes one export; ``report`` says what was written once it has finished as done."""

    def __init__(self, project: Project, kind: str, fmt: str, path: Path, options: Options | None = None) -> None:
        if (kind, fmt) not in EXPORTERS:
            raise ExportError(f"{path.name}: cannot export {kind} as {fmt}")
        self.project, self.kind, self.fmt = project, kind, fmt
        self.path = Path(path)
        self.options = options or Options()
        self.title = f"Exporting the {KIND_TITLES.get(kind, kind).lower()}"
        self.report: ExchangeReport | None = None

    def begin(self) -> None:
        check_destination(self.path)

    def work(self, ctx: JobContext[None]) -> str | None:
        def tick(done: int, total: int) -> None:
            ctx.check()
            if done % max(1, total // 200) == 0:  # about 200 progress reports, however long the file
                ctx.step(done, total)

        partial = sibling(self.path)
        try:
            self.report = EXPORTERS[self.kind, self.fmt](self.project, partial, self.options, tick)
            self.report.source = self.path.name
        except OSError as exc:
            _discard(partial)
            raise ExportError(f"{self.path.name}: could not be written ({exc.strerror or exc})") from exc
        except BaseException:
            _discard(partial)
            raise
        return None

    def write(self, batch: list[None]) -> None:
        """Nothing goes into the project while exporting."""

    def finish(self, status: str, error: str) -> None:
        partial = sibling(self.path)
        if status != DONE or self.report is None:
            _discard(partial)
            self.report = None
            return
        try:
            os.replace(partial, self.path)
        except OSError as exc:
            _discard(partial)
            self.report = None
            raise ExportError(f"{self.path.name}: could not be written ({exc.strerror or exc})") from exc
        details: dict[str, object] = {"file": self.path.name, "format": self.fmt, "counts": self.report.counts}
        details.update(memos=self.options.memos, case_labels=self.options.case_labels)
        self.project.record_event(f"Export {KIND_TITLES.get(self.kind, self.kind).lower()} ({self.fmt})", details)


def export(
    project: Project,
    kind: str,
    fmt: str,
    path: Path,
    options: Options | None = None,
    cancel: threading.Event | None = None,
) -> ExchangeReport:
    """Run an export to the end (the CLI's way); raises ``ExportError`` when it did not complete."""
    job = ExportJob(project, kind, fmt, path, options)
    driver = run_job(project, job, cancel=cancel)
    if driver.status != DONE or job.report is None:
        raise ExportError(driver.error or f"{path.name}: the export was {driver.status}; no file was written")
    return job.report
