"""The document view: text with coded highlights, a margin of coding stripes, in-place editing.

Highlights are drawn as extra selections for the overlap runs near the visible
part of the text only, so painting cost does not grow with the number of codings.
Text edits are shown at once, codings are carried along live, and the edit is
handed to the project after a short pause (one undo step per burst of typing).
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from qda_desktop.core.anchors import Edit, map_range
from qda_desktop.core.highlights import Span, lanes, runs
from qda_desktop.core.workspace import CodeStyle
from qda_desktop.ui.code_drop import CODE_MIME, CodeDropEdit
from qda_desktop.ui.coding_colors import CodingColors
from qda_desktop.ui.stripe_margin import STRIPE_WIDTH, StripeMargin
from qda_desktop.ui.text_units import OffsetMap

VISIBLE_SLACK = 1500  # UTF-16 units beyond the viewport that get highlights too
EDIT_COMMIT_MS = 600


__all__ = ["CODE_MIME", "CodeStyle", "CodingEditor"]


class CodingEditor(CodeDropEdit):
    coding_clicked = Signal(int)
    coding_selected = Signal(object)  # the selected coding's id, or None when nothing is selected
    coding_resized = Signal(int, int, int)  # coding id, new start, new end (code points)
    position_clicked = Signal(int)  # a click without selecting: the code-point position
    text_committed = Signal(str)  # the whole new text, after a pause in typing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setUndoRedoEnabled(False)  # the project's undo covers text edits
        self.set_editing(False)
        self.margin = StripeMargin(self)
        self.selected_coding: int | None = None
        self._drag_origin: Span | None = None
        self._playhead: tuple[int, int] | None = None
        self._play_segment: tuple[int, int] | None = None
        self._text = ""
        self._map = OffsetMap("")
        self._spans: list[Span] = []
        self._by_id: dict[int, Span] = {}
        self._styles: dict[int, CodeStyle] = {}
        self._memos: dict[int, str] = {}
        self._lanes: dict[int, int] = {}
        self._starts: list[int] = []
        self._longest = 0
        self._turns: list[tuple[int, str]] = []  # transcript turns: (code-point start, time label)
        self.colors = CodingColors()
        self._loading = False
        self._dirty = False
        self._commit_timer = QTimer(self, singleShot=True, interval=EDIT_COMMIT_MS)
        self._commit_timer.timeout.connect(self.commit_pending_edit)
        self.document().contentsChange.connect(self._on_contents_change)
        self.updateRequest.connect(self._on_update_request)
        self.verticalScrollBar().valueChanged.connect(lambda _: self._refresh_highlights())

    # -- content -----------------------------------------------------------

    def load(self, text: str, spans: list[Span], styles: dict[int, CodeStyle], memos: dict[int, str]) -> None:
        """Show ``text`` (replacing what is shown) with its codings."""
        self._commit_timer.stop()
        self._dirty = False
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False
        self._text = text
        self._map = OffsetMap(text)
        self.set_codings(spans, styles, memos)

    def reload_text(self, text: str) -> None:
        """Replace the text after an undo or redo, keeping the reading position."""
        scroll = self.verticalScrollBar().value()
        cursor = self.textCursor().position()
        self.load(text, self._spans, self._styles, self._memos)
        cursor_obj = self.textCursor()
        cursor_obj.setPosition(min(cursor, self._map.to_utf16(len(text))))
        self.setTextCursor(cursor_obj)
        self.verticalScrollBar().setValue(scroll)

    @property
    def text(self) -> str:
        return self._text

    def set_codings(self, spans: list[Span], styles: dict[int, CodeStyle], memos: dict[int, str]) -> None:
        self._spans = sorted(spans, key=lambda s: (s.start, s.end, s.coding_id))
        self._by_id = {s.coding_id: s for s in self._spans}
        if styles != self._styles:
            self._styles = styles
            self.colors.reset(styles, self.palette())
        self._memos = memos
        if self.selected_coding is not None and self.selected_coding not in self._by_id:
            self.selected_coding = None
            self.coding_selected.emit(None)
        self._layout_codings()

    def patch_codings(self, changed: set[int], rows: list[tuple[Span, str]], styles: dict[int, CodeStyle]) -> None:
        """Replace only the codings in ``changed`` by ``rows`` (span, memo); the others stay as they are."""
        spans = [s for s in self._spans if s.coding_id not in changed]
        memos = {cid: memo for cid, memo in self._memos.items() if cid not in changed}
        for span, memo in rows:
            spans.append(span)
            if memo:
                memos[span.coding_id] = memo
        self.set_codings(spans, styles, memos)

    def restyle(self) -> None:
        """Rebuild the highlight formats (after a theme change)."""
        self.colors.reset(self._styles, self.palette())
        self._layout_codings()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed: colours are chosen per theme
            self.restyle()

    def spans(self) -> list[Span]:
        """The codings shown, by start."""
        return list(self._spans)

    def span_of(self, coding_id: int) -> Span | None:
        return self._by_id.get(coding_id)

    def memo_of(self, coding_id: int) -> str:
        return self._memos.get(coding_id, "")

    def _layout_codings(self) -> None:
        self._lanes = lanes(self._spans)
        self._starts = [s.start for s in self._spans]
        self._longest = max((s.end - s.start for s in self._spans), default=0)
        width = self.margin.time_width() + self.margin.set_lane_count(max(self._lanes.values(), default=-1) + 1)
        if width != self.viewportMargins().left():
            self.setViewportMargins(width, 0, 0, 0)
        self._refresh_highlights()
        self.margin.update()

    def _spans_between(self, low: int, high: int) -> list[Span]:
        """Codings that overlap [low, high) in code points (binary search, then a short scan)."""
        first = bisect_left(self._starts, low - self._longest)
        last = bisect_left(self._starts, high)
        return [s for s in self._spans[first:last] if s.end > low]

    def color_of(self, coding_id: int) -> QColor:
        """The stripe colour of a coding (its code's colour, shaded for the theme when too faint)."""
        span = self._by_id.get(coding_id)
        return self.colors.stripe(span.code_id if span else -1)

    def label_of(self, coding_id: int) -> tuple[str, QColor]:
        """The name shown beside a coding's stripe, and its colour."""
        span = self._by_id.get(coding_id)
        code_id = span.code_id if span else -1
        return self.colors.style(code_id).name, self.colors.label(code_id)

    def describe(self, coding_id: int) -> str:
        span = self._by_id[coding_id]
        name = self.colors.style(span.code_id).name
        memo = self._memos.get(coding_id, "")
        return f"<b>{name}</b>" + (f"<br>{memo}" if memo else "")

    def codings_at(self, utf16_pos: int) -> list[int]:
        cp = self._map.to_codepoint(utf16_pos)
        return [s.coding_id for s in self._spans if s.start <= cp < s.end]

    # -- selection in code points ----------------------------------------------

    def selection(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._map.to_codepoint(cursor.selectionStart())
        end = self._map.to_codepoint(cursor.selectionEnd())
        return (start, end) if end > start else None

    def selected_text(self) -> str:
        selection = self.selection()
        return self._text[selection[0] : selection[1]] if selection else ""

    def select_range(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    def select_coding(self, coding_id: int | None) -> None:
        changed = coding_id != self.selected_coding
        self.selected_coding = coding_id
        if changed:
            self.coding_selected.emit(coding_id)
        self._refresh_highlights()
        self.margin.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self.textCursor().hasSelection():
            return
        self.position_clicked.emit(self._map.to_codepoint(self.textCursor().position()))
        hits = self.codings_at(self.textCursor().position())
        if hits:
            innermost = min(hits, key=lambda c: self._by_id[c].end - self._by_id[c].start)
            self.select_coding(innermost)
            self.coding_clicked.emit(innermost)

    def preview_boundary(self, coding_id: int, edge: str, y: int) -> None:
        """Move one end of a coding to the line at ``y`` while its stripe end is dragged."""
        span = self._by_id.get(coding_id)
        if span is None:
            return
        x = 0 if edge == "start" else self.viewport().width()
        cursor = self.cursorForPosition(QPoint(x, y))
        if edge == "start":
            cursor.movePosition(QTextCursor.MoveOperation.StartOfLine)
            start, end = min(self._map.to_codepoint(cursor.position()), span.end - 1), span.end
        else:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfLine)
            start, end = span.start, max(self._map.to_codepoint(cursor.position()), span.start + 1)
        moved = Span(span.coding_id, span.code_id, start, end)
        spans = [moved if s.coding_id == coding_id else s for s in self._spans]
        if self._drag_origin is None:
            self._drag_origin = span
        self.set_codings(spans, self._styles, self._memos)
        self.viewport().update()

    def finish_boundary_drag(self, coding_id: int) -> None:
        origin, self._drag_origin = self._drag_origin, None
        if origin is None:
            return
        span = self._by_id.get(coding_id)
        if span is not None and (span.start, span.end) != (origin.start, origin.end):
            self.coding_resized.emit(coding_id, span.start, span.end)

    def set_playhead(self, word: tuple[int, int] | None, segment: tuple[int, int] | None = None) -> None:
        """Mark the word (and the segment) being played, and keep them in view."""
        if word == self._playhead and segment == self._play_segment:
            return
        self._playhead, self._play_segment = word, segment
        self._refresh_highlights()
        if word is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._map.to_utf16(min(word[0], self._map.length)))
            rect = self.cursorRect(cursor)
            if rect.top() < 0 or rect.bottom() > self.viewport().height():
                bar = self.verticalScrollBar()
                bar.setValue(bar.value() + rect.top() - self.viewport().height() // 3)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFromGlobal(event.globalPos())
            hits = self.codings_at(self.cursorForPosition(point).position())
            if hits:
                QToolTip.showText(event.globalPos(), "<br>".join(self.describe(c) for c in hits), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    # -- painting ------------------------------------------------------------

    def _visible_range(self) -> tuple[int, int]:
        viewport = self.viewport()
        first = self.cursorForPosition(QPoint(0, 0)).position()
        last = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        return first, last

    def _refresh_highlights(self) -> None:
        if self._loading:
            return  # the new text is in but its codings are not yet (setPlainText scrolls to the top)
        first, last = self._visible_range()
        low = self._map.to_codepoint(max(0, first - VISIBLE_SLACK))
        high = self._map.to_codepoint(last + VISIBLE_SLACK)
        visible = self._spans_between(low, high)
        to16 = self._map.to_utf16
        doc = self.document()
        selections: list[QTextEdit.ExtraSelection] = []
        for run in runs(visible):
            fmt = self.colors.run_format(tuple(self._by_id[c].code_id for c in run.coding_ids))
            selections.append(self._extra(doc, to16(run.start), to16(run.end), fmt))
        if self.selected_coding is not None and self.selected_coding in self._by_id:
            span = self._by_id[self.selected_coding]
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(self.color_of(span.coding_id).darker(160))
            fmt.setFontUnderline(True)
            selections.append(self._extra(doc, to16(span.start), to16(span.end), fmt))
        if self._play_segment is not None and self._play_segment[1] <= self._map.length:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor("#f9a825"))
            fmt.setFontUnderline(True)
            selections.append(self._extra(doc, to16(self._play_segment[0]), to16(self._play_segment[1]), fmt))
        if self._playhead is not None and self._playhead[1] <= self._map.length:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(255, 213, 79, 200))
            fmt.setFontWeight(700)
            selections.append(self._extra(doc, to16(self._playhead[0]), to16(self._playhead[1]), fmt))
        self.setExtraSelections(selections)

    @staticmethod
    def _extra(doc: object, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(doc)  # type: ignore[call-overload]
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def stripe_rects(self) -> list[tuple[QRect, int]]:
        """Rectangles of the stripes of codings that are (partly) on screen."""
        first, last = self._visible_range()
        low, high = self._map.to_codepoint(first), self._map.to_codepoint(last) + 1
        height = self.viewport().height()
        rects = []
        for span in self._spans_between(low, high):
            top = self._y_of(self._map.to_utf16(span.start), top=True) if span.start >= low else 0
            bottom = self._y_of(self._map.to_utf16(span.end), top=False) if span.end <= high else height
            x = self.margin.lane_x(self._lanes.get(span.coding_id, 0))
            rects.append((QRect(x, top, STRIPE_WIDTH, max(bottom - top, 3)), span.coding_id))
        return rects

    def set_turns(self, turns: list[tuple[int, str]]) -> None:
        """Start times shown beside a transcript's turns (empty for other documents)."""
        self._turns = turns
        self.margin.set_time_labels(max((label for _, label in turns), key=len, default=""))
        self._layout_codings()

    def turn_labels(self) -> list[tuple[int, str]]:
        """The turns on screen: (y of their first line, time label)."""
        first, last = self._visible_range()
        low, high = self._map.to_codepoint(first), self._map.to_codepoint(last)
        starts = [start for start, _ in self._turns]
        shown = self._turns[bisect_left(starts, low) : bisect_left(starts, high + 1)]
        return [(self._y_of(self._map.to_utf16(start), top=True), label) for start, label in shown]

    def _y_of(self, utf16_pos: int, top: bool) -> int:
        cursor = QTextCursor(self.document())
        cursor.setPosition(utf16_pos)
        rect = self.cursorRect(cursor)
        return rect.top() if top else rect.bottom()

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.margin.scroll(0, dy)
        self.margin.update(0, rect.y(), self.margin.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        contents = self.contentsRect()
        self.margin.setGeometry(
            QRect(contents.left(), contents.top(), self.viewportMargins().left(), contents.height())
        )
        self._refresh_highlights()

    # -- editing -------------------------------------------------------------

    def set_editing(self, editing: bool) -> None:
        """Edit mode lets the user type; coding mode keeps the text still and keys free for coding."""
        self.setReadOnly(not editing)
        flags = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        if editing:
            flags |= Qt.TextInteractionFlag.TextEditable
        self.setTextInteractionFlags(flags)

    @property
    def has_pending_edit(self) -> bool:
        return self._dirty

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._loading:
            return
        start = self._map.to_codepoint(position)
        end = self._map.to_codepoint(position + removed)
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        cursor.setPosition(position + added, QTextCursor.MoveMode.KeepAnchor)
        inserted = cursor.selectedText().replace("\u2029", "\n")
        edit = Edit(start, end, inserted)
        self._text = self._text[:start] + inserted + self._text[end:]
        self._map = OffsetMap(self._text)
        # Carry the codings along at once; the project does the same when the edit is committed.
        moved = []
        for span in self._spans:
            mapped = map_range(span.start, span.end, [edit])
            if mapped is not None:
                moved.append(Span(span.coding_id, span.code_id, mapped[0], mapped[1]))
        self._spans = moved
        self._by_id = {s.coding_id: s for s in moved}
        self._layout_codings()
        self._dirty = True
        self._commit_timer.start()

    def commit_pending_edit(self) -> None:
        """Hand a pending edit to the project now (called before any other action)."""
        self._commit_timer.stop()
        if self._dirty:
            self._dirty = False
            self.text_committed.emit(self._text)
