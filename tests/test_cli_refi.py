"""REFI-QDA through ``qda import`` and ``qda export``: a real producer's file in, our .qdpx/.qdc out and back in.

The commands run in this process through ``cli.main``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qda_desktop.cli import main
from tests.conftest import SHARED, sha256

QC_SAMPLE = SHARED / "interop" / "samples" / "qc" / "qc132_demo.qdpx"


def qda(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> tuple[str, str]:
    assert main(list(args)) == code
    captured = capsys.readouterr()
    return captured.out, captured.err


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QDA_PASSPHRASE", "cli refi passphrase")


def dump(capsys: pytest.CaptureFixture[str], project: Path) -> dict:  # type: ignore[type-arg]
    out, _ = qda(capsys, "show", str(project), "--json")
    loaded: dict = json.loads(out)  # type: ignore[type-arg]
    return loaded


def test_qdpx_in_and_out_and_in_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "first.qdaproj", tmp_path / "second.qdaproj"
    qda(capsys, "new", str(first))
    out, _ = qda(capsys, "import", str(first), str(QC_SAMPLE))
    assert "imported 2 documents, 262 codes, 205 codings" in out
    exported = tmp_path / "out.qdpx"
    out, _ = qda(capsys, "export", str(first), "project", "-f", "qdpx", "-o", str(exported))
    assert out.startswith("wrote out.qdpx") and not list(tmp_path.glob(".*partial*"))
    qda(capsys, "new", str(second))
    qda(capsys, "import", str(second), str(exported))
    a, b = dump(capsys, first), dump(capsys, second)
    assert [(c["code"], c["text"]) for c in a["codings"]] == [(c["code"], c["text"]) for c in b["codings"]]
    assert {c["guid"] for c in a["codes"]} == {c["guid"] for c in b["codes"]}


def test_qdc_export_and_a_broken_file_leaves_the_project_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.qdaproj"
    qda(capsys, "new", str(project))
    qda(capsys, "import", str(project), str(QC_SAMPLE))
    codebook = tmp_path / "codes.qdc"
    out, _ = qda(capsys, "export", str(project), "codebook", "-f", "qdc", "-o", str(codebook))
    assert out.strip() == "wrote codes.qdc: 262 codes"
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(QC_SAMPLE.read_bytes()[:5000])
    before = sha256(project)
    _, err = qda(capsys, "import", str(project), str(broken), code=1)
    assert err.startswith("qda: error: broken.qdpx") and len(err.strip().splitlines()) == 1
    assert sha256(project) == before
