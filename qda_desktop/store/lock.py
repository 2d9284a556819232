"""A per-project lock so that one process at a time has a project open.

The lock is an OS advisory lock on a side file (``<project>.lock``). The OS
drops it when the holding process dies, so a crash never blocks forever.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from filelock import FileLock, Timeout

from qda_desktop.errors import ProjectAlreadyOpen


def lock_path_for(project: Path) -> Path:
    return project.with_name(project.name + ".lock")


class ProjectLock:
    def __init__(self, project: Path) -> None:
        self.project = project
        self.path = lock_path_for(project)
        # thread_local=False: a project may be opened on a worker thread and closed on the UI thread.
        self._lock = FileLock(str(self.path), timeout=0, is_singleton=False, thread_local=False)

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise ProjectAlreadyOpen(
                self.project, f"already open in another window or process ({self._holder()})"
            ) from None
        # Only non-sensitive facts about the holder; the project's content never goes here.
        with open(self.path, "w", encoding="utf-8") as fh:
            fh.write(f"pid={os.getpid()} host={socket.gethostname()}\n")

    def _holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip() or "unknown holder"
        except OSError:
            return "unknown holder"

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()
            with contextlib.suppress(OSError):
                self.path.unlink()

    @property
    def held(self) -> bool:
        return bool(self._lock.is_locked)
