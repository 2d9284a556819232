"""Aligning a transcript the researcher typed to its recording: the words a local transcription heard
(with their times) are matched to her words (difflib over normalised words), so her text stays exactly
as it is and gains times. Words the model heard differently take times between their matched neighbours."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qda_desktop.core.commands.transcript_import import PlacedSegment
from qda_desktop.exchange.readers.transcripts import split_label

TOKEN = re.compile(r"\S+")
NOT_WORD = re.compile(r"[^\w']+")
Span = tuple[float, float]
MARKER = re.compile(r"^\[[^\]]*\]$|^\([^)]*\)$")  # [laughs], (pause): not spoken words


@dataclass(frozen=True)
class HeardWord:
    text: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class TextWord:
    key: str  # normalised for matching
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Alignment:
    segments: tuple[PlacedSegment, ...]
    matched: int  # words of the text matched to a heard word
    total: int

    @property
    def share(self) -> float:
        return self.matched / self.total if self.total else 0.0


def normalise(word: str) -> str:
    return NOT_WORD.sub("", word.lower().replace("’", "'")).strip("'")


def paragraphs(text: str) -> list[tuple[str, int, int]]:
    """(speaker, start, end) of each non-blank line; a ``Name:`` label is the speaker, not spoken text."""
    found = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if not line.strip():
            continue
        speaker, body = split_label(line.strip())
        start = match.start() + (line.index(body) if speaker else len(line) - len(line.lstrip()))
        found.append((speaker, start, match.start() + len(line.rstrip())))
    return found


def text_words(text: str, start: int, end: int) -> list[TextWord]:
    words = []
    for match in TOKEN.finditer(text, start, end):
        key = normalise(match.group())
        if key and not MARKER.match(match.group()):
            words.append(TextWord(key, match.start(), match.end()))
    return words


def match_times(words: Sequence[TextWord], heard: Sequence[HeardWord]) -> tuple[list[Span | None], int]:
    """Each text word's times where it matches a heard word (None elsewhere), and how many matched."""
    matcher = difflib.SequenceMatcher(None, [w.key for w in words], [normalise(h.text) for h in heard], False)
    times: list[Span | None] = [None] * len(words)
    matched = 0
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            word = heard[block.b + offset]
            times[block.a + offset] = (word.start_s, word.end_s)
            matched += 1
    return times, matched


def fill_gaps(words: Sequence[TextWord], times: list[Span | None], end_s: float) -> list[Span]:
    """Unmatched words share the time between the matched words around them, by their length."""
    filled: list[Span] = []
    index = 0
    while index < len(words):
        known = times[index]
        if known is not None:
            filled.append(known)
            index += 1
            continue
        run_end = index
        while run_end < len(words) and times[run_end] is None:
            run_end += 1
        after = times[run_end] if run_end < len(words) else None
        low = filled[-1][1] if filled else 0.0
        high = after[0] if after is not None else max(end_s, low)
        lengths = [len(w.key) + 1 for w in words[index:run_end]]
        total, done = sum(lengths), 0
        for length in lengths:
            start = low + (high - low) * done / total
            done += length
            filled.append((start, low + (high - low) * done / total))
        index = run_end
    return filled


def align(text: str, heard: Sequence[HeardWord], duration_s: float) -> Alignment:
    lines = paragraphs(text)
    per_line = [text_words(text, start, end) for _, start, end in lines]
    words = [w for line in per_line for w in line]
    times, matched = match_times(words, heard)
    filled = iter(fill_gaps(words, times, duration_s))
    segments = []
    for (speaker, start, end), line_words in zip(lines, per_line, strict=True):
        if not line_words:
            continue
        timed = []
        for word in line_words:
            start_s, end_s = next(filled)
            piece = text[word.char_start : word.char_end]
            timed.append((piece, round(start_s, 3), round(end_s, 3), word.char_start, word.char_end))
        segments.append(PlacedSegment(speaker, timed[0][1], timed[-1][2], start, end, tuple(timed)))
    return Alignment(tuple(segments), matched, len(words))
