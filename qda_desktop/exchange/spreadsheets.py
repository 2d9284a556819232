"""Reading a spreadsheet (CSV or XLSX) into a plain table of strings, with errors that name the file."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import charset_normalizer
from openpyxl import load_workbook

from qda_desktop.errors import InvalidInput

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 500
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class Table:
    """A header row and data rows, every cell a stripped string; rows are as long as the header."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def index(self, column: str) -> int | None:
        """Where a column is, matched without regard to case or surrounding space."""
        wanted = column.strip().casefold()
        return next((i for i, name in enumerate(self.columns) if name.casefold() == wanted), None)

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def read_table(path: Path) -> Table:
    """The first sheet of an .xlsx, or a delimited text file; refused with a reason when unreadable."""
    if not path.is_file():
        raise InvalidInput(f"{path.name}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise InvalidInput(f"{path.name}: {suffix} spreadsheets are not read; save it as .xlsx or .csv")
    if suffix not in SUFFIXES:
        raise InvalidInput(f"{path.name}: not a spreadsheet (expected .csv or .xlsx)")
    if path.stat().st_size > MAX_BYTES:
        raise InvalidInput(f"{path.name}: too large for a spreadsheet ({path.stat().st_size // 1_000_000} MB)")
    raw = _xlsx_rows(path) if suffix in (".xlsx", ".xlsm") else _csv_rows(path)
    return _tidy(path.name, raw)


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            raise InvalidInput(f"{path.name}: not a text spreadsheet (no text encoding fits its bytes)") from None
        return str(best)


def _csv_rows(path: Path) -> list[list[str]]:
    text = _decode(path, path.read_bytes())
    if "\x00" in text:
        raise InvalidInput(f"{path.name}: contains NUL bytes; this looks like a binary file, not CSV")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise InvalidInput(f"{path.name}: not readable as CSV ({exc})") from None


def _check_zip(path: Path) -> None:
    """An .xlsx is a zip: refuse a damaged one or one that would unpack to far more than it weighs."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InvalidInput(f"{path.name}: not a valid .xlsx file (damaged, or another kind of file)") from None
    if unpacked > MAX_UNZIPPED:
        raise InvalidInput(f"{path.name}: unpacks to {unpacked // 1_000_000} MB; refused as unsafe")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> list[list[str]]:
    _check_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged parts
        raise InvalidInput(f"{path.name}: not a readable .xlsx file ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in row[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS + 1:
                raise InvalidInput(f"{path.name}: more than {MAX_ROWS:,} rows")
        return rows
    finally:
        book.close()


def _tidy(name: str, raw: list[list[str]]) -> Table:
    rows = [[cell.strip() for cell in row] for row in raw]
    rows = [row for row in rows if any(row)]
    if not rows:
        raise InvalidInput(f"{name}: the spreadsheet is empty")
    header = rows[0]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise InvalidInput(f"{name}: the first row (the column names) is empty")
    if len(header) > MAX_COLUMNS or len(rows) > MAX_ROWS + 1:
        raise InvalidInput(f"{name}: too large ({len(rows) - 1:,} rows, {len(header)} columns)")
    if "" in header:
        raise InvalidInput(f"{name}: column {header.index('') + 1} has no name in the first row")
    folded = [h.casefold() for h in header]
    twice = next((h for h, f in zip(header, folded, strict=True) if folded.count(f) > 1), None)
    if twice is not None:
        raise InvalidInput(f"{name}: two columns are named '{twice}'")
    width = len(header)
    body = tuple(tuple((row + [""] * width)[:width]) for row in rows[1:])
    return Table(name, tuple(header), body)
