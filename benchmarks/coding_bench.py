"""Coding a long, densely coded transcript in the real main window (offscreen Qt).

A generated 20k-word transcript carries N heavily overlapping codings (random
5–60-word spans over 30 codes) in an encrypted project. Timed, each until the
event loop is idle with every visible highlight and stripe painted:
open the document, apply one code, remove one coding. The baseline in the same
run is a bare QPlainTextEdit showing the same text with no codings.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.coding_bench [--codings 500 1000 2000 4000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QPlainTextEdit

from qda_desktop.core.commands import AddCode, AddCodings, Batch, ImportText
from qda_desktop.core.project import Project
from qda_desktop.ui.main_window import MainWindow

VOCABULARY = [
    "we",
    "the",
    "students",
    "partnership",
    "report",
    "community",
    "trust",
    "kettle",
    "volunteers",
    "meeting",
    "time",
    "money",
    "school",
    "and",
    "then",
    "they",
    "said",
    "it",
    "was",
    "really",
    "about",
    "how",
    "people",
    "felt",
    "listened",
    "to",
    "or",
    "not",
    "at",
    "all",
]
REPEATS = 7


def make_transcript(rng: random.Random, n_words: int) -> tuple[str, list[int]]:
    """Text with speaker turns, and the start offset of every word."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for i in range(n_words):
        if i % 90 == 0:
            label = ("\n\n" if i else "") + ("Interviewer: " if (i // 90) % 2 == 0 else "P07: ")
            parts.append(label)
            pos += len(label)
        elif i:
            parts.append(" ")
            pos += 1
        word = rng.choice(VOCABULARY)
        starts.append(pos)
        parts.append(word)
        pos += len(word)
    return "".join(parts), starts


def settle(app: QApplication, window: MainWindow) -> None:
    window.editor.viewport().repaint()
    window.editor.margin.repaint()
    app.processEvents()


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(app: QApplication, n_codings: int, text: str, starts: list[int], folder: Path) -> dict[str, float]:
    rng = random.Random(n_codings)
    path = folder / f"coding-{n_codings}.qdaproj"
    project = Project.create(path, "benchmark")
    project.run(ImportText("Long interview", text))
    project.run(ImportText("Short note", "A short note to switch away to."))
    project.run(Batch("Codes", [AddCode(f"Code {i:02}", color=f"#{rng.randrange(0x1000000):06x}") for i in range(30)]))
    spans = []
    for _ in range(n_codings):
        first = rng.randrange(len(starts) - 61)
        last = first + rng.randint(5, 60)
        spans.append((1, rng.randrange(30) + 1, starts[first], starts[last] - 1))
    project.run(AddCodings(tuple(spans)))
    window = MainWindow(project)
    window.resize(1400, 900)
    window.show()
    settle(app, window)
    opens, applies, removes = [], [], []
    for _ in range(REPEATS):
        window.show_document(2)
        settle(app, window)

        def open_long() -> None:
            window.show_document(1)
            settle(app, window)

        def apply_one(code: int = rng.randrange(30) + 1) -> None:
            window.coding.apply_code(code)
            settle(app, window)

        def remove_one() -> None:
            window.coding.remove_selected_coding()
            settle(app, window)

        opens.append(timed(open_long))
        first = rng.randrange(200)
        window.editor.select_range(starts[first], starts[first + 12])
        applies.append(timed(apply_one))
        window.editor.select_coding(window.editor.spans()[rng.randrange(40)].coding_id)
        removes.append(timed(remove_one))
    window.close()
    return {
        "open": statistics.median(opens),
        "apply": statistics.median(applies),
        "remove": statistics.median(removes),
    }


def bare_editor_open(app: QApplication, text: str) -> float:
    editor = QPlainTextEdit()
    editor.resize(1000, 850)
    editor.show()
    times = []
    for _ in range(REPEATS):
        editor.setPlainText("")
        app.processEvents()

        def show() -> None:
            editor.setPlainText(text)
            editor.viewport().repaint()
            app.processEvents()

        times.append(timed(show))
    editor.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--codings", type=int, nargs="+", default=[500, 1000, 2000, 4000])
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    text, starts = make_transcript(random.Random(7), args.words)
    baseline = bare_editor_open(app, text)
    rows = []
    with tempfile.TemporaryDirectory(prefix="qda-coding-bench-") as folder:
        for n in args.codings:
            rows.append((n, measure(app, n, text, starts, Path(folder))))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{args.words} words ({len(text)} characters), 30 codes, median of {REPEATS} runs each")
    print(f"baseline: a bare QPlainTextEdit shows the same text in {baseline * 1000:.0f} ms\n")
    print(f"| {'codings':>7} | {'open':>8} | {'apply one code':>14} | {'remove one coding':>17} |")
    print(f"|{'-' * 9}|{'-' * 10}|{'-' * 16}|{'-' * 19}|")
    for n, times in rows:
        print(
            f"| {n:>7} | {times['open'] * 1000:>5.0f} ms | {times['apply'] * 1000:>11.1f} ms |"
            f" {times['remove'] * 1000:>14.1f} ms |"
        )
    print(f"\npeak memory (RSS): {peak_mb:.0f} MB")
    print("targets at 2,000 codings: open ≤ 300 ms, apply ≤ 30 ms, remove ≤ 30 ms")


if __name__ == "__main__":
    main()
