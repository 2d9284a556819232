"""A read-only QIODevice over a recording in the encrypted project: playback without a plaintext file."""

from __future__ import annotations

from PySide6.QtCore import QIODevice, QObject

from qda_desktop.core.project import Project


class StoredMediaDevice(QIODevice):
    def __init__(self, project: Project, media_id: int, parent: QObject) -> None:
        super().__init__(parent)
        self._reader = project.media_reader(media_id)
        self.open(QIODevice.OpenModeFlag.ReadOnly)

    def readData(self, maxlen: int) -> bytes:
        self._reader.seek(self.pos())
        return self._reader.read(maxlen) or b""

    def writeData(self, data: bytes) -> int:  # type: ignore[override]
        return -1

    def size(self) -> int:
        return self._reader.size

    def isSequential(self) -> bool:
        return False

    def bytesAvailable(self) -> int:
        return max(0, self._reader.size - self.pos()) + super().bytesAvailable()
