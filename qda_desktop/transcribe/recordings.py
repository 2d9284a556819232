"""Probing and decoding recordings with PyAV, from files or from the encrypted store, in memory."""

from __future__ import annotations

import gc
import mimetypes
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from qda_desktop.core.timecode import clock
from qda_desktop.errors import InvalidInput

SAMPLE_RATE = 16_000
AUDIO_SUFFIXES = {".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma"}
VIDEO_SUFFIXES = {".mp4", ".mov", ".mkv", ".webm", ".avi", ".m4v"}
MAX_RECORDING_BYTES = 4 * 1024**3
TRUNCATED_S = 1.0  # a recording this much shorter than its header says is reported as cut off
SILENCE = 1e-4  # peak amplitude (-80 dBFS) below which a recording holds nothing to transcribe
GROUP_SAMPLES = 500_000  # source samples resampled at a time (as faster-whisper's decode_audio does)


@dataclass(frozen=True)
class RecordingInfo:
    duration_s: float
    codec: str
    sample_rate: int
    channels: int
    container: str
    mime: str
    missing_s: float = 0.0  # how much of the duration its header states is not in the file (a cut-off copy)

    def warning(self, name: str) -> str:
        """One line for a recording that ends early, or empty."""
        if self.missing_s < TRUNCATED_S:
            return ""
        stated = self.duration_s + self.missing_s
        return (
            f"{name}: the file ends early: {clock(self.missing_s)} of the {clock(stated)} its header states is "
            f"missing (an interrupted copy?); the {clock(self.duration_s)} that are there are kept"
        )


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
            present = _present_duration(container, stream)
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
    missing = max(duration - present, _wav_missing_s(path) if suffix == ".wav" else 0.0) if present else 0.0
    kept = min(duration, present) if present else duration
    return RecordingInfo(kept, codec, rate, channels, container_name, mime, missing if missing >= TRUNCATED_S else 0.0)


def _present_duration(container: object, stream: object) -> float:
    """Where the audio really ends: the last packet's end (packets are read, not decoded; fast)."""
    end = 0.0
    for packet in container.demux(stream):  # type: ignore[attr-defined]
        if packet.pts is not None and packet.duration:
            end = max(end, float((packet.pts + packet.duration) * packet.time_base))
    return end


def _wav_missing_s(path: Path) -> float:
    """A WAV header states its length; FFmpeg quietly trusts the file's size instead, so compare the two."""
    import wave

    try:
        with wave.open(str(path), "rb") as wav:
            frame_bytes = wav.getsampwidth() * wav.getnchannels()
            stated, rate = wav.getnframes(), wav.getframerate()
            with open(path, "rb") as fh:
                fh.seek(0, 2)
                size = fh.tell()
    except (wave.Error, EOFError, OSError):
        return 0.0  # not a plain PCM WAV: FFmpeg's own reading stands
    present = max(0, size - 44) // frame_bytes if frame_bytes else stated
    return max(0.0, (stated - present) / rate) if rate else 0.0


def check_not_silent(audio: np.ndarray, name: str) -> None:
    """Refuse a recording with no sound in it (a muted microphone, a blank file)."""
    check_peak(float(np.max(np.abs(audio))) if audio.size else 0.0, name)


def check_peak(peak: float, name: str) -> None:
    """Refuse a recording whose loudest sample is ``peak``, where that is silence."""
    if peak < SILENCE:
        raise InvalidInput(f"{name}: the recording is silent (nothing louder than -80 dBFS); nothing to transcribe")


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


def stream(source: BinaryIO | str, name: str = "recording") -> Generator[np.ndarray, None, None]:
    """The samples ``decode`` gives, a block of some seconds at a time, so that a long recording is never
    held whole. Reading is stopped by the source (an ``InterruptedError`` from a cancelled store stream)."""
    import av

    resampler = av.audio.resampler.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    try:
        with av.open(source, mode="r", metadata_errors="ignore") as container:
            for frame in _resampled(_grouped(_valid(container.decode(audio=0))), resampler):
                yield frame.to_ndarray().reshape(-1).astype(np.float32) / 32768.0
    except InterruptedError:
        raise
    except Exception as exc:
        raise InvalidInput(f"{name}: cannot be decoded ({_first_line(exc)})") from None
    finally:
        del resampler
        gc.collect()  # PyAV's resampler holds memory until collected (faster-whisper does the same)


def _valid(frames: Iterator[Any]) -> Iterator[Any]:
    """Frames, skipping the ones FFmpeg reports as invalid data."""
    import av

    while True:
        try:
            yield next(frames)
        except StopIteration:
            return
        except av.error.InvalidDataError:
            continue


def _grouped(frames: Iterator[Any]) -> Iterator[Any]:
    import av

    fifo = av.audio.fifo.AudioFifo()
    for frame in frames:
        frame.pts = None  # no timestamp check: frames are joined as they come
        fifo.write(frame)
        if fifo.samples >= GROUP_SAMPLES:
            yield fifo.read()
    if fifo.samples > 0:
        yield fifo.read()


def _resampled(frames: Iterator[Any], resampler: Any) -> Iterator[Any]:
    for frame in frames:
        yield from resampler.resample(frame)
    yield from resampler.resample(None)  # what the resampler still holds


def peaks(blocks: Iterator[np.ndarray], per_bin: int) -> np.ndarray:
    """The loudest sample of every ``per_bin`` samples (a trailing part bin is left out), block by block."""
    found: list[np.ndarray] = []
    rest = np.zeros(0, np.float32)
    for block in blocks:
        joined = np.concatenate([rest, block])
        usable = len(joined) // per_bin * per_bin
        if usable:
            found.append(np.abs(joined[:usable]).reshape(-1, per_bin).max(axis=1))
        rest = joined[usable:]
    return np.concatenate(found) if found else np.zeros(0, np.float32)
