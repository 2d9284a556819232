"""A typed transcript aligned to its recording through the job (the real tiny.en model in the transcription
worker): the start of the corpus interview P01, whose turn times are known from how its audio was made."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import wave
from pathlib import Path
from typing import Any

import pytest

from qda_desktop.core import views
from qda_desktop.core.commands import EditDocumentText, ImportText
from qda_desktop.core.commands.transcripts import ImportRecording
from qda_desktop.core.jobs import CANCELLED, DONE, FAILED, JobDriver, Progress, Steps, run_job
from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.core.timeline import document_timeline
from qda_desktop.transcribe.aligning import AlignJob
from qda_desktop.transcribe.device import choose
from qda_desktop.transcribe.recordings import probe
from tests.conftest import CORPUS, corpus_text
from tests.helpers import snapshot
from tests.transcribe.conftest import AUDIO, cut_recording

CLIP_S = 24.0  # the first three turns of P01 end at 23.6 s
TOLERANCE_S = 1.0


def truth() -> list[dict[str, Any]]:
    segments = json.loads((CORPUS / "audio" / "P01.segments.json").read_text(encoding="utf-8"))["segments"]
    return list(segments[:3])


def typed_text() -> str:
    """The first three turns as she typed them (``Speaker: text``, a blank line between turns)."""
    return "\n\n".join(corpus_text("P01").split("\n\n")[:3])


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cut_recording(AUDIO / "P01.wav", tmp_path_factory.mktemp("clip") / "P01.wav", CLIP_S)


def test_p01_turns_gain_their_real_times_in_one_undo_step(project: Project, clip: Path, tiny_model: Path) -> None:
    text = typed_text()
    doc = project.run(ImportText("P01", text)).result
    info = probe(clip)
    media = project.run(ImportRecording(clip.name, clip, info.mime, info.duration_s)).result
    job = AlignJob(project, doc, media, tiny_model, choose("cpu"), "en")
    seen: list[Progress] = []
    assert run_job(project, job, seen.append).status == DONE, job.error
    assert seen and seen[-1].fraction > 0.9  # the worker reports as it goes (the last turn ends at 23.6 s)
    assert job.alignment is not None and job.alignment.share > 0.5  # tiny.en mishears some synthetic speech
    assert job.summary.startswith("aligned 'P01' to P01.wav: 3 turns, ")

    with project.read() as session:
        [stored] = project_dump(session)["documents"]
        timeline = document_timeline(session, doc)
    assert stored["kind"] == "transcript" and stored["text"] == text  # her text, unchanged
    segments = views.transcript_segments(project, doc)
    assert [s.speaker for s in segments] == [t["speaker"] for t in truth()]
    for segment, turn in zip(segments, truth(), strict=True):
        assert abs(segment.start_s - turn["start"]) < TOLERANCE_S
        assert abs(segment.end_s - turn["end"]) < TOLERANCE_S
        assert text[segment.char_start : segment.char_end] == turn["transcript_text"]
    span = timeline.time_span(text.index("distribution"), text.index("distribution") + 12)
    assert span is not None and truth()[1]["start"] < span[0] < truth()[1]["end"]

    project.undo()
    with project.read() as session:
        [plain] = project_dump(session)["documents"]
    assert plain["kind"] == "text" and plain["text"] == text and not views.transcript_segments(project, doc)


def test_cancel_while_the_file_is_stored_leaves_the_project_as_it_was(
    project: Project, clip: Path, tiny_model: Path
) -> None:
    doc = project.run(ImportText("P01", typed_text())).result
    before = snapshot(project)
    job = AlignJob(project, doc, clip, tiny_model, choose("cpu"), "en")
    driver = JobDriver(project, job)  # work on this thread, so that Cancel lands while the file is read

    def cancel_once_storing(progress: Progress) -> None:
        if isinstance(progress, Steps):  # the words were heard; the file is being read into the project
            driver.cancel()

    driver.ctx.on_progress = cancel_once_storing
    assert driver.begin()
    driver.conclude(driver.work())  # what was staged is written, then discarded
    assert driver.status == CANCELLED
    assert job.store is not None and job.store.stored > 0
    assert snapshot(project) == before  # no recording, no staged chunks, no segments
    assert job.alignment is not None  # it was cancelled after listening, while storing


def test_a_silent_recording_is_refused_naming_the_file(project: Project, tmp_path: Path, tiny_model: Path) -> None:
    silent = tmp_path / "muted.wav"
    with wave.open(str(silent), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(b"\0\0" * 16_000 * 3)
    doc = project.run(ImportText("P01", typed_text())).result
    before = snapshot(project)
    job = AlignJob(project, doc, silent, tiny_model, choose("cpu"))
    assert run_job(project, job).status == FAILED
    assert job.error.startswith("muted.wav: the recording is silent")
    assert snapshot(project) == before


def test_the_command_line_aligns_a_typed_transcript(tmp_path: Path, clip: Path, tiny_model: Path) -> None:
    env = {**os.environ, "QDA_PASSPHRASE": "cli passphrase"}
    path, typed = tmp_path / "cli.qdaproj", tmp_path / "P01.txt"
    typed.write_text(typed_text(), encoding="utf-8")
    cli = [sys.executable, "-m", "qda_desktop.cli"]
    subprocess.run([*cli, "new", str(path)], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "import", str(path), str(typed)], env=env, check=True, capture_output=True)
    align = [*cli, "align", str(path), "P01", str(clip), "--model", str(tiny_model), "--language", "en"]
    result = subprocess.run(align, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("aligned 'P01' to P01.wav: 3 turns, ")
    assert "of its words matched what the model heard" in result.stdout
    assert "real time  ETA" in result.stderr  # progress on stderr, as ``qda transcribe`` shows it
    again = subprocess.run(align, env=env, capture_output=True, text=True)
    assert again.returncode == 1 and again.stderr.strip().endswith("'P01' already has timed segments; nothing to align")
    with Project.open(path, "cli passphrase") as project:
        [recording] = views.recordings(project)
        [segment, *_] = views.transcript_segments(project, 1)
    assert recording.name == "P01.wav" and abs(recording.duration_s - CLIP_S) < 0.5
    assert segment.speaker == "Interviewer"


def test_a_text_edited_while_it_is_aligned_is_left_alone(project: Project, clip: Path, tiny_model: Path) -> None:
    doc = project.run(ImportText("P01", typed_text())).result
    info = probe(clip)
    media = project.run(ImportRecording(clip.name, clip, info.mime, info.duration_s)).result
    edited = typed_text().replace("Okay", "OK")
    job = AlignJob(project, doc, media, tiny_model, choose("cpu"), "en")
    driver = JobDriver(project, job)  # work on this thread: the edit below is the writer's, as in the window

    def edit_meanwhile(_progress: Progress) -> None:
        project.run(EditDocumentText(doc, edited))

    driver.ctx.on_progress = edit_meanwhile
    assert driver.begin()
    driver.conclude(driver.work())
    assert driver.status == FAILED and driver.error == job.error
    assert job.error == "'P01' was changed while it was being aligned; align it again"
    assert not views.is_timed(project, doc) and views.document_text(project, doc) == views.DocumentText(
        doc, "P01", "text", edited
    )
