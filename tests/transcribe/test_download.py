"""Downloading a model from a stand-in hub on 127.0.0.1: progress, resume, checksums, cancel."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from qda_desktop.transcribe import models
from qda_desktop.transcribe.download import DownloadFailed, download_model
from tests.transcribe.fake_hub import FakeHub

REPO = "Systran/faster-whisper-tiny.en"


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeHub]:
    files = {
        "config.json": b'{"alignment_heads": []}',
        "model.bin": os.urandom(3_000_000),
        "tokenizer.json": b"{}",
        "vocabulary.txt": b"\n".join(b"t%d" % i for i in range(51_864)),
    }
    server = FakeHub(REPO, files)
    monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("QDA_MODELS_DIR", str(tmp_path / "models"))
    yield server
    server.close()


def test_download_with_progress_then_use(hub: FakeHub) -> None:
    seen: list[tuple[int, int]] = []
    path = download_model("tiny.en", lambda done, total: seen.append((done, total)))
    assert path == models.models_dir() / "faster-whisper-tiny.en"
    assert (path / "model.bin").read_bytes() == hub.files["model.bin"]
    assert seen[-1][0] == seen[-1][1] == sum(len(d) for d in hub.files.values())
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert models.resolve("tiny.en") == path.resolve()
    assert models.describe(path).english_only
    assert models.model_sha256(path) in (path / "SHA256SUMS").read_text()


def test_interrupted_download_resumes_with_a_range_request(hub: FakeHub) -> None:
    hub.drop_after["model.bin"] = [1_000_000]
    with pytest.raises(DownloadFailed, match=r"model\.bin: download interrupted"):
        download_model("tiny.en")
    part = models.models_dir() / "faster-whisper-tiny.en" / "model.bin.part"
    assert part.stat().st_size == 1_000_000
    path = download_model("tiny.en")
    assert (path / "model.bin").read_bytes() == hub.files["model.bin"]
    assert ("GET", f"/{REPO}/resolve/{'0123456789abcdef0123456789abcdef01234567'}/model.bin", "bytes=1000000-") in (
        hub.requests
    )


def test_corrupted_weights_are_refused(hub: FakeHub) -> None:
    hub.corrupt.add("model.bin")
    with pytest.raises(DownloadFailed, match=r"model\.bin failed its checksum"):
        download_model("tiny.en")
    folder = models.models_dir() / "faster-whisper-tiny.en"
    assert not (folder / "model.bin").exists() and not (folder / "model.bin.part").exists()
    with pytest.raises(models.ModelNotFound):
        models.resolve("tiny.en")


def test_cancel_keeps_what_was_fetched(hub: FakeHub) -> None:
    cancel = threading.Event()

    def stop_soon(done: int, _total: int) -> None:
        if done > 500_000:
            cancel.set()

    with pytest.raises(DownloadFailed, match="cancelled"):
        download_model("tiny.en", stop_soon, cancel)
    assert download_model("tiny.en").joinpath("model.bin").stat().st_size == 3_000_000


def test_unreachable_hub_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    server = FakeHub(REPO, {})
    port = server.server.server_port
    server.close()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("QDA_MODELS_DIR", str(tmp_path))
    with pytest.raises(DownloadFailed, match=r"tiny\.en: the model list could not be fetched"):
        download_model("tiny.en")
