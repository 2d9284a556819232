"""Cancel or kill a job part-way, resume it: the transcript matches an uninterrupted run of the same clip
(a seam may change a few words, never drop or repeat a sentence) and every stretch of speech has a segment.
Each check runs with 1 and with 2 CPU threads."""

from __future__ import annotations

import itertools
import os
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jiwer
import pytest

from qda_desktop.core.project import Project
from qda_desktop.transcribe.device import DeviceChoice
from qda_desktop.transcribe.job import Progress, TranscribeOptions, TranscriptionJob, start_transcript
from qda_desktop.transcribe.recordings import decode
from tests.conftest import PASSPHRASE
from tests.transcribe.conftest import AUDIO, cut_recording, normalise
from tests.transcribe.test_transcription import import_recording, transcript

OPTIONS = TranscribeOptions(language="en", beam_size=5)
CLIP_S = 83.7  # ends in the pause after turn 5, so no word is cut in half
MAX_WORDS_DIFFERENT = 0.05
LONGEST_RUN = 4  # this many words missing or added in a row is a dropped or repeated sentence
LONGEST_UNCOVERED_SPEECH_S = 1.0


def cpu(threads: int) -> DeviceChoice:
    return DeviceChoice("cpu", "int8", threads, f"{threads} thread(s) for the test")


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cut_recording(AUDIO / "P01.wav", tmp_path_factory.mktemp("resume") / "p01-clip.wav", CLIP_S)


@pytest.fixture(scope="module")
def speech(clip: Path) -> list[tuple[float, float]]:
    """Where the clip has speech, by faster-whisper's own VAD (fine-grained: pauses of 0.3 s count)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(min_silence_duration_ms=300, speech_pad_ms=100)
    chunks = get_speech_timestamps(decode(str(clip)), options)
    return [(c["start"] / 16000, c["end"] / 16000) for c in chunks]


@dataclass
class Started:
    project: Project
    document_id: int
    model: Path
    device: DeviceChoice

    def job(self) -> TranscriptionJob:
        return TranscriptionJob(self.project, self.document_id, self.model, self.device, OPTIONS)


def start(project: Project, clip: Path, tiny_model: Path, threads: int) -> Started:
    media_id = import_recording(project, clip)
    document_id = start_transcript(project, media_id, "Clip", tiny_model, cpu(threads), OPTIONS)
    return Started(project, document_id, tiny_model, cpu(threads))


@pytest.fixture(scope="module", params=[1, 2], ids=["1-thread", "2-threads"])
def reference(
    request: pytest.FixtureRequest, clip: Path, tiny_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, dict[str, Any]]]:
    """One uninterrupted run of the clip per thread count, shared by the tests of that count."""
    threads = int(request.param)
    with Project.create(tmp_path_factory.mktemp("reference") / "r.qdaproj", PASSPHRASE) as project:
        started = start(project, clip, tiny_model, threads)
        assert started.job().run() == "done"
        yield threads, transcript(project, started.document_id)


def uncovered_speech(doc: dict[str, Any], speech: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Stretches of speech longer than the limit that no segment covers."""
    spans = sorted((s["start"], s["end"]) for s in doc["segments"])
    found = []
    for begin, end in speech:
        cursor = begin
        for start_s, end_s in spans:
            if end_s <= cursor or start_s >= end:
                continue
            if start_s - cursor > LONGEST_UNCOVERED_SPEECH_S:
                found.append((cursor, start_s))
            cursor = max(cursor, end_s)
        if end - cursor > LONGEST_UNCOVERED_SPEECH_S:
            found.append((cursor, end))
    return found


def check_matches_reference(doc: dict[str, Any], reference: dict[str, Any], speech: list[tuple[float, float]]) -> None:
    ours, theirs = normalise(doc["text"]), normalise(reference["text"])
    result = jiwer.process_words(theirs, ours)
    missing = [c.ref_end_idx - c.ref_start_idx for c in result.alignments[0] if c.type == "delete"]
    added = [c.hyp_end_idx - c.hyp_start_idx for c in result.alignments[0] if c.type == "insert"]
    print(f"resumed vs uninterrupted: {result.wer:.1%} of words differ; runs missing {missing}, added {added}")
    assert result.wer <= MAX_WORDS_DIFFERENT, (theirs, ours)
    assert max(missing, default=0) < LONGEST_RUN and max(added, default=0) < LONGEST_RUN, (theirs, ours)
    assert uncovered_speech(doc, speech) == []
    segments = doc["segments"]
    for before, after in itertools.pairwise(segments):
        assert after["start"] >= before["end"] - 0.05, (before, after)
        assert normalise(before["text"]) != normalise(after["text"]), (before, after)
    assert segments[-1]["end"] > CLIP_S - 5
    for segment in segments:
        assert doc["text"][segment["char_start"] : segment["char_end"]] == segment["text"]
        for word, _start, _end, char_start, char_end in segment["words"]:
            assert doc["text"][char_start:char_end] == word


def test_the_uninterrupted_run_covers_all_speech(
    reference: tuple[int, dict[str, Any]], speech: list[tuple[float, float]]
) -> None:
    assert sum(end - begin for begin, end in speech) > CLIP_S / 2  # the check below has speech to look at
    assert uncovered_speech(reference[1], speech) == []


def interrupt_when(
    limit: float, job: TranscriptionJob, stop: Callable[[TranscriptionJob], None]
) -> Callable[..., None]:
    done = threading.Event()

    def on_progress(progress: Progress) -> None:
        if progress.processed_s > limit and not done.is_set():
            done.set()
            stop(job)

    return on_progress


@pytest.mark.parametrize("cancel_at", [10, 25, 40, 55])
def test_cancel_and_resume_matches_an_uninterrupted_run(
    cancel_at: float,
    reference: tuple[int, dict[str, Any]],
    speech: list[tuple[float, float]],
    tiny_model: Path,
    project: Project,
    clip: Path,
) -> None:
    threads, uninterrupted = reference
    started = start(project, clip, tiny_model, threads)
    job = started.job()
    assert job.run(interrupt_when(cancel_at, job, TranscriptionJob.cancel)) == "cancelled"
    partial = transcript(project, started.document_id)
    assert partial["segments"] and partial["segments"][-1]["end"] < CLIP_S - 5
    assert started.job().run() == "done"
    check_matches_reference(transcript(project, started.document_id), uninterrupted, speech)


def _kill(job: TranscriptionJob) -> None:
    assert job._process is not None
    os.kill(job._process.pid, signal.SIGKILL)


def test_a_killed_worker_resumes_after_reopening(
    reference: tuple[int, dict[str, Any]],
    speech: list[tuple[float, float]],
    tiny_model: Path,
    project: Project,
    clip: Path,
) -> None:
    threads, uninterrupted = reference
    started = start(project, clip, tiny_model, threads)
    job = started.job()
    assert job.run(interrupt_when(30, job, _kill)) == "failed"
    assert "stopped unexpectedly" in job.error
    path = project.path
    project.close()
    with Project.open(path, PASSPHRASE) as reopened:
        with reopened.store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT status FROM transcription").scalar() == "failed"
        again = Started(reopened, started.document_id, tiny_model, started.device)
        assert again.job().run() == "done"
        check_matches_reference(transcript(reopened, started.document_id), uninterrupted, speech)
