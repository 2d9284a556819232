"""Running a core job from the window: its work in a thread, its writes on the UI thread (the
project's one writer) in batches, its progress in a dialog and the status bar, Cancel at any time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from qda_desktop.core.jobs import INTERRUPTED, Job, JobDriver, Progress, describe
from qda_desktop.core.project import Project


class JobSignals(QObject):
    """Sent from the job's thread (a direct connection runs there, before the job goes on)."""

    ready = Signal()  # batches are waiting to be written
    progress = Signal(object)  # Progress
    finished = Signal(str)  # the work ended with this status


class JobRunner(QObject):
    """One job in the window. Signals below arrive on the UI thread."""

    progress = Signal(object)  # Progress
    written = Signal(int)  # batches written so far (after each batch)
    done = Signal(str)  # status, after the job's ``finish``

    def __init__(
        self,
        project: Project,
        job: Job[Any],
        parent: QObject | None = None,
        before_write: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.job = job
        self.signals = JobSignals()
        self.driver: JobDriver[Any] = JobDriver(project, job, self.signals.ready.emit, before_write)
        self.driver.ctx.on_progress = self.signals.progress.emit
        self.driver.on_written = self.written.emit
        queued = Qt.ConnectionType.QueuedConnection
        self.signals.ready.connect(self._write, queued)
        self.signals.progress.connect(self.progress, queued)
        self.signals.finished.connect(self._conclude, queued)
        self._thread: threading.Thread | None = None

    @property
    def status(self) -> str | None:
        return self.driver.status

    @property
    def error(self) -> str:
        return self.driver.error

    def start(self) -> None:
        """Begin on this thread, then work in a thread."""
        if not self.driver.begin():
            self.done.emit(self.driver.status or "failed")
            return

        def work() -> None:
            self.signals.finished.emit(self.driver.work())

        self._thread = threading.Thread(target=work, name=f"job: {self.job.title}", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop; what it handed over is still written, then it finishes as cancelled."""
        self.driver.cancel()

    def stop(self, timeout_s: float = 15) -> None:
        """Before the project closes: cancel, wait for the thread, write what is left and finish as
        interrupted, all before this returns."""
        self.driver.cancel()
        if self._thread is not None:
            self._thread.join(timeout=timeout_s)
        if self.driver.status is None and (self._thread is None or not self._thread.is_alive()):
            self._conclude(INTERRUPTED)

    def _write(self) -> None:
        self.driver.write_ready()

    def _conclude(self, status: str) -> None:
        if self.driver.status is not None:
            return  # already finished (stopped before the project closed)
        self.driver.conclude(status)
        self.done.emit(self.driver.status or status)


class JobProgressDialog(QProgressDialog):
    """Progress with the time left, and Cancel; it shows only when a job takes a moment."""

    def __init__(self, runner: JobRunner, text: str, parent: QWidget | None) -> None:
        super().__init__(text, "Cancel", 0, 1000, parent)
        self._text = text
        self.setWindowTitle(runner.job.title)
        self.setMinimumDuration(400)
        self.canceled.connect(runner.cancel)
        runner.progress.connect(self.show_progress)
        runner.done.connect(lambda _status: self.reset())

    def show_progress(self, progress: Progress) -> None:
        self.setValue(int(progress.fraction * 1000))
        self.setLabelText(f"{self._text}\n{describe(progress)}")
