"""User-facing errors. Each carries a message fit to show as one line."""

from __future__ import annotations

from pathlib import Path


class QdaError(Exception):
    """Base class for errors the user should see as a clear message."""


class ProjectError(QdaError):
    """A problem with a project file; names the file in its message."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


class WrongPassphrase(ProjectError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "wrong passphrase (or the file is not a QDA Desktop project)")


class NotAProject(ProjectError):
    pass


class ProjectTooNew(ProjectError):
    pass


class ProjectAlreadyOpen(ProjectError):
    pass


class ProjectExists(ProjectError):
    pass


class InvalidInput(QdaError):
    """A command was given values it cannot accept (bad offsets, unknown code…)."""


class NotFound(QdaError):
    pass


class KeychainUnavailable(QdaError):
    pass


class DamagedProject(ProjectError):
    """The file fails its integrity check; the message says the way out."""


class StorageFailed(ProjectError):
    """The disk refused a read or write (full, read-only, gone)."""


class UndoUnavailable(QdaError):
    """An undo or redo step cannot be replayed exactly; nothing was changed."""


class StorageError(ProjectError):
    """The database refused a change (a broken rule, a busy or damaged file); nothing was changed."""
