"""``qda cases``: import a participant sheet (with --dry-run), list, add, link; errors in one line.

The commands run in this process through ``cli.main`` (the subprocess contract is in test_cli.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qda_desktop.cli import main
from tests.conftest import CORPUS, sha256

PARTICIPANTS = str(CORPUS / "participants.csv")


def qda(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> tuple[str, str]:
    assert main(list(args)) == code
    captured = capsys.readouterr()
    return captured.out, captured.err


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QDA_PASSPHRASE", "cli cases passphrase")


@pytest.fixture
def study(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "study.qdaproj"
    qda(capsys, "new", str(path))
    qda(capsys, "import", str(path), *(str(CORPUS / "interviews" / f"P0{n}.txt") for n in range(1, 7)))
    return path


def test_dry_run_then_import_then_add_and_link(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sha256(study)
    out, _ = qda(capsys, "cases", "import", str(study), PARTICIPANTS, "--dry-run")
    assert "case id: id; columns: pseudonym (text)" in out and "years_involved (integer)" in out
    assert "dry run: participants.csv: 6 new cases, 0 cases updated, 7 attributes, 6 document links" in out
    assert sha256(study) == before
    assert qda(capsys, "cases", "list", str(study))[0].strip() == "no cases"

    out, _ = qda(capsys, "cases", "import", str(study), PARTICIPANTS)
    assert out.splitlines()[-1] == "participants.csv: imported 7 attributes, 6 new cases, 6 document links"
    qda(capsys, "cases", "add", str(study), "Site visit")
    out, _ = qda(capsys, "cases", "link", str(study), "Site visit", "P01", "P02")
    assert out.strip() == "linked 2 documents to 'Site visit'"
    listed = qda(capsys, "cases", "list", str(study))[0].splitlines()
    assert listed[0].startswith("P01  [P01]  pseudonym=Denise, organisation_type=Food bank")
    assert listed[-1] == "Site visit  [P01; P02]" and len(listed) == 7


def test_bad_input_is_one_line_and_changes_nothing(
    study: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "twice.csv"
    sheet.write_text("participant,age\nP01,3\nP01,4\n", encoding="utf-8")
    before = sha256(study)
    for args, message in [
        (("import", str(study), str(sheet)), "twice.csv: row 3: case 'P01' also on row 2; nothing was imported"),
        (("import", str(study), PARTICIPANTS, "--id-column", "who"), "participants.csv: no column named 'who'"),
        (("import", str(study), str(tmp_path)), f"{tmp_path.name}: is a folder, not a file"),
        (("link", str(study), "Nobody", "P01"), "no case named 'Nobody'"),
    ]:
        _, err = qda(capsys, "cases", *args, code=1)
        assert len(err.strip().splitlines()) == 1 and message in err, err
    assert sha256(study) == before
