"""Real files deviate from the spec: namespace variants, folder case, any .qde name, GUID forms, bad
colours, duplicate names, memos in several forms, cases and variables, PDFs, recordings with transcripts;
and producers count offsets differently (checked against the quoted text)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from qda_desktop.core.project import Project
from qda_desktop.exchange.refi import RefiReport, import_refi
from qda_desktop.store.models import Attribute, Case, CaseAttributeValue, Code, Coding, Document, Media, Memo, Segment
from tests.conftest import PASSPHRASE

G = "{{AAAAAAAA-0000-0000-0000-0000000000{:02d}}}"  # braces and upper case, as some producers write


def guid(n: int) -> str:
    return G.format(n)


def canon(n: int) -> str:
    return f"aaaaaaaa-0000-0000-0000-0000000000{n:02d}"


DOC = "Line one.\nSecond line here.\n"
PDF_TEXT = "Abstract. Gardens matter."
TRANSCRIPT = "Ann: Hello there.\nBen: Good to see you.\n"
MEDIA = b"\x00\x00\x00\x18ftypM4A fake audio bytes" * 10

RICH = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1:0" name="variants" origin="SomeTool 1.0">
 <CodeBook><Codes>
  <Code guid="{guid(1)}" name="Trust" isCodable="true" color="rgb(255, 0, 0)">
   <Description>Reliance on others.</Description>
   <Code guid="{guid(2)}" name="Trust" isCodable="false" color="#11223344"/>
  </Code>
  <Code guid="{guid(3)}" name="trust" isCodable="true" color="#ABC"/>
  <Code guid="{guid(4)}" name="Bad" isCodable="true" color="blue"/>
  <Code guid="{guid(5)}" name="A/B" isCodable="true"/>
 </Codes></CodeBook>
 <Variables>
  <Variable guid="{guid(40)}" name="age" typeOfVariable="Integer"/>
  <Variable guid="{guid(41)}" name="consent" typeOfVariable="Boolean"/>
 </Variables>
 <Cases>
  <Case guid="{guid(50)}" name="P01">
   <VariableValue><VariableRef targetGUID="{guid(41)}"/><BooleanValue>1</BooleanValue></VariableValue>
   <SourceRef targetGUID="{guid(11)}"/>
  </Case>
 </Cases>
 <Sources>
  <TextSource guid="{guid(10)}" name="Doc" plainTextPath="internal://{guid(10)[1:-1]}.txt">
   <PlainTextSelection guid="{guid(20)}" name="Line" startPosition="0" endPosition="4">
    <Coding guid="{guid(30)}"><CodeRef targetGUID="{guid(1)}"/></Coding>
    <NoteRef targetGUID="{guid(61)}"/>
   </PlainTextSelection>
   <PlainTextSelection guid="{guid(21)}" startPosition="10" endPosition="16">
    <Description>why second?</Description>
   </PlainTextSelection>
   <Coding guid="{guid(31)}"><CodeRef targetGUID="{guid(3)}"/></Coding>
   <NoteRef targetGUID="{guid(60)}"/>
   <VariableValue><VariableRef targetGUID="{guid(40)}"/><IntegerValue>7</IntegerValue></VariableValue>
  </TextSource>
  <TextSource guid="{guid(11)}" name="Doc"><PlainTextContent>Inline text here.</PlainTextContent></TextSource>
  <PDFSource guid="{guid(12)}" name="Paper.pdf" path="internal://{guid(12)[1:-1]}.pdf">
   <PDFSelection guid="{guid(22)}" page="0" firstX="1" firstY="1" secondX="9" secondY="9"/>
   <Representation guid="{guid(13)}" plainTextPath="internal://{guid(13)[1:-1]}.txt">
    <PlainTextSelection guid="{guid(23)}" startPosition="10" endPosition="24">
     <Coding guid="{guid(32)}"><CodeRef targetGUID="{guid(5)}"/></Coding>
    </PlainTextSelection>
   </Representation>
  </PDFSource>
  <AudioSource guid="{guid(14)}" name="talk.m4a" path="internal://{guid(14)[1:-1]}.m4a">
   <Transcript guid="{guid(15)}" name="talk transcript" plainTextPath="internal://{guid(15)[1:-1]}.txt">
    <SyncPoint guid="{guid(70)}" position="5" timeStamp="0"/>
    <SyncPoint guid="{guid(71)}" position="23" timeStamp="2500"/>
    <SyncPoint guid="{guid(72)}" position="39" timeStamp="4000"/>
    <TranscriptSelection guid="{guid(24)}" fromSyncPoint="{guid(71)}" toSyncPoint="{guid(72)}">
     <Coding guid="{guid(33)}"><CodeRef targetGUID="{guid(1)}"/></Coding>
    </TranscriptSelection>
   </Transcript>
   <AudioSelection guid="{guid(25)}" begin="0" end="100"/>
   <AudioSelection guid="{guid(26)}" name="2.6-3.9 s" begin="2600" end="3900">
    <Coding guid="{guid(34)}"><CodeRef targetGUID="{guid(3)}"/></Coding>
   </AudioSelection>
  </AudioSource>
 </Sources>
 <Notes>
  <Note guid="{guid(60)}" name="Doc note"><PlainTextContent>About the doc.</PlainTextContent></Note>
  <Note guid="{guid(61)}" name=""><PlainTextContent>About the passage.</PlainTextContent></Note>
  <Note guid="{guid(62)}" name=""><PlainTextContent>About the code.</PlainTextContent></Note>
 </Notes>
 <Links><Link guid="{guid(80)}" originGUID="{guid(62)}" targetGUID="{guid(1)}"/></Links>
</Project>
"""


def make(path: Path, qde: str, files: dict[str, bytes], qde_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(qde_name, qde.encode("utf-8"))
        z.writestr("Sources/.root", b"")
        for name, data in files.items():
            z.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def rich(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, RefiReport]]:
    folder = tmp_path_factory.mktemp("refi-lenient")
    files = {
        f"Sources/{guid(10)[1:-1]}.TXT": b"\xef\xbb\xbf" + DOC.replace("\n", "\r\n").encode(),
        f"Sources/{guid(13)[1:-1].lower()}.txt": PDF_TEXT.encode(),
        f"Sources/{guid(14)[1:-1]}.m4a": MEDIA,
        f"Sources/{guid(15)[1:-1]}.txt": TRANSCRIPT.encode(),
    }
    archive = make(folder / "variants.qdpx", RICH, files, qde_name="My Study.qde")
    path = folder / "rich.qdaproj"
    shutil.copyfile(template_project, path)
    project = Project.open(path, PASSPHRASE)
    report = import_refi(project, archive)
    yield project, report
    project.close()


def test_rich_file_counts_and_losses(rich: tuple[Project, RefiReport]) -> None:
    _, report = rich
    assert report.counts == {
        "document": 4,
        "recording": 1,
        "code": 5,
        "coding": 5,
        "memo": 4,
        "case": 2,
        "attribute": 2,
    }
    problems = "\n".join(report.problems)
    assert "code 'Bad': colour 'blue' is not usable; the default is used" in problems
    assert "code 'trust' is named twice at one level; the second is 'trust (2)'" in problems
    assert "1 PDF area selection not imported" in problems
    assert "1 audio selection not imported: a time range without codings has no place here" in problems
    assert "1 audio or video selection placed on the transcript by time" in problems


def test_codes_colours_names_and_guids(rich: tuple[Project, RefiReport]) -> None:
    project, _ = rich
    with project.read() as s:
        codes = {c.guid: c for c in s.scalars(select(Code))}
    assert codes[canon(1)].color == "#ff0000" and codes[canon(1)].definition == "Reliance on others."
    assert codes[canon(2)].color == "#112233" and codes[canon(2)].parent_id == codes[canon(1)].id
    assert (codes[canon(3)].name, codes[canon(3)].color) == ("trust (2)", "#aabbcc")
    assert codes[canon(4)].color == "#4c8bf5"
    assert codes[canon(5)].name == "A-B"
    assert codes[canon(1)].memo == "About the code."


def test_codings_and_memos_land_on_the_right_text(rich: tuple[Project, RefiReport]) -> None:
    project, _ = rich
    with project.read() as s:
        docs = {d.guid: d for d in s.scalars(select(Document))}
        quotes = {c.guid: (docs_text(docs, c.document_id), c.start, c.end, c.memo) for c in s.scalars(select(Coding))}
        memos = {(m.title, m.text, m.document_id) for m in s.scalars(select(Memo))}
    assert docs[canon(10)].text == DOC and docs[canon(11)].name == "Doc (2)"
    assert docs[canon(12)].text == PDF_TEXT and docs[canon(15)].kind == "transcript"
    text = {g: t[s:e] for g, (t, s, e, _) in quotes.items()}
    assert text[canon(30)] == "Line" and quotes[canon(30)][3] == "About the passage."
    assert text[canon(31)] == DOC
    assert text[canon(32)] == "Gardens matter"
    assert text[canon(33)] == "Good to see you."
    assert text[canon(34)] == "Good to see you."  # 2.6-3.9 s lies in Ben's turn (2.5-4.0 s)
    doc_id = docs[canon(10)].id
    assert ("Doc note", "About the doc.", doc_id) in memos
    assert ("Comment on “Second”", "why second?", doc_id) in memos


def docs_text(docs: dict[str, Document], document_id: int) -> str:
    return next(d.text for d in docs.values() if d.id == document_id)


def test_recording_transcript_and_segments(rich: tuple[Project, RefiReport]) -> None:
    project, _ = rich
    with project.read() as s:
        media = s.scalars(select(Media)).one()
        transcript = s.scalars(select(Document).where(Document.kind == "transcript")).one()
        segments = list(s.scalars(select(Segment).order_by(Segment.idx)))
    assert media.guid == canon(14) and transcript.media_id == media.id
    with project.open_media(media.id) as stream:
        assert stream.read() == MEDIA
    rows = [(g.speaker, g.start_s, g.end_s, transcript.text[g.char_start : g.char_end]) for g in segments]
    assert rows == [("Ann", 0.0, 2.5, "Hello there."), ("Ben", 2.5, 4.0, "Good to see you.")]
    assert segments[0].guid == canon(70)


def test_cases_and_typed_values(rich: tuple[Project, RefiReport]) -> None:
    project, _ = rich
    with project.read() as s:
        attributes = {a.id: (a.name, a.value_type) for a in s.scalars(select(Attribute))}
        cases = {c.id: c.name for c in s.scalars(select(Case))}
        values = {
            (cases[v.case_id], attributes[v.attribute_id], v.value) for v in s.scalars(select(CaseAttributeValue))
        }
    assert values == {("P01", ("consent", "boolean"), "true"), ("Doc", ("age", "integer"), "7")}


def test_import_is_one_undo_step(template_project: Path, tmp_path: Path) -> None:
    files = {f"sources/{guid(10)[1:-1]}.txt": DOC.encode(), f"sources/{guid(13)[1:-1]}.txt": PDF_TEXT.encode()}
    archive = make(tmp_path / "once.qdpx", RICH, files)
    path = tmp_path / "undo.qdaproj"
    shutil.copyfile(template_project, path)
    with Project.open(path, PASSPHRASE) as project:
        report = import_refi(project, archive)
        assert report.counts["document"] == 3
        assert "recording 'talk.m4a' is not inside the archive" in "\n".join(report.problems)
        assert project.undo() is not None and project.undo() is None
        with project.read() as s:
            assert s.scalar(select(Document.id)) is None and s.scalar(select(Code.id)) is None


# Offsets: one text, one selection, counted the producer's way; the quote decides.
OFFSET_TEXT = "Intro 😀 line.\r\nThe garden grew.\r\nEnd.\r\n"


def offsets_file(path: Path, origin: str, start: int, end: int, name: str, raw: str = OFFSET_TEXT) -> Path:
    qde = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="o" origin="{origin}">
 <CodeBook><Codes><Code guid="{guid(1)}" name="C" isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="{guid(10)}" name="T" plainTextPath="internal://{guid(10)[1:-1]}.txt">
  <PlainTextSelection guid="{guid(20)}" name="{name}" startPosition="{start}" endPosition="{end}">
   <Coding guid="{guid(30)}"><CodeRef targetGUID="{guid(1)}"/></Coding></PlainTextSelection>
 </TextSource></Sources></Project>"""
    return make(path, qde, {f"sources/{guid(10)[1:-1]}.txt": raw.encode()})


def units(raw: str, convention: str) -> int:
    """Where "The garden grew" starts, counted as each producer counts."""
    before = raw[: raw.index("The garden")]
    return {
        "codepoints": len(before),
        "utf16": len(before.encode("utf-16-le")) // 2,
        "folded": len(before.replace("\r\n", "\n")),
        "crlf": len(before.replace("\r\n", "\n").replace("\n", "\r\n")),
    }[convention]


@pytest.fixture(scope="module")
def scratch(template_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    path = tmp_path_factory.mktemp("refi-offsets") / "offsets.qdaproj"
    shutil.copyfile(template_project, path)
    with Project.open(path, PASSPHRASE) as project:
        yield project


@pytest.mark.parametrize(
    ("origin", "convention", "raw", "label"),
    [
        ("NVivo for Windows 12.6", "utf16", OFFSET_TEXT, "UTF-16"),
        ("ATLAS.ti 23", "folded", OFFSET_TEXT, "ATLAS.ti"),
        ("MAXQDA 24", "crlf", OFFSET_TEXT.replace("\r\n", "\n"), "MAXQDA"),
        ("QualCoder 3.5", "codepoints", OFFSET_TEXT, "code points"),
        ("NVivo for Windows 12.6", "codepoints", OFFSET_TEXT, "code points"),  # the quote overrules the origin
        ("QualCoder 3.5", "folded", OFFSET_TEXT, "ATLAS.ti"),
    ],
)
def test_offset_conventions(
    scratch: Project, tmp_path: Path, origin: str, convention: str, raw: str, label: str
) -> None:
    start = units(raw, convention)
    archive = offsets_file(tmp_path / "o.qdpx", origin, start, start + len("The garden grew"), "The garden grew", raw)
    report = import_refi(scratch, archive)
    with scratch.read() as s:
        coding = s.scalars(select(Coding)).one()
        text = s.scalars(select(Document)).one().text
    scratch.undo()
    assert text[coding.start : coding.end] == "The garden grew"
    assert label in report.offsets and "1 of 1 quoted excerpts match" in report.offsets
