"""One lock per project file: an OS lock on the file itself, so one process at a time has it open.

The lock is ``flock`` on an open descriptor of the project file, so it follows the
file (its inode), not the path: a symlink, a hard link or a relative path all meet
the same lock. The OS drops it when the holder closes it or dies, so a crash never
blocks, and there is no lock file whose removal could let a second holder in.
Who holds it (pid and host, nothing about the content) is noted in a small file
in the app's data folder, named after the file's device and inode; that note is
only for the message.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import socket
from pathlib import Path

import platformdirs

from qda_desktop.errors import ProjectAlreadyOpen, ProjectExists

PRIVATE_FILE = 0o600
# Files this process has locked, by (device, inode): a second open here is refused
# before a descriptor is opened, because closing any descriptor of a file drops
# this process's POSIX locks on it, SQLite's included.
_HELD_HERE: set[tuple[int, int]] = set()


def holders_dir() -> Path:
    override = os.environ.get("QDA_DATA_DIR")
    base = Path(override) if override else Path(platformdirs.user_data_dir("qda-desktop", appauthor=False))
    return base / "locks"


def _identity(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_dev, st.st_ino


def _note_path(fd: int) -> Path:
    dev, ino = _identity(fd)
    return holders_dir() / f"{dev}-{ino}.holder"


class ProjectLock:
    def __init__(self, project: Path) -> None:
        self.project = project
        self._fd: int | None = None

    def acquire(self, *, create: bool = False) -> None:
        """Lock the file; ``create`` makes it (empty, owner-only) and refuses one that exists.

        A file that does not exist (and is not to be created) has nothing to guard:
        the call returns without holding a lock.
        """
        with contextlib.suppress(OSError):
            st = os.stat(self.project)
            if (st.st_dev, st.st_ino) in _HELD_HERE:
                raise ProjectAlreadyOpen(self.project, f"already open in this window or process (pid={os.getpid()})")
        flags = os.O_RDONLY | os.O_CLOEXEC
        if create:
            flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        try:
            fd = os.open(self.project, flags, PRIVATE_FILE)
        except FileExistsError:
            raise ProjectExists(self.project, "a file with this name already exists") from None
        except FileNotFoundError:
            if create:
                raise
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = self._holder(fd)
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise ProjectAlreadyOpen(
                    self.project, f"already open in another window or process ({holder})"
                ) from None
            raise
        self._fd = fd
        _HELD_HERE.add(_identity(fd))
        self._write_note()

    def _write_note(self) -> None:
        assert self._fd is not None
        with contextlib.suppress(OSError):  # only a courtesy for the message
            note = _note_path(self._fd)
            note.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            out = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, PRIVATE_FILE)
            with os.fdopen(out, "w", encoding="utf-8") as fh:
                fh.write(f"pid={os.getpid()} host={socket.gethostname()}\n")

    @staticmethod
    def _holder(fd: int) -> str:
        try:
            return _note_path(fd).read_text(encoding="utf-8").strip() or "unknown holder"
        except OSError:
            return "unknown holder"

    def take_over(self, other: ProjectLock) -> None:
        """Hold ``other``'s lock instead of ours: ``other`` locked the file just renamed over ours."""
        old, self._fd, other._fd = self._fd, other._fd, None
        if old is not None:
            _HELD_HERE.discard(_identity(old))
            os.close(old)

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                _note_path(self._fd).unlink()
            _HELD_HERE.discard(_identity(self._fd))
            os.close(self._fd)  # closing drops the lock; nothing is unlinked that another may hold
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
