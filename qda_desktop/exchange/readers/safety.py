"""Guards every reader uses before trusting a file: sizes, what the bytes really are, zip archives
(bombs, unsafe names, cut-off copies) and XML (no DTDs, so no entity expansion or external fetches)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from qda_desktop.exchange.readers.base import refuse

MB = 1024 * 1024
MAX_FILE_BYTES = 200 * MB  # any file handed to a reader
MAX_TEXT_BYTES = 50 * MB  # plain text, HTML, subtitles, RTF (the project's limit for a text file)
MAX_UNZIPPED_BYTES = 256 * MB  # everything inside a .docx/.odt together
MAX_PART_BYTES = 64 * MB  # one XML part we parse
MAX_RATIO = 200  # a member that inflates more than this (and past 1 MB) is a zip bomb (deflate tops out near 1000)
MAX_MEMBERS = 10_000

# (magic bytes, offset, what the file is) — for saying what a misnamed file really is.
MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", 0, "a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an old Office file (.doc or .xls, not .docx)"),
    (b"{\\rtf", 0, "an RTF document"),
    (b"\x89PNG", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF8", 0, "a GIF image"),
    (b"ID3", 0, "an MP3 recording"),
    (b"fLaC", 0, "a FLAC recording"),
    (b"OggS", 0, "an Ogg recording"),
    (b"ftyp", 4, "an MP4/M4A recording or video"),
    (b"\x1f\x8b", 0, "a gzip archive"),
    (b"7z\xbc\xaf", 0, "a 7-Zip archive"),
    (b"Rar!", 0, "a RAR archive"),
    (b"\x7fELF", 0, "a program"),
    (b"MZ", 0, "a Windows program"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
)
ZIP_KINDS = (
    ("word/document.xml", "a Word document (.docx)"),
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
)


def sniff(data: bytes) -> str | None:
    """What the bytes are, in words ("a PDF"), when their first bytes say so; None for text or unknown."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "a WAV recording"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    for magic, offset, what in MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return what
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "an HTML page"
    if head.startswith(b"webvtt"):
        return "WebVTT subtitles"
    return None


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "a zip archive (damaged)"
    if "mimetype" in names and "content.xml" in names:
        return "an OpenDocument file (.odt/.ods)"
    return next((what for member, what in ZIP_KINDS if member in names), "a zip archive")


def not_a(path: Path, expected: str, data: bytes) -> Exception:
    """The error for a file whose content is not what its name says: "not a Word document (it is a PDF)"."""
    what = sniff(data)
    return refuse(path, f"not {expected} ({'it is ' + what if what else 'its content is in another format'})")


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refused when empty or larger than ``limit`` (before reading it)."""
    size = path.stat().st_size
    if size == 0:
        raise refuse(path, "the file is empty; nothing to import")
    if size > limit:
        raise refuse(
            path, f"too large to import ({size / MB:.0f} MB; the limit for this kind of file is {limit // MB} MB)"
        )
    return path.read_bytes()


# -- zip archives (DOCX, ODT) -------------------------------------------------------------

UNSAFE_NAME = re.compile(r"(^[/\\])|(^[A-Za-z]:)|((^|[/\\])\.\.([/\\]|$))")


def open_zip(path: Path, data: bytes, expected: str) -> zipfile.ZipFile:
    """A checked archive: complete, no unsafe member names, no member or total that inflates absurdly."""
    if not data.startswith(b"PK\x03\x04"):
        raise not_a(path, expected, data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse(path, f"damaged or incomplete (a cut-off copy?): not a readable {expected}") from None
    if len(members) > MAX_MEMBERS:
        raise refuse(path, f"holds {len(members)} files inside; refused as unsafe")
    total = 0
    for info in members:
        if UNSAFE_NAME.search(info.filename) or "\x00" in info.filename:
            raise refuse(path, f"contains an unsafe file name inside the archive ('{info.filename}'); refused")
        total += info.file_size
        if info.file_size > MB and info.file_size > MAX_RATIO * max(1, info.compress_size):
            ratio = info.file_size // max(1, info.compress_size)
            raise refuse(path, f"'{info.filename}' inflates {ratio} times (a zip bomb?); refused")
    if total > MAX_UNZIPPED_BYTES:
        raise refuse(path, f"unpacks to {total / MB:.0f} MB, more than {MAX_UNZIPPED_BYTES // MB} MB (a zip bomb?)")
    return archive


def read_member(path: Path, archive: zipfile.ZipFile, name: str, limit: int = MAX_PART_BYTES) -> bytes:
    """One member's bytes, read no further than ``limit`` (whatever its header claims)."""
    try:
        with archive.open(name) as member:
            data = member.read(limit + 1)
    except KeyError:
        raise refuse(path, f"incomplete: '{name}' is missing from the archive") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        raise refuse(path, f"damaged or incomplete (a cut-off copy?): '{name}' cannot be unpacked") from None
    if len(data) > limit:
        raise refuse(path, f"'{name}' is larger than {limit // MB} MB; refused")
    return data


# -- XML ------------------------------------------------------------------------------------


def parse_xml(path: Path, data: bytes, part: str) -> Element:
    """Parse XML with no DTD allowed: entity bombs and external entities are refused, not expanded."""
    try:
        return safe_fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise refuse(
            path, f"'{part}' declares a DTD or entities (unsafe XML a document never needs); refused"
        ) from None
    except (ParseError, ValueError, SyntaxError) as exc:
        raise refuse(path, f"damaged or incomplete XML in '{part}' ({exc})") from None
