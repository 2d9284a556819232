"""Whisper models on this computer: a folder the user points to, or one kept in the app's model folder."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from qda_desktop.core.settings import config_dir
from qda_desktop.errors import QdaError

REQUIRED_FILES = ("model.bin", "config.json")
ENGLISH_VOCABULARY = 51_864


class ModelNotFound(QdaError):
    pass


def models_dir() -> Path:
    override = os.environ.get("QDA_MODELS_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("qda-desktop", appauthor=False)) / "models"


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    size_bytes: int
    english_only: bool

    @property
    def languages(self) -> str:
        return "English only" if self.english_only else "multilingual"


def is_model_dir(path: Path) -> bool:
    return path.is_dir() and all((path / f).is_file() for f in REQUIRED_FILES)


def resolve(spec: str | Path | None) -> Path:
    """A model folder from a path, a name in the model folder, or QDA_WHISPER_MODEL."""
    candidates: list[Path] = []
    if spec:
        candidates += [Path(spec).expanduser(), models_dir() / str(spec), models_dir() / f"faster-whisper-{spec}"]
    elif os.environ.get("QDA_WHISPER_MODEL"):
        candidates.append(Path(os.environ["QDA_WHISPER_MODEL"]))
    else:
        candidates += sorted(p for p in models_dir().glob("*") if is_model_dir(p))
    for candidate in candidates:
        if is_model_dir(candidate):
            return candidate.resolve()
    where = f"'{spec}'" if spec else "no model given"
    raise ModelNotFound(
        f"{where}: no faster-whisper model found (a folder with model.bin and config.json); "
        f"point to one with --model, or put it in {models_dir()}"
    )


def describe(path: Path) -> ModelInfo:
    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    return ModelInfo(path.name, path, size, _english_only(path))


def _english_only(path: Path) -> bool:
    """English-only Whisper vocabularies have 51,864 tokens; multilingual ones have more."""
    vocabulary = path / "vocabulary.txt"
    if vocabulary.is_file():
        with open(vocabulary, encoding="utf-8") as fh:
            return sum(1 for _ in fh) <= ENGLISH_VOCABULARY
    return path.name.endswith(".en")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def model_sha256(path: Path) -> str:
    """SHA-256 of a model folder's weights (model.bin), recorded with every transcript.

    Large models take seconds to hash, so the result is remembered per file (path, size, mtime).
    """
    weights = (path / "model.bin").resolve()
    stat = weights.stat()
    key = f"{weights}|{stat.st_size}|{stat.st_mtime_ns}"
    cache_file = config_dir() / "model-hashes.json"
    try:
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    if key not in cache:
        cache[key] = file_sha256(weights)
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            cache_file.write_text(json.dumps(cache, indent=1), encoding="utf-8")
        except OSError:
            pass  # a read-only settings folder only costs the hashing again next time
    return str(cache[key])
