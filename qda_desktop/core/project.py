"""An open project: runs commands in transactions, keeps undo history, serves reads."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from qda_desktop.core.changes import Changes, TableChange
from qda_desktop.core.commands.base import Command, Context, R
from qda_desktop.core.undo import History, Step, last_seq, op_counts, revert, table_changes, touched_between
from qda_desktop.errors import ProjectError, StorageError
from qda_desktop.store import media
from qda_desktop.store.models import AuditEntry
from qda_desktop.store.project_file import PROJECT_SUFFIX, ProjectStore

__all__ = ["MEDIA_CHUNK_SIZE", "PROJECT_SUFFIX", "Listener", "Project"]

log = logging.getLogger(__name__)

Listener = Callable[[Changes], None]

MEDIA_CHUNK_SIZE = media.CHUNK_SIZE  # bytes per stored chunk of a recording


class Project:
    def __init__(self, store: ProjectStore) -> None:
        self.store = store
        self.history = History()
        self._listeners: list[Listener] = []

    # -- lifecycle ---------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, passphrase: str, name: str | None = None) -> Project:
        return cls(ProjectStore.create(path, passphrase, name))

    @classmethod
    def open(cls, path: Path | str, passphrase: str) -> Project:
        return cls(ProjectStore.open(path, passphrase))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def uuid(self) -> str:
        return self.store.uuid

    @property
    def is_open(self) -> bool:
        return self.store.is_open

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` with the ``Changes`` of every command, undo and redo."""
        self._listeners.append(listener)

    # -- reads -------------------------------------------------------------

    def _check_open(self) -> None:
        if not self.store.is_open:
            raise ProjectError(self.path, "the project is closed")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; it never commits. Loaded objects stay readable after it closes."""
        self._check_open()
        with Session(self.store.engine, expire_on_commit=False) as session:
            yield session

    # -- recordings ----------------------------------------------------------

    def open_media(self, media_id: int, cancel: threading.Event | None = None) -> io.BufferedReader:
        """A seekable stream over a stored recording, decrypted in memory; ``cancel`` stops further reads."""
        self._check_open()
        return media.open_media(self.store.engine, media_id, cancel)

    def media_reader(self, media_id: int) -> media.MediaReader:
        """An unbuffered reader with ``size``, ``seek`` and ``read`` (for a player that seeks often)."""
        self._check_open()
        return media.MediaReader(self.store.engine, media_id)

    def stage_media_chunks(self, staged_id: int, first_seq: int, chunks: list[bytes]) -> None:
        """Store chunks of a recording being imported, in one short transaction; ``RegisterRecording``
        later turns them into a recording (or ``discard_staged_media`` drops them)."""
        self._check_open()
        with self.store.engine.begin() as conn:
            for offset, data in enumerate(chunks):
                media.write_chunk(conn, staged_id, first_seq + offset, data)

    def discard_staged_media(self, staged_id: int) -> None:
        self._check_open()
        with self.store.engine.begin() as conn:
            media.discard_chunks(conn, staged_id)

    # -- writes ------------------------------------------------------------

    @contextmanager
    def _storage_errors(self, action: str) -> Iterator[None]:
        """A database error (the transaction is already rolled back) becomes one clear message."""
        try:
            yield
        except DBAPIError as exc:
            raise StorageError(self.path, f"could not {action}: {storage_reason(exc)}; nothing was changed") from exc

    def run(self, command: Command[R], undoable: bool = True) -> Changes[R]:
        """Apply ``command`` in one transaction; it becomes one undo step.

        ``undoable=False`` is for the steady writes of a background job (segments of a
        transcript as they arrive): audited and reported, but not an undo step.
        """
        self._check_open()
        label = command.label
        dropped = 0
        with (
            self._storage_errors(f"'{label}'"),
            Session(self.store.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            conn = session.connection()
            first = last_seq(conn) + 1
            result = command.apply(Context(session))
            session.flush()
            last = last_seq(conn)
            touched = touched_between(conn, first, last)
            tables = table_changes(conn, first, last)
            reason = str(getattr(command, "reason", ""))
            self._audit(session, conn, "do" if undoable else "job", label, first, last, reason)
            if not undoable:
                conn.exec_driver_sql("DELETE FROM undo_log WHERE seq BETWEEN ? AND ?", (first, last))
                dropped = self._forget_steps_touching(conn, touched)
        if undoable and last >= first:
            self._prune(self.history.pushed(Step(label, first, last)))
        return self._notify(Changes(label, "do", touched, result, tables, dropped_undo_steps=dropped))

    def undo(self) -> Changes[None] | None:
        if not self.history.undo_stack:
            return None
        step = self.history.undo_stack[-1]
        opposite, touched, tables = self._revert(step, "undo")
        self.history.undo_stack.pop()
        self.history.redo_stack.append(opposite)
        return self._notify(Changes(step.label, "undo", touched, None, tables))

    def redo(self) -> Changes[None] | None:
        if not self.history.redo_stack:
            return None
        step = self.history.redo_stack[-1]
        opposite, touched, tables = self._revert(step, "redo")
        self.history.redo_stack.pop()
        self.history.undo_stack.append(opposite)
        return self._notify(Changes(step.label, "redo", touched, None, tables))

    def _revert(self, step: Step, kind: str) -> tuple[Step, dict[str, set[int]], dict[str, TableChange]]:
        self._check_open()
        with self._storage_errors(f"{kind} '{step.label}'"), Session(self.store.engine) as session, session.begin():
            conn = session.connection()
            opposite = revert(conn, step)
            touched = touched_between(conn, opposite.first, opposite.last)
            tables = table_changes(conn, opposite.first, opposite.last)
            self._audit(session, conn, kind, step.label, opposite.first, opposite.last)
        return opposite, touched, tables

    @staticmethod
    def _audit(
        session: Session, conn: Connection, kind: str, label: str, first: int, last: int, reason: str = ""
    ) -> None:
        summary = json.dumps(op_counts(conn, first, last), sort_keys=True)
        session.add(AuditEntry(kind=kind, action=label, summary=summary, reason=reason))

    def _forget_steps_touching(self, conn: Connection, touched: dict[str, set[int]]) -> int:
        """A change outside the undo history (a job's write) invalidates the steps that touched the
        same rows: undoing them would bring back stale values. Drop those steps and everything older;
        returns how many steps were dropped."""
        pairs = [(table, row_id) for table, ids in touched.items() for row_id in ids]
        seqs: list[int] = []
        for start in range(0, len(pairs), 400):
            chunk = pairs[start : start + 400]
            values = ", ".join("(?, ?)" for _ in chunk)
            seqs += [
                int(row[0])
                for row in conn.exec_driver_sql(
                    f"SELECT seq FROM undo_log WHERE (tbl, row_id) IN (VALUES {values})",
                    tuple(x for pair in chunk for x in pair),
                )
            ]
        if not seqs:
            return 0

        def hit(step: Step) -> bool:
            return any(step.first <= seq <= step.last for seq in seqs)

        history = self.history
        dropped = list(history.redo_stack) if any(hit(s) for s in history.redo_stack) else []
        if dropped:
            history.redo_stack = []
        conflicting = [index for index, step in enumerate(history.undo_stack) if hit(step)]
        if conflicting:
            keep_from = conflicting[-1] + 1
            dropped += history.undo_stack[:keep_from]
            history.undo_stack = history.undo_stack[keep_from:]
        for step in dropped:
            conn.exec_driver_sql("DELETE FROM undo_log WHERE seq BETWEEN ? AND ?", (step.first, step.last))
        if dropped:
            log.info("a background change superseded %d undo steps", len(dropped))
        return len(dropped)

    def _prune(self, dropped: list[Step]) -> None:
        if not dropped:
            return
        with self.store.engine.begin() as conn:
            for step in dropped:
                conn.exec_driver_sql("DELETE FROM undo_log WHERE seq BETWEEN ? AND ?", (step.first, step.last))

    def _notify(self, changes: Changes[R]) -> Changes[R]:
        for listener in list(self._listeners):
            listener(changes)
        return changes

    def record_event(self, action: str, summary: dict[str, Any] | None = None) -> None:
        """Write an audit entry for something that is not a command (an export, a report)."""
        self._check_open()
        with self._storage_errors(f"record '{action}'"), Session(self.store.engine) as session, session.begin():
            session.add(AuditEntry(kind="event", action=action, summary=json.dumps(summary or {}, sort_keys=True)))

    # -- conveniences --------------------------------------------------------

    def run_all(self, commands: list[Command]) -> list[Any]:
        return [self.run(c).result for c in commands]

    def change_passphrase(self, current: str, new: str) -> None:
        self.store.change_passphrase(current, new)

    def backup(self, dest: Path | str) -> Path:
        return self.store.backup(dest)


def storage_reason(exc: DBAPIError) -> str:
    """The database's complaint in plain words (its own first line kept for the specifics)."""
    detail = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
    lowered = detail.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"the project file is busy in another program ({detail})"
    if "full" in lowered or "disk i/o" in lowered or "readonly" in lowered:
        return f"the project file could not be written ({detail})"
    if "constraint" in lowered:
        return f"the change breaks a rule of the project's data ({detail})"
    return f"the database refused it ({detail})"
