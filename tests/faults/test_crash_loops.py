"""kill -9 loops: a process is killed at a random moment while it codes, changes the
passphrase or backs up. Afterwards the project opens, passes the full check, and
every action the process reported done is there (a missing one is a lost action).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sqlalchemy import select

from qda_desktop.core.commands import AddCode, ImportText
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError, WrongPassphrase
from qda_desktop.store.models import Coding, Document
from tests.conftest import corpus_text
from tests.faults.common import FaultResult, trial_count

PASS = "crash passphrase"

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from qda_desktop.core.commands import ApplyCode
    from qda_desktop.core.project import Project

    what, path, passphrase, prefix = sys.argv[1:5]
    project = Project.open(path, passphrase)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        if what == "coding":
            done = project.run(ApplyCode(1, 1, 10 * n, 10 * n + 5)).result
        elif what == "passwd":
            project.change_passphrase(passphrase, f"{prefix}{n}")
            passphrase = done = f"{prefix}{n}"
        else:
            project.backup(Path(path).with_name("backup.qdaproj"))
            done = n
        print(done, flush=True)  # reported done only after the call returned
    """
)


def _make_project(path: Path) -> None:
    with Project.create(path, PASS) as project:
        project.run(ImportText("P01", corpus_text("P01")))
        project.run(AddCode("Theme"))


def _run_and_kill(what: str, path: Path, passphrase: str, prefix: str, delay: float) -> list[str]:
    """Start the child, let it work for ``delay`` seconds after opening, kill -9; returns what it reported."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, what, str(path), passphrase, prefix],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    ready = child.stdout.readline().strip()
    if ready == "ready":
        time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read()
    child.wait()
    if ready != "ready":
        raise QdaError(f"the child did not open the project ({ready!r})")
    return rest.splitlines()


def _open_any(path: Path, *passphrases: str) -> tuple[Project, str]:
    for passphrase in passphrases:
        try:
            return Project.open(path, passphrase), passphrase
        except WrongPassphrase:
            continue
    raise WrongPassphrase(path)


def run_crash_loop(what: str, folder: Path, trials: int, seed: int = 8) -> FaultResult:
    rng = random.Random(seed)
    path = folder / f"{what}-study.qdaproj"
    _make_project(path)
    result = FaultResult(f"kill -9 during {what}")
    passphrase = PASS
    for trial in range(trials):
        result.trials += 1
        prefix = f"pass-{trial}-"
        try:
            reported = _run_and_kill(what, path, passphrase, prefix, rng.uniform(0.1, 2.0))
        except QdaError as exc:
            result.fail(str(exc))
            continue
        result.actions += len(reported)
        # A passphrase change may have completed just before the kill, unreported.
        candidates = [*reported[-1:], f"{prefix}{len(reported) + 1}", passphrase] if what == "passwd" else [passphrase]
        try:
            project, opened_with = _open_any(path, *candidates)
        except QdaError as exc:
            result.fail(f"project does not open: {exc}")
            continue
        with project:
            project.store.full_check()
            result.lost += _lost(what, project, path, reported, opened_with, passphrase)
        passphrase = opened_with
    return result


def _lost(what: str, project: Project, path: Path, reported: list[str], opened_with: str, before: str) -> int:
    if what == "coding":
        with project.read() as session:
            present = set(session.scalars(select(Coding.id)))
        return len([r for r in reported if int(r) not in present])
    if what == "passwd":
        return int(bool(reported) and opened_with == before)
    backup = path.with_name("backup.qdaproj")
    if not backup.exists():
        return int(bool(reported))
    with Project.open(backup, opened_with) as copy, copy.read() as session:
        copy.store.full_check()
        return int(session.scalar(select(Document.name)) != "P01")


def test_kill_during_coding(tmp_path: Path, trials: int | None) -> None:
    result = run_crash_loop("coding", tmp_path, trial_count(trials, 2))
    assert (result.failures, result.lost) == (0, 0), result.notes


def test_kill_during_passphrase_change(tmp_path: Path, trials: int | None) -> None:
    result = run_crash_loop("passwd", tmp_path, trial_count(trials, 2))
    assert (result.failures, result.lost) == (0, 0), result.notes


def test_kill_during_backup(tmp_path: Path, trials: int | None) -> None:
    result = run_crash_loop("backup", tmp_path, trial_count(trials, 2))
    assert (result.failures, result.lost) == (0, 0), result.notes
