"""Hostile or broken exchange files: a clear one-line error naming the file, and the project unchanged."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from qda_desktop.core.commands import AddCode, ImportText
from qda_desktop.core.jobs import Cancelled, JobContext
from qda_desktop.core.project import Project
from qda_desktop.errors import InvalidInput
from qda_desktop.exchange.refi import import_refi
from tests.conftest import PASSPHRASE
from tests.helpers import snapshot

QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="t" origin="test">
 <CodeBook><Codes><Code guid="{c}" name="Hostile" isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="{s}" name="doc" plainTextPath="internal://{s}.txt"/></Sources>
</Project>
"""
CODE, SOURCE = "11111111-2222-3333-4444-555555555555", "66666666-7777-8888-9999-aaaaaaaaaaaa"
GOOD_QDE = QDE.format(c=CODE, s=SOURCE)


def archive(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def bomb(path: Path) -> Path:
    return archive(path, {"project.qde": GOOD_QDE.encode(), f"sources/{SOURCE}.txt": b"\0" * (8 << 20)})


def truncated(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("project.qde", GOOD_QDE)
        z.writestr(f"sources/{SOURCE}.txt", "text " * 2000)
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


XXE = (
    '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="' + CODE + '" name="&x;" isCodable="true"/>'
    "</Codes></CodeBook>"
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    '<Code guid="' + CODE + '" name="&c;" isCodable="true"/></Codes></CodeBook>'
)

CASES = {
    "bomb.qdpx": (bomb, "zip bomb"),
    "escape.qdpx": (lambda p: archive(p, {"../project.qde": GOOD_QDE.encode()}), "unsafe path '../project.qde'"),
    "absolute.qdpx": (lambda p: archive(p, {"/etc/project.qde": GOOD_QDE.encode()}), "unsafe path"),
    "none.qdpx": (lambda p: archive(p, {"sources/a.txt": b"hello"}), "no .qde file inside the archive"),
    "two.qdpx": (lambda p: archive(p, {"a.qde": GOOD_QDE.encode(), "b.qde": GOOD_QDE.encode()}), "2 .qde files"),
    "truncated.qdpx": (truncated, "not a zip archive"),
    "xxe.qdc": (lambda p: (p.write_text(XXE), p)[1], "refused unsafe XML"),
    "laughs.qdc": (lambda p: (p.write_text(LAUGHS), p)[1], "refused unsafe XML"),
    "garbage.qdc": (lambda p: (p.write_bytes(b"\x89PNG\r\n\x1a\n\0\0"), p)[1], "not well-formed XML"),
    "html.qde": (lambda p: (p.write_text("<html><body/></html>"), p)[1], "not a REFI-QDA file"),
    "xxe-in-zip.qdpx": (lambda p: archive(p, {"project.qde": XXE.encode()}), "refused unsafe XML"),
}


@pytest.fixture(scope="module")
def target(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    path = tmp_path_factory.mktemp("refi-hostile") / "target.qdaproj"
    path.write_bytes(template_project.read_bytes())
    project = Project.open(path, PASSPHRASE)
    project.run(AddCode("Existing"))
    project.run(ImportText("doc", "Already here."))
    yield project
    project.close()


@pytest.mark.parametrize("name", list(CASES))
def test_refused_with_the_project_unchanged(target: Project, tmp_path: Path, name: str) -> None:
    make, reason = CASES[name]
    path = make(tmp_path / name)
    before = snapshot(target)
    with pytest.raises(InvalidInput) as caught:
        import_refi(target, path)
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and reason in message and "\n" not in message
    assert snapshot(target) == before


def test_cancel_leaves_the_project_unchanged(target: Project, tmp_path: Path) -> None:
    path = archive(tmp_path / "ok.qdpx", {"project.qde": GOOD_QDE.encode(), f"Sources/{SOURCE}.TXT": b"Some text."})
    before = snapshot(target)
    job: JobContext[None] = JobContext()
    job.cancel()
    with pytest.raises(Cancelled):
        import_refi(target, path, job)
    assert snapshot(target) == before


def test_a_second_import_of_the_same_file_gets_new_guids(target: Project, tmp_path: Path) -> None:
    path = archive(tmp_path / "twice.qdpx", {"project.qde": GOOD_QDE.encode(), f"sources/{SOURCE}.txt": b"Text."})
    first = import_refi(target, path)
    second = import_refi(target, path)
    assert first.summary() == "twice.qdpx: imported 1 document, 1 code"
    assert "2 GUIDs were already used in this project; those items got new ones" in second.problems
    target.undo()
    target.undo()
