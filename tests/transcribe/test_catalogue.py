"""The model catalogue: complete against faster-whisper, present models found, speeds measured not guessed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from faster_whisper import available_models

from qda_desktop.core.settings import config_dir
from qda_desktop.transcribe.catalogue import (
    ALIASES,
    CATALOGUE,
    catalogue_name,
    find,
    local_models,
    measured_speeds,
    recommend,
    record_speed,
    speed_note,
)
from tests.transcribe.conftest import model_path


def test_every_model_faster_whisper_knows_is_listed() -> None:
    for name in available_models():
        model = find(name)
        assert model is not None, name
        assert model.name == ALIASES.get(name, name)
    assert all(m.english_only for m in CATALOGUE if m.name.startswith("distil-") or m.name.endswith(".en"))
    assert not find("large-v3").english_only  # type: ignore[union-attr]


def test_folder_names_map_to_catalogue_names() -> None:
    assert catalogue_name("faster-whisper-small.en") == "small.en"
    assert catalogue_name("faster-distil-whisper-large-v3") == "distil-large-v3"
    assert catalogue_name("faster-whisper-distil-small.en") == "distil-small.en"
    assert catalogue_name("my-model") == "my-model"


def test_speeds_come_from_runs_on_this_computer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QDA_WHISPER_MODEL", str(model_path()))
    tiny = find("tiny.en")
    assert tiny is not None and "tiny.en" in local_models()
    assert speed_note(tiny, "cuda/int8") == "not measured on this device yet"
    assert recommend("cpu/int8") is None  # nothing timed here yet
    record_speed("faster-whisper-tiny.en", "cpu", "int8", audio_s=10, wall_s=1)  # too short to count
    assert measured_speeds("tiny.en") == {}
    record_speed("faster-whisper-tiny.en", "cpu", "int8", audio_s=300, wall_s=20)
    assert measured_speeds("tiny.en") == {"cpu/int8": 15.0}
    assert speed_note(tiny, "cpu/int8") == "15× real time here"
    assert recommend("cpu/int8") == tiny
    saved = json.loads((config_dir() / "transcription-speeds.json").read_text(encoding="utf-8"))
    assert saved == {"tiny.en|cpu/int8": 15.0}  # figures only, nothing of the recording


def test_models_list_shows_catalogue_and_presence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QDA_WHISPER_MODEL", str(model_path()))
    result = subprocess.run(
        [sys.executable, "-m", "qda_desktop.cli", "models", "list"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.startswith("  ")}
    assert {"large-v3", "large-v3-turbo", "distil-large-v3", "tiny.en"} <= set(rows)
    assert " yes " in rows["tiny.en"] and " - " in rows["large-v3"]
    assert "3090 MB" in rows["large-v3"] and "multilingual" in rows["large-v3"]
