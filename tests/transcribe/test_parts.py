"""Recordings, models, devices, utterance splitting and transcript layout (no transcription run)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from qda_desktop.core.commands.transcripts import ImportRecording, SegmentData, Word, segment_layout
from qda_desktop.core.project import Project
from qda_desktop.errors import InvalidInput
from qda_desktop.store.media import open_media
from qda_desktop.transcribe import models
from qda_desktop.transcribe.device import choose
from qda_desktop.transcribe.recordings import decode, probe
from qda_desktop.transcribe.worker import utterances
from tests.conftest import sha256
from tests.transcribe.conftest import AUDIO


@pytest.mark.parametrize(("name", "duration"), [("P01.wav", 385.766), ("P01.mp3", 385.85), ("P04.m4a", 362.796)])
def test_probe_reads_duration_and_format(name: str, duration: float) -> None:
    info = probe(AUDIO / name)
    assert info.duration_s == pytest.approx(duration, abs=0.15)
    assert info.channels == 1 and info.sample_rate == 16000


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (b"not audio at all " * 100, ".mp3", "cannot be read as audio"),
        (b"RIFF\x00\x00\x00\x00WAVEjunk", ".wav", "cannot be read as audio"),
        (b"hello", ".txt", "unsupported recording type"),
    ],
)
def test_unreadable_recordings_are_refused_clearly(tmp_path: Path, content: bytes, suffix: str, message: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=f"broken\\{suffix}: {message}"):
        probe(path)


def test_recording_is_stored_and_decoded_from_the_store(project: Project) -> None:
    path = AUDIO / "P04.m4a"
    info = probe(path)
    media_id = project.run(ImportRecording(path.name, path, info.mime, info.duration_s)).result
    from_store = decode(open_media(project.store.engine, media_id), path.name)
    from_file = decode(str(path))
    assert len(from_store) == len(from_file) and (from_store == from_file).all()
    assert len(from_store) / 16000 == pytest.approx(info.duration_s, abs=0.1)


def test_undo_import_recording(project: Project) -> None:
    path = AUDIO / "P01.mp3"
    info = probe(path)
    project.run(ImportRecording(path.name, path, info.mime, info.duration_s))
    project.undo()
    with project.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM media").scalar() == 0
    project.redo()
    stream = open_media(project.store.engine, 1)
    assert stream.read() == path.read_bytes()


def test_device_choice_on_a_machine_without_gpu() -> None:
    cpu = choose("cpu")
    assert (cpu.device, cpu.compute_type) == ("cpu", "int8") and cpu.cpu_threads == (os.cpu_count() or 1)
    asked = choose("cuda")
    if asked.device == "cpu":
        assert "no CUDA GPU" in asked.note
    else:
        assert asked.compute_type == "float16"
    with pytest.raises(ValueError):
        choose("tpu")


def test_models_resolve_describe_and_refuse(tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert models.resolve(str(tiny_model)) == tiny_model.resolve()
    info = models.describe(tiny_model)
    assert info.english_only and info.languages == "English only" and info.size_bytes > 70_000_000
    sums = (tiny_model / "SHA256SUMS").read_text()
    assert models.model_sha256(tiny_model) in sums
    monkeypatch.setenv("QDA_MODELS_DIR", str(tmp_path))
    monkeypatch.delenv("QDA_WHISPER_MODEL", raising=False)
    with pytest.raises(models.ModelNotFound, match="no faster-whisper model found"):
        models.resolve("large-v3")
    with pytest.raises(models.ModelNotFound):
        models.resolve(None)


@dataclass
class FakeWord:
    word: str
    start: float
    end: float


@dataclass
class FakeSegment:
    start: float
    end: float
    text: str
    words: list[FakeWord]


def test_batched_chunks_are_split_into_utterances() -> None:
    words = [
        FakeWord(" Thanks", 0.0, 0.4),
        FakeWord(" for", 0.4, 0.6),
        FakeWord(" coming.", 0.6, 1.2),
        FakeWord(" No", 2.5, 2.7),
        FakeWord(" problem", 2.7, 3.1),
        FakeWord(" at", 3.1, 3.2),
        FakeWord(" all.", 3.2, 3.6),
    ]
    parts = list(utterances([FakeSegment(0.0, 3.6, "".join(w.word for w in words), words)]))
    assert [p["text"].strip() for p in parts] == ["Thanks for coming.", "No problem at all."]
    assert parts[1]["start"] == 2.5


def test_a_first_word_that_took_in_the_pause_before_it_starts_later() -> None:
    """Word timestamps often stretch a turn's first word back over the pause before it."""
    words = [FakeWord(" Yes,", 0.0, 0.4), FakeWord(" I", 0.4, 0.7), FakeWord(" know.", 0.7, 1.2)]
    words += [FakeWord(" What", 1.2, 2.2), FakeWord(" now?", 2.2, 2.6)]
    parts = list(utterances([FakeSegment(0.0, 2.6, "".join(w.word for w in words), words)]))
    assert [p["text"].strip() for p in parts] == ["Yes, I know.", "What now?"]
    assert parts[1]["start"] == pytest.approx(1.6) and parts[1]["words"][0][1] == pytest.approx(1.6)
    assert parts[0]["start"] == 0.0


def test_segment_layout_places_words_in_the_text() -> None:
    segment = SegmentData(1.0, 2.0, " Hello there.", (Word(" Hello", 1.0, 1.4), Word(" there.", 1.4, 2.0)), "P01")
    piece, start, words = segment_layout("Earlier text", segment)
    text = "Earlier text" + piece
    assert piece == "\nP01: Hello there."
    assert text[start:] == "Hello there."
    assert [text[w[3] : w[4]] for w in words] == ["Hello", "there."]


def test_cli_transcribe_refuses_a_broken_file_and_leaves_the_project_alone(tmp_path: Path, tiny_model: Path) -> None:
    env = {**os.environ, "QDA_PASSPHRASE": "cli", "QDA_WHISPER_MODEL": str(tiny_model)}
    project = tmp_path / "t.qdaproj"
    subprocess.run([sys.executable, "-m", "qda_desktop.cli", "new", str(project)], env=env, check=True)
    broken = tmp_path / "interview.m4a"
    broken.write_bytes(io.BytesIO(b"\x00" * 5000).getvalue())
    before = sha256(project)
    result = subprocess.run(
        [sys.executable, "-m", "qda_desktop.cli", "transcribe", str(project), str(broken)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one clear line, no traceback
    assert lines[0].startswith("qda: error: interview.m4a: ")
    assert sha256(project) == before
