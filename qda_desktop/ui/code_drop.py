"""A text view that codes by drag and drop: a code dragged from the codebook onto the selection."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

CODE_MIME = "application/x-qda-code-id"


class CodeDropEdit(QPlainTextEdit):
    """Accepts only codes (by id); anything else dragged in is refused."""

    code_dropped = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)

    def _code_from(self, mime: QMimeData) -> int | None:
        if not mime.hasFormat(CODE_MIME):
            return None
        try:
            return int(bytes(mime.data(CODE_MIME).data()).decode())
        except ValueError:
            return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._code_from(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._code_from(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        code_id = self._code_from(event.mimeData())
        if code_id is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.code_dropped.emit(code_id)
