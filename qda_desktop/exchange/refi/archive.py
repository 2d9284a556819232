"""Opening a .qdpx (a zip) or a bare .qde/.qdc safely: size, ratio and name checks; sources by name."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree.ElementTree import Element

from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.refi.xmlutil import parse_xml

MAX_XML_BYTES = 256 * 1024 * 1024
MAX_TEXT_BYTES = 50 * 1024 * 1024
MAX_MEMBER_BYTES = 2**31 - 1  # the spec's limit for one file inside the archive
MAX_TOTAL_BYTES = 16 * 1024**3
MAX_MEMBERS = 20_000
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB: beyond that it is a zip bomb
IGNORED = {".root", ".ds_store", "thumbs.db"}


def refuse(path: Path, problem: str) -> InvalidInput:
    return InvalidInput(f"{path.name}: {problem}")


class RefiSource:
    """The XML of an exchange file and, for a .qdpx, its source files (found case-insensitively)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, zipfile.ZipInfo] = {}  # lower-case path -> entry
        self.by_name: dict[str, zipfile.ZipInfo] = {}  # lower-case file name -> entry (for bare names)

    def __enter__(self) -> RefiSource:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.zip is not None:
            self.zip.close()

    @classmethod
    def open(cls, path: Path) -> RefiSource:
        if not path.is_file():
            raise InvalidInput(f"{path.name}: no such file")
        source = cls(path)
        if zipfile.is_zipfile(path):
            source._open_zip()
        elif path.suffix.lower() == ".qdpx":
            raise refuse(path, "not a zip archive (a .qdpx is a zip holding a .qde file and its sources)")
        elif path.stat().st_size > MAX_XML_BYTES:
            raise refuse(path, f"too large for an exchange file ({path.stat().st_size // 1_000_000} MB)")
        return source

    def _open_zip(self) -> None:
        try:
            self.zip = zipfile.ZipFile(self.path)
            entries = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise refuse(self.path, f"damaged zip archive ({exc})") from None
        if len(entries) > MAX_MEMBERS:
            raise refuse(self.path, f"too many files in the archive ({len(entries)})")
        total = 0
        for entry in entries:
            self._check_entry(entry)
            total += entry.file_size
            if entry.is_dir() or PurePosixPath(entry.filename).name.lower() in IGNORED:
                continue
            key = entry.filename.replace("\\", "/").lower()
            self.members[key] = entry
            self.by_name.setdefault(PurePosixPath(key).name, entry)
        if total > MAX_TOTAL_BYTES:
            raise refuse(self.path, "the archive would unpack to more than 16 GB")

    def _check_entry(self, entry: zipfile.ZipInfo) -> None:
        name = entry.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
            raise refuse(self.path, f"unsafe path '{entry.filename}' inside the archive")
        if entry.file_size > MAX_MEMBER_BYTES:
            raise refuse(self.path, f"'{entry.filename}' is larger than an exchange file may hold")
        big = entry.file_size > 1024 * 1024
        if big and entry.file_size > MAX_RATIO * max(1, entry.compress_size):
            raise refuse(
                self.path,
                f"'{entry.filename}' expands {entry.file_size // max(1, entry.compress_size)} "
                "times: this looks like a zip bomb",
            )

    # -- the XML ----------------------------------------------------------------

    def root(self) -> Element:
        if self.zip is None:
            return parse_xml(self.path.read_bytes(), self.path.name)
        qde = [key for key in self.members if key.endswith(".qde") and "/" not in key.strip("/")]
        qde = qde or [key for key in self.members if key.endswith(".qde")]
        if not qde:
            raise refuse(self.path, "no .qde file inside the archive (it is not a REFI-QDA project)")
        if len(qde) > 1:
            raise refuse(self.path, f"{len(qde)} .qde files inside the archive; a project has exactly one")
        entry = self.members[qde[0]]
        return parse_xml(self.read_entry(entry, MAX_XML_BYTES), f"{self.path.name}: {entry.filename}")

    # -- source files -----------------------------------------------------------

    def find(self, reference: str) -> zipfile.ZipInfo | None:
        """The entry for ``internal://x.txt``, ``sources/x.txt`` or a bare ``x.txt`` (any case)."""
        if self.zip is None or not reference:
            return None
        name = reference.strip()
        for scheme in ("internal://", "internal:/", "internal:"):
            if name.lower().startswith(scheme):
                name = name[len(scheme) :]
                break
        else:
            if "://" in name:
                return None  # relative:// or absolute://: outside the archive
        name = name.replace("\\", "/").lstrip("/").lower()
        return (
            self.members.get(f"sources/{name}") or self.members.get(name) or self.by_name.get(PurePosixPath(name).name)
        )

    def read_entry(self, entry: zipfile.ZipInfo, limit: int) -> bytes:
        """An entry's bytes, refusing more than ``limit`` however the header describes it."""
        if entry.file_size > limit:
            raise refuse(self.path, f"'{entry.filename}' is too large ({entry.file_size // 1_000_000} MB)")
        chunks: list[bytes] = []
        size = 0
        try:
            with self.open_entry(entry) as stream:
                while chunk := stream.read(1 << 20):
                    size += len(chunk)
                    if size > limit or size > entry.file_size:
                        raise refuse(self.path, f"'{entry.filename}' unpacks to more than its header says")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise refuse(self.path, f"cannot read '{entry.filename}' ({exc})") from None
        return b"".join(chunks)

    def open_entry(self, entry: zipfile.ZipInfo) -> IO[bytes]:
        assert self.zip is not None
        try:
            return self.zip.open(entry)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise refuse(self.path, f"cannot read '{entry.filename}' ({exc})") from None

    def read_text(self, reference: str) -> str | None:
        """A source's plain text (UTF-8, BOM stripped), or None when the archive does not hold it."""
        entry = self.find(reference)
        if entry is None:
            return None
        data = self.read_entry(entry, MAX_TEXT_BYTES)
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16", errors="replace")
        else:
            text = data.decode("utf-8-sig", errors="replace")
        return text.lstrip("\ufeff").replace("\x00", "")
