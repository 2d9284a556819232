"""Long recordings for the transcription benchmark: the app alone, each run in a fresh process that stands
for the window, so that its peak memory (RSS high-water) and the worker's are measured from zero.

The 2-hour recording is built from the corpus interviews (P01 and P04 in turn, ten times over) and stored
straight into a project in the benchmark's own temporary folder, a chunk at a time: it is never written
out as a file nor held whole in memory. Its ground truth is the two interviews' ground truth in the
same order.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import resource
import struct
import tempfile
import time
import wave
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import jiwer

from qda_desktop.core.commands.transcripts import RegisterRecording
from qda_desktop.core.project import MEDIA_CHUNK_SIZE, Project
from qda_desktop.core.queries import project_dump
from qda_desktop.transcribe.device import DeviceChoice
from qda_desktop.transcribe.job import TranscribeOptions, TranscriptionJob, start_transcript

# The corpus recordings: QDA_CORPUS_AUDIO, else the shared folder beside the repository.
CORPUS = Path(
    os.environ.get("QDA_CORPUS_AUDIO") or Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "audio"
)
LONG = {"6min": ("P01",), "2h": ("P01", "P04") * 10}
PASSPHRASE = "benchmark passphrase"
OPTIONS = TranscribeOptions(language="en", beam_size=5)


def _pcm(name: str) -> bytes:
    with wave.open(str(CORPUS / f"{name}.wav"), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16_000, 1, 2), name
        return wav.readframes(wav.getnframes())


def _wav_bytes(parts: tuple[str, ...]) -> tuple[Iterator[bytes], int, float]:
    """The WAV file of ``parts`` one after another, as a stream of bytes; its size and duration."""
    pcm = {name: _pcm(name) for name in set(parts)}
    data = sum(len(pcm[name]) for name in parts)
    header = b"RIFF" + struct.pack("<I", 36 + data) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, 1, 16_000, 32_000, 2, 16) + b"data" + struct.pack("<I", data)

    def pieces() -> Iterator[bytes]:
        yield header
        for name in parts:
            yield pcm[name]

    return pieces(), len(header) + data, data / 32_000


def _chunks(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The stream cut into the store's chunk size."""
    pending = b""
    for piece in pieces:
        pending += piece
        whole = len(pending) // MEDIA_CHUNK_SIZE * MEDIA_CHUNK_SIZE
        for start in range(0, whole, MEDIA_CHUNK_SIZE):
            yield pending[start : start + MEDIA_CHUNK_SIZE]
        pending = pending[whole:]
    if pending:
        yield pending


def store_recording(project: Project, label: str) -> tuple[int, float]:
    """The recording ``label`` stored in ``project`` chunk by chunk; its media id and duration."""
    pieces, size, duration = _wav_bytes(LONG[label])
    digest, staged_id = hashlib.sha256(), -1
    for seq, chunk in enumerate(_chunks(pieces)):
        digest.update(chunk)
        project.stage_media_chunks(staged_id, seq, [chunk])
    command = RegisterRecording(f"{label}.wav", staged_id, "audio/wav", duration, size, digest.hexdigest())
    return int(project.run(command).result), duration


def truth(label: str) -> str:
    texts = []
    for name in LONG[label]:
        segments = json.loads((CORPUS / f"{name}.segments.json").read_text(encoding="utf-8"))["segments"]
        texts += [s["text"] for s in segments]
    return " ".join(texts)


def _window_side(conn: Connection, path: str, document_id: int, model: str, device: DeviceChoice) -> None:
    """One transcription, as the window runs it; reports its own and its worker's peak memory."""
    with Project.open(Path(path), PASSPHRASE) as project:
        job = TranscriptionJob(project, document_id, Path(model), device, OPTIONS)
        started = time.perf_counter()
        status = job.run()
        wall = time.perf_counter() - started
        with project.read() as session:
            text = next(d["text"] for d in project_dump(session)["documents"] if d["id"] == document_id)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    conn.send(
        {
            "status": status,
            "error": job.error,
            "wall": wall,
            "text": text,
            "own": own,
            "worker": worker,
            "windows": len(job.windows),
        }
    )


def run_row(folder: Path, label: str, model: Path, device: DeviceChoice) -> dict[str, Any]:
    path = folder / f"{label}.qdaproj"
    with Project.create(path, PASSPHRASE) as project:
        media_id, duration = store_recording(project, label)
        document_id = start_transcript(project, media_id, label, model, device, OPTIONS)
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=_window_side, args=(child, str(path), document_id, str(model), device))
    process.start()
    child.close()
    result: dict[str, Any] = parent.recv()
    process.join()
    return {**result, "duration": duration}


def normalise(text: str) -> str:
    from benchmarks.transcribe_bench import normalise as words

    return words(text)


def long_bench(model: Path, device: DeviceChoice, labels: list[str]) -> None:
    print(f"\nlong recordings, model {model.name}, {device.device}/{device.compute_type}, {device.cpu_threads} threads")
    print(
        f"\n| {'recording':<9} | {'length':>7} | {'wall':>8} | {'× real time':>11} | {'WER':>6} |"
        f" {'window-side peak':>16} | {'worker peak':>11} | {'windows':>7} |"
    )
    print(f"|{'-' * 11}|{'-' * 9}|{'-' * 10}|{'-' * 13}|{'-' * 8}|{'-' * 18}|{'-' * 13}|{'-' * 9}|")
    with tempfile.TemporaryDirectory(prefix="qda-long-bench-") as folder:
        for label in labels:
            row = run_row(Path(folder), label, model, device)
            if row["status"] != "done":
                raise SystemExit(f"{label}: the job ended {row['status']}: {row['error']}")
            wer = jiwer.wer(normalise(truth(label)), normalise(row["text"]))
            print(
                f"| {label:<9} | {row['duration'] / 60:>5.1f} m | {row['wall']:>6.0f} s |"
                f" {row['duration'] / row['wall']:>10.1f}× | {wer:>6.1%} | {row['own']:>13.0f} MB |"
                f" {row['worker']:>8.0f} MB | {row['windows']:>7} |",
                flush=True,
            )
