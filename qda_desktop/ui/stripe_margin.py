"""The margin beside the text: a transcript's turn times, then one stripe per coding in lanes; click a stripe to
select it, drag an end to resize."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from qda_desktop.ui.document_view import CodingEditor

EDGE_GRIP = 4  # pixels around a stripe's end that grab it for resizing


class StripeMargin(QWidget):
    """Coding stripes beside the text: one lane per overlapping coding."""

    def __init__(self, editor: CodingEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.setMouseTracking(True)
        self._drawn: list[tuple[QRect, int]] = []
        self._dragging: tuple[int, str] | None = None
        self._time_width = 0

    def set_time_labels(self, widest: str) -> None:
        """Make room for time labels as wide as ``widest`` (none when empty)."""
        self._time_width = self.fontMetrics().horizontalAdvance(widest) + 10 if widest else 0

    def time_width(self) -> int:
        return self._time_width

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        if self._time_width:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            line = self.fontMetrics().height()
            for y, label in self.editor.turn_labels():
                painter.drawText(QRect(0, y, self._time_width - 6, line), Qt.AlignmentFlag.AlignRight, label)
        self._drawn = self.editor.stripe_rects()
        for rect, coding_id in self._drawn:
            color = QColor(self.editor.color_of(coding_id))
            if coding_id == self.editor.selected_coding:
                painter.fillRect(rect.adjusted(-1, 0, 1, 0), self.palette().highlight())
            painter.fillRect(rect, color)

    def hit_rects(self) -> list[tuple[QRect, int]]:
        """The stripes as last painted (clicks and drags hit these)."""
        return list(self._drawn)

    def coding_at(self, point: QPoint) -> int | None:
        hits = [cid for rect, cid in self._drawn if rect.adjusted(-1, 0, 1, 0).contains(point)]
        return hits[-1] if hits else None

    def _edge_at(self, point: QPoint) -> tuple[int, str] | None:
        """A stripe end under the pointer: (coding id, "start" or "end")."""
        for rect, coding_id in reversed(self._drawn):
            if rect.left() - 1 <= point.x() <= rect.right() + 1:
                if abs(point.y() - rect.top()) <= EDGE_GRIP:
                    return coding_id, "start"
                if abs(point.y() - rect.bottom()) <= EDGE_GRIP:
                    return coding_id, "end"
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        self._dragging = self._edge_at(point)
        coding_id = self._dragging[0] if self._dragging else self.coding_at(point)
        if coding_id is not None:
            self.editor.select_coding(coding_id)
            self.editor.coding_clicked.emit(coding_id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self._dragging is not None:
            self.editor.preview_boundary(*self._dragging, point.y())
            return
        edge = self._edge_at(point)
        self.setCursor(Qt.CursorShape.SizeVerCursor if edge else Qt.CursorShape.ArrowCursor)
        coding_id = self.coding_at(point)
        if coding_id is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), self.editor.describe(coding_id), self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging is not None:
            coding_id, _edge = self._dragging
            self._dragging = None
            self.editor.finish_boundary_drag(coding_id)
