"""Recordings tell the truth: a cut-off copy is stored with a warning naming what is missing; silence is refused."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from qda_desktop.core.project import Project
from qda_desktop.transcribe.cli_support import find_or_import
from qda_desktop.transcribe.device import choose
from qda_desktop.transcribe.job import TranscribeOptions, TranscriptionJob, start_transcript
from qda_desktop.transcribe.recordings import probe
from tests.transcribe.conftest import AUDIO


def _cut(source: Path, target: Path, fraction: float) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * fraction)])
    return target


@pytest.mark.parametrize("name", ["P01.wav", "P01.mp3", "P04.m4a"])
def test_a_cut_off_copy_is_measured_and_named(name: str, tmp_path: Path) -> None:
    whole = probe(AUDIO / name)
    assert whole.missing_s == 0.0 and whole.warning(name) == ""
    cut = probe(_cut(AUDIO / name, tmp_path / name, 0.5))
    assert cut.missing_s + cut.duration_s == pytest.approx(whole.duration_s, abs=1.0)
    assert cut.duration_s == pytest.approx(whole.duration_s / 2, abs=whole.duration_s * 0.1)
    warning = cut.warning(name)
    assert warning.startswith(f"{name}: the file ends early: ") and "missing" in warning


def test_the_cli_warns_and_stores_what_is_there(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = _cut(AUDIO / "P01.mp3", tmp_path / "P01.mp3", 0.5)
    media_id = find_or_import(project, cut)
    assert media_id
    assert "qda: warning: P01.mp3: the file ends early" in capsys.readouterr().err


def test_a_silent_recording_is_refused_with_its_name(project: Project, tmp_path: Path, tiny_model: Path) -> None:
    silent = tmp_path / "muted.wav"
    with wave.open(str(silent), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(np.zeros(16_000 * 5, dtype="<i2").tobytes())
    media_id = find_or_import(project, silent)
    options = TranscribeOptions(language="en")
    document_id = start_transcript(project, media_id, "Muted", tiny_model, choose("cpu"), options)
    job = TranscriptionJob(project, document_id, tiny_model, choose("cpu"), options)
    assert job.run() == "failed"
    assert job.error == "muted.wav: the recording is silent (nothing louder than -80 dBFS); nothing to transcribe"
