"""Plain text (any common encoding), Markdown (kept as written) and RTF."""

from __future__ import annotations

import re
from pathlib import Path

from qda_desktop.core.textfiles import normalise_text
from qda_desktop.exchange.readers.base import ReadDocument, refuse
from qda_desktop.exchange.readers.safety import MAX_TEXT_BYTES, not_a, read_capped, sniff

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
ASCII = bytes(range(128))
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
WESTERN = ("cp1252", "latin_1", "iso8859_15")
MAX_CONTROL_SHARE = 0.01  # more control characters than this: binary data, not text


def decode_text(path: Path, data: bytes) -> str:
    """Text from bytes: a BOM wins, then UTF-8, then the encoding charset-normalizer finds; binary data
    and files that mix UTF-8 with another encoding are refused rather than turned into mojibake."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _checked(path, data.decode(encoding), data)
            except UnicodeDecodeError as exc:
                raise refuse(path, f"not valid {encoding.upper()} text (byte {exc.start}) despite its BOM") from None
    if b"\x00" in data:
        raise _binary(path, data)
    try:
        return _checked(path, data.decode("utf-8"), data)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    in_sequences = sum(len(m) for m in UTF8_SEQUENCE.findall(data))
    stray = len(data.translate(None, ASCII)) - in_sequences  # high bytes outside UTF-8 sequences
    if in_sequences and in_sequences >= stray:
        raise refuse(
            path,
            f"not valid UTF-8 (byte {first_bad}), although most of it is: the file mixes encodings; "
            "save it as UTF-8 and import again",
        )
    return _checked(path, _guess(path, data), data)


def _guess(path: Path, data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise refuse(path, "not valid UTF-8 and not text in any encoding that could be recognised")
    # Short texts often fit several code pages equally well: then Western (Windows-1252) wins.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return str(best)
    tied = (m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence)
    return western if any(m.encoding in WESTERN or str(m) == western for m in tied) else str(best)


def _checked(path: Path, text: str, data: bytes) -> str:
    controls = len(CONTROL.findall(text[:1_000_000]))
    if controls > MAX_CONTROL_SHARE * min(len(text), 1_000_000) or "\x00" in text[:1_000_000]:
        raise _binary(path, data)
    return text


def _binary(path: Path, data: bytes) -> Exception:
    what = sniff(data)
    return refuse(path, f"binary data, not text{' (it is ' + what + ')' if what else ''}")


def text_of(path: Path, data: bytes) -> str:
    """Decoded, with line breaks normalised (LF) and no BOM, and not blank."""
    text = normalise_text(decode_text(path, data)).text
    if not text.strip():
        raise refuse(path, "the file is empty (or only blank space); nothing to import")
    return text


def read_plain(path: Path) -> ReadDocument:
    data = read_capped(path, MAX_TEXT_BYTES)
    if data.startswith(b"{\\rtf"):
        return read_rtf(path)
    return ReadDocument(text_of(path, data), kind="text")


def read_markdown(path: Path) -> ReadDocument:
    """Markdown stays as written: its marks are plain to read and the researcher may rely on them."""
    return ReadDocument(text_of(path, read_capped(path, MAX_TEXT_BYTES)), kind="Markdown")


RTF_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")


def read_rtf(path: Path) -> ReadDocument:
    from striprtf.striprtf import rtf_to_text

    data = read_capped(path, MAX_TEXT_BYTES)
    if not data.lstrip().startswith(b"{\\rtf"):
        raise not_a(path, "an RTF document", data)
    source = data.decode("latin-1")
    if _depth_ends_open(source):
        raise refuse(path, "damaged or incomplete RTF (its groups never close: a cut-off copy?)")
    page = RTF_CODEPAGE.search(data[:4096])
    encoding = f"cp{page.group(1).decode()}" if page else "cp1252"
    try:
        text = str(rtf_to_text(source, encoding=encoding, errors="replace"))  # type: ignore[no-untyped-call]
    except (LookupError, ValueError, IndexError) as exc:
        raise refuse(path, f"damaged RTF ({exc})") from None
    text = normalise_text(text).text.strip("\n")
    if not text.strip():
        raise refuse(path, "the RTF document holds no text; nothing to import")
    return ReadDocument(text, kind="RTF document")


def _depth_ends_open(source: str) -> bool:
    """True when the braces do not balance (escaped braces ``\\{`` and ``\\}`` aside)."""
    depth = 0
    for match in re.finditer(r"\\[\\{}]|[{}]", source):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
    return depth != 0
