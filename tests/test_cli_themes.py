"""``qda themes`` and the themes and boards in ``qda show --json``: one project, commands run in turn.

The CLI's ``main`` runs in this process (the subprocess contract is covered by tests/test_cli.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qda_desktop.cli import main
from qda_desktop.core.commands import AddBoard, AddCode, ApplyCode, ImportText, PlaceItems, Placement
from qda_desktop.core.project import Project
from tests.conftest import PASSPHRASE
from tests.helpers import snapshot


def qda(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def study(template_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "study.qdaproj"
    shutil.copyfile(template_project, path)
    with Project.open(path, PASSPHRASE) as project:
        doc = project.run(ImportText("P01", "We gave our Saturdays and got a report.")).result
        partnership = project.run(AddCode("Partnership")).result
        reciprocity = project.run(AddCode("Reciprocity", parent_id=partnership)).result
        project.run(AddCode("Reciprocity", parent_id=project.run(AddCode("Power")).result))
        project.run(ApplyCode(doc, reciprocity, 0, 22))
    monkeypatch.setenv("QDA_PASSPHRASE", PASSPHRASE)
    return path


def test_add_assign_list_and_show(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = str(study)
    assert qda(capsys, "themes", "add", p, "Exchange")[1] == "added theme 'Exchange'\n"
    assert qda(capsys, "themes", "add", p, "Hidden costs", "--parent", "exchange")[0] == 0
    code, out, _ = qda(capsys, "themes", "assign", p, "Exchange/Hidden costs", "Partnership/Reciprocity", "Power")
    assert (code, out) == (0, "assigned 2 codes to 'Exchange/Hidden costs'\n")
    assert qda(capsys, "themes", "assign", p, "Hidden costs", "Power")[1].endswith("(1 already there)\n")
    code, out, _ = qda(capsys, "themes", "list", p)
    assert code == 0
    assert out.splitlines() == [
        "Exchange  [candidate]  (0 extracts, 0 cases)",
        "  Hidden costs  [candidate]  (1 extracts, 0 cases)",
        "    - Partnership/Reciprocity  (1 extracts)",
        "    - Power  (0 extracts)",
    ]
    with Project.open(study, PASSPHRASE) as project:
        board = project.run(AddBoard("Main")).result
        project.run(PlaceItems(board, (Placement("code", 4, 10, 20),)))
    dump = json.loads(qda(capsys, "show", p, "--json")[1])
    assert [(t["path"], t["status"], t["codes"], t["subthemes"], t["extracts"]) for t in dump["themes"]] == [
        ("Exchange", "candidate", [], ["Hidden costs"], 0),
        ("Exchange/Hidden costs", "candidate", ["Partnership/Reciprocity", "Power"], [], 1),
    ]
    (main_board,) = dump["boards"]
    assert main_board["name"] == "Main" and main_board["snapshots"] == []
    assert [(i["kind"], i["ref"], i["x"], i["y"]) for i in main_board["items"]] == [
        ("code", "Power/Reciprocity", 10, 20)
    ]


BAD = [
    (("themes", "assign", "{p}", "Nope", "Power"), "no theme named 'Nope'"),
    (("themes", "assign", "{p}", "Exchange", "Power", "Missing"), "no code named 'Missing'"),
    (("themes", "assign", "{p}", "Exchange", "Reciprocity"), "matches 2 codes"),
    (("themes", "add", "{p}", "exchange"), "a theme named 'exchange' already exists"),
    (("themes", "add", "{p}", "Sub", "--parent", "Nope"), "no theme named 'Nope'"),
]


def test_bad_input_is_one_line_and_changes_nothing(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert qda(capsys, "themes", "add", str(study), "Exchange")[0] == 0
    with Project.open(study, PASSPHRASE) as project:
        before = snapshot(project)
    for args, message in BAD:
        code, out, err = qda(capsys, *(a.format(p=study) for a in args))
        assert code == 1 and out == "", args
        assert err.count("\n") == 1 and message in err and "Traceback" not in err, err
    with Project.open(study, PASSPHRASE) as project:
        assert snapshot(project) == before


def test_list_without_themes(study: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert qda(capsys, "themes", "list", str(study))[1] == "no themes\n"
