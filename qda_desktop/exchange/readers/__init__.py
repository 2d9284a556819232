"""Readers turn one file into plain text or timed turns; ``READERS`` maps a file suffix to its reader."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from qda_desktop.errors import QdaError
from qda_desktop.exchange.readers.base import Piece, ReadDocument, Turn, refuse
from qda_desktop.exchange.readers.html import read_html
from qda_desktop.exchange.readers.office import read_docx, read_odt
from qda_desktop.exchange.readers.pdf import read_pdf
from qda_desktop.exchange.readers.text import read_markdown, read_plain, read_rtf
from qda_desktop.exchange.readers.transcripts import read_srt, read_timed_text, read_vtt

Reader = Callable[[Path], ReadDocument]
RECORDINGS = {".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma", ".mp4", ".mov", ".mkv", ".webm"}


def read_txt(path: Path) -> ReadDocument:
    """Plain text; a timed transcript when most of its turns start with a timestamp."""
    document = read_plain(path)
    return (read_timed_text(path, document.text) or document) if document.kind == "text" else document


READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".docx": read_docx,
    ".odt": read_odt,
    ".pdf": read_pdf,
    ".rtf": read_rtf,
    ".html": read_html,
    ".htm": read_html,
    ".srt": read_srt,
    ".vtt": read_vtt,
}


def check_regular_file(path: Path) -> None:
    """A clear error for a missing file, a folder, a pipe… before anything reads it."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise refuse(path, "no such file") from None
    except OSError as exc:
        raise refuse(path, f"cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(mode):
        raise refuse(path, "is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise refuse(path, "is not a regular file")


def read_document(path: Path, readers: dict[str, Reader] = READERS) -> ReadDocument:
    """Read one file with the reader for its suffix; every failure is one ``InvalidInput`` naming the file."""
    reader = readers.get(path.suffix.lower())
    if reader is None:
        if path.suffix.lower() in RECORDINGS:
            raise refuse(
                path,
                f"unsupported file type '{path.suffix}': a recording, not a document (transcribe it, "
                "or give it with --recording to link a timed transcript to it)",
            )
        kinds = " ".join(sorted(readers))
        raise refuse(path, f"unsupported file type '{path.suffix}' (documents: {kinds})")
    check_regular_file(path)
    try:
        document = reader(path)
    except QdaError:
        raise
    except OSError as exc:
        raise refuse(path, f"cannot be read ({exc.strerror or exc})") from None
    except (MemoryError, RecursionError):
        raise refuse(path, "too large or too deeply nested to read; refused") from None
    except Exception as exc:  # a reader library's own error on a file it could not make sense of
        raise refuse(path, f"cannot be read ({type(exc).__name__}: {str(exc)[:200]})") from None
    check_line_length(path, document.text or "\n".join(turn.text for turn in document.turns))
    return document


MAX_LINE_CHARS = 1_000_000  # a paragraph longer than this is no prose anyone reads, and no editor lays it out


def check_line_length(path: Path, text: str) -> None:
    """Refuse a text whose longest line could not be shown: a 50 MB file with no line break, say."""
    if len(text) <= MAX_LINE_CHARS:
        return
    longest = max(map(len, text.split("\n")))
    if longest > MAX_LINE_CHARS:
        raise refuse(
            path,
            f"one line of {longest:,} characters without a line break (the limit is {MAX_LINE_CHARS:,}); "
            "this is not a readable document — add paragraph breaks first",
        )


__all__ = ["READERS", "Piece", "ReadDocument", "Reader", "Turn", "check_regular_file", "read_document"]
