"""Long recordings are handed to the worker a window at a time, each ending in a pause, and the windows
join without a gap or an overlap: decoding (no model), what the worker was given, and the words at the
seams of a real run compared with bare faster-whisper on the same audio; a job cancelled in a later window
resumes as the uninterrupted run went on."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jiwer
import numpy as np
import pytest
from sqlalchemy import select

from qda_desktop.core.commands.transcripts import RESUME_KEY
from qda_desktop.core.project import Project
from qda_desktop.store.models import Transcription
from qda_desktop.transcribe.device import DeviceChoice
from qda_desktop.transcribe.job import Progress, TranscriptionJob, start_transcript
from qda_desktop.transcribe.recordings import SAMPLE_RATE, decode, stream
from qda_desktop.transcribe.windows import Windows, cut_point
from tests.conftest import PASSPHRASE
from tests.transcribe.conftest import AUDIO, cut_recording, ground_truth, normalise
from tests.transcribe.test_resume import OPTIONS, check_matches_reference, uncovered_speech
from tests.transcribe.test_transcription import import_recording, transcript

CLIP_S = 90.0
WINDOW_S = 35.0  # the clip crosses two window boundaries or more
THREADS = 2
NEAR_CUT_S = 4.0  # words this close to a cut are compared with bare faster-whisper's
LONGEST_RUN = 4  # this many words missing or added in a row is a dropped or repeated sentence
MARGIN = 0.05  # the resume tests' share of words that may differ


def joined(audio_s: float, window_s: float) -> tuple[np.ndarray, list[int]]:
    """P01 from ``audio_s`` on, as the job hands it over: each window up to its cut; the window sizes."""
    windows = Windows(stream(str(AUDIO / "P01.wav")), audio_s, "P01.wav", window_s)
    window, pieces, sizes = windows.first, list[np.ndarray](), list[int]()
    while True:
        sizes.append(len(window.samples))
        if window.last:
            return np.concatenate([*pieces, window.samples]), sizes
        cut = cut_point(window.samples)
        pieces.append(window.samples[:cut].copy())
        window = windows.at(window.start_s + cut / SAMPLE_RATE)


@pytest.mark.parametrize("audio_s", [0.0, 101.3])
def test_windows_join_to_exactly_the_recording(audio_s: float) -> None:
    whole = decode(str(AUDIO / "P01.wav"))
    audio, sizes = joined(audio_s, 60.0)
    assert len(sizes) >= 4 and max(sizes) <= 60 * SAMPLE_RATE
    assert np.array_equal(audio, whole[round(audio_s * SAMPLE_RATE) :])


def test_a_cut_falls_in_a_pause() -> None:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    window = decode(str(AUDIO / "P01.wav"))[: 60 * SAMPLE_RATE]
    cut = cut_point(window)
    assert 36 * SAMPLE_RATE <= cut <= 60 * SAMPLE_RATE  # in the window's last part
    speech = get_speech_timestamps(window, VadOptions(min_silence_duration_ms=100, speech_pad_ms=0))
    assert not any(chunk["start"] < cut < chunk["end"] for chunk in speech)


@dataclass
class Windowed:
    project: Project
    clip: Path
    document_id: int
    job: TranscriptionJob
    doc: dict[str, Any]
    bare: list[tuple[str, float, float]]  # bare faster-whisper's words and times


def device() -> DeviceChoice:
    return DeviceChoice("cpu", "int8", THREADS, "for the test")


def bare_words(model: Path, audio: Path) -> list[tuple[str, float, float]]:
    from faster_whisper import WhisperModel

    whisper = WhisperModel(str(model), device="cpu", compute_type="int8", cpu_threads=THREADS)
    segments, _info = whisper.transcribe(str(audio), **OPTIONS.whisper_kwargs())
    return [(w.word, w.start, w.end) for s in segments for w in s.words or []]


@pytest.fixture(scope="module")
def windowed(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Windowed]:
    folder = tmp_path_factory.mktemp("windows")
    clip = cut_recording(AUDIO / "P01.wav", folder / "p01.wav", CLIP_S)
    with Project.create(folder / "w.qdaproj", PASSPHRASE) as project:
        document_id = start_transcript(project, import_recording(project, clip), "W", tiny_model, device(), OPTIONS)
        job = TranscriptionJob(project, document_id, tiny_model, device(), OPTIONS, window_s=WINDOW_S)
        assert job.run() == "done", job.error
        yield Windowed(project, clip, document_id, job, transcript(project, document_id), bare_words(tiny_model, clip))


def test_the_worker_gets_one_window_at_a_time(windowed: Windowed) -> None:
    """Every window is at most the window's length, and each starts where the worker said it cut the one
    before: so the next window cannot have been sent before the worker was done with the last one."""
    sent = windowed.job.windows
    assert len(sent) >= 3
    assert all(w.samples <= WINDOW_S * SAMPLE_RATE for w in sent)
    assert [w.last for w in sent] == [False] * (len(sent) - 1) + [True]
    for before, after in itertools.pairwise(sent):
        assert before.cut_s is not None and before.start_s < before.cut_s <= before.start_s + WINDOW_S
        assert after.start_s == before.cut_s
    assert sent[0].start_s == 0.0 and sent[-1].start_s + sent[-1].samples / SAMPLE_RATE >= CLIP_S - 1


def test_words_at_the_seams_match_bare_faster_whisper(windowed: Windowed, speech: list[tuple[float, float]]) -> None:
    doc, sent = windowed.doc, windowed.job.windows
    ours = [(w[0], w[1], w[2]) for s in doc["segments"] for w in s["words"]]
    for cut in [w.cut_s for w in sent if w.cut_s is not None]:

        def near(words: list[tuple[str, float, float]], at: float = cut) -> str:
            return normalise(" ".join(w for w, start, end in words if abs((start + end) / 2 - at) <= NEAR_CUT_S))

        result = jiwer.process_words(near(windowed.bare), near(ours))
        runs = [max(c.ref_end_idx - c.ref_start_idx, c.hyp_end_idx - c.hyp_start_idx) for c in result.alignments[0]]
        changed = [n for n, c in zip(runs, result.alignments[0], strict=True) if c.type in ("delete", "insert")]
        print(f"cut at {cut:.2f} s: bare {near(windowed.bare)!r}, app {near(ours)!r}")
        assert max(changed, default=0) < LONGEST_RUN
    assert uncovered_speech(doc, speech) == []
    for before, after in itertools.pairwise(doc["segments"]):
        assert after["start"] >= before["end"] - 0.05 and normalise(before["text"]) != normalise(after["text"])


def test_words_are_as_good_as_bare_faster_whisper(windowed: Windowed) -> None:
    """Against the ground truth: the seams cost no more than the resume tests' margin. (Word for word the
    two differ more: faster-whisper scales each input's features by that input's loudest moment, so a
    window is heard a little differently from the whole clip, and tiny.en's guesses drift from there.)"""
    truth = normalise(" ".join(t["text"] for t in ground_truth("P01")["segments"] if t["end"] <= CLIP_S))
    ours = jiwer.wer(truth, normalise(windowed.doc["text"]))
    bare = jiwer.wer(truth, normalise(" ".join(w for w, _, _ in windowed.bare)))
    print(f"WER: app in {len(windowed.job.windows)} windows {ours:.1%}, bare faster-whisper {bare:.1%}")
    assert ours <= bare + MARGIN


def test_a_job_cancelled_in_a_later_window_resumes_as_it_went_on(
    windowed: Windowed, tiny_model: Path, speech: list[tuple[float, float]]
) -> None:
    project = windowed.project
    media_id = import_recording(project, windowed.clip)
    document_id = start_transcript(project, media_id, "Again", tiny_model, device(), OPTIONS)
    job = TranscriptionJob(project, document_id, tiny_model, device(), OPTIONS, window_s=WINDOW_S)

    def stop_in_a_later_window(progress: Progress) -> None:
        """Once something from the second window (or a later one) is stored."""
        if len(job.windows) >= 2 and progress.processed_s > job.windows[1].start_s + 1:
            job.cancel()

    assert job.run(stop_in_a_later_window) == "cancelled"
    with project.read() as session:
        options = session.scalar(select(Transcription.options).where(Transcription.document_id == document_id))
    audio_s = json.loads(options or "{}")[RESUME_KEY]["audio_s"]
    assert audio_s in [w.start_s for w in job.windows[1:]]
    again = TranscriptionJob(project, document_id, tiny_model, device(), OPTIONS, window_s=WINDOW_S)
    assert again.run() == "done"
    assert again.windows[0].start_s == audio_s  # that window, redone with its context
    check_matches_reference(transcript(project, document_id), windowed.doc, speech)


@pytest.fixture(scope="module")
def speech(windowed: Windowed) -> list[tuple[float, float]]:
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    chunks = get_speech_timestamps(
        decode(str(windowed.clip)), VadOptions(min_silence_duration_ms=300, speech_pad_ms=100)
    )
    return [(c["start"] / SAMPLE_RATE, c["end"] / SAMPLE_RATE) for c in chunks]
