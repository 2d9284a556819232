"""Timed turns as transcript segments. Files give times per turn or cue, not per word, so each word
gets a time spread evenly over its piece by characters: playback follows along within a second or two,
and click-to-seek and playing an extract work."""

from __future__ import annotations

import re

from qda_desktop.core.commands.transcripts import SegmentData, Word
from qda_desktop.exchange.readers.base import Piece, Turn

WORD = re.compile(r"\S+")
SECONDS_PER_WORD = 0.4  # a turn with no end time lasts this long per word (about 150 words a minute)
MIN_TURN_S = 1.0


def _ends(pieces: list[Piece], duration_s: float | None) -> list[float]:
    """Each piece's end: its own, else the next piece's start, else an estimate from its length."""
    ends = []
    for index, piece in enumerate(pieces):
        following = next((p.start_s for p in pieces[index + 1 :] if p.start_s > piece.start_s), None)
        estimate = piece.start_s + max(MIN_TURN_S, SECONDS_PER_WORD * len(piece.text.split()))
        end = piece.end_s if piece.end_s is not None else (following if following is not None else estimate)
        if duration_s is not None:
            end = min(end, max(duration_s, piece.start_s))
        ends.append(max(end, piece.start_s))
    return ends


def segments_from_turns(turns: tuple[Turn, ...], duration_s: float | None = None) -> tuple[SegmentData, ...]:
    pieces = [piece for turn in turns for piece in turn.pieces]
    ends = iter(_ends(pieces, duration_s))
    segments = []
    for turn in turns:
        words: list[Word] = []
        body = ""
        start = end = turn.start_s
        for piece in turn.pieces:
            end = next(ends)
            text = piece.text.strip()
            if not text:
                continue
            offset = len(body) + (1 if body else 0)
            body = f"{body} {text}" if body else text
            words.extend(_timed_words(body, offset, text, piece.start_s, end))
        if body:
            segments.append(SegmentData(start, max(end, start), body, tuple(words), turn.speaker))
    return tuple(segments)


def _timed_words(body: str, offset: int, text: str, start: float, end: float) -> list[Word]:
    """Words of ``text`` (at ``offset`` in ``body``), each carrying the blank space before it so the
    words joined give ``body`` back exactly."""
    words = []
    span = max(0.0, end - start)
    for match in WORD.finditer(text):
        lead_from = offset + match.start()
        while lead_from > 0 and body[lead_from - 1].isspace():
            lead_from -= 1
        w_start = start + span * match.start() / len(text)
        w_end = start + span * match.end() / len(text)
        words.append(Word(body[lead_from : offset + match.end()], round(w_start, 3), round(w_end, 3)))
    return words
