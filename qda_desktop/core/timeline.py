"""Text ↔ time for a transcript: which seconds a passage covers, which word plays at a moment.

Built from the segments' word lists (``Segment.words``: [word, start_s, end_s, char_start, char_end]);
every lookup is a binary search.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qda_desktop.store.models import Segment

# A word stays current this long after it ends (pauses between words).
LINGER_S = 0.5


@dataclass(frozen=True)
class TimedWord:
    start_s: float
    end_s: float
    char_start: int
    char_end: int


@dataclass(frozen=True)
class TimedSegment:
    start_s: float
    end_s: float
    char_start: int
    char_end: int
    speaker: str


class Timeline:
    def __init__(self, words: list[TimedWord], segments: list[TimedSegment]) -> None:
        self.words = sorted(words, key=lambda w: w.char_start)
        self.segments = sorted(segments, key=lambda s: s.start_s)
        self._word_chars = [w.char_start for w in self.words]
        self._by_time = sorted(self.words, key=lambda w: w.start_s)
        self._word_times = [w.start_s for w in self._by_time]
        self._segment_starts = [s.start_s for s in self.segments]

    def time_span(self, start: int, end: int) -> tuple[float, float] | None:
        """Seconds covered by the words inside [start, end) of the text; None if no word is there."""
        if not self.words or end <= start:
            return None
        first = max(0, bisect_right(self._word_chars, start) - 1)
        if self.words[first].char_end <= start and first + 1 < len(self.words):
            first += 1
        last = max(first, bisect_right(self._word_chars, end - 1) - 1)
        if self.words[first].char_start >= end:
            return None
        return self.words[first].start_s, self.words[last].end_s

    def word_at(self, seconds: float) -> TimedWord | None:
        index = bisect_right(self._word_times, seconds) - 1
        if index < 0:
            return None
        word = self._by_time[index]
        return word if seconds <= word.end_s + LINGER_S else None

    def segment_at(self, seconds: float) -> TimedSegment | None:
        index = bisect_right(self._segment_starts, seconds) - 1
        if index < 0:
            return None
        segment = self.segments[index]
        return segment if seconds <= segment.end_s + LINGER_S else None


def document_timeline(session: Session, document_id: int) -> Timeline:
    """The timeline of a transcript (empty for a plain-text document)."""
    words: list[TimedWord] = []
    segments: list[TimedSegment] = []
    for segment in session.scalars(select(Segment).where(Segment.document_id == document_id).order_by(Segment.idx)):
        segments.append(
            TimedSegment(segment.start_s, segment.end_s, segment.char_start, segment.char_end, segment.speaker)
        )
        for word in json.loads(segment.words):
            words.append(TimedWord(float(word[1]), float(word[2]), int(word[3]), int(word[4])))
    return Timeline(words, segments)
