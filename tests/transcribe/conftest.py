"""The real faster-whisper model and the corpus recordings with their ground truth."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS

AUDIO = CORPUS / "audio"


def model_path() -> Path:
    configured = os.environ.get("QDA_WHISPER_MODEL")
    path = Path(configured) if configured else CORPUS.parent / "models" / "faster-whisper-tiny.en"
    if not (path / "model.bin").is_file():
        pytest.skip(f"no faster-whisper model at {path} (set QDA_WHISPER_MODEL; .ci/run does)")
    return path


@pytest.fixture(scope="session")
def tiny_model() -> Path:
    return model_path()


def ground_truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((AUDIO / f"{name}.segments.json").read_text(encoding="utf-8"))
    return data


def normalise(text: str) -> str:
    """Lower case, words only (apostrophes kept), for word error rate."""
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text.lower().replace("’", "'")).split())


def cut_recording(source: Path, target: Path, seconds: float) -> Path:
    """The first ``seconds`` of ``source``, written with PyAV (wav as PCM, m4a as AAC)."""
    import av

    codec = "pcm_s16le" if target.suffix == ".wav" else "aac"
    with av.open(str(source)) as inp, av.open(str(target), "w") as out:
        stream_out: Any = out.add_stream(codec, rate=16000, layout="mono")
        for frame in inp.decode(audio=0):
            if frame.time is not None and frame.time > seconds:
                break
            frame.pts = None
            for packet in stream_out.encode(frame):
                out.mux(packet)
        for packet in stream_out.encode(None):
            out.mux(packet)
    return target
