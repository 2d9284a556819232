"""The faster-whisper models a user can get, what each costs, and how fast each ran on this computer.

Speeds are measured, never guessed: every finished transcription records its model, device and speed in the
app's settings folder (no content, only figures), and the reference figures below were measured on named machines.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from qda_desktop.core.settings import config_dir
from qda_desktop.transcribe.models import is_model_dir, models_dir


@dataclass(frozen=True)
class CatalogueModel:
    name: str
    repo: str
    download_mb: int  # model.bin and tokenizer files as published (float16 weights)
    parameters_m: int
    english_only: bool

    @property
    def languages(self) -> str:
        return "English only" if self.english_only else "multilingual"


def _systran(name: str, mb: int, params: int, distil: bool = False) -> CatalogueModel:
    prefix = "faster-distil-whisper-" if distil else "faster-whisper-"
    stem = name.removeprefix("distil-") if distil else name
    english = name.endswith(".en") or distil  # the distilled models are English only
    return CatalogueModel(name, f"Systran/{prefix}{stem}", mb, params, english)


CATALOGUE: tuple[CatalogueModel, ...] = (
    _systran("tiny.en", 75, 39),
    _systran("tiny", 75, 39),
    _systran("base.en", 145, 74),
    _systran("base", 145, 74),
    _systran("small.en", 484, 244),
    _systran("small", 484, 244),
    _systran("medium.en", 1530, 769),
    _systran("medium", 1530, 769),
    _systran("large-v1", 3090, 1550),
    _systran("large-v2", 3090, 1550),
    _systran("large-v3", 3090, 1550),
    CatalogueModel("large-v3-turbo", "mobiuslabsgmbh/faster-whisper-large-v3-turbo", 1620, 809, False),
    _systran("distil-small.en", 336, 166, distil=True),
    _systran("distil-medium.en", 789, 394, distil=True),
    _systran("distil-large-v2", 1510, 756, distil=True),
    _systran("distil-large-v3", 1510, 756, distil=True),
    CatalogueModel("distil-large-v3.5", "distil-whisper/distil-large-v3.5-ct2", 1510, 756, True),
)
ALIASES = {"large": "large-v3", "turbo": "large-v3-turbo"}

# Measured with benchmarks/transcribe_bench.py on corpus/audio/P01.wav (386 s), sequential decoding, beam 5.
REFERENCE_SPEEDS: dict[tuple[str, str], tuple[float, str]] = {
    ("tiny.en", "cpu/int8"): (17.8, "2-core x86-64 CPU, 2 threads"),
    ("tiny.en", "cuda/float16"): (39.0, "NVIDIA H100, process start and model load included"),
}


def find(name: str) -> CatalogueModel | None:
    name = ALIASES.get(name, name)
    return next((m for m in CATALOGUE if m.name == name), None)


def local_models() -> dict[str, Path]:
    """Model folders on this computer by catalogue name: the model folder's, and QDA_WHISPER_MODEL's."""
    folders = [p for p in sorted(models_dir().glob("*")) if is_model_dir(p)]
    configured = os.environ.get("QDA_WHISPER_MODEL")
    if configured and is_model_dir(Path(configured)):
        folders.insert(0, Path(configured))
    found: dict[str, Path] = {}
    for folder in folders:
        found.setdefault(catalogue_name(folder.name), folder)
    return found


def _speeds_file() -> Path:
    return config_dir() / "transcription-speeds.json"


def catalogue_name(model_name: str) -> str:
    """'faster-whisper-small.en' (a folder name) → 'small.en'."""
    for prefix in ("faster-distil-whisper-", "faster-whisper-"):
        if model_name.startswith(prefix):
            stem = model_name.removeprefix(prefix)
            return f"distil-{stem}" if prefix.startswith("faster-distil") else stem
    return model_name


def record_speed(model_name: str, device: str, compute_type: str, audio_s: float, wall_s: float) -> None:
    """Remember how fast a finished transcription ran (× real time); the best of the last runs is kept."""
    if audio_s < 30 or wall_s <= 0:
        return  # short clips are dominated by start-up
    try:
        speeds = json.loads(_speeds_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        speeds = {}
    key = f"{catalogue_name(model_name)}|{device}/{compute_type}"
    speeds[key] = round(audio_s / wall_s, 2)
    try:
        _speeds_file().parent.mkdir(parents=True, exist_ok=True)
        _speeds_file().write_text(json.dumps(speeds, indent=1, sort_keys=True), encoding="utf-8")
    except OSError:
        pass  # a read-only settings folder only loses the figure


def measured_speeds(name: str) -> dict[str, float]:
    """{"cpu/int8": 17.2, …}: speeds of this model measured on this computer."""
    try:
        speeds = json.loads(_speeds_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {key.split("|", 1)[1]: float(v) for key, v in speeds.items() if key.split("|", 1)[0] == name}


def speed_note(model: CatalogueModel, device_key: str) -> str:
    """What is known of this model's speed for a device ("cpu/int8", "cuda/float16")."""
    here = measured_speeds(model.name).get(device_key)
    if here is not None:
        return f"{here:.0f}× real time here"
    reference = REFERENCE_SPEEDS.get((model.name, device_key))
    if reference is not None:
        return f"{reference[0]:.0f}× real time on a {reference[1]}"
    return "not measured on this device yet"


def recommend(device_key: str) -> CatalogueModel | None:
    """The largest present model measured here at 2× real time or better (time to spare for an interview)."""
    here = local_models()
    fast = [m for m in CATALOGUE if m.name in here and measured_speeds(m.name).get(device_key, 0.0) >= 2.0]
    return max(fast, key=lambda m: m.parameters_m, default=None)


def whisper_languages() -> tuple[str, ...]:
    """Every language code Whisper knows, as faster-whisper lists them."""
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    return tuple(_LANGUAGE_CODES)
