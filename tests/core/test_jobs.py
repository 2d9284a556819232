"""The job API without Qt: work off the writer's thread, batches written on it, progress, cancel,
failures as one message, bounded hand-over, and background writes that report the undo steps they drop."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from qda_desktop.core.commands import AddCode, EditDocumentText, ImportText
from qda_desktop.core.jobs import (
    CANCELLED,
    DONE,
    FAILED,
    MAX_WAITING,
    Job,
    JobContext,
    JobDriver,
    Progress,
    Steps,
    describe,
    run_job,
)
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.core.recording_job import StoreRecording
from qda_desktop.errors import QdaError
from tests.conftest import CORPUS


class ImportMany(Job[tuple[str, str]]):
    """Imports texts, three per command; records which thread did what."""

    title = "Import"
    batch_size = 3

    def __init__(self, project: Project, texts: list[tuple[str, str]], fail_at: int | None = None) -> None:
        self.project = project
        self.texts = texts
        self.fail_at = fail_at
        self.worker_threads: set[int] = set()
        self.writer_threads: set[int] = set()
        self.batches: list[list[str]] = []
        self.finished: list[tuple[str, str]] = []

    def work(self, ctx: JobContext[tuple[str, str]]) -> str | None:
        self.worker_threads.add(threading.get_ident())
        for index, item in enumerate(self.texts):
            ctx.check()
            if index == self.fail_at:
                raise QdaError(f"{item[0]}.txt: not UTF-8")
            ctx.hand(item)
            ctx.step(index + 1, len(self.texts))
        return None

    def write(self, batch: list[tuple[str, str]]) -> None:
        self.writer_threads.add(threading.get_ident())
        self.batches.append([name for name, _ in batch])
        for name, text in batch:
            self.project.run(ImportText(name, text))

    def finish(self, status: str, error: str) -> None:
        self.finished.append((status, error))


def texts(n: int) -> list[tuple[str, str]]:
    return [(f"D{i:02d}", f"Text number {i}.") for i in range(n)]


def names(project: Project) -> list[str]:
    with project.read() as session:
        return [d["name"] for d in project_dump(session)["documents"]]


def test_work_runs_off_the_writer_thread_and_results_arrive_in_batches(project: Project) -> None:
    job = ImportMany(project, texts(8))
    seen: list[Progress] = []
    driver = run_job(project, job, seen.append)
    assert driver.status == DONE and job.finished == [(DONE, "")]
    assert job.writer_threads == {threading.get_ident()}  # the caller is the one writer
    assert job.worker_threads and not job.worker_threads & job.writer_threads
    assert [b for batch in job.batches for b in batch] == [n for n, _ in texts(8)]
    assert all(len(batch) <= 3 for batch in job.batches) and len(job.batches) >= 3
    assert sorted(names(project)) == [n for n, _ in texts(8)]
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert seen[-1].eta_s == 0.0 and describe(seen[-1]).startswith("100% · about 0:00 left")


def test_cancel_stops_the_work_and_keeps_what_was_handed_over(project: Project) -> None:
    class Endless(ImportMany):
        def work(self, ctx: JobContext[tuple[str, str]]) -> str | None:
            for index in range(10_000):
                ctx.check()
                ctx.hand((f"E{index}", "x"))
                if index == 4:
                    driver.cancel()  # as Cancel would, from any thread
            return None

    job = Endless(project, [])
    driver = JobDriver(project, job)
    assert driver.begin()
    status = driver.work()  # here on this thread: the writes follow below
    driver.conclude(status)
    assert driver.status == CANCELLED and job.finished == [(CANCELLED, "")]
    assert sorted(names(project)) == [f"E{i}" for i in range(5)]  # nothing lost, nothing more


def test_a_failure_is_one_message_and_finishes_the_job(project: Project) -> None:
    job = ImportMany(project, texts(5), fail_at=4)
    driver = run_job(project, job)
    assert driver.status == FAILED and job.finished == [(FAILED, "D04.txt: not UTF-8")]
    assert len(names(project)) == 4  # what was handed over before the failure is kept


def test_a_failed_write_stops_the_work(project: Project) -> None:
    project.run(ImportText("D02", "already here"))
    job = ImportMany(project, texts(9))
    driver = run_job(project, job)
    assert driver.status == FAILED
    assert job.finished and "D02" in job.finished[0][1]
    assert "D08" not in names(project)


def test_hand_waits_while_the_writer_is_behind_and_cancel_releases_it() -> None:
    ctx: JobContext[int] = JobContext(batch_size=1)
    handed: list[int] = []

    def produce() -> None:
        for i in range(10):
            ctx.hand(i)
            handed.append(i)

    producer = threading.Thread(target=produce)
    producer.start()
    deadline = time.monotonic() + 10
    while len(handed) < MAX_WAITING and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)  # room for a third batch, were the hand-over unbounded
    assert len(handed) == MAX_WAITING
    assert ctx.take() == [[0], [1]]
    ctx.cancel()  # no more waiting: the rest is handed over at once
    producer.join(timeout=10)
    assert handed == list(range(10)) and [b[0] for b in ctx.take()] == list(range(2, 10))


def test_steps_give_fraction_rate_and_eta() -> None:
    steps = Steps(done=25, total=100, elapsed_s=5)
    assert (steps.fraction, steps.rate, steps.eta_s) == (0.25, 5.0, 15.0)
    assert Steps(0, 100, 0).eta_s is None and Steps(5, 0, 1).fraction == 0.0
    assert describe(Steps(50, 100, 65)) == "50% · about 1:05 left"


def test_a_background_write_reports_the_undo_steps_it_drops(project: Project) -> None:
    doc = project.run(ImportText("D", "Original text.")).result
    project.run(EditDocumentText(doc, "Edited text."))
    later = project.run(AddCode("Later"))
    assert later.dropped_undo_steps == 0
    changes = project.run(EditDocumentText(doc, "A job's text."), undoable=False)
    assert changes.dropped_undo_steps == 2  # the edit and the import before it; "Later" stays
    assert [s.label for s in project.history.undo_stack] == ["Add code 'Later'"]
    assert project.run(AddCode("Unrelated"), undoable=False).dropped_undo_steps == 0


def test_storing_a_recording_as_a_job(project: Project) -> None:
    path = CORPUS / "audio" / "P04.m4a"
    job = StoreRecording(project, path, "audio/mp4", 386.0)
    seen: list[Progress] = []
    driver = run_job(project, job, seen.append)
    assert driver.status == DONE and job.media_id is not None
    assert driver.batches_written == 1 and seen[-1].fraction == 1.0  # 1.5 MB: one 4 MiB step
    assert project.open_media(job.media_id).read() == path.read_bytes()
    assert project.history.undo_label == "Import recording 'P04.m4a'"


def test_a_recording_that_vanishes_is_a_clear_failure_and_leaves_nothing(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "gone.wav"
    path.write_bytes(b"RIFF" + b"\x00" * 100)
    job = StoreRecording(project, path, "audio/wav", 1.0)
    path.unlink()
    driver = run_job(project, job)
    assert driver.status == FAILED and job.error.startswith("gone.wav: cannot be read")
    with project.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM media_chunk").scalar() == 0


def test_a_job_that_cannot_begin_fails_at_once(project: Project) -> None:
    class Refuses(ImportMany):
        def begin(self) -> None:
            raise QdaError("nothing to do")

    job = Refuses(project, texts(2))
    driver = run_job(project, job)
    assert driver.status == FAILED and job.finished == [(FAILED, "nothing to do")] and not job.worker_threads


@pytest.mark.parametrize("closed_before", ["write", "finish"])
def test_nothing_is_written_once_the_project_is_closed(project: Project, closed_before: str) -> None:
    job = ImportMany(project, texts(4))
    driver = JobDriver(project, job)
    assert driver.begin()
    status = driver.work()
    if closed_before == "finish":
        driver.write_ready()
    project.close()
    driver.conclude(status)
    assert job.finished == [] and driver.status == DONE


def test_a_failing_finish_is_reported_not_raised(project: Project) -> None:
    class BadFinish(ImportMany):
        def finish(self, status: str, error: str) -> None:
            raise RuntimeError("registry full")

    driver = run_job(project, BadFinish(project, texts(1)))
    assert driver.status == FAILED and driver.error == "RuntimeError: registry full"
