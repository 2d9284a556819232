"""Reading plain-text files for import, with clear errors naming the file."""

from __future__ import annotations

from pathlib import Path

from qda_desktop.errors import InvalidInput

TEXT_SUFFIXES = {".txt", ".text", ".md"}
MAX_TEXT_BYTES = 50 * 1024 * 1024


def read_text_file(path: Path) -> str:
    """Decode a UTF-8 (or UTF-16 with BOM) text file; anything else is refused with a reason."""
    if not path.is_file():
        raise InvalidInput(f"{path.name}: no such file")
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise InvalidInput(f"{path.name}: unsupported file type '{path.suffix}' (plain text .txt or .md)")
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise InvalidInput(f"{path.name}: too large for a text document ({size // 1_000_000} MB)")
    data = path.read_bytes()
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path.name}: not valid UTF-8 text (byte {exc.start}); save it as UTF-8 and import again"
        ) from None
    if "\x00" in text:
        raise InvalidInput(f"{path.name}: contains NUL bytes; this looks like a binary file, not text")
    return text
