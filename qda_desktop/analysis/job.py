"""Counting a table as a job, off the window's thread: at 50,000 codings a matrix takes about a second
and the co-occurrence table about two; the window stays responsive and shows the result when it comes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from qda_desktop.core.jobs import Job, JobContext

T = TypeVar("T")


class CountJob(Job[T], Generic[T]):
    """Runs ``count`` (which only reads) in the job's thread; ``result`` holds what it returned."""

    title = "Counting"

    def __init__(self, count: Callable[[], T]) -> None:
        self.count = count
        self.result: T | None = None

    def work(self, ctx: JobContext[T]) -> str | None:
        ctx.check()
        ctx.hand(self.count())
        return None

    def write(self, batch: list[T]) -> None:
        """Nothing is stored: the result is kept for the window."""
        self.result = batch[-1]
