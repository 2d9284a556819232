"""The code × column matrix against counts worked out by hand (see conftest.py for the study)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qda_desktop.analysis.extracts import extracts_of
from qda_desktop.analysis.matrix import CodeMatrix, MatrixQuery, code_matrix
from qda_desktop.analysis.tally import Cell
from qda_desktop.core.demo import build_demo
from qda_desktop.core.listings import code_rows
from qda_desktop.errors import NotFound
from tests.analysis.conftest import Study


def counts(matrix: CodeMatrix) -> dict[str, list[int]]:
    return {row.path: [c.codings for c in cells] for row, cells in zip(matrix.rows, matrix.cells, strict=True)}


def test_codes_by_case_with_speakers_feeding_two_columns(study: Study) -> None:
    matrix = code_matrix(study.project, MatrixQuery("cases"))
    assert [c.label for c in matrix.columns] == ["P1", "P2", "P3", "Not linked to a case"]
    assert counts(matrix) == {
        "Work": [2, 1, 1, 0],  # A; B; the Interview passage across Ann (P1) and Bob (P3) in both columns
        "Work/Pay": [2, 1, 0, 0],
        "Care": [2, 1, 1, 1],  # Care [15,20) only touches Pay: still its own extract
        "Unused": [0, 0, 0, 0],
    }
    # totals count each extract once, even the one in two columns
    assert matrix.row_totals[0] == Cell(codings=3, documents=3, cases=3)
    assert matrix.row_totals[2] == Cell(codings=5, documents=4, cases=3)
    assert matrix.cells[2][0] == Cell(codings=2, documents=1, cases=1)
    assert matrix.column_totals == (Cell(6, 2, 1), Cell(3, 1, 1), Cell(2, 1, 1), Cell(1, 1, 0))
    assert matrix.total == Cell(codings=11, documents=4, cases=3)
    assert matrix.detached == 1  # B's Work coding whose text was deleted: left out, counted apart
    assert [r.depth for r in matrix.rows] == [0, 1, 0, 0]


def test_sub_codes_count_into_their_parent(study: Study) -> None:
    matrix = code_matrix(study.project, MatrixQuery("cases", sub_codes=True))
    assert counts(matrix)["Work"] == [4, 2, 1, 0]
    assert counts(matrix)["Work/Pay"] == [2, 1, 0, 0]
    assert matrix.row_totals[0].codings == 6
    assert matrix.total.codings == 11  # an extract still counts once in the grand total


def test_codes_by_document(study: Study) -> None:
    matrix = code_matrix(study.project, MatrixQuery("documents"))
    assert [c.label for c in matrix.columns] == ["A", "B", "C", "Interview"]
    assert counts(matrix)["Work"] == [1, 1, 0, 1]
    assert counts(matrix)["Care"] == [2, 1, 1, 1]
    assert matrix.cells[0][3] == Cell(codings=1, documents=1, cases=2)  # the passage of Ann and Bob


def test_codes_by_attribute_value(study: Study) -> None:
    matrix = code_matrix(study.project, MatrixQuery("attribute", "Role"))  # attribute names in any case
    assert [c.label for c in matrix.columns] == ["manager", "volunteer", "No value"]
    assert counts(matrix) == {
        "Work": [2, 2, 0],  # the Interview passage: Ann is a manager, Bob a volunteer
        "Work/Pay": [2, 1, 0],
        "Care": [2, 2, 1],
        "Unused": [0, 0, 0],
    }
    assert matrix.cells[0][1] == Cell(codings=2, documents=2, cases=2)  # B (P2) and Bob (P3)
    with pytest.raises(NotFound, match="no attribute named 'age'"):
        code_matrix(study.project, MatrixQuery("attribute", "age"))


def test_a_cell_gives_back_its_extracts(study: Study) -> None:
    matrix = code_matrix(study.project, MatrixQuery("cases"))
    p3 = [c.label for c in matrix.columns].index("P3")
    (extract,) = extracts_of(study.project, matrix.coding_ids(0, p3))
    start, end = study.spans["Work"]
    assert (extract.document, extract.start, extract.end, extract.cases) == ("Interview", start, end, ("P1", "P3"))
    assert extract.text.startswith("talk about pay.") and extract.text.endswith("care")
    row_total = extracts_of(study.project, matrix.coding_ids(0, -1))
    assert [(e.document, e.text) for e in row_total][:2] == [("A", "abcdefghij"), ("B", "uvwxy")]
    assert extracts_of(study.project, ()) == []


def test_the_demo_project_gives_a_sane_matrix(tmp_path: Path) -> None:
    project = build_demo(tmp_path / "demo.qdaproj")
    try:
        matrix = code_matrix(project, MatrixQuery("cases"))
        with project.read() as session:
            expected = {r.id: r.codings for r in code_rows(session)}
    finally:
        project.close()
    assert {row.id: total.codings for row, total in zip(matrix.rows, matrix.row_totals, strict=True)} == expected
    assert matrix.total.codings == sum(expected.values()) and matrix.detached == 0
    assert all(c.kind == "case" for c in matrix.columns) and len(matrix.columns) >= 4
    assert sum(c.codings for c in matrix.column_totals) >= matrix.total.codings
    assert all(
        sum(c.codings for c in cells) >= t.codings for cells, t in zip(matrix.cells, matrix.row_totals, strict=True)
    )
