"""``qda codes import|add|list`` and ``qda search`` (phrases, 0 matches, --code).

The parser and handlers run in this process (``cli.main``), as the subprocess contract tests in
test_cli.py already cover start-up; a subprocess per call would cost seconds each on a busy machine.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from qda_desktop.cli import main
from qda_desktop.core.commands import Batch, ImportText
from qda_desktop.core.project import Project
from tests.conftest import CORPUS, PASSPHRASE, corpus_text


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def qda(*args: str, check: bool = True) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    if check:
        assert code == 0, err.getvalue()
    return Result(code, out.getvalue(), err.getvalue())


def assert_one_line_error(result: Result, fragment: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QDA_PASSPHRASE", PASSPHRASE)


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("cli-codebook") / "study.qdaproj"
    with Project.create(path, PASSPHRASE, "CLI codebook") as project:
        project.run(Batch("Import", [ImportText(n, corpus_text(n)) for n in ("P01", "P02")]))
    yield path


def test_codebook_import_dry_run_then_for_real_then_unchanged(study: Path) -> None:
    book = str(CORPUS / "codebook_example.csv")
    dry = qda("codes", "import", str(study), book, "--dry-run").stdout.splitlines()
    assert dry[0] == "new      Nature of the relationship"
    assert dry[-1] == "codebook_example.csv: 27 new codes, 0 codes updated (dry run: nothing changed)"
    assert qda("codes", "import", str(study), book).stdout.splitlines()[-1] == (
        "codebook_example.csv: 27 new codes, 0 codes updated"  # so the dry run had added none
    )
    listed = qda("codes", "list", str(study)).stdout.splitlines()
    assert listed[:2] == [
        "#1f77b4  Nature of the relationship  (0 codings in 0 documents)",
        "#6baed6  Nature of the relationship/First contact  (0 codings in 0 documents)",
    ]
    assert listed[4].startswith("#d62728  Power in planning learning  ")  # tree order: children under parents
    again = qda("codes", "import", str(study), book).stdout.splitlines()[-1]
    assert again == "codebook_example.csv: 0 new codes, 0 codes updated, 27 unchanged"


def test_codes_add_with_definition_and_ambiguous_names_listed(study: Path) -> None:
    qda(
        "codes",
        "add",
        str(study),
        "Trust",
        "--parent",
        "Nature of the relationship",
        "--definition",
        "Confidence in named people",
        "--use-when",
        "A person is named",
        "--not-when",
        "The institution is meant",
        "--example",
        "P02: I trust Fiona.",
    )
    qda("codes", "add", str(study), "Trust", "--parent", "Reciprocity and exchange")
    full = qda("codes", "list", str(study), "--full").stdout
    assert "    definition: Confidence in named people\n    use when: A person is named\n" in full
    assert "    do not use when: The institution is meant\n    example: P02: I trust Fiona.\n" in full
    result = qda("code", str(study), "P01", "0", "10", "Trust", check=False)
    assert_one_line_error(
        result,
        "'Trust' matches 2 codes: Nature of the relationship/Trust, Reciprocity and exchange/Trust; give the path",
    )
    qda("code", str(study), "P02", "0", "200", "Nature of the relationship/Trust")


def test_bad_codebook_is_one_line_and_changes_nothing(study: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,parent,colour\nA,Nowhere,#12\nB,,\n", encoding="utf-8")
    before = qda("codes", "list", str(study)).stdout
    assert_one_line_error(qda("codes", "import", str(study), str(bad), check=False), "bad.csv: nothing imported")
    assert qda("codes", "list", str(study)).stdout == before


def test_search_phrase_zero_matches_and_within_a_code(study: Path) -> None:
    phrase = qda("search", str(study), '"with a small p"').stdout.splitlines()
    assert phrase[-1] == "1 match in 1 document" and "[with a small p]" in phrase[0]
    assert qda("search", str(study), "zzqx").stdout == "0 matches for zzqx\n"
    scoped = qda("search", str(study), "the", "--code", "Nature of the relationship").stdout.splitlines()
    assert scoped[-1].endswith("in the extracts of 'Nature of the relationship'")
    assert all(line.startswith("P02:") for line in scoped[:-1])  # only inside the P02 coding
