"""The matrix and co-occurrence exports (CSV, XLSX) through the export machinery, on the study of conftest.py."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook

from qda_desktop.exchange.exports.builders import Options
from qda_desktop.exchange.exports.job import export
from qda_desktop.exchange.exports.kinds import formats_for
from tests.analysis.conftest import Study


def test_matrix_as_csv_and_xlsx(study: Study, tmp_path: Path) -> None:
    assert formats_for("matrix") == ["xlsx", "csv"] and formats_for("co-occurrence") == ["xlsx", "csv"]
    report = export(study.project, "matrix", "csv", tmp_path / "m.csv", Options())
    assert report.summary() == "m.csv: wrote 4 codes, 11 extracts"
    rows = list(csv.reader((tmp_path / "m.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["Code", "P1", "P2", "P3", "Not linked to a case", "Total"]
    assert rows[1] == ["Work", "2", "1", "1", "0", "3"] and rows[-1] == ["Total", "6", "3", "2", "1", "11"]
    export(study.project, "matrix", "xlsx", tmp_path / "m.xlsx", Options())
    sheet = load_workbook(tmp_path / "m.xlsx").active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[2] == ["Work/Pay", 2, 1, 0, 0, 3]  # numbers, for sums and charts in the spreadsheet


def test_cooccurrence_as_csv(study: Study, tmp_path: Path) -> None:
    export(study.project, "co-occurrence", "csv", tmp_path / "c.csv", Options())
    rows = list(csv.reader((tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["Code", "Work", "Work/Pay", "Care", "Unused"]
    assert rows[3] == ["Care", "1", "1", "5", "0"]
