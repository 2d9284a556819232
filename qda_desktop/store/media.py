"""Recordings stored in chunks inside the encrypted project, read back as a stream."""

from __future__ import annotations

import hashlib
import io
import threading
from typing import BinaryIO

from sqlalchemy import Connection, Engine, select

from qda_desktop.store.models import Media, MediaChunk

CHUNK_SIZE = 1 << 20


def store_media(
    conn: Connection,
    name: str,
    source: BinaryIO,
    mime: str = "application/octet-stream",
    duration_s: float | None = None,
) -> int:
    """Copy ``source`` into the project chunk by chunk; returns the media id."""
    media_id = conn.execute(
        Media.__table__.insert().values(  # type: ignore[attr-defined]
            name=name, mime=mime, size=0, sha256="", chunk_size=CHUNK_SIZE, duration_s=duration_s
        )
    ).inserted_primary_key[0]  # type: ignore[index]
    digest = hashlib.sha256()
    size = 0
    seq = 0
    while chunk := source.read(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
        conn.execute(
            MediaChunk.__table__.insert().values(media_id=media_id, seq=seq, data=chunk)  # type: ignore[attr-defined]
        )
        seq += 1
    conn.execute(
        Media.__table__.update()  # type: ignore[attr-defined]
        .where(Media.id == media_id)
        .values(size=size, sha256=digest.hexdigest())
    )
    return int(media_id)


def write_chunk(conn: Connection, media_id: int, seq: int, data: bytes) -> None:
    """One chunk of a recording being staged (see ``RegisterRecording``)."""
    conn.execute(MediaChunk.__table__.insert().values(media_id=media_id, seq=seq, data=data))  # type: ignore[attr-defined]


def discard_chunks(conn: Connection, media_id: int) -> None:
    conn.execute(MediaChunk.__table__.delete().where(MediaChunk.media_id == media_id))  # type: ignore[attr-defined]


class MediaReader(io.RawIOBase):
    """A read-only, seekable file object over a stored recording; nothing touches the disk."""

    def __init__(self, engine: Engine, media_id: int, cancel: threading.Event | None = None) -> None:
        super().__init__()
        self._engine = engine
        self.media_id = media_id
        self._cancel = cancel
        with engine.connect() as conn:
            row = conn.execute(select(Media.size, Media.chunk_size).where(Media.id == media_id)).one_or_none()
        if row is None:
            raise KeyError(f"no media with id {media_id}")
        self.size, self._chunk_size = int(row[0]), int(row[1])
        self._pos = 0
        self._cached_seq = -1
        self._cached = b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        new = base + offset
        if new < 0:
            raise ValueError("negative seek position")
        self._pos = new
        return new

    def _chunk(self, seq: int) -> bytes:
        if self._cancel is not None and self._cancel.is_set():
            raise InterruptedError("reading the recording was stopped")
        if seq != self._cached_seq:
            with self._engine.connect() as conn:
                data = conn.execute(
                    select(MediaChunk.data).where(MediaChunk.media_id == self.media_id, MediaChunk.seq == seq)
                ).scalar_one()
            self._cached_seq, self._cached = seq, bytes(data)
        return self._cached

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        written = 0
        while written < len(view) and self._pos < self.size:
            seq, offset = divmod(self._pos, self._chunk_size)
            chunk = self._chunk(seq)
            n = min(len(view) - written, len(chunk) - offset)
            view[written : written + n] = chunk[offset : offset + n]
            written += n
            self._pos += n
        return written


def open_media(engine: Engine, media_id: int, cancel: threading.Event | None = None) -> io.BufferedReader:
    """A buffered stream over a recording; setting ``cancel`` makes further reads fail at once."""
    return io.BufferedReader(MediaReader(engine, media_id, cancel), buffer_size=CHUNK_SIZE // 4)


def purge_unreferenced_chunks(conn: Connection) -> int:
    """Drop chunks whose media row is gone (media rows are undoable, chunks are not)."""
    result = conn.exec_driver_sql("DELETE FROM media_chunk WHERE media_id NOT IN (SELECT id FROM media)")
    return int(result.rowcount or 0)
