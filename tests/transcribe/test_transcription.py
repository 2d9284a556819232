"""Transcription with the real tiny.en model: accuracy against bare faster-whisper, provenance, the GPU
fallback and no plaintext left behind (turns: test_turns.py; cancel, kill and resume: test_resume.py)."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jiwer
import pytest

from qda_desktop.core.commands.transcripts import ImportRecording
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.transcribe.device import choose
from qda_desktop.transcribe.job import Progress, TranscribeOptions, TranscriptionJob, start_transcript
from qda_desktop.transcribe.recordings import probe
from tests.conftest import PASSPHRASE
from tests.transcribe.conftest import AUDIO, cut_recording, ground_truth, normalise

OPTIONS = TranscribeOptions(language="en", beam_size=5)


def bare_transcript(model: Path, audio: Path) -> str:
    """faster-whisper on its own, with the settings the app uses."""
    from faster_whisper import WhisperModel

    device = choose("cpu")
    whisper = WhisperModel(str(model), device="cpu", compute_type="int8", cpu_threads=device.cpu_threads)
    segments, _info = whisper.transcribe(str(audio), **OPTIONS.whisper_kwargs())
    return " ".join(s.text for s in segments)


def import_recording(project: Project, path: Path) -> int:
    info = probe(path)
    return int(project.run(ImportRecording(path.name, path, info.mime, info.duration_s)).result)


def transcript(project: Project, document_id: int) -> dict[str, Any]:
    with project.read() as session:
        dump = project_dump(session)
    return next(d for d in dump["documents"] if d["id"] == document_id)


@dataclass
class Run:
    project: Project
    document_id: int
    status: str
    started: float
    progress: list[Progress]
    own: Path = Path()  # the folders the run could write to, all owned by the test


def transcribe(project: Project, recording: Path, model: Path, name: str = "T") -> Run:
    started = time.time()
    media_id = import_recording(project, recording)
    device = choose("cpu")
    document_id = start_transcript(project, media_id, name, model, device, OPTIONS)
    seen: list[Progress] = []
    status = TranscriptionJob(project, document_id, model, device, OPTIONS).run(seen.append)
    return Run(project, document_id, status, started, seen)


@pytest.fixture(scope="module")
def p01_run(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """P01 transcribed with every folder a program may write to (home, temp, caches, settings) owned by the test,
    so the leak scan looks only there and never at other processes' files."""
    own = tmp_path_factory.mktemp("p01-own")
    path = tmp_path_factory.mktemp("p01") / "p01.qdaproj"
    with pytest.MonkeyPatch.context() as env:
        for variable, folder in (("HOME", "home"), ("TMPDIR", "tmp"), ("XDG_CACHE_HOME", "cache")):
            (own / folder).mkdir()
            env.setenv(variable, str(own / folder))
        env.setenv("QDA_CONFIG_DIR", str(own / "config"))
        env.setenv("QDA_DATA_DIR", str(own / "data"))
        env.setattr(tempfile, "tempdir", str(own / "tmp"))
        project = Project.create(path, PASSPHRASE)
        run = transcribe(project, AUDIO / "P01.wav", tiny_model)
    run.own = own
    yield run
    project.close()


def test_p01_is_transcribed_with_progress(p01_run: Run) -> None:
    assert p01_run.status == "done"
    doc = transcript(p01_run.project, p01_run.document_id)
    assert doc["kind"] == "transcript" and len(doc["segments"]) > 40
    assert p01_run.progress[-1].fraction > 0.95
    assert all(p.eta_s is not None and p.speed > 0 for p in p01_run.progress[3:])
    for segment in doc["segments"]:
        assert doc["text"][segment["char_start"] : segment["char_end"]] == segment["text"]
        for word, _start, _end, char_start, char_end in segment["words"]:
            assert doc["text"][char_start:char_end] == word


def test_p01_word_error_rate_matches_bare_faster_whisper(p01_run: Run, tiny_model: Path) -> None:
    truth = normalise(" ".join(s["text"] for s in ground_truth("P01")["segments"]))
    ours = jiwer.wer(truth, normalise(transcript(p01_run.project, p01_run.document_id)["text"]))
    bare = jiwer.wer(truth, normalise(bare_transcript(tiny_model, AUDIO / "P01.wav")))
    print(f"P01.wav WER: app {ours:.1%}, bare faster-whisper {bare:.1%}")
    # Bare faster-whisper alone varied from 16.7% to 17.5% between runs on one busy machine (int8 kernels over
    # several threads), and single app runs from 16.8% to 19.3%: three points hold on a loaded or other CPU.
    assert ours <= bare + 0.03


def test_p01_provenance_is_recorded(p01_run: Run) -> None:
    with p01_run.project.store.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT status, model_name, model_sha256, device, compute_type, options, app_version, wall_s "
            "FROM transcription WHERE document_id = ?",
            (p01_run.document_id,),
        ).one()
    status, model_name, sha, device, compute_type, options, version, wall = row
    assert (status, model_name, device, compute_type) == ("done", "faster-whisper-tiny.en", "cpu", "int8")
    assert len(sha) == 64 and '"beam_size": 5' in options and version and wall > 0


def _plaintext_samples() -> tuple[list[bytes], list[bytes]]:
    pcm = (AUDIO / "P01.wav").read_bytes()
    audio = [pcm[n : n + 64] for n in (100_000, 2_000_000, 6_000_000, 11_000_000)]
    words = [w.encode() for w in ("volunteer coordinator", "distribution day", "Thursday")]
    return audio, words


def test_no_audio_or_transcript_text_left_in_temp_or_app_folders(p01_run: Run) -> None:
    audio, words = _plaintext_samples()
    written = [path for path in p01_run.own.rglob("*") if path.is_file() and not path.is_symlink()]
    leaks = [str(path) for path in written if any(s in path.read_bytes() for s in [*audio, *words])]
    assert leaks == []
    project_file = p01_run.project.path.read_bytes()
    assert not any(sample in project_file for sample in audio)
    assert not any(w in project_file for w in words)


def test_m4a_is_decoded_from_the_encrypted_store(tiny_model: Path, project: Project, tmp_path: Path) -> None:
    """P04.m4a, cut short: stored encrypted, decoded in memory, transcribed."""
    short = cut_recording(AUDIO / "P04.m4a", tmp_path / "p04-start.m4a", 20)
    run = transcribe(project, short, tiny_model)
    assert run.status == "done"
    truth = normalise(" ".join(s["text"] for s in ground_truth("P04")["segments"] if s["end"] <= 25))
    ours = jiwer.wer(truth, normalise(transcript(project, run.document_id)["text"]))
    bare = jiwer.wer(truth, normalise(bare_transcript(tiny_model, short)))
    assert ours <= bare + 0.01


def test_a_gpu_that_cannot_load_falls_back_to_the_cpu_and_says_why(
    tiny_model: Path, project: Project, tmp_path: Path
) -> None:
    from qda_desktop.transcribe.device import DeviceChoice, cuda_devices

    if cuda_devices():
        pytest.skip("this machine has a usable GPU; the fallback is for machines where CUDA fails to load")
    short = cut_recording(AUDIO / "P01.wav", tmp_path / "short.wav", 12)
    media_id = import_recording(project, short)
    forced = DeviceChoice("cuda", "float16", 2, "forced for the test")
    document_id = start_transcript(project, media_id, "GPU?", tiny_model, forced, OPTIONS)
    job = TranscriptionJob(project, document_id, tiny_model, forced, OPTIONS)
    assert job.run() == "done"
    assert job.used_device == "cpu" and job.used_compute_type == "int8"
    assert job.note.startswith("GPU failed (") and job.note.endswith("using the CPU")
    with project.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT device, compute_type FROM transcription").one() == ("cpu", "int8")
    ours = normalise(transcript(project, document_id)["text"])
    assert ours and jiwer.wer(normalise(bare_transcript(tiny_model, short)), ours) <= 0.1


def test_progress_shows_only_what_is_stored(tiny_model: Path, project: Project, tmp_path: Path) -> None:
    """Each progress report comes after its segments are written: the bar never runs ahead of the project."""
    from sqlalchemy import select

    from qda_desktop.store.models import Transcription

    clip = cut_recording(AUDIO / "P01.wav", tmp_path / "p01-40s.wav", 40)
    media_id = import_recording(project, clip)
    device = choose("cpu")
    document_id = start_transcript(project, media_id, "T", tiny_model, device, OPTIONS)
    checked: list[tuple[float, float]] = []

    def check(progress: Progress) -> None:
        with project.read() as session:
            stored = session.scalar(select(Transcription.processed_s).where(Transcription.document_id == document_id))
        checked.append((progress.processed_s, float(stored or 0.0)))

    assert TranscriptionJob(project, document_id, tiny_model, device, OPTIONS).run(check) == "done"
    assert len(checked) >= 2
    assert all(shown <= stored + 1e-6 for shown, stored in checked), checked
