"""What a reader returns, and the one way a reader refuses a file (a message naming it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qda_desktop.errors import InvalidInput


@dataclass(frozen=True)
class Piece:
    """A stretch of speech with its own times (one subtitle cue, one timed anchor)."""

    start_s: float
    end_s: float | None  # None: until the next piece starts
    text: str


@dataclass(frozen=True)
class Turn:
    """One speaker's turn: its pieces in order (their texts joined by a space make the turn's text)."""

    speaker: str
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)

    @property
    def start_s(self) -> float:
        return self.pieces[0].start_s


@dataclass(frozen=True)
class ReadDocument:
    """A file read into plain text, or into timed turns when it is a transcript."""

    text: str = ""
    turns: tuple[Turn, ...] = ()
    kind: str = "text"  # what the file was read as: "Word document", "subtitles (SRT)", …

    @property
    def is_transcript(self) -> bool:
        return bool(self.turns)


def refuse(path: Path, problem: str) -> InvalidInput:
    """The error for a file that cannot be imported: ``name: problem`` on one line."""
    return InvalidInput(f"{path.name}: {problem}")
