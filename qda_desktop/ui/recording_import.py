"""Storing a recording from the window without freezing it.

A timer copies the file into the project a few MiB at a time (each step a short transaction on the
UI thread, the project's one writer), hashing as it goes; a progress dialog shows speed and offers
Cancel. The finished chunks become a recording with one undoable command.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import BinaryIO

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from qda_desktop.core.commands.transcripts import RegisterRecording
from qda_desktop.core.project import MEDIA_CHUNK_SIZE, Project
from qda_desktop.errors import QdaError
from qda_desktop.transcribe.recordings import RecordingInfo

STEP_S = 0.03  # work per timer tick, so that the window keeps answering
STEP_CHUNKS = 4  # at most this many MiB per transaction (the commit is part of the step)


class RecordingImport(QObject):
    finished = Signal(object)  # the new media id, or None (cancelled or failed)

    def __init__(self, project: Project, path: Path, info: RecordingInfo, parent: QWidget) -> None:
        super().__init__(parent)
        self.project = project
        self.path = path
        self.info = info
        self.error = ""
        self.size = path.stat().st_size
        self.staged_id = -(time.time_ns() % 2_000_000_000) - 1  # negative: never a real media id
        self._digest = hashlib.sha256()
        self._seq = 0
        self._done = 0
        self._file: BinaryIO | None = None
        self._timer = QTimer(self, interval=0)
        self._timer.timeout.connect(self._step)
        self.dialog = QProgressDialog(f"Storing {path.name} in the project (encrypted)…", "Cancel", 0, 1000, parent)
        self.dialog.setWindowTitle("Import recording")
        self.dialog.setMinimumDuration(400)
        self.dialog.canceled.connect(self.cancel)

    def start(self) -> None:
        try:
            self._file = open(self.path, "rb")  # noqa: SIM115 - closed in _close
        except OSError as exc:
            self._fail(f"{self.path.name}: cannot be read ({exc.strerror})")
            return
        self._timer.start()

    def _step(self) -> None:
        assert self._file is not None
        started = time.perf_counter()
        chunks: list[bytes] = []
        try:
            while len(chunks) < STEP_CHUNKS and time.perf_counter() - started <= STEP_S:
                data = self._file.read(MEDIA_CHUNK_SIZE)
                if not data:
                    break
                self._digest.update(data)
                chunks.append(data)
        except OSError as exc:
            self._fail(f"{self.path.name}: reading stopped ({exc.strerror})")
            return
        self.project.stage_media_chunks(self.staged_id, self._seq, chunks)
        self._seq += len(chunks)
        self._done += sum(len(c) for c in chunks)
        self.dialog.setValue(int(1000 * self._done / max(self.size, 1)))
        if self._done >= self.size:
            self._register()

    def _register(self) -> None:
        self._close()
        command = RegisterRecording(
            self.path.name, self.staged_id, self.info.mime, self.info.duration_s, self._done, self._digest.hexdigest()
        )
        try:
            media_id = self.project.run(command).result
        except QdaError as exc:
            self._fail(str(exc))
            return
        self.dialog.reset()
        self.finished.emit(int(media_id))

    def cancel(self) -> None:
        if self._file is None:
            return
        self._fail("")

    def _fail(self, message: str) -> None:
        self.error = message
        self._close()
        if self.project.is_open:
            self.project.discard_staged_media(self.staged_id)
        self.dialog.reset()
        self.finished.emit(None)

    def _close(self) -> None:
        self._timer.stop()
        if self._file is not None:
            self._file.close()
            self._file = None
