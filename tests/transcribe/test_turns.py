"""Readable turns on both corpus recordings, with 1 and with 2 CPU threads: every speaker turn that the
model hears starts a segment, and the app's words are as good as bare faster-whisper's on the same audio.

Whether the model hears a turn's first words is the model's business, not the app's: a turn counts where
bare faster-whisper, run here on the same audio with the same settings, has a word starting near it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jiwer
import pytest

from qda_desktop.core.project import Project
from qda_desktop.transcribe.device import DeviceChoice
from qda_desktop.transcribe.job import TranscribeOptions, TranscriptionJob, start_transcript
from tests.conftest import PASSPHRASE
from tests.transcribe.conftest import AUDIO, cut_recording, ground_truth, normalise
from tests.transcribe.test_transcription import import_recording, transcript

OPTIONS = TranscribeOptions(language="en", beam_size=5)
TURN_TOLERANCE_S = 1.0
HEARD_WITHIN_S = 0.5  # bare faster-whisper has a word this close to the turn's start
UNHEARD = 0.1  # at most this share of turns (or one) may go unheard, so the check cannot pass on nothing

CASES = [
    ("P01.wav", 2, None),
    ("P04.m4a", 2, None),
    ("P01.wav", 1, 120.0),  # one thread is slower: the turns of the first two minutes or so
    ("P04.m4a", 1, 120.0),
]


def cut_after_turns(name: str, about_s: float) -> float:
    """Where to cut a recording near ``about_s``: in the pause after the last turn that ends before it."""
    ends = [t["end"] for t in ground_truth(name.split(".")[0])["segments"] if t["end"] < about_s]
    return float(max(ends)) + 0.3


@dataclass
class Compared:
    name: str
    seconds: float | None
    app: dict[str, Any]
    bare_words: list[float]
    bare_text: str


def bare(model: Path, audio: Path, threads: int) -> tuple[list[float], str]:
    """Word starts and text of faster-whisper on its own, with the app's settings."""
    from faster_whisper import WhisperModel

    whisper = WhisperModel(str(model), device="cpu", compute_type="int8", cpu_threads=threads)
    segments, _info = whisper.transcribe(str(audio), **OPTIONS.whisper_kwargs())
    segments = list(segments)
    return [w.start for s in segments for w in s.words or []], " ".join(s.text for s in segments)


@pytest.fixture(scope="module", params=CASES, ids=[f"{n}-{t}-thread{'s' * (t > 1)}" for n, t, _ in CASES])
def compared(
    request: pytest.FixtureRequest, tiny_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Compared]:
    name, threads, about_s = request.param
    seconds = None if about_s is None else cut_after_turns(name, about_s)
    folder = tmp_path_factory.mktemp("turns")
    audio = AUDIO / name if seconds is None else cut_recording(AUDIO / name, folder / name, seconds)
    device = DeviceChoice("cpu", "int8", threads, "for the test")
    with Project.create(folder / "t.qdaproj", PASSPHRASE) as project:
        media_id = import_recording(project, audio)
        document_id = start_transcript(project, media_id, "T", tiny_model, device, OPTIONS)
        assert TranscriptionJob(project, document_id, tiny_model, device, OPTIONS).run() == "done"
        words, text = bare(tiny_model, audio, threads)
        yield Compared(name, seconds, transcript(project, document_id), words, text)


def turns(compared: Compared) -> list[dict[str, Any]]:
    limit = float("inf") if compared.seconds is None else compared.seconds - 1.0
    return [t for t in ground_truth(compared.name.split(".")[0])["segments"] if t["start"] < limit]


def test_every_turn_the_model_hears_starts_a_segment(compared: Compared) -> None:
    starts = [s["start"] for s in compared.app["segments"]]
    heard = [t for t in turns(compared) if min(abs(t["start"] - w) for w in compared.bare_words) <= HEARD_WITHIN_S]
    unheard = [(t["index"], t["start"]) for t in turns(compared) if t not in heard]
    print(f"{compared.name}: turns the model did not hear: {unheard}")
    assert len(unheard) <= max(1, UNHEARD * len(turns(compared))), unheard
    misses = [
        (turn["index"], turn["start"], round(nearest, 2))
        for turn in heard
        if (nearest := min(abs(turn["start"] - s) for s in starts)) > TURN_TOLERANCE_S
    ]
    print(f"{compared.name}: turns without a segment start within {TURN_TOLERANCE_S} s: {misses}")
    # A turn handed over mid-sentence with hardly a pause can be missed on some runs (seen once in CI: P01 turn 19,
    # 1.67 s, 2 threads): never more than one, and never by more than twice the tolerance.
    assert len(misses) <= 1 and all(off <= 2 * TURN_TOLERANCE_S for *_, off in misses), misses


def test_segments_are_utterances_not_windows(compared: Compared) -> None:
    """Segments end at pauses and sentence ends: far more of them than turns, none very long."""
    segments = compared.app["segments"]
    assert len(segments) > len(turns(compared))
    assert max(s["end"] - s["start"] for s in segments) <= 16.0


def test_words_are_as_good_as_bare_faster_whisper(compared: Compared) -> None:
    limit = float("inf") if compared.seconds is None else compared.seconds
    truth = normalise(" ".join(t["text"] for t in turns(compared) if t["end"] <= limit))
    ours = jiwer.wer(truth, normalise(compared.app["text"]))
    theirs = jiwer.wer(truth, normalise(compared.bare_text))
    print(f"{compared.name} ({compared.seconds or 'all'} s) WER: app {ours:.1%}, bare faster-whisper {theirs:.1%}")
    # Single runs of either vary by about a point on a loaded CPU (int8 kernels over threads): three points hold.
    assert ours <= theirs + 0.03
