"""The table behind the Matrix tab: a code column, count cells shaded by size, totals.

The model shows either a code matrix or a co-occurrence table as one ``Grid``. Shading is the
palette's highlight colour laid over the base colour, stronger for larger counts, with the text
colour switched when it would lose contrast: readable in the light and the dark theme alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from qda_desktop.analysis.cooccurrence import CoOccurrence
from qda_desktop.analysis.matrix import CodeMatrix
from qda_desktop.analysis.passages import CodeLine
from qda_desktop.core import contrast
from qda_desktop.core.wording import plural

Index = QModelIndex | QPersistentModelIndex
TOTAL = "Total"
SHADE_MIN, SHADE_MAX = 0.12, 0.75  # highlight opacity for the smallest and the largest count


@dataclass(frozen=True)
class Grid:
    codes: tuple[CodeLine, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]  # [row][column]
    tips: tuple[tuple[str, ...], ...]  # a tooltip per cell
    row_totals: tuple[int, ...] | None  # None: no totals (co-occurrence)
    column_totals: tuple[int, ...] | None
    total: int
    largest: int
    diagonal: bool  # co-occurrence: the diagonal is the code's own extracts, not shaded


def matrix_grid(matrix: CodeMatrix) -> Grid:
    def tip(codings: int, documents: int, cases: int) -> str:
        return f"{plural(codings, 'extract')} in {plural(documents, 'document')} from {plural(cases, 'case')}"

    return Grid(
        matrix.rows,
        tuple(c.label for c in matrix.columns),
        tuple(tuple(c.codings for c in line) for line in matrix.cells),
        tuple(tuple(tip(c.codings, c.documents, c.cases) for c in line) for line in matrix.cells),
        tuple(c.codings for c in matrix.row_totals),
        tuple(c.codings for c in matrix.column_totals),
        matrix.total.codings,
        matrix.largest,
        False,
    )


def cooccurrence_grid(table: CoOccurrence) -> Grid:
    def tip(row: CodeLine, column: CodeLine, n: int) -> str:
        if row is column:
            return f"{row.path}: {plural(n, 'extract')} of its own"
        return f"{row.path} and {column.path} overlap in {plural(n, 'place')}"

    return Grid(
        table.codes,
        tuple(c.name for c in table.codes),
        table.counts,
        tuple(
            tuple(tip(r, c, n) for c, n in zip(table.codes, line, strict=True))
            for r, line in zip(table.codes, table.counts, strict=True)
        ),
        None,
        None,
        0,
        table.largest,
        True,
    )


def shade(count: int, largest: int, palette: QPalette) -> tuple[QColor, QColor] | None:
    """(background, text) for a count: None for 0, else the highlight over the base, by size."""
    if count <= 0 or largest <= 0:
        return None
    base = contrast.parse(palette.color(QPalette.ColorRole.Base).name())
    tint = contrast.parse(palette.color(QPalette.ColorRole.Highlight).name())
    alpha = SHADE_MIN + (SHADE_MAX - SHADE_MIN) * min(count / largest, 1.0)
    background = contrast.over(tint, alpha, base)
    # the palette's text colour, or the highlighted-text colour when that reads better on this shade
    colors = (palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.HighlightedText))
    text = max(colors, key=lambda c: contrast.contrast(contrast.parse(c.name()), background))
    return QColor(contrast.hex_of(background)), text


class MatrixModel(QAbstractTableModel):
    """Column 0: the codes (indented, with their colour); then the counts; a Total column and row."""

    def __init__(self) -> None:
        super().__init__()
        self.grid: Grid | None = None

    def set_grid(self, grid: Grid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def has_totals(self) -> bool:
        return self.grid is not None and self.grid.row_totals is not None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if self.grid is None or parent.isValid():
            return 0
        return len(self.grid.codes) + (1 if self.has_totals() else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if self.grid is None or parent.isValid():
            return 0
        return 1 + len(self.grid.columns) + (1 if self.has_totals() else 0)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self.grid is None or orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Code"
            return self.grid.columns[section - 1] if section <= len(self.grid.columns) else TOTAL
        if role == Qt.ItemDataRole.ToolTipRole and self.grid.diagonal and 0 < section <= len(self.grid.codes):
            return self.grid.codes[section - 1].path
        return None

    def cell(self, row: int, column: int) -> tuple[int, int] | None:
        """(row, column) in the grid for a table index; column -1 is the row's total; None: not a count cell."""
        grid = self.grid
        if grid is None or column == 0 or row >= len(grid.codes):
            return None
        return (row, column - 1) if column <= len(grid.columns) else (row, -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        grid = self.grid
        if grid is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        is_total = row == len(grid.codes) or column > len(grid.columns)
        if column == 0:
            return self._code_data(row, role)
        value = self._value(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (is_total or (grid.diagonal and row == column - 1)):
            font = QFont()
            font.setBold(is_total)
            font.setItalic(not is_total)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and not is_total:
            return grid.tips[row][column - 1]
        palette = QApplication.palette()
        if role == Qt.ItemDataRole.ForegroundRole and value == 0:
            return QBrush(palette.color(QPalette.ColorRole.PlaceholderText))
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and not is_total:
            if grid.diagonal and row == column - 1:
                return None
            found = shade(value, grid.largest, palette)
            if found is not None:
                return QBrush(found[0] if role == Qt.ItemDataRole.BackgroundRole else found[1])
        return None

    def _value(self, row: int, column: int) -> int:
        grid = self.grid
        assert grid is not None
        if row == len(grid.codes):
            totals = grid.column_totals or ()
            return totals[column - 1] if column <= len(grid.columns) else grid.total
        if column > len(grid.columns):
            return (grid.row_totals or ())[row]
        return grid.values[row][column - 1]

    def _code_data(self, row: int, role: int) -> object:
        grid = self.grid
        assert grid is not None
        if row == len(grid.codes):
            if role == Qt.ItemDataRole.DisplayRole:
                return TOTAL
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        code = grid.codes[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return "    " * code.depth + code.name
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(code.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return code.path
        return None
