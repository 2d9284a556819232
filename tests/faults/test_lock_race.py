"""The project lock alone, under contention: processes reaching one file by different routes never overlap."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

from qda_desktop.errors import ProjectAlreadyOpen
from qda_desktop.store.lock import ProjectLock
from tests.faults.common import FaultResult, trial_count

WORKERS = 4


def _contend(route: str, marker: str, rounds: int, out: multiprocessing.Queue[tuple[int, int]]) -> None:
    """Take the lock ``rounds`` times; inside it, create ``marker`` exclusively (an overlap if it exists)."""
    got = overlaps = 0
    lock = ProjectLock(Path(route))
    while got < rounds:
        try:
            lock.acquire()
        except ProjectAlreadyOpen:
            time.sleep(0.0005)
            continue
        got += 1
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            overlaps += 1
        else:
            time.sleep(0.0005)
            os.unlink(marker)
        lock.release()
    out.put((got, overlaps))


def run_lock_race(folder: Path, rounds: int) -> FaultResult:
    """``WORKERS`` processes, each through its own route (path, symlink, hard link, relative)."""
    project = folder / "p.qdaproj"
    project.write_bytes(b"\0" * 4096)
    (folder / "link.qdaproj").symlink_to(project)
    os.link(project, folder / "hard.qdaproj")
    routes = [str(project), str(folder / "link.qdaproj"), str(folder / "hard.qdaproj"), os.path.relpath(project)]
    context = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[tuple[int, int]] = context.Queue()
    marker = str(folder / "inside")
    procs = [context.Process(target=_contend, args=(r, marker, rounds, out)) for r in routes[:WORKERS]]
    for proc in procs:
        proc.start()
    result = FaultResult("lock race")
    for _ in procs:
        got, overlaps = out.get(timeout=120)
        result.trials += got
        for _ in range(overlaps):
            result.fail("two holders at once")
    for proc in procs:
        proc.join()
    return result


def test_lock_race_has_no_overlaps(tmp_path: Path, trials: int | None) -> None:
    result = run_lock_race(tmp_path, trial_count(trials, 100))
    assert result.trials == WORKERS * trial_count(trials, 100)
    assert result.failures == 0, result.notes
