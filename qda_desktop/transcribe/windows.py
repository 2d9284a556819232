"""A recording handed to the transcription worker a window at a time, decoded from the encrypted store as
it is needed: neither the app nor the worker ever holds the whole recording.

A window that does not reach the end of the recording ends in a pause (see ``cut_point``, run by the
worker); the next window starts exactly there, so no word is cut in two, dropped or heard twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from qda_desktop.transcribe.recordings import SAMPLE_RATE, check_peak

WINDOW_S = 600.0  # audio per window: about 38 MB of samples
SEARCH_SHARE = 0.4  # a window's cut is looked for in its last 40%
MIN_PAUSE_MS = 100  # pauses the cut may fall in, by the fine-grained VAD


@dataclass(frozen=True)
class Window:
    start_s: float
    samples: np.ndarray
    last: bool  # it reaches the end of the recording

    @property
    def end_s(self) -> float:
        return self.start_s + len(self.samples) / SAMPLE_RATE


class Windows:
    """Decoded samples from ``start_s`` on, kept only from the current window's start to its end."""

    def __init__(self, blocks: Iterator[np.ndarray], start_s: float, name: str, window_s: float = WINDOW_S) -> None:
        self._blocks = blocks
        self._name = name
        self._size = max(SAMPLE_RATE, round(window_s * SAMPLE_RATE))
        self._buffer = np.zeros(0, np.float32)
        self._position = 0  # the sample (from the recording's start) that ``_buffer`` starts at
        self._ended = False
        self.peak = 0.0  # the loudest sample decoded so far
        self.first = self.at(start_s)

    def at(self, start_s: float) -> Window:
        """The window starting at ``start_s`` (never before the previous one's start)."""
        start = max(self._position, round(start_s * SAMPLE_RATE))
        pieces = [self._buffer[start - self._position :]]
        have, end = len(pieces[0]), self._position + len(self._buffer)  # ``end``: the first sample not read yet
        while not self._ended and have <= self._size:  # one sample more than a window tells whether it is the last
            block = next(self._blocks, None)
            if block is None:
                self._ended = True
                break
            if block.size:
                self.peak = max(self.peak, float(np.max(np.abs(block))))
            block, end = block[max(0, min(len(block), start - end)) :], end + len(block)
            pieces.append(block)
            have += len(block)
        self._buffer = np.concatenate([p for p in pieces if p.size] or [np.zeros(0, np.float32)])
        self._position = start
        last = self._ended and len(self._buffer) <= self._size
        if last:
            check_peak(self.peak, self._name)
        return Window(start / SAMPLE_RATE, self._buffer[: self._size], last)


def cut_point(audio: np.ndarray) -> int:
    """Where a window that does not reach the end of the recording should end (in samples): in the middle
    of the longest pause of its last part (the latest, among equals), found by faster-whisper's VAD with
    fine-grained settings. Without any pause there (rare: minutes of unbroken speech) it ends where it is."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    begin = int(len(audio) * (1 - SEARCH_SHARE))
    options = VadOptions(min_silence_duration_ms=MIN_PAUSE_MS, speech_pad_ms=0)
    speech = get_speech_timestamps(audio[begin:], options)
    edges = [0, *(x for chunk in speech for x in (chunk["start"], chunk["end"])), len(audio) - begin]
    pauses = [(edges[i + 1] - edges[i], edges[i]) for i in range(0, len(edges) - 1, 2)]
    length, at = max(pauses)
    return begin + at + length // 2 if length > 0 else len(audio)
