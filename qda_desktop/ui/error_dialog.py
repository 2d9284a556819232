"""The last line of defence: an error nothing else caught becomes a dialog, never a traceback on stderr.

Every command runs in one transaction, so an action that fails part-way has changed nothing; the dialog says so.
Only the error's type and where it happened are logged (its message may quote the user's text).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from qda_desktop.errors import QdaError

log = logging.getLogger(__name__)


def message_for(error: BaseException) -> str:
    """What the user reads: our own errors as they are, anything else named with a way forward."""
    if isinstance(error, QdaError):
        return str(error)
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return (
        f"An unexpected error stopped that action ({type(error).__name__}{': ' + first if first else ''}). "
        "Nothing from it was saved: the project is as it was before. If it happens again, please report it."
    )


def show_error(error: BaseException, title: str = "Something went wrong") -> None:
    parent = QApplication.activeWindow()
    QMessageBox.critical(parent, title, message_for(error))


def _where(tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


def handle(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook for the window: a dialog instead of a traceback (Ctrl+C still stops the program)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    log.error("unexpected %s at %s", kind.__name__, _where(tb))
    show_error(error)


def install() -> Callable[[type[BaseException], BaseException, TracebackType | None], None]:
    """Route uncaught errors (Qt calls sys.excepthook for errors raised in slots) to a dialog; returns the old hook."""
    previous = sys.excepthook
    sys.excepthook = handle
    return previous
