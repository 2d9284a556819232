"""Recordings stored encrypted in chunks and read back as a seekable stream."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

import pytest

from qda_desktop.core.project import Project
from qda_desktop.store.media import CHUNK_SIZE, open_media, store_media
from qda_desktop.store.models import Media
from tests.conftest import CORPUS, PASSPHRASE

WAV = CORPUS / "audio" / "P01.wav"


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp folder of this test's own, so that anything written to 'temp' shows up here."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def audio() -> bytes:
    if WAV.exists():
        return WAV.read_bytes()
    return os.urandom(3 * CHUNK_SIZE + 12345)  # shape of a recording when the corpus is absent


def test_store_and_stream_back(project: Project, audio: bytes, private_tmp: Path) -> None:
    with project.store.engine.begin() as conn:
        media_id = store_media(conn, "P01.wav", io.BytesIO(audio), "audio/wav")
    with project.read() as session:
        media = session.get(Media, media_id)
        assert media is not None
        assert media.size == len(audio)
        assert media.sha256 == hashlib.sha256(audio).hexdigest()
    stream = open_media(project.store.engine, media_id)
    assert stream.read() == audio
    stream.seek(len(audio) - 1000)
    assert stream.read(500) == audio[-1000:-500]
    stream.seek(CHUNK_SIZE - 10)
    assert stream.read(20) == audio[CHUNK_SIZE - 10 : CHUNK_SIZE + 10]  # across a chunk boundary
    stream.seek(-4, io.SEEK_END)
    assert stream.read(100) == audio[-4:]
    assert list(private_tmp.iterdir()) == []


def test_stored_audio_is_not_on_disk_in_plaintext(project: Project, audio: bytes) -> None:
    with project.store.engine.begin() as conn:
        store_media(conn, "P01.wav", io.BytesIO(audio), "audio/wav")
    path: Path = project.path
    project.close()
    data = path.read_bytes()
    for offset in (44, len(audio) // 3, len(audio) // 2, len(audio) - 64):
        assert audio[offset : offset + 32] not in data
    with Project.open(path, PASSPHRASE) as reopened:
        assert open_media(reopened.store.engine, 1).read(4) == audio[:4]
