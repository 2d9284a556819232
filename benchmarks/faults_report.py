"""The fault suite's figures for the note: trials, failures and lost actions per fault,
and what a network monitor saw during a real transcription and the window.

    .venv/bin/python -m benchmarks.faults_report [--trials 20] [--pages 40] [--rounds 500] [--no-network]

Uses the same loops as ``tests/faults`` (which run a few trials in CI).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from qda_desktop.core.project import Project
from tests.conftest import PASSPHRASE
from tests.faults.common import FaultResult
from tests.faults.test_crash_loops import run_crash_loop
from tests.faults.test_damaged_pages import run_damage_sweep
from tests.faults.test_lock_race import run_lock_race
from tests.faults.test_offline import STRACE, files_under, network_calls, strays, traced, write_clip


def network_rows(base: Path) -> list[str]:
    """Run the real transcription and the real window under strace; count offending calls and stray files."""
    if STRACE is None:
        return ["network: strace is not installed"]
    import sys

    from tests.conftest import CORPUS

    bin_dir = Path(sys.executable).parent
    rows = []
    for label, extra in [("transcription", "work"), ("window", "out")]:
        root = base / f"net-{label}"
        (root / extra).mkdir(parents=True)
        if label == "transcription":
            project = root / "work" / "study.qdaproj"
            Project.create(project, PASSPHRASE).close()
            write_clip(CORPUS / "audio" / "P01.wav", root / "work" / "clip.wav", 75)
            argv = [str(bin_dir / "qda"), "transcribe", str(project), str(root / "work" / "clip.wav")]
        else:
            argv = [str(bin_dir / "qda-desktop"), "--demo", "--screenshot", str(root / "out" / "w.png")]
        before = files_under(root)
        done = traced(argv, root, base / f"{label}.trace")
        calls = network_calls(base / f"{label}.trace")
        stray = strays(root, before, (extra, "app-config", "app-data"))
        rows.append(
            f"network: {label}: exit {done.returncode}, {len(calls)} DNS/remote calls, {len(stray)} stray files"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20, help="kill -9 trials per loop")
    parser.add_argument("--pages", type=int, default=40, help="pages in the damaged-page sweep")
    parser.add_argument("--rounds", type=int, default=500, help="lock acquisitions per racing process")
    parser.add_argument("--no-network", action="store_true", help="skip the strace runs")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="qda-faults-"))
    os.environ.setdefault("QDA_CONFIG_DIR", str(base / "config"))
    os.environ.setdefault("QDA_DATA_DIR", str(base / "data"))
    try:
        results: list[tuple[FaultResult, float]] = []
        for job in ("coding", "passwd", "backup", "sweep", "race"):
            started = time.monotonic()
            folder = _fresh(base, job)
            if job == "sweep":
                result = run_damage_sweep(folder, args.pages)
            elif job == "race":
                result = run_lock_race(folder, args.rounds)
            else:
                result = run_crash_loop(job, folder, args.trials)
            results.append((result, time.monotonic() - started))
        print(f"{'fault':<28} {'trials':>7} {'actions':>8} {'failures':>9} {'lost':>5} {'seconds':>8}")
        for result, seconds in results:
            print(
                f"{result.name:<28} {result.trials:>7} {result.actions:>8} {result.failures:>9} {result.lost:>5}"
                f" {seconds:>8.1f}"
            )
            for note in result.notes:
                print(f"    {note}")
        if not args.no_network:
            for row in network_rows(base):
                print(row)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _fresh(base: Path, name: str) -> Path:
    folder = base / name
    folder.mkdir()
    return folder


if __name__ == "__main__":
    main()
