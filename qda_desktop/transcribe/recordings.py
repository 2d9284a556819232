"""Probing and decoding recordings with PyAV, from files or from the encrypted store, in memory."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from qda_desktop.errors import InvalidInput

SAMPLE_RATE = 16_000
AUDIO_SUFFIXES = {".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".mkv", ".webm", ".avi", ".m4v"}
MAX_RECORDING_BYTES = 4 * 1024**3


@dataclass(frozen=True)
class RecordingInfo:
    duration_s: float
    codec: str
    sample_rate: int
    channels: int
    container: str
    mime: str


def probe(path: Path) -> RecordingInfo:
    """What PyAV can tell about ``path``'s audio; a clear error naming the file otherwise."""
    import av

    if not path.is_file():
        raise InvalidInput(f"{path.name}: no such file")
    suffix = path.suffix.lower()
    if suffix not in AUDIO_SUFFIXES | VIDEO_SUFFIXES:
        supported = ", ".join(sorted(AUDIO_SUFFIXES | VIDEO_SUFFIXES))
        raise InvalidInput(f"{path.name}: unsupported recording type '{path.suffix}' ({supported})")
    if path.stat().st_size > MAX_RECORDING_BYTES:
        raise InvalidInput(f"{path.name}: larger than 4 GB; split the recording first")
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise InvalidInput(f"{path.name}: has no audio track")
            stream = container.streams.audio[0]
            duration = _duration(container, stream)
            codec = stream.codec_context.name
            rate, channels = int(stream.codec_context.sample_rate or 0), int(stream.codec_context.channels or 0)
            container_name = container.format.name
    except InvalidInput:
        raise
    except Exception as exc:  # PyAV raises many kinds for damaged or foreign files
        raise InvalidInput(f"{path.name}: cannot be read as audio ({_first_line(exc)})") from None
    if duration <= 0:
        raise InvalidInput(f"{path.name}: contains no audio")
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return RecordingInfo(duration, codec, rate, channels, container_name, mime)


def _duration(container: object, stream: object) -> float:
    import av

    assert isinstance(container, av.container.InputContainer)
    if container.duration:
        return float(container.duration) / av.time_base
    if stream.duration and stream.time_base:  # type: ignore[attr-defined]
        return float(stream.duration * stream.time_base)  # type: ignore[attr-defined]
    # Some containers do not state a duration: decode to count.
    samples, rate = 0, 0
    for frame in container.decode(audio=0):
        samples += frame.samples
        rate = frame.sample_rate
    return samples / rate if rate else 0.0


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def decode(source: BinaryIO | str, name: str = "recording") -> np.ndarray:
    """16 kHz mono float32 samples, decoded in memory (the source may be an encrypted-store stream)."""
    from faster_whisper.audio import decode_audio

    try:
        audio = decode_audio(source, sampling_rate=SAMPLE_RATE)
    except Exception as exc:
        raise InvalidInput(f"{name}: cannot be decoded ({_first_line(exc)})") from None
    assert isinstance(audio, np.ndarray)
    return audio
