"""The full check of a large project, as a job: opening checks every page only of projects up to
``OPEN_CHECK_BYTES`` (it would take seconds), so larger ones are checked in the background after opening."""

from __future__ import annotations

from qda_desktop.core.jobs import Job, JobContext
from qda_desktop.core.project import Project
from qda_desktop.errors import DamagedProject
from qda_desktop.store.integrity import OPEN_CHECK_BYTES


def needs_background_check(project: Project) -> bool:
    return project.path.stat().st_size > OPEN_CHECK_BYTES


class IntegrityCheck(Job[None]):
    """Reads every page on its own connection; writes nothing. ``problem`` says what is damaged, if anything."""

    title = "Checking the project"

    def __init__(self, project: Project) -> None:
        self.project = project
        self.problem = ""

    def work(self, ctx: JobContext[None]) -> str | None:
        try:
            self.project.store.full_check()
        except DamagedProject as exc:
            self.problem = str(exc)
        return None

    def write(self, batch: list[None]) -> None:
        """Nothing to store."""
