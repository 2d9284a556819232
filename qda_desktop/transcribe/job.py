"""A transcription job: decode the stored recording in memory a window at a time, run faster-whisper on
each window in a child process, store segments as they arrive (so a cancelled or crashed job resumes where
it stopped)."""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select

from qda_desktop.core.commands.transcripts import (
    RESUME_KEY,
    AppendSegments,
    FinishTranscription,
    ResumePoint,
    ResumeTranscription,
    SegmentData,
    StartTranscript,
    Word,
)
from qda_desktop.core.project import Project
from qda_desktop.errors import QdaError
from qda_desktop.store.media import open_media
from qda_desktop.store.models import Media, Transcription
from qda_desktop.transcribe.catalogue import record_speed
from qda_desktop.transcribe.device import DeviceChoice
from qda_desktop.transcribe.models import describe, model_sha256
from qda_desktop.transcribe.recordings import SAMPLE_RATE, stream
from qda_desktop.transcribe.windows import WINDOW_S, Window, Windows
from qda_desktop.transcribe.worker import worker_main

FLUSH_EVERY_S = 1.0
POLL_S = 0.1


@dataclass(frozen=True)
class TranscribeOptions:
    language: str | None = None
    beam_size: int = 5
    vad_filter: bool = True
    word_timestamps: bool = True
    initial_prompt: str | None = None
    hotwords: str | None = None
    condition_on_previous_text: bool = True
    batched: bool = False
    batch_size: int = 8

    def as_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def whisper_kwargs(self) -> dict[str, Any]:
        """The arguments faster-whisper's ``transcribe`` takes (without the pipeline choice)."""
        return {k: v for k, v in self.as_kwargs().items() if k not in ("batched", "batch_size")}


@dataclass(frozen=True)
class Progress:
    processed_s: float
    total_s: float
    elapsed_s: float
    segments: int

    @property
    def fraction(self) -> float:
        return min(1.0, self.processed_s / self.total_s) if self.total_s else 0.0

    @property
    def speed(self) -> float:
        """Audio seconds per wall second (× real time)."""
        return self.processed_s / self.elapsed_s if self.elapsed_s > 0 else 0.0

    @property
    def eta_s(self) -> float | None:
        return (self.total_s - self.processed_s) / self.speed if self.speed > 0 else None


def start_transcript(
    project: Project, media_id: int, name: str, model_path: Path, device: DeviceChoice, options: TranscribeOptions
) -> int:
    """Create the (empty) transcript document with the job's provenance; returns its id."""
    provenance = {
        "model_name": describe(model_path).name,
        "model_sha256": model_sha256(model_path),
        "device": device.device,
        "compute_type": device.compute_type,
        "options": options.as_kwargs(),
    }
    return int(project.run(StartTranscript(name, media_id, provenance)).result)


@dataclass
class SentWindow:
    """A window of the recording handed to the worker: where it starts, how many samples, where the worker
    cut it (None for the last one, or while it is at work)."""

    start_s: float
    samples: int
    last: bool
    cut_s: float | None = field(default=None)


Sink = Callable[[list[SegmentData], float, "dict[str, Any] | None"], None]
"""Stores segments, how far the job got (s), and where a resumed job may start (see AppendSegments)."""


class TranscriptionJob:
    def __init__(
        self,
        project: Project,
        document_id: int,
        model_path: Path,
        device: DeviceChoice,
        options: TranscribeOptions,
        sink: Sink | None = None,
        window_s: float = WINDOW_S,
    ) -> None:
        self.project = project
        self.document_id = document_id
        self.model_path = model_path
        self.device = device
        self.options = options
        self.sink = sink or self._store
        self.window_s = window_s
        self.windows: list[SentWindow] = []  # what the worker was given, in order
        self.error = ""
        self.note = ""
        self.used_device, self.used_compute_type = device.device, device.compute_type
        self._cancelled = threading.Event()
        self._process: Any = None
        self._started = time.perf_counter()
        self._audio_s = 0.0
        self._resume = ResumePoint(0.0, 0.0)
        self._resume_audio_s = 0.0  # where the audio window of the resume point starts

    def _store(self, segments: list[SegmentData], processed_s: float, window: dict[str, Any] | None) -> None:
        command = AppendSegments(self.document_id, tuple(segments), processed_s, window)
        self.project.run(command, undoable=False)

    def cancel(self) -> None:
        """Stop at once: the worker process is terminated; stored segments stay."""
        self._cancelled.set()
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()

    def _recording(self) -> tuple[int, str, float]:
        """The recording's media id, name and duration (s)."""
        with self.project.read() as session:
            job = session.scalar(select(Transcription).where(Transcription.document_id == self.document_id))
            if job is None or job.media_id is None:
                raise ValueError("the transcript has no recording")
            media = session.get(Media, job.media_id)
            assert media is not None
            return int(job.media_id), media.name, float(media.duration_s or 0.0)

    def _source(self) -> tuple[BinaryIO | str, str, float]:
        """What to decode (the stored recording, read in memory), its name and duration (s)."""
        media_id, name, total = self._recording()
        return open_media(self.project.store.engine, media_id, self._cancelled), name, total

    def _stored_window(self) -> dict[str, Any]:
        """The resume state the last run stored (see ``AppendSegments``), or an empty one."""
        with self.project.read() as session:
            options = session.scalar(select(Transcription.options).where(Transcription.document_id == self.document_id))
        window = json.loads(options or "{}").get(RESUME_KEY)
        return dict(window) if isinstance(window, dict) else {}

    def run(self, on_progress: Callable[[Progress], None] | None = None) -> str:
        """Transcribe what is not stored yet. Returns "done", "cancelled" or "failed"."""
        offset = self.begin()
        status = self.transcribe(offset, on_progress)
        self.finish(status)
        return status

    def begin(self) -> float:
        """Mark the job running and find where to go on; returns the time (s) to restart the audio at.

        What the model was working on when it stopped is dropped and decoded again with the context it
        had (see ``ResumeTranscription``).
        """
        self._started = time.perf_counter()
        stored = self._stored_window()
        point = self.project.run(ResumeTranscription(self.document_id), undoable=False).result
        assert isinstance(point, ResumePoint)
        self._resume = point
        self._resume_audio_s = float(stored.get("audio_s", 0.0)) if point.seek_s is not None else point.restart_s
        return point.restart_s

    def _point(self, offset: float) -> ResumePoint:
        """The resume point ``begin`` found, or a plain start at ``offset``."""
        return self._resume if self._resume.restart_s == offset else ResumePoint(offset, offset)

    def transcribe(self, offset: float, on_progress: Callable[[Progress], None] | None = None) -> str:
        """The long part; it writes to the project only through ``sink`` (so it may run in a thread)."""
        started = self._started
        status = "failed"
        try:
            source, name, total = self._source()
            self._audio_s = max(0.0, total - offset)
            point = self._point(offset)
            audio_s = self._resume_audio_s if point is self._resume else point.restart_s
            blocks = stream(source, name)
            try:
                status = self._run_worker(
                    lambda: Windows(blocks, audio_s, name, self.window_s), point, total, started, on_progress
                )
            finally:
                blocks.close()  # the decoder stops reading the store now, not whenever it is collected
        except Exception as exc:
            self.error = self.error or (str(exc) if isinstance(exc, QdaError) else f"{type(exc).__name__}: {exc}")
        if self._cancelled.is_set() and status != "done":
            status = "cancelled"
        return status

    def finish(self, status: str) -> None:
        started = self._started
        if status == "done":
            record_speed(
                self.model_path.name,
                self.used_device,
                self.used_compute_type,
                self._audio_s,
                time.perf_counter() - started,
            )
        self.project.run(
            FinishTranscription(
                self.document_id,
                status,
                time.perf_counter() - started,
                self.error if status == "failed" else "",
                self.used_device,
                self.used_compute_type,
            ),
            undoable=False,
        )

    def _run_worker(
        self,
        make_windows: Callable[[], Windows],
        point: ResumePoint,
        total: float,
        started: float,
        on_progress: Callable[[Progress], None] | None,
    ) -> str:
        """The worker starts (imports, loads the model) while the first window is decoded here."""
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = process = context.Process(target=worker_main, args=(child,), daemon=True)
        process.start()
        child.close()
        pending: list[SegmentData] = []
        processed, count, last_flush = point.restart_s, 0, time.perf_counter()
        state: dict[str, Any] | None = None
        resume = None if point.seek_s is None else {"seek_s": point.seek_s, "prompt": list(point.prompt)}
        try:
            parent.send(
                {
                    "model_path": str(self.model_path),
                    "device": self.device.device,
                    "compute_type": self.device.compute_type,
                    "cpu_threads": self.device.cpu_threads,
                    "options": self.options.as_kwargs(),
                    "resume": resume,
                }
            )
            windows = make_windows()
            window = windows.first
            if window.last and (len(window.samples) < SAMPLE_RATE // 10 or window.end_s - point.restart_s < 0.1):
                return "done"  # nothing (left) to transcribe
            self._send(parent, window)
            while True:
                if self._cancelled.is_set():
                    return "cancelled"
                if not parent.poll(POLL_S):
                    if not process.is_alive() and not parent.poll():
                        self.error = f"the transcription process stopped unexpectedly (exit code {process.exitcode})"
                        return "cancelled" if self._cancelled.is_set() else "failed"
                    continue
                message = parent.recv()
                kind = message[0]
                if kind == "device":
                    self.used_device, self.used_compute_type, self.note = message[1], message[2], message[3]
                elif kind == "window":
                    state = dict(message[1])
                elif kind == "cut":  # the worker is done with its window: the next one starts where it cut
                    self.windows[-1].cut_s = float(message[1])
                    processed = max(processed, float(message[1]))
                    del window
                    window = windows.at(float(message[1]))
                    self._send(parent, window)
                elif kind == "segment":
                    segment = _after(_segment(message[1]), point.stored_until_s)
                    if segment is None:
                        continue
                    pending.append(segment)
                    processed, count = max(processed, segment.end), count + 1
                    if time.perf_counter() - last_flush >= FLUSH_EVERY_S:
                        self.sink(pending, processed, state)
                        pending, last_flush = [], time.perf_counter()
                        if on_progress is not None:  # the bar shows only what was handed to the writer
                            on_progress(Progress(processed, total, time.perf_counter() - started, count))
                elif kind == "done":
                    processed = max(total, processed)
                    return "done"
                elif kind == "error":
                    self.error = str(message[1])
                    return "failed"
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            if self._cancelled.is_set():
                return "cancelled"
            self.error = f"the transcription process stopped unexpectedly (exit code {process.exitcode})"
            return "failed"
        finally:
            if pending:
                self.sink(pending, processed, state)
                if on_progress is not None:
                    on_progress(Progress(processed, total, time.perf_counter() - started, count))
            if process.is_alive():
                process.terminate()
            process.join(timeout=5)
            parent.close()
            self._process = None

    def _send(self, conn: Connection, window: Window) -> None:
        """Hand one window to the worker (it asks for the next by telling where it cut this one)."""
        conn.send(("audio", window.start_s, window.last))
        conn.send_bytes(window.samples.data)
        self.windows.append(SentWindow(window.start_s, len(window.samples), window.last))


def _segment(raw: dict[str, Any]) -> SegmentData:
    words = tuple(Word(str(w), float(s), float(e)) for w, s, e in raw["words"])
    return SegmentData(float(raw["start"]), float(raw["end"]), str(raw["text"]), words)


def _after(segment: SegmentData, stored_until: float) -> SegmentData | None:
    """``segment`` without what overlaps the time already stored (by word, where there are words)."""
    if segment.start >= stored_until:
        return segment
    if not segment.words:
        return segment if (segment.start + segment.end) / 2 >= stored_until else None
    words = tuple(w for w in segment.words if (w.start + w.end) / 2 >= stored_until)
    if not words:
        return None
    text = "".join(w.text for w in words)
    return SegmentData(words[0].start, segment.end, text, words, segment.speaker)
