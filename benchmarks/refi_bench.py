"""REFI-QDA exchange at scale: a 200-interview project with 50k codings exported as .qdpx and imported.

Builds the project fast (one Batch of bulk commands), then times each step and reads the process's
peak resident memory for it (VmHWM, reset before each step through /proc/self/clear_refs).

    .venv/bin/python -m benchmarks.refi_bench [--interviews 200] [--codings 50000]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qda_desktop.core.commands import (
    AddCase,
    AddCode,
    AddCodings,
    AddMemo,
    Batch,
    DefineAttribute,
    ImportText,
    LinkDocumentToCase,
    SetCaseAttribute,
)
from qda_desktop.core.project import Project
from qda_desktop.exchange.refi import export_qdpx, import_refi

PASSPHRASE = "benchmark"
WORDS = [
    "we",
    "the",
    "garden",
    "council",
    "trust",
    "money",
    "volunteers",
    "meeting",
    "listened",
    "people",
    "felt",
    "really",
    "about",
    "how",
    "then",
]


def reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed(label: str, step: Callable[[], Any], rows: list[tuple[str, float, float]]) -> Any:
    reset_peak()
    start = time.perf_counter()
    result = step()
    rows.append((label, time.perf_counter() - start, peak_mb()))
    return result


def interview(rng: random.Random, words: int) -> str:
    lines = []
    for turn in range(words // 60):
        speaker = "Interviewer" if turn % 2 == 0 else "Participant"
        lines.append(f"{speaker}: " + " ".join(rng.choice(WORDS) for _ in range(60)) + ".")
    return "\n".join(lines) + "\n"


def build(project: Project, interviews: int, codings: int, rng: random.Random) -> None:
    texts = [interview(rng, 4000) for _ in range(interviews)]
    setup: list[Any] = [ImportText(f"Interview {n + 1:03d}", text) for n, text in enumerate(texts)]
    setup += [AddCode(f"Theme {n + 1}") for n in range(60)]
    created = project.run(Batch("Import interviews and codes", setup)).result
    doc_ids, code_ids = created[:interviews], created[interviews:]
    rows = []
    for n in range(codings):
        doc = n % interviews
        start = rng.randrange(0, len(texts[doc]) - 400)
        rows.append((doc_ids[doc], code_ids[n % len(code_ids)], start, start + rng.randrange(20, 400)))
    project.run(AddCodings(tuple(rows), "Bulk codings"))
    age = project.run(DefineAttribute("age", "number")).result
    people: list[Any] = [AddCase(f"P{n + 1:03d}") for n in range(interviews)]
    case_ids = project.run(Batch("Cases", people)).result
    links: list[Any] = []
    for n, (doc_id, case_id) in enumerate(zip(doc_ids, case_ids, strict=True)):
        links += [LinkDocumentToCase(doc_id, case_id), SetCaseAttribute(case_id, age, str(20 + n % 50))]
        links.append(AddMemo(f"Memo {n + 1}", "Observations.", target="document", target_id=doc_id))
    project.run(Batch("Links", links))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--codings", type=int, default=50_000)
    args = parser.parse_args()
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        source = Project.create(base / "source.qdaproj", PASSPHRASE, "Benchmark")
        timed(
            "build project (bulk commands)",
            lambda: build(source, args.interviews, args.codings, random.Random(7)),
            rows,
        )
        archive = base / "study.qdpx"
        report = timed("export .qdpx", lambda: export_qdpx(source, archive), rows)
        source.close()
        target = Project.create(base / "target.qdaproj", PASSPHRASE, "Benchmark")
        imported = timed("import .qdpx", lambda: import_refi(target, archive), rows)
        timed("export again", lambda: export_qdpx(target, base / "again.qdpx"), rows)
        target.close()
        size = archive.stat().st_size / 1e6
    print(report.summary())
    print(imported.summary())
    print(f"archive: {size:.1f} MB")
    print(f"{'step':32} {'time s':>8} {'peak RSS MB':>12}")
    for label, seconds, peak in rows:
        print(f"{label:32} {seconds:8.1f} {peak:12.0f}")


if __name__ == "__main__":
    main()
