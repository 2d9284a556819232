"""Long work as jobs: progress with fraction and ETA, cancel, and results handed to the one writer.

A job has two sides. ``work`` runs off the writer's thread and never writes to the project: it hands
results to ``JobContext.hand`` and reports progress. The writer (the thread that owns the project: the
window's UI thread, or the caller of ``run_job``) calls ``begin`` first, ``write`` with the results in
batches, and ``finish`` last. ``JobDriver`` is the writer's side, shared by ``run_job`` here and the
window's adapter (``ui.jobs``); no Qt is needed.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from qda_desktop.errors import QdaError

if TYPE_CHECKING:
    from qda_desktop.core.project import Project

T = TypeVar("T")

DONE, CANCELLED, FAILED = "done", "cancelled", "failed"
INTERRUPTED = "interrupted"  # the project is closing: no user decision, the job may resume later
MAX_WAITING = 2  # batches handed over but not yet written; ``hand`` waits beyond this (bounded memory)


class Progress(Protocol):
    """What every job's progress tells: how far (0..1) and, once it can be estimated, the time left."""

    @property
    def fraction(self) -> float: ...

    @property
    def eta_s(self) -> float | None: ...


@dataclass(frozen=True)
class Steps:
    """Progress counted in units (bytes, documents, rows)."""

    done: float
    total: float
    elapsed_s: float

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0

    @property
    def rate(self) -> float:
        """Units per second so far."""
        return self.done / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        return max(0.0, self.total - self.done) / self.rate if self.rate > 0 else None


def describe(progress: Progress) -> str:
    """One line for a status bar or dialog: "42% · about 1:05 left"."""
    eta = progress.eta_s
    left = f" · about {int(eta) // 60}:{int(eta) % 60:02d} left" if eta is not None else ""
    return f"{progress.fraction:.0%}{left}"


class Cancelled(Exception):
    """Raised by ``JobContext.check`` once the job was cancelled."""


class JobContext(Generic[T]):
    """What the working side sees: the cancel flag, progress reports, and the hand-over to the writer."""

    def __init__(self, batch_size: int = 1, wake: Callable[[], None] = lambda: None) -> None:
        self.batch_size = max(1, batch_size)
        self.on_progress: Callable[[Progress], None] = lambda _p: None
        self._wake = wake
        self._cancel = threading.Event()
        self._started = time.perf_counter()
        self._pending: list[T] = []
        self._ready: deque[list[T]] = deque()
        self._room = threading.Condition()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()
        with self._room:
            self._room.notify_all()  # a ``hand`` waiting for room returns now

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def progress(self, progress: Progress) -> None:
        self.on_progress(progress)

    def step(self, done: float, total: float) -> None:
        """Report progress in units; elapsed time counts from the job's start."""
        self.progress(Steps(done, total, time.perf_counter() - self._started))

    def hand(self, item: T) -> None:
        """Give one result to the writer; it is written with others in a batch."""
        self._pending.append(item)
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Hand over what is pending now. Waits while the writer is behind, unless cancelled (results
        handed over after a cancel are still written: a transcript keeps its last segments)."""
        if not self._pending:
            return
        with self._room:
            self._room.wait_for(lambda: len(self._ready) < MAX_WAITING or self._cancel.is_set())
            self._ready.append(self._pending)
            self._pending = []
        self._wake()

    def take(self) -> list[list[T]]:
        """The writer's side: every batch handed over so far."""
        with self._room:
            batches = list(self._ready)
            self._ready.clear()
            self._room.notify_all()
        return batches


class Job(ABC, Generic[T]):
    """One piece of long work. ``begin``, ``write`` and ``finish`` run on the writer's thread."""

    title = "Working"
    batch_size = 1  # results per batch handed to ``write``

    def begin(self) -> None:
        """Before the work starts (for example, mark a transcription running)."""

    @abstractmethod
    def work(self, ctx: JobContext[T]) -> str | None:
        """The long part, off the writer's thread. Returns a status (None: done) or raises."""

    @abstractmethod
    def write(self, batch: list[T]) -> None:
        """Store one batch of results (short transactions)."""

    def finish(self, status: str, error: str) -> None:
        """After the last batch: done, cancelled, failed (with ``error``) or interrupted."""

    def stop(self) -> None:
        """Any thread: make ``work`` return soon (for example, end a child process)."""


def error_text(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, QdaError) else f"{type(exc).__name__}: {exc}"


class JobDriver(Generic[T]):
    """Runs a job's writer side against a project; ``work`` may be called from any thread."""

    def __init__(
        self,
        project: Project,
        job: Job[T],
        wake: Callable[[], None] = lambda: None,
        before_write: Callable[[], None] = lambda: None,
    ) -> None:
        self.project = project
        self.job = job
        self.ctx: JobContext[T] = JobContext(job.batch_size, wake)
        self.before_write = before_write
        self.on_written: Callable[[int], None] = lambda _count: None  # after each batch: batches so far
        self.status: str | None = None  # set once finished
        self.error = ""
        self.batches_written = 0
        self._write_failed = False

    def begin(self) -> bool:
        try:
            self.job.begin()
        except Exception as exc:
            self.error = error_text(exc)
            self.conclude(FAILED)
            return False
        return True

    def work(self) -> str:
        """The working side; returns the status the job ended with."""
        try:
            status = self.job.work(self.ctx) or DONE
        except Cancelled:
            status = CANCELLED
        except Exception as exc:
            self.error = self.error or error_text(exc)
            status = FAILED
        self.ctx.flush()
        return status

    def cancel(self) -> None:
        self.ctx.cancel()
        self.job.stop()

    def write_ready(self) -> int:
        """Write every batch handed over; none once finished or with the project closed."""
        batches = self.ctx.take()
        if self.status is not None or not self.project.is_open or self._write_failed:
            return 0
        try:
            for batch in batches:
                self.before_write()
                self.job.write(batch)
                self.batches_written += 1
                self.on_written(self.batches_written)
        except Exception as exc:  # stop the work: what follows would build on a failed write
            self.error, self._write_failed = error_text(exc), True
            self.cancel()
        return len(batches)

    def conclude(self, status: str) -> None:
        """Write what is left, then finish (once; not at all with the project closed)."""
        if self.status is not None:
            return
        self.write_ready()
        if self.ctx.cancelled and status == DONE:
            status = CANCELLED  # a cancel before finishing wins, even over work that had just ended
        if self.error and status in (DONE, CANCELLED):
            status = FAILED
        self.status = status
        if not self.project.is_open:
            return
        try:
            self.job.finish(status, self.error)
        except Exception as exc:  # say so like any other failure, instead of escaping into the event loop
            self.error, self.status = error_text(exc), FAILED


def run_job(
    project: Project,
    job: Job[T],
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
) -> JobDriver[T]:
    """Run a job with its work in a thread and its writes on this thread; returns when it has finished.
    ``on_progress`` is called from the working thread; setting ``cancel`` (from anywhere, a signal
    handler too) cancels the job."""
    wakeup = threading.Event()
    driver = JobDriver(project, job, wake=wakeup.set)
    if on_progress is not None:
        driver.ctx.on_progress = on_progress
    if not driver.begin():
        return driver
    ended: list[str] = []

    def work() -> None:
        ended.append(driver.work())
        wakeup.set()

    thread = threading.Thread(target=work, name=f"job: {job.title}", daemon=True)
    thread.start()
    while not ended:
        wakeup.wait(0.1)
        wakeup.clear()
        if cancel is not None and cancel.is_set() and not driver.ctx.cancelled:
            driver.cancel()
        driver.write_ready()
    thread.join()
    driver.conclude(ended[0])
    return driver
