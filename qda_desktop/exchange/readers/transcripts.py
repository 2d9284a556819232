"""Timed transcripts: SRT and WebVTT subtitles, and text with a timestamp at the start of each turn
(``[00:01:23] Name: …``, ``00:01:23 Name: …``, ``(01:23) Name: …``)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from qda_desktop.exchange.readers.base import Piece, ReadDocument, Turn, refuse
from qda_desktop.exchange.readers.safety import MAX_TEXT_BYTES, not_a, read_capped
from qda_desktop.exchange.readers.text import text_of

CLOCK = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
CUE_TIMING = re.compile(rf"^\s*({CLOCK})\s*-->\s*({CLOCK})")
LABEL = re.compile(r"^(?P<name>[^\s:\[\](){}<>][^:\n]{0,40}?)\s*:\s+(?P<body>\S.*)$", re.DOTALL)
NOT_IN_NAMES = re.compile(r"[.?!;,\"“”]|^\d+$")
MAX_NAME_WORDS = 4
MERGE_GAP_S = 2.0  # cues of one speaker closer than this make one turn


def seconds(clock: str) -> float:
    """``01:02:03.5`` / ``02:03,5`` / ``1:02:03`` as seconds."""
    parts = clock.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def split_label(text: str) -> tuple[str, str]:
    """``Name: words`` → (Name, words); text without a plausible speaker label → ("", text)."""
    match = LABEL.match(text)
    if match is None:
        return "", text
    name = match.group("name").strip()
    if NOT_IN_NAMES.search(name) or len(name.split()) > MAX_NAME_WORDS:
        return "", text
    return name, match.group("body")


@dataclass(frozen=True)
class Cue:
    start_s: float
    end_s: float
    speaker: str | None  # None: the cue names no one
    text: str


def cues_to_turns(cues: list[Cue]) -> tuple[Turn, ...]:
    """Consecutive cues of one speaker make one turn; a cue that names no one continues a named
    speaker's turn; without any names each cue is a turn of its own."""
    turns: list[tuple[str, list[Piece]]] = []
    for cue in cues:
        piece = Piece(cue.start_s, cue.end_s, cue.text)
        if turns:
            speaker, pieces = turns[-1]
            last_end = pieces[-1].end_s or pieces[-1].start_s
            same = cue.speaker == speaker or (cue.speaker is None and speaker != "")
            if same and speaker and cue.start_s - last_end < MERGE_GAP_S:
                pieces.append(piece)
                continue
        turns.append((cue.speaker or "", [piece]))
    return tuple(Turn(speaker, tuple(pieces)) for speaker, pieces in turns)


def _blocks(text: str) -> list[list[str]]:
    return [block.split("\n") for block in re.split(r"\n[ \t]*\n", text.strip("\n")) if block.strip()]


def _timed(block: list[str]) -> tuple[int, re.Match[str]] | None:
    for index, line in enumerate(block[:3]):
        match = CUE_TIMING.match(line)
        if match:
            return index, match
    return None


TAG = re.compile(r"<[^>]*>")
SRT_POSITION = re.compile(r"\{\\[^}]*\}")
VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")


def _cue_text(lines: list[str]) -> str:
    joined = " ".join(line.strip() for line in lines if line.strip())
    return html.unescape(TAG.sub("", SRT_POSITION.sub("", joined))).strip()


def read_srt(path: Path) -> ReadDocument:
    data = read_capped(path, MAX_TEXT_BYTES)
    cues: list[Cue] = []
    for block in _blocks(text_of(path, data)):
        timed = _timed(block)
        if timed is None:
            continue
        index, match = timed
        speaker, body = split_label(_cue_text(block[index + 1 :]))
        if body:
            cues.append(Cue(seconds(match.group(1)), seconds(match.group(2)), speaker or None, body))
    if not cues:
        raise not_a(path, "SRT subtitles (no cue times such as 00:00:01,000 --> 00:00:04,000)", data)
    return ReadDocument(turns=cues_to_turns(cues), kind="subtitles (SRT)")


def read_vtt(path: Path) -> ReadDocument:
    data = read_capped(path, MAX_TEXT_BYTES)
    text = text_of(path, data)
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise not_a(path, "WebVTT subtitles (the file does not start with WEBVTT)", data)
    cues: list[Cue] = []
    for block in _blocks(text)[1:]:
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timed = _timed(block)
        if timed is None:
            continue
        index, match = timed
        raw = " ".join(block[index + 1 :])
        voice = VOICE.search(raw)
        speaker, body = (voice.group(1).strip(), _cue_text([raw])) if voice else split_label(_cue_text([raw]))
        if body:
            cues.append(Cue(seconds(match.group(1)), seconds(match.group(2)), speaker or None, body))
    if not cues:
        raise refuse(path, "the WebVTT file holds no cues; nothing to import")
    return ReadDocument(turns=cues_to_turns(cues), kind="subtitles (WebVTT)")


# -- text with timestamps ----------------------------------------------------------------------

TIMED_LINE = re.compile(rf"^[ \t]*(?:\[({CLOCK})\]|\(({CLOCK})\)|({CLOCK}))[ \t]*(?:[-–—][ \t]*)?(.*)$")
MIN_TIMED_LINES = 2


def timed_turns(text: str) -> tuple[Turn, ...] | None:
    """Turns when most turns of ``text`` start with a timestamp; None for ordinary text. Lines without a
    timestamp continue the turn above; lines before the first timestamp make an opening turn at 0:00."""
    lines = text.split("\n")
    matches = [TIMED_LINE.match(line) for line in lines]
    timed = sum(1 for m in matches if m)
    paragraphs = sum(1 for i, line in enumerate(lines) if line.strip() and (i == 0 or not lines[i - 1].strip()))
    if timed < MIN_TIMED_LINES or timed * 2 < paragraphs:
        return None
    turns: list[tuple[float, str, list[str]]] = []
    for line, match in zip(lines, matches, strict=True):
        if match:
            clock = match.group(1) or match.group(2) or match.group(3)
            speaker, body = split_label(match.group(4).strip())
            turns.append((seconds(clock), speaker, [body] if body else []))
        elif line.strip():
            if not turns:
                turns.append((0.0, "", []))
            turns[-1][2].append(line.rstrip())
    return tuple(Turn(speaker, (Piece(start, None, "\n".join(body)),)) for start, speaker, body in turns if body)


def read_timed_text(path: Path, text: str) -> ReadDocument | None:
    turns = timed_turns(text)
    return ReadDocument(turns=turns, kind="timestamped transcript") if turns else None
