"""The code matrix and co-occurrence at 50,000 codings, against a bare SQL GROUP BY in the same run.

An encrypted project holds 200 codes (20 parents with 9 sub-codes each), 40 documents of about 18,000
characters linked to 20 cases (two documents each) with a "role" attribute, and 50,000 codings of
20-300 characters at random places (so codings overlap). The baseline is one SQL query that counts
codings per (code, case) through the document's cases: what the matrix costs before the passage→case
rule, sub-codes, distinct documents/cases per cell and the row/column totals. Median of several runs.

    .venv/bin/python -m benchmarks.analysis_bench [--repeats 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from qda_desktop.analysis.cooccurrence import CoOccurrenceQuery, co_occurrence
from qda_desktop.analysis.extracts import extracts_of
from qda_desktop.analysis.matrix import MatrixQuery, code_matrix
from qda_desktop.core.commands import (
    AddCase,
    AddCode,
    AddCodings,
    Batch,
    DefineAttribute,
    ImportText,
    LinkDocumentToCase,
    SetCaseAttribute,
)
from qda_desktop.core.project import Project

PASSPHRASE = "analysis bench"
N_PARENTS, N_CHILDREN, N_DOCUMENTS, N_CASES, N_CODINGS = 20, 9, 40, 20, 50_000
WORDS = "we gave our time and they listened or not while the funding ran out at the end".split()  # noqa: SIM905
BASELINE = """
    SELECT coding.code_id, document_case.case_id, count(*)
    FROM coding JOIN document_case ON document_case.document_id = coding.document_id
    WHERE coding.detached = 0 GROUP BY coding.code_id, document_case.case_id
"""


def build(path: Path, rng: random.Random) -> Project:
    project = Project.create(path, PASSPHRASE, "Analysis bench")
    texts = [" ".join(rng.choice(WORDS) for _ in range(4000)) for _ in range(N_DOCUMENTS)]
    docs = project.run(Batch("Import", [ImportText(f"D{i:02}", t) for i, t in enumerate(texts)])).result
    cases = project.run(Batch("Cases", [AddCase(f"P{i:02}") for i in range(N_CASES)])).result
    role = project.run(DefineAttribute("role")).result
    roles = ("manager", "volunteer", "trustee")
    project.run(Batch("Roles", [SetCaseAttribute(c, role, roles[i % 3]) for i, c in enumerate(cases)]))
    project.run(Batch("Link", [LinkDocumentToCase(d, cases[i % N_CASES]) for i, d in enumerate(docs)]))
    parents = project.run(Batch("Parents", [AddCode(f"Code {p:02}") for p in range(N_PARENTS)])).result
    children = project.run(
        Batch("Children", [AddCode(f"Sub {c}", parent_id=p) for p in parents for c in range(N_CHILDREN)])
    ).result
    code_ids = [*parents, *children]
    rows = []
    for _ in range(N_CODINGS):
        doc = rng.randrange(N_DOCUMENTS)
        start = rng.randrange(len(texts[doc]) - 300)
        rows.append((docs[doc], rng.choice(code_ids), start, start + rng.randrange(20, 300)))
    project.run(AddCodings(tuple(rows)))
    project.history.clear()
    return project


def median_ms(work: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def baseline(project: Project) -> int:
    with project.read() as session:
        return len(session.connection().exec_driver_sql(BASELINE).all())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        project = build(Path(folder) / "analysis.qdaproj", random.Random(5))
        print(f"\nbuilt in {time.perf_counter() - started:.1f} s; median of {args.repeats} runs each\n")
        try:
            matrix = code_matrix(project, MatrixQuery("cases", sub_codes=True))
            cell = max(
                ((r, c) for r in range(len(matrix.rows)) for c in range(len(matrix.columns))),
                key=lambda rc: matrix.cells[rc[0]][rc[1]].codings,
            )
            rows = [
                ("baseline: SQL GROUP BY code, case", median_ms(lambda: baseline(project), args.repeats)),
                ("matrix: codes × cases", median_ms(lambda: code_matrix(project, MatrixQuery()), args.repeats)),
                (
                    "matrix: codes × cases, sub-codes",
                    median_ms(lambda: code_matrix(project, MatrixQuery("cases", sub_codes=True)), args.repeats),
                ),
                (
                    "matrix: codes × documents",
                    median_ms(lambda: code_matrix(project, MatrixQuery("documents")), args.repeats),
                ),
                (
                    "matrix: codes × role",
                    median_ms(lambda: code_matrix(project, MatrixQuery("attribute", "role")), args.repeats),
                ),
                (
                    "co-occurrence: codes × codes",
                    median_ms(lambda: co_occurrence(project, CoOccurrenceQuery()), args.repeats),
                ),
                (
                    f"extracts of the largest cell ({matrix.cells[cell[0]][cell[1]].codings})",
                    median_ms(lambda: extracts_of(project, matrix.coding_ids(*cell)), args.repeats),
                ),
            ]
        finally:
            project.close()
    width = max(len(name) for name, _ in rows)
    print(f"| {'measure':<{width}} | {'median ms':>9} | {'× baseline':>10} |")
    print(f"|{'-' * (width + 2)}|{'-' * 11}|{'-' * 12}|")
    for name, ms in rows:
        print(f"| {name:<{width}} | {ms:>9.1f} | {ms / rows[0][1]:>10.1f} |")


if __name__ == "__main__":
    main()
