"""A corpus of hostile and broken files, generated here: each is refused with one line naming the file
and the problem, and the project stays exactly as it was."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from qda_desktop.core.project import Project
from qda_desktop.core.queries import project_dump
from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.importing import import_files
from qda_desktop.exchange.readers import read_document
from tests.conftest import PASSPHRASE
from tests.exchange.samples import odt_content, write_docx, write_odt, write_pdf

MB = 1024 * 1024
XXE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"
)
LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
)
LAUGHS += "]>\n"


def rezip(source: Path, target: Path, replace: dict[str, bytes | str] | None = None) -> Path:
    """A copy of an archive with some members replaced or added."""
    replace = dict(replace or {})
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, replace.pop(info.filename, old.read(info.filename)))
        for name, data in replace.items():
            new.writestr(name, data)
    return target


def good_docx(folder: Path) -> Path:
    return write_docx(folder / "good.docx", ["Interview", "Interviewer: Hello."])


def good_pdf(folder: Path) -> Path:
    return write_pdf(folder / "good.pdf", [["Interview", "Interviewer: Hello."]])


def cut(source: Path, target: Path, keep: float) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def encrypted_pdf(folder: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(folder / "locked.pdf"), encrypt="only-the-author-knows")
    pdf.drawString(72, 770, "Confidential interview")
    pdf.save()
    return folder / "locked.pdf"


def deep_odt(folder: Path, depth: int = 100_000) -> Path:
    """Spans nested 100,000 deep, stored uncompressed (so no zip-bomb check stops it first)."""
    content = odt_content("<text:p>" + "<text:span>" * depth + "x" + "</text:span>" * depth + "</text:p>")
    with zipfile.ZipFile(folder / "deep.odt", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return folder / "deep.odt"


def write(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    return build


# name → (how to build it in a folder, what the one-line error must say)
CORPUS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "zip-bomb": (
        lambda d: rezip(good_docx(d), d / "bomb.docx", {"word/media/image1.png": bytes(8 * MB)}),
        "bomb.docx: 'word/media/image1.png' inflates",
    ),
    "xxe": (
        lambda d: rezip(good_docx(d), d / "xxe.docx", {"word/document.xml": XXE}),
        "xxe.docx: 'word/document.xml' declares a DTD or entities",
    ),
    "billion-laughs": (
        lambda d: write_odt(d / "laughs.odt", odt_content("<text:p>&lol9;</text:p>", prolog=LAUGHS)),
        "laughs.odt: 'content.xml' declares a DTD or entities",
    ),
    "deep-nesting": (deep_odt, "deep.odt: too large or too deeply nested to read"),
    "path-traversal": (
        lambda d: rezip(good_docx(d), d / "escape.docx", {"../../home/user/.bashrc": b"echo owned"}),
        "escape.docx: contains an unsafe file name inside the archive ('../../home/user/.bashrc')",
    ),
    "absolute-name": (
        lambda d: rezip(good_docx(d), d / "absolute.docx", {"/etc/cron.d/job": b"* * * * * root true"}),
        "absolute.docx: contains an unsafe file name",
    ),
    "truncated-docx": (lambda d: cut(good_docx(d), d / "cut.docx", 0.5), "cut.docx: damaged or incomplete"),
    "truncated-odt": (
        lambda d: cut(write_odt(d / "whole.odt", odt_content("<text:p>x</text:p>" * 400)), d / "cut.odt", 0.6),
        "cut.odt: damaged or incomplete",
    ),
    "truncated-pdf": (lambda d: cut(good_pdf(d), d / "cut.pdf", 0.7), "cut.pdf: incomplete PDF"),
    "truncated-rtf": (write("cut.rtf", rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Interviewer: He"), "cut.rtf: damaged"),
    "pdf-named-docx": (
        lambda d: shutil.copyfile(good_pdf(d), d / "interview3.docx"),
        "interview3.docx: not a Word document (it is a PDF)",
    ),
    "docx-named-pdf": (
        lambda d: shutil.copyfile(good_docx(d), d / "interview4.pdf"),
        "interview4.pdf: not a PDF (it is a Word document (.docx))",
    ),
    "doc-named-docx": (
        write("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)),
        "old.docx: not a Word document (it is an old Office file (.doc or .xls, not .docx))",
    ),
    "spreadsheet-odt": (
        lambda d: write_odt(d / "sheet.odt", odt_content(""), "application/vnd.oasis.opendocument.spreadsheet"),
        "sheet.odt: not an OpenDocument text (it is an OpenDocument file of type",
    ),
    "png-named-txt": (
        write("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
        "photo.txt: binary data, not text (it is a PNG image)",
    ),
    "binary-txt": (write("dump.txt", bytes(range(256)) * 64), "dump.txt: binary data, not text"),
    "mixed-encodings": (
        write("mixed.txt", "Grüße aus München, ".encode() + "und die Straße".encode("latin-1") + b"\n"),
        "mixed.txt: not valid UTF-8 (byte 34), although most of it is: the file mixes encodings",
    ),
    "one-line-50mb": (
        write("oneline.txt", b"word " * (10 * MB)),
        "oneline.txt: one line of 52,428,800 characters without a line break",
    ),
    "empty-txt": (write("empty.txt", b""), "empty.txt: the file is empty"),
    "blank-txt": (write("blank.txt", b" \r\n\t\n"), "blank.txt: the file is empty (or only blank space)"),
    "empty-docx": (lambda d: write_docx(d / "empty.docx", [""]), "empty.docx: the document holds no text"),
    "scan-pdf": (lambda d: write_pdf(d / "scan.pdf", [[]]), "scan.pdf: no text layer; run OCR first"),
    "locked-pdf": (encrypted_pdf, "locked.pdf: the PDF is password-protected"),
    "srt-without-cues": (write("talk.srt", b"just some words\nno times\n"), "talk.srt: not SRT subtitles"),
    "vtt-without-header": (write("talk.vtt", b"00:01.000 --> 00:02.000\nHi\n"), "talk.vtt: not WebVTT subtitles"),
    "script-only-html": (write("page.html", b"<html><script>alert(1)</script></html>"), "page.html: the page holds"),
    "program": (write("setup.exe", b"MZ" + bytes(100)), "setup.exe: unsupported file type '.exe'"),
}


@pytest.fixture(scope="module")
def project(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    path = tmp_path_factory.mktemp("hostile") / "study.qdaproj"
    shutil.copyfile(template_project, path)
    with Project.open(path, PASSPHRASE) as opened:
        yield opened


def dump(project: Project) -> dict[str, Any]:
    with project.read() as session:
        return project_dump(session)


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_hostile_file_is_refused_and_the_project_unchanged(project: Project, tmp_path: Path, case: str) -> None:
    build, expected = CORPUS[case]
    path = build(tmp_path)
    (tmp_path / "fine.txt").write_text("A good file imported with it.", encoding="utf-8")
    before = dump(project)
    with pytest.raises(InvalidInput) as refused:
        import_files(project, [tmp_path / "fine.txt", path])  # the good file is not imported either
    message = str(refused.value)
    assert expected in message
    assert message.startswith(path.name + ": ") and "\n" not in message
    assert dump(project) == before


def test_a_huge_space_count_in_odt_is_capped(tmp_path: Path) -> None:
    path = write_odt(tmp_path / "spaces.odt", odt_content("<text:p>a<text:s text:c='999999999'/>b</text:p>"))
    assert read_document(path).text == "a" + " " * 1000 + "b"
