"""The margin beside the text: a transcript's turn times, then one stripe per coding in lanes, each stripe with
its code's name written along it (as NVivo and MAXQDA do); click a stripe to select it, drag an end to resize.

Each lane is a stripe plus a band for the names of its codings, so names of different lanes never meet, and
codings in one lane never overlap, so neither do their names. When there are too many lanes for labelled
ones to fit, the lanes go narrow and unlabelled (the tooltip still names the code)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from qda_desktop.ui.document_view import CodingEditor

EDGE_GRIP = 4  # pixels around a stripe's end that grab it for resizing
STRIPE_WIDTH = 5
LANE_GAP = 2
MAX_COMPACT = 90  # pixels of unlabelled lanes at most
MAX_LABELLED = 260  # pixels of labelled lanes at most; more lanes than fit go unlabelled
LABEL_PAD = 2


class StripeMargin(QWidget):
    """Coding stripes beside the text: one lane per overlapping coding."""

    def __init__(self, editor: CodingEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.setMouseTracking(True)
        self._drawn: list[tuple[QRect, int]] = []
        self._dragging: tuple[int, str] | None = None
        self._time_width = 0
        self._labelled = True
        self._labels: list[tuple[QRect, str, int]] = []
        self.label_font = QFont()
        self._size_labels()

    def _size_labels(self) -> None:
        """Names a little smaller than the text beside them."""
        self.label_font = QFont(self.font())
        self.label_font.setPointSizeF(max(self.font().pointSizeF() * 0.85, 7.5))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_labels()

    def lane_pitch(self, labelled: bool | None = None) -> int:
        """Pixels from one lane to the next: a stripe, a band for names when labelled, a gap."""
        labelled = self._labelled if labelled is None else labelled
        band = QFontMetrics(self.label_font).height() + LABEL_PAD if labelled else 0
        return STRIPE_WIDTH + band + LANE_GAP

    def set_lane_count(self, count: int) -> int:
        """Lay out ``count`` lanes; returns the width they need (labelled when they fit)."""
        self._labelled = 6 + count * self.lane_pitch(True) <= MAX_LABELLED
        width = 6 + count * self.lane_pitch()
        return width if self._labelled else min(MAX_COMPACT, width)

    def lane_x(self, lane: int) -> int:
        return self._time_width + 3 + lane * self.lane_pitch()

    def labelled(self) -> bool:
        return self._labelled

    def label_rects(self) -> list[tuple[QRect, str, int]]:
        """The code names as last painted: (the rectangle they fill, the text shown, the coding)."""
        return list(self._labels)

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
            if coding_id == self.editor.selected_coding:
                painter.fillRect(rect.adjusted(-1, 0, 1, 0), self.palette().highlight())
            painter.fillRect(rect, self.editor.color_of(coding_id))
        self._labels = []
        if self._labelled:
            painter.setFont(self.label_font)
            free_from: dict[int, int] = {}  # lane x -> first y below the last name in that lane
            for rect, coding_id in self._drawn:  # by start, so each lane top to bottom
                end = self._paint_label(painter, rect, coding_id, free_from.get(rect.x(), 0))
                free_from[rect.x()] = max(end, free_from.get(rect.x(), 0))

    def _paint_label(self, painter: QPainter, stripe: QRect, coding_id: int, free_from: int) -> int:
        """The code's name, reading downwards beside its stripe, cut short to the stripe's length and kept
        below the name before it in the lane (two codings can share a line). Returns where the name ends."""
        top = max(stripe.top(), free_from, 0)
        length = min(stripe.bottom(), self.height()) - top - 2 * LABEL_PAD
        name, color = self.editor.label_of(coding_id)
        metrics = QFontMetrics(self.label_font)
        text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, length)
        if length < 3 * metrics.averageCharWidth() or not text or text == "…":
            return 0  # too short to name; the tooltip does
        band = metrics.height()
        painter.save()
        painter.translate(stripe.right() + 1 + LABEL_PAD, top + LABEL_PAD)
        painter.rotate(90)
        painter.setPen(color)
        painter.drawText(
            QRect(0, -band, length, band), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
        )
        painter.restore()
        self._labels.append((QRect(stripe.right() + 1 + LABEL_PAD, top + LABEL_PAD, band, length), text, coding_id))
        return top + 2 * LABEL_PAD + length

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
