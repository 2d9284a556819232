"""Word timestamps from a local transcription, for aligning a transcript someone typed to its recording.

It runs faster-whisper in this process, on the CPU: the words are all that is kept (no segments are
stored), and the text that is aligned stays the researcher's own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def heard_words(audio: np.ndarray, model_path: Path, language: str | None = None) -> list[tuple[str, float, float]]:
    """(word, start_s, end_s) for every word the model hears in 16 kHz mono ``audio``."""
    from faster_whisper import WhisperModel

    model = WhisperModel(str(model_path), device="cpu", compute_type="int8")
    segments, _info = model.transcribe(audio, language=language, word_timestamps=True)
    return [(w.word.strip(), float(w.start), float(w.end)) for s in segments for w in (s.words or []) if w.word.strip()]
