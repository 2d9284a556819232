"""Board images: the whole board (not just what is on screen) as PNG, SVG or PDF, rendered by Qt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from qda_desktop.errors import InvalidInput
from qda_desktop.ui.board.scene import BoardScene

FORMATS = {".png": "PNG image", ".svg": "SVG drawing", ".pdf": "PDF document"}
PNG_SCALE = 2.0  # pixels per board unit: sharp on high-density screens and in print
MAX_PNG_SIDE = 16000


def export_board(scene: BoardScene, path: Path, title: str = "Theme board") -> Path:
    """Write the board to ``path``; the suffix picks the format. Raises ``InvalidInput`` (naming the file)
    for an unknown suffix or a file that cannot be written."""
    suffix = path.suffix.lower()
    writers: dict[str, Callable[[BoardScene, Path, str], bool]] = {".png": _png, ".svg": _svg, ".pdf": _pdf}
    if suffix not in writers:
        raise InvalidInput(f"{path.name}: choose a file ending in .png, .svg or .pdf")
    if not path.parent.is_dir():
        raise InvalidInput(f"{path}: the folder does not exist")
    selected = list(scene.selectedItems())
    scene.clearSelection()  # the selection outline is not part of the picture
    cached = [item for item in scene.items() if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for item in cached:  # draw text and lines, not the on-screen pixmaps (SVG and PDF stay vector)
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        ok = writers[suffix](scene, path, title)
    finally:
        for item in cached:
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        for item in selected:
            item.setSelected(True)
    if not ok or not path.is_file() or path.stat().st_size == 0:
        raise InvalidInput(f"{path}: could not write the {FORMATS[suffix]}")
    return path


def _render(scene: BoardScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


def _png(scene: BoardScene, path: Path, title: str) -> bool:
    source = scene.content_rect()
    scale = min(PNG_SCALE, MAX_PNG_SIDE / max(source.width(), source.height(), 1.0))
    size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    _render(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    return image.save(str(path))  # the format follows the .png suffix


def _svg(scene: BoardScene, path: Path, title: str) -> bool:
    source = scene.content_rect()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(source.size().toSize())
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(title)
    generator.setDescription("Exported from QDA Desktop")
    painter = QPainter()
    if not painter.begin(generator):
        return False
    _render(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
    return painter.end()


def _pdf(scene: BoardScene, path: Path, title: str) -> bool:
    """One page the board's shape (landscape or portrait A4-sized margins around it)."""
    source = scene.content_rect()
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("QDA Desktop")
    writer.setResolution(144)
    points = QSizeF(source.width() * 0.75, source.height() * 0.75)  # board units as 96 dpi pixels
    writer.setPageSize(QPageSize(points, QPageSize.Unit.Point, "Board", QPageSize.SizeMatchPolicy.ExactMatch))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    painter = QPainter()
    if not painter.begin(writer):
        return False
    page = QRectF(0, 0, writer.width(), writer.height())
    _render(scene, painter, page, source)
    return painter.end()
