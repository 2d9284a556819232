"""After opening a large project, check all of it in the background and say so at once if it is damaged."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from qda_desktop.core.integrity_job import IntegrityCheck, needs_background_check
from qda_desktop.core.project import Project
from qda_desktop.ui.controllers.base import Controller
from qda_desktop.ui.jobs import JobRunner


class IntegrityController(Controller):
    runner: JobRunner | None = None

    def project_opened(self, project: Project) -> None:
        if not needs_background_check(project):
            return
        check = IntegrityCheck(project)
        self.runner = JobRunner(project, check, self)
        self.runner.done.connect(lambda _status: self._report(check))
        self.host.status("Checking the whole project in the background…", 0)
        self.runner.start()

    def _report(self, check: IntegrityCheck) -> None:
        self.runner = None
        if check.problem:
            QMessageBox.warning(self.host.window(), "The project is damaged", check.problem)
        else:
            self.host.status("Project checked: no damage found")

    def before_close(self) -> None:
        if self.runner is not None:
            self.runner.stop()
            self.runner = None
