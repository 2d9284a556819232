"""Running a short blocking call (opening an encrypted project: key derivation) off the UI thread,
while the window keeps painting and answering."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication

T = TypeVar("T")


class _Done(QObject):
    done = Signal()


def call_in_background(fn: Callable[[], T]) -> T:
    """Run ``fn`` in a thread and wait for it in a local event loop; re-raise what it raised."""
    outcome: dict[str, object] = {}
    signal = _Done()
    loop = QEventLoop()
    signal.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed back to the caller below
            outcome["error"] = exc
        signal.done.emit()

    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
    try:
        thread = threading.Thread(target=work, name="background-call", daemon=True)
        thread.start()
        loop.exec()
        thread.join()
    finally:
        QGuiApplication.restoreOverrideCursor()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
