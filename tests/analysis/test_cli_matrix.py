"""``qda matrix``: aligned table, CSV and JSON of the same counts; bad options in one line, nothing changed.

Run in this process through ``cli.main`` on the study of conftest.py (its passphrase from QDA_PASSPHRASE).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from qda_desktop.cli import main
from tests.analysis.conftest import StudyFile
from tests.conftest import PASSPHRASE, sha256


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QDA_PASSPHRASE", PASSPHRASE)


def qda(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> tuple[str, str]:
    assert main(list(args)) == code
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_table_is_aligned_with_totals_and_the_detached_note(
    study_file: StudyFile, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = qda(capsys, "matrix", str(study_file.path))
    lines = out.splitlines()
    assert lines[0].split() == ["Code", "P1", "P2", "P3", "Not", "linked", "to", "a", "case", "Total"]
    assert lines[1].split() == ["Work", "2", "1", "1", "0", "3"]
    assert lines[2].split() == ["Pay", "2", "1", "0", "0", "3"] and lines[2].startswith("  Pay")
    assert lines[5].split() == ["Total", "6", "3", "2", "1", "11"]
    assert len({len(line) for line in lines[:6]}) == 1  # every row as wide as the header: aligned
    assert lines[-1] == "(1 detached coding left out: their text was deleted)"


def test_csv_and_json_carry_the_same_counts(study_file: StudyFile, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(study_file.path)
    out, _ = qda(capsys, "matrix", path, "--columns", "attribute:role", "--subcodes", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["Code", "manager", "volunteer", "No value", "Total"]
    assert rows[1:3] == [["Work", "4", "3", "0", "6"], ["Work/Pay", "2", "1", "0", "3"]]
    out, _ = qda(capsys, "matrix", path, "--columns", "documents", "--count", "cases")
    assert out.splitlines()[1].split() == ["Work", "1", "1", "0", "2", "3"]
    data = json.loads(qda(capsys, "matrix", path, "--format", "json")[0])
    assert data["columns"] == ["P1", "P2", "P3", "Not linked to a case"] and data["detached"] == 1
    assert data["rows"][0]["cells"][2] == {"codings": 1, "documents": 1, "cases": 1}
    assert data["total"] == {"codings": 11, "documents": 4, "cases": 3}


def test_cooccurrence_in_every_format(study_file: StudyFile, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(study_file.path)
    out, _ = qda(capsys, "matrix", path, "--cooccurrence", "--format", "csv")
    assert list(csv.reader(io.StringIO(out)))[:2] == [
        ["Code", "Work", "Work/Pay", "Care", "Unused"],
        ["Work", "3", "2", "1", "0"],
    ]
    out, _ = qda(capsys, "matrix", path, "--cooccurrence", "--attribute", "role=volunteer")
    assert out.splitlines()[0].split() == ["Code", "Work", "Pay", "Care", "Unused"]
    assert out.splitlines()[1].split() == ["Work", "2", "0", "1", "0"]
    data = json.loads(qda(capsys, "matrix", path, "--cooccurrence", "--case", "P2", "--format", "json")[0])
    assert data["case"] == "P2" and data["counts"][1] == [0, 1, 1, 0]


def test_bad_options_are_one_line_and_change_nothing(study_file: StudyFile, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(study_file.path)
    before = sha256(study_file.path)
    for args, message in [
        (("--columns", "speakers"), "--columns: 'speakers' is not cases, documents or attribute:NAME"),
        (("--columns", "attribute:age"), "no attribute named 'age'"),
        (("--cooccurrence", "--case", "P9"), "no case named 'P9'"),
        (("--cooccurrence", "--attribute", "role"), "--attribute: 'role' is not NAME=VALUE"),
        (("--case", "P1"), "--case and --attribute restrict --cooccurrence"),
    ]:
        _, err = qda(capsys, "matrix", path, *args, code=1)
        assert len(err.strip().splitlines()) == 1 and message in err, err
    assert sha256(study_file.path) == before
