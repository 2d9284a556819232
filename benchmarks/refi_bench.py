"""REFI-QDA exchange at scale: a 200-interview project with 50k codings (and themes, a board, extracts
given to themes) exported as .qdpx and imported.

Builds the project fast (one Batch of bulk commands), then times each step and reads the process's
peak resident memory for it (VmHWM, reset before each step through /proc/self/clear_refs). Baselines in
the same run: zipping the same texts with nothing else, and parsing the archive's XML without reading it.

    .venv/bin/python -m benchmarks.refi_bench [--interviews 200] [--codings 50000]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from sqlalchemy import select

from qda_desktop.core.commands import (
    AddBoard,
    AddCase,
    AddCode,
    AddCodesToTheme,
    AddCodings,
    AddExtractsToTheme,
    AddLink,
    AddMemo,
    AddTheme,
    Batch,
    DefineAttribute,
    ImportText,
    LinkDocumentToCase,
    PlaceItems,
    Placement,
    SetCaseAttribute,
)
from qda_desktop.core.project import Project
from qda_desktop.exchange.refi import export_qdpx, import_refi
from qda_desktop.store.models import Coding, Document

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
    add_themes(project, code_ids, rng)


def add_themes(project: Project, code_ids: list[int], rng: random.Random) -> None:
    """12 themes (4 with a subtheme) of 5 codes each, 500 extracts given to themes directly, and a board
    with every theme and code as a card and 20 labelled connectors."""
    themes: list[int] = []
    for n in range(12):
        theme = project.run(AddTheme(f"Theme {n + 1}", definition="What holds these codes together.")).result
        project.run(AddCodesToTheme(theme, tuple(code_ids[5 * n : 5 * n + 5])))
        themes.append(theme)
        if n % 3 == 0:
            themes.append(project.run(AddTheme(f"Subtheme {n + 1}", parent_id=theme)).result)
    with project.read() as session:
        codings = list(session.scalars(select(Coding.id).limit(500)))
    for n, coding in enumerate(codings):
        project.run(AddExtractsToTheme(themes[n % len(themes)], (coding,)))
    board = project.run(AddBoard("Themes")).result
    places = [Placement("theme", t, 250.0 * (n % 8), 0.0) for n, t in enumerate(themes)]
    places += [Placement("code", c, 200.0 * (n % 10), 150.0 + 80 * (n // 10)) for n, c in enumerate(code_ids)]
    cards = project.run(PlaceItems(board, tuple(places))).result
    for _ in range(20):
        first, second = rng.sample(list(cards), 2)
        project.run(AddLink(first, second, "relates to"))


def zip_texts(project: Project, archive: Path) -> None:
    """Baseline: the documents' texts alone, read from the project and written into a zip."""
    with project.read() as session, zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for guid, text in session.execute(select(Document.guid, Document.text)):
            out.writestr(f"sources/{guid}.txt", text.encode("utf-8"))


def parse_only(archive: Path) -> int:
    """Baseline: the archive's project XML parsed (no checks, nothing read from it)."""
    with zipfile.ZipFile(archive) as source:
        return len(ElementTree.fromstring(source.read("project.qde")))


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
        timed("baseline: zip the texts alone", lambda: zip_texts(source, base / "bare.zip"), rows)
        report = timed("export .qdpx", lambda: export_qdpx(source, archive), rows)
        source.close()
        timed("baseline: parse the XML alone", lambda: parse_only(archive), rows)
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
