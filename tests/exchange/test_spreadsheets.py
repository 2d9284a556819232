"""Reading spreadsheets: the corpus files, XLSX written by openpyxl, and files that must be refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.spreadsheets import read_table
from tests.conftest import CORPUS


def test_corpus_participant_sheet() -> None:
    table = read_table(CORPUS / "participants.csv")
    assert table.columns[:2] == ("id", "pseudonym")
    assert len(table.rows) == 6
    assert table.records()[0]["id"] == "P01"
    assert table.index(" PSEUDONYM ") == 1


def test_corpus_codebook_keeps_quoted_commas() -> None:
    table = read_table(CORPUS / "codebook_example.csv")
    first = table.records()[0]
    assert first["code"] == "Nature of the relationship"
    assert "," in first["inclusion"]
    assert first["colour_hex"].startswith("#")


def test_xlsx_values_become_text(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "years", "interviewed", "note"])
    sheet.append(["P01", 6, date(2024, 3, 14), None])
    sheet.append([None, None, None, None])
    sheet.append(["P02", 2.5, None, " spaced "])
    path = tmp_path / "people.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.rows == (("P01", "6", "2024-03-14", ""), ("P02", "2.5", "", "spaced"))


def test_semicolons_and_latin1(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes("id;Région\nP01;Île-de-France, Paris\nP02;Genève\n".encode("cp1252"))
    table = read_table(path)
    assert table.columns == ("id", "Région")
    assert table.rows[0] == ("P01", "Île-de-France, Paris")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("blank-header.csv", b"id,,role\nP01,x,y\n", "column 2 has no name"),
        ("twice.csv", b"id,Role,role\n1,2,3\n", "two columns are named"),
        ("binary.csv", b"id\x00\x01\x02", "NUL"),
        ("fake.xlsx", b"%PDF-1.7 not a workbook", "not a valid .xlsx"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "save it as .xlsx"),
        ("notes.docx", b"PK", "not a spreadsheet"),
    ],
)
def test_bad_files_are_refused_by_name(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=message) as caught:
        read_table(path)
    assert str(caught.value).startswith(name)
