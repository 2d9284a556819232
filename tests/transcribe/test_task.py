"""A transcription through the core job API (the real tiny.en model): the command line's path, and
cancel through the job API keeping what was transcribed so that the job resumes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import jiwer
import pytest

from qda_desktop.core.commands.transcripts import ImportRecording
from qda_desktop.core.jobs import CANCELLED, DONE, Progress, run_job
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.transcribe.device import choose
from qda_desktop.transcribe.job import TranscribeOptions, TranscriptionJob, start_transcript
from qda_desktop.transcribe.recordings import probe
from qda_desktop.transcribe.task import TranscriptionTask
from tests.transcribe.conftest import AUDIO, cut_recording, normalise

OPTIONS = TranscribeOptions(language="en", beam_size=5)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cut_recording(AUDIO / "P01.wav", tmp_path_factory.mktemp("clip") / "clip.wav", 30)


def bare_text(model: Path, audio: Path) -> str:
    """faster-whisper on its own, with the app's settings, on the same audio."""
    from faster_whisper import WhisperModel

    device = choose("cpu")
    whisper = WhisperModel(str(model), device="cpu", compute_type="int8", cpu_threads=device.cpu_threads)
    segments, _info = whisper.transcribe(str(audio), **OPTIONS.whisper_kwargs())
    return " ".join(s.text for s in segments)


def transcript(project: Project) -> dict:  # type: ignore[type-arg]
    with project.read() as session:
        return next(d for d in project_dump(session)["documents"] if d["kind"] == "transcript")


def status_of(project: Project) -> str:
    with project.store.engine.connect() as conn:
        return str(conn.exec_driver_sql("SELECT status FROM transcription").scalar_one())


def test_the_command_line_transcribes_through_the_job_api(tmp_path: Path, tiny_model: Path, clip: Path) -> None:
    env = {**os.environ, "QDA_PASSPHRASE": "cli passphrase"}
    path = tmp_path / "cli.qdaproj"
    cli = [sys.executable, "-m", "qda_desktop.cli"]
    subprocess.run([*cli, "new", str(path)], env=env, check=True, capture_output=True)
    result = subprocess.run(
        [*cli, "transcribe", str(path), str(clip), "--model", str(tiny_model), "--language", "en", "--device", "cpu"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "transcribed clip.wav into document 1"
    assert "real time  ETA" in result.stderr  # the progress line, from the job's thread
    with Project.open(path, "cli passphrase") as project:
        doc = transcript(project)
        assert status_of(project) == DONE
    assert jiwer.wer(normalise(bare_text(tiny_model, clip)), normalise(doc["text"])) < 0.1


def test_cancel_through_the_job_api_keeps_the_segments_and_resumes(
    project: Project, tiny_model: Path, clip: Path
) -> None:
    info = probe(clip)
    media = int(project.run(ImportRecording(clip.name, clip, info.mime, info.duration_s)).result)
    device = choose("cpu")
    document_id = start_transcript(project, media, "Clip", tiny_model, device, OPTIONS)
    cancel, stopped = threading.Event(), threading.Event()

    class Watched(TranscriptionTask):
        def stop(self) -> None:
            super().stop()
            stopped.set()

    def cancel_at_the_first_report(progress: Progress) -> None:
        # In the job's thread, at the first report (progress comes only once segments are handed to the
        # writer): ask for a cancel and wait until the writer has passed it on, so the job cannot read on.
        if getattr(progress, "processed_s", 0) > 0 and not cancel.is_set():
            cancel.set()
            assert stopped.wait(30)

    job = TranscriptionJob(project, document_id, tiny_model, device, OPTIONS)
    driver = run_job(project, Watched(job), cancel_at_the_first_report, cancel)
    assert driver.status == CANCELLED and status_of(project) == CANCELLED
    partial = transcript(project)["segments"]
    assert partial and partial[-1]["end"] < 28  # what was transcribed before the cancel is stored

    resumed = run_job(project, TranscriptionTask(TranscriptionJob(project, document_id, tiny_model, device, OPTIONS)))
    assert resumed.status == DONE and status_of(project) == DONE
    doc = transcript(project)
    assert doc["segments"][-1]["end"] > 25
    # Resuming decodes the model's last window again (new rows, the same words): what was stored reads the same.
    before = " ".join(s["text"] for s in partial)
    after = " ".join(s["text"] for s in doc["segments"][: len(partial)])
    assert jiwer.wer(normalise(before), normalise(after)) <= 0.05
    # A cancel mid-sentence changes the context the next window is decoded with: looser than uncut.
    assert jiwer.wer(normalise(bare_text(tiny_model, clip)), normalise(doc["text"])) < 0.3
