"""``qda export``: what it writes, what it prints, and one-line errors for destinations it cannot write."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest

from qda_desktop.core import views
from qda_desktop.core.demo import DEMO_PASSPHRASE, build_demo
from qda_desktop.core.project import Project
from qda_desktop.exchange.exports.job import ExportError, export


def qda(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QDA_PASSPHRASE": DEMO_PASSPHRASE}
    return subprocess.run(
        [sys.executable, "-m", "qda_desktop.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-export") / "demo.qdaproj"
    build_demo(path).close()
    return path


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Callable[[str, bool], Path]]:
    """A small tmpfs folder (root only), optionally read-only; unmounted afterwards."""
    folders: list[Path] = []

    def mount(size: str, read_only: bool) -> Path:
        folder = tmp_path / f"mnt{len(folders)}"
        folder.mkdir()
        options = f"size={size}" + (",ro" if read_only else "")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip() or 'not root'})")
        folders.append(folder)
        return folder

    yield mount
    for folder in reversed(folders):
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_export_codebook_and_extracts(demo: Path, tmp_path: Path) -> None:
    result = qda("export", str(demo), "codebook", "--format", "docx", "-o", str(tmp_path / "codebook.docx"))
    assert result.returncode == 0, result.stderr
    with Project.open(demo, DEMO_PASSPHRASE) as project:
        rows = views.code_rows(project)
    assert result.stdout.strip() == f"wrote codebook.docx: {len(rows)} codes"
    texts = [p.text for p in docx.Document(str(tmp_path / "codebook.docx")).paragraphs]
    assert "Definition: What each side gives and gets from the partnership." in texts

    out = tmp_path / "extracts.csv"
    result = qda("export", str(demo), "extracts", "-f", "csv", "-o", str(out), "--memos", "--case-labels")
    used = [r for r in rows if r.codings]
    extracts = sum(r.codings for r in used)
    assert result.stdout.strip() == f"wrote extracts.csv: {extracts} extracts, {len(used)} codes", result.stderr
    records = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert "coding_memo" in records[0]
    assert {r["document"] for r in records} == {r["participant"] for r in records}  # documents named by case
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codebook.docx", "extracts.csv"]  # nothing else


def test_read_only_or_full_destination_is_one_line_and_leaves_nothing(
    demo: Path, mounted: Callable[[str, bool], Path]
) -> None:
    read_only = mounted("1m", True)
    line = one_line_error(qda("export", str(demo), "audit", "-f", "pdf", "-o", str(read_only / "audit.pdf")))
    assert line == "qda: error: audit.pdf: cannot write there (the folder or file is read-only)"
    assert list(read_only.iterdir()) == []
    full = mounted("8k", False)
    with Project.open(demo, DEMO_PASSPHRASE) as project, pytest.raises(ExportError) as caught:
        export(project, "codebook", "pdf", full / "codebook.pdf")
    assert str(caught.value).startswith("codebook.pdf: could not be written (No space left on device")
    assert list(full.iterdir()) == []
