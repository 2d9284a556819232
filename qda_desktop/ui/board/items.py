"""What the board draws: cards (theme, subtheme, code, note) and connectors between them."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from qda_desktop.core.board_state import Card
from qda_desktop.exchange.report import plural

THEME_DEFAULT = "#5b6abf"
NOTE_FILL = "#fff6c4"
STATUS_WORDS = {"candidate": "candidate", "reviewed": "reviewed", "defined": "defined", "set_aside": "set aside"}
RADIUS = 8.0
FAR = 0.35  # below this zoom cards are drawn without text
PAD = 10.0


def card_subtitle(card: Card) -> list[str]:
    """The small lines under a card's title: a theme's status and codes, then the counts."""
    known = [plural(n, word) for n, word in ((card.extracts, "extract"), (card.participants, "participant")) if n >= 0]
    counts = " · ".join(known)
    if card.kind == "note":
        return []
    if card.kind == "code":  # a sub-code's parents ("in Power"), then its counts
        return [f"in {card.text}", counts] if card.text else [counts]
    status = STATUS_WORDS.get(card.status, card.status)
    return [" · ".join(part for part in (status, plural(len(card.members), "code")) if part), counts][
        : 2 if counts else 1
    ]


class CardItem(QGraphicsItem):
    """One card; the scene moves it and reads its position back."""

    def __init__(self, card: Card) -> None:
        super().__init__()
        self.card = card
        self.links: list[ConnectorItem] = []
        self.drop_hint = False
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setPos(card.x, card.y)
        self.setZValue(1 if card.kind == "code" else 0)
        if card.kind == "code" and card.text:  # a tooltip where the card may not show it all
            self.setToolTip(f"{card.text}/{card.title}")
        elif card.text or len(card.title) > 22:
            self.setToolTip(card.text or card.title)

    @property
    def key(self) -> int:
        return self.card.key

    def boundingRect(self) -> QRectF:
        return QRectF(-2, -2, self.card.w + 4, self.card.h + 4)

    def set_drop_hint(self, on: bool) -> None:
        if on != self.drop_hint:
            self.drop_hint = on
            self.update()

    def follow(self) -> None:
        """Bring this card's connectors along after it moved (no itemChange hook: with hundreds of cards
        a Python call per item change makes the board slow to open)."""
        for link in self.links:
            link.adjust()

    def move_to(self, x: float, y: float) -> None:
        self.setPos(x, y)
        self.follow()

    def colors(self) -> tuple[QColor, QColor, QColor]:
        """Fill, accent and text colours for this card's kind."""
        card = self.card
        accent = QColor(card.color or THEME_DEFAULT)
        if card.kind == "note":
            return QColor(NOTE_FILL), QColor("#c9a800"), QColor("#3a3320")
        if card.kind == "code":
            return QColor("#ffffff"), accent, QColor("#202124")
        fill = QColor(accent)
        fill.setAlphaF(0.16 if card.kind == "theme" else 0.09)
        return fill, accent, QColor("#202124")

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        card = self.card
        fill, accent, ink = self.colors()
        rect = QRectF(0, 0, card.w, card.h)
        far = option.levelOfDetailFromTransform(painter.worldTransform()) < FAR
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not far)
        painter.setBrush(QBrush(QColor("#ffffff")))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(rect, RADIUS, RADIUS)  # opaque under a tinted fill
        painter.setBrush(QBrush(fill))
        width = 3.0 if self.isSelected() or self.drop_hint else (2.0 if card.kind == "theme" else 1.2)
        edge = QColor("#1a73e8") if self.isSelected() else (QColor("#188038") if self.drop_hint else accent)
        pen = QPen(edge, width)
        if card.kind == "subtheme":
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        if card.kind == "code":
            painter.fillRect(QRectF(0, RADIUS / 2, 6, card.h - RADIUS), accent)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < FAR:
            painter.fillRect(QRectF(PAD, PAD, card.w * 0.6, 6), ink)  # text too small to read: a title bar
            return
        self._paint_text(painter, rect, ink)

    def _paint_text(self, painter: QPainter, rect: QRectF, ink: QColor) -> None:
        card = self.card
        title_font = QFont(painter.font())
        title_font.setPointSizeF(11.0 if card.kind in ("theme", "subtheme") else 9.5)
        title_font.setBold(card.kind != "note")
        inner = rect.adjusted(PAD + (4 if card.kind == "code" else 0), PAD - 2, -PAD, -PAD + 2)
        painter.setPen(ink)
        painter.setFont(title_font)
        title_h = QFontMetricsF(title_font).height()
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        text = card.text if card.kind == "note" and card.text else card.title
        lines = 2 if card.kind != "note" else 5
        if card.kind == "code":
            lines = 1
        title_rect = QRectF(inner.left(), inner.top(), inner.width(), title_h * lines)
        painter.drawText(title_rect, int(flags), elide(text, title_font, inner.width(), lines))
        small = QFont(painter.font())
        small.setPointSizeF(8.0)
        small.setBold(False)
        painter.setFont(small)
        painter.setPen(QColor("#5f6368"))
        metrics = QFontMetricsF(small)
        rows = card_subtitle(card)
        top = inner.bottom() - metrics.height() * len(rows)
        for n, line in enumerate(rows):
            cut = metrics.elidedText(line, Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(QPointF(inner.left(), top + metrics.ascent() + n * metrics.height()), cut)


def elide(text: str, font: QFont, width: float, lines: int) -> str:
    """Cut ``text`` so that it fits in ``lines`` wrapped lines of ``width``, ending with an ellipsis."""
    metrics = QFontMetricsF(font)
    if metrics.horizontalAdvance(text) <= width * lines * 0.92:
        return text
    budget = width * lines * 0.92
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, budget)


class ConnectorItem(QGraphicsItem):
    """A line between two cards: a labelled link with an arrow, or (dashed, no label) a code's membership."""

    def __init__(self, source: CardItem, target: CardItem, label: str = "", key: int | None = None) -> None:
        super().__init__()
        self.source, self.target, self.label, self.key = source, target, label, key
        self.member = key is None
        source.links.append(self)
        target.links.append(self)
        self.setZValue(-1)
        self.line = QLineF()
        self._label_rect = self._bounds = QRectF()
        if not self.member:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.adjust()

    def adjust(self) -> None:
        """Follow the cards: recompute the line, the label's place and the bounds (kept, not recomputed
        on every paint)."""
        self.prepareGeometryChange()
        a = self.source.sceneBoundingRect().adjusted(2, 2, -2, -2)
        b = self.target.sceneBoundingRect().adjusted(2, 2, -2, -2)
        self.line = QLineF(edge_point(a, b.center()), edge_point(b, a.center()))
        self._label_rect = QRectF()
        if self.label:
            w, h = label_size(self.label)
            mid = self.line.center()
            self._label_rect = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)
        box = QRectF(self.line.p1(), self.line.p2()).normalized().adjusted(-12, -12, 12, 12)
        self._bounds = box.united(self._label_rect) if self.label else box

    def label_rect(self) -> QRectF:
        return self._label_rect

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.moveTo(self.line.p1())
        path.lineTo(self.line.p2())
        path.addRect(self.label_rect())
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        far = option.levelOfDetailFromTransform(painter.worldTransform()) < FAR
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not far)
        if self.member:
            if not far:  # far out, the cards' places say enough; hundreds of long dashed lines cost a lot
                painter.setPen(QPen(QColor("#9aa0a6"), 1.0, Qt.PenStyle.DashLine))
                painter.drawLine(self.line)
            return
        color = QColor("#1a73e8") if self.isSelected() else QColor("#3c4043")
        painter.setPen(QPen(color, 1.8))
        painter.drawLine(self.line)
        painter.setBrush(color)
        painter.drawPolygon(arrow_head(self.line))
        rect = self.label_rect()
        if not rect.isNull():
            painter.setFont(label_font())
            painter.setBrush(QColor("#ffffff"))
            painter.setPen(QPen(color, 1.0))
            painter.drawRoundedRect(rect, 4, 4)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.label)


def label_font() -> QFont:
    font = QFont()
    font.setPointSizeF(8.5)
    return font


def label_size(label: str) -> tuple[float, float]:
    metrics = QFontMetricsF(label_font())
    return metrics.horizontalAdvance(label) + 12, metrics.height() + 4


def edge_point(rect: QRectF, toward: QPointF) -> QPointF:
    """Where the line from ``rect``'s centre to ``toward`` leaves the rectangle."""
    c = rect.center()
    dx, dy = toward.x() - c.x(), toward.y() - c.y()
    if dx == 0 and dy == 0:
        return c
    sx = (rect.width() / 2) / abs(dx) if dx else math.inf
    sy = (rect.height() / 2) / abs(dy) if dy else math.inf
    s = min(sx, sy, 1.0)
    return QPointF(c.x() + dx * s, c.y() + dy * s)


def arrow_head(line: QLineF, size: float = 10.0) -> QPolygonF:
    if line.length() == 0:
        return QPolygonF()
    angle = math.atan2(line.dy(), line.dx())
    tip = line.p2()
    left = QPointF(tip.x() - size * math.cos(angle - 0.4), tip.y() - size * math.sin(angle - 0.4))
    right = QPointF(tip.x() - size * math.cos(angle + 0.4), tip.y() - size * math.sin(angle + 0.4))
    return QPolygonF([tip, left, right])
