"""The Matrix tab: codes × cases, documents or attribute values, and code co-occurrence.

Counts come from ``qda_desktop.analysis`` (no Qt); the table is refreshed when codes, codings,
cases or their links change, but only while the tab is on screen (else when it is next shown).
"""

from __future__ import annotations

from qda_desktop.analysis.cooccurrence import CoOccurrence, CoOccurrenceQuery, co_occurrence
from qda_desktop.analysis.extracts import extracts_of
from qda_desktop.analysis.job import CountJob
from qda_desktop.analysis.matrix import CodeMatrix, code_matrix
from qda_desktop.core.changes import Changes
from qda_desktop.core.jobs import DONE, FAILED
from qda_desktop.core.project import Project
from qda_desktop.core.retrieval import filter_choices
from qda_desktop.core.wording import plural
from qda_desktop.ui.controllers.base import Controller, Host
from qda_desktop.ui.jobs import JobRunner
from qda_desktop.ui.matrix_model import cooccurrence_grid, matrix_grid
from qda_desktop.ui.matrix_view import MatrixView

Counted = CodeMatrix | CoOccurrence
AREAS = {
    "codes",
    "codings",
    "documents",
    "segments",
    "cases",
    "attributes",
    "case_attributes",
    "document_cases",
    "speaker_cases",
}


class AnalysisController(Controller):
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.view = MatrixView()
        host.add_tab(self.view, "Matrix")
        self.result: CodeMatrix | CoOccurrence | None = None
        self.runner: JobRunner | None = None  # the count under way
        self.stale = True
        self.view.options_changed.connect(self.refresh)
        self.view.shown.connect(self._shown)
        self.view.cell_opened.connect(self.open_cell)
        self.view.jump_requested.connect(host.jump_to)

    def project_opened(self, project: Project) -> None:
        self.stale = True
        self.view.set_attributes(tuple(filter_choices(project).attributes))
        if self.view.isVisible():
            self.refresh()

    def project_closed(self) -> None:
        self._stop_counting()
        self.result = None
        self.view.show_grid(None, "")

    def changed(self, changes: Changes) -> None:
        if not changes.areas & AREAS or self.project is None:
            return
        self.stale = True
        if changes.areas & {"attributes", "case_attributes"}:
            self.view.set_attributes(tuple(filter_choices(self.project).attributes))
        if self.view.isVisible():
            self.refresh()

    def _shown(self) -> None:
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        """Count again in the background; a count still running is cancelled and its result dropped."""
        project = self.project
        if project is None:
            return
        self.stale = False
        self._stop_counting()
        if self.view.is_cooccurrence():
            cooccurrence = CoOccurrenceQuery(self.view.sub_codes.isChecked())
            job: CountJob[Counted] = CountJob(lambda: co_occurrence(project, cooccurrence))
        else:
            query = self.view.query()
            job = CountJob(lambda: code_matrix(project, query))
        runner = JobRunner(project, job, self)
        runner.done.connect(lambda status: self._counted(runner, job, status))
        self.runner = runner
        self.view.summary.setText("Counting…")
        runner.start()

    @property
    def counting(self) -> bool:
        return self.runner is not None

    def _counted(self, runner: JobRunner, job: CountJob[Counted], status: str) -> None:
        runner.deleteLater()
        if runner is not self.runner:
            return  # superseded by a newer count
        self.runner = None
        if status != DONE or job.result is None:
            if status == FAILED:  # an attribute deleted meanwhile, say
                self.result = None
                self.view.show_grid(None, runner.error)
            return
        self.result = table = job.result
        if isinstance(table, CoOccurrence):
            note = "Places where two codes' extracts overlap; in italics, each code's own extracts"
            self.view.show_grid(cooccurrence_grid(table), note + _detached_note(table.detached, "; "))
            return
        total = table.total
        summary = f"{plural(total.codings, 'extract')} in {plural(total.documents, 'document')}"
        self.view.show_grid(matrix_grid(table), summary + _detached_note(table.detached, "; "))

    def _stop_counting(self) -> None:
        runner, self.runner = self.runner, None
        if runner is not None:
            runner.cancel()

    def before_close(self) -> None:
        runner, self.runner = self.runner, None
        if runner is not None:
            runner.stop()

    def open_cell(self, row: int, column: int) -> None:
        """List the extracts a cell counts."""
        if self.project is None or self.result is None:
            return
        ids = self.result.coding_ids(row, column)
        code = self.result.rows[row] if isinstance(self.result, CodeMatrix) else self.result.codes[row]
        if isinstance(self.result, CodeMatrix):
            where = "all columns" if column < 0 else self.result.columns[column].label
            title = f"{code.path} × {where}"
        else:
            other = self.result.codes[column]
            title = code.path if other is code else f"{code.path} overlapping {other.path}"
        self.view.show_extracts(title, extracts_of(self.project, ids))


def _detached_note(detached: int, before: str = "") -> str:
    if not detached:
        return ""
    return f"{before}{plural(detached, 'detached coding')} left out (their text was deleted)"
