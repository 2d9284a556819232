"""Building the XML of our exports: the codebook (.qdc and inside a .qde) and the project (.qde)."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from xml.etree.ElementTree import Element, SubElement

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qda_desktop import __version__
from qda_desktop.core.wording import plural
from qda_desktop.exchange.refi.labels import CODE_LABELS, join_labelled
from qda_desktop.exchange.refi.segments import closing_guid
from qda_desktop.exchange.refi.theme_writer import ThemeWriter
from qda_desktop.store.models import (
    Attribute,
    Case,
    CaseAttributeValue,
    Code,
    Coding,
    Document,
    DocumentCase,
    JournalEntry,
    Media,
    Memo,
    Segment,
)

ORIGIN = f"QDA Desktop {__version__}"
DERIVED = uuid.UUID("0b6f8f38-6d0c-4d8e-a3c5-3f1a8e9f2c44")  # namespace for GUIDs we derive
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
VARIABLE_TYPES = {"text": "Text", "integer": "Integer", "number": "Float", "date": "Date", "boolean": "Boolean"}
VALUE_ELEMENTS = {
    "text": "TextValue",
    "integer": "IntegerValue",
    "number": "FloatValue",
    "date": "DateValue",
    "boolean": "BooleanValue",
}


def derived(guid: str, role: str) -> str:
    """A stable GUID for something we write that has none of its own (a selection, a memo note)."""
    return str(uuid.uuid5(DERIVED, f"{guid}:{role}"))


def clean(text: str) -> str:
    """Characters XML 1.0 cannot hold are dropped."""
    return NOT_XML.sub("", text)


def describe_code(code: Code) -> str:
    values = {key: getattr(code, key) for key, _ in CODE_LABELS}
    return join_labelled(code.definition, values, CODE_LABELS)


@dataclass
class Written:
    """What an export wrote and left out, for the report."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)  # (archive name, document text)
    media: list[tuple[str, int]] = field(default_factory=list)  # (archive name, media id)

    def add(self, noun: str, n: int = 1) -> None:
        self.counts[noun] = self.counts.get(noun, 0) + n


def code_tree(session: Session, parent: Element, with_memos: bool) -> int:
    """``Codes`` with nested ``Code`` elements under ``parent``; returns how many codes."""
    codes = list(session.scalars(select(Code).order_by(Code.position, Code.id)))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    codes_element = SubElement(parent, "Codes")

    def add(into: Element, code: Code) -> None:
        element = SubElement(
            into, "Code", guid=code.guid, name=clean(code.name), isCodable="true", color=code.color.upper()
        )
        if description := describe_code(code):
            SubElement(element, "Description").text = clean(description)
        if with_memos and code.memo:
            SubElement(element, "NoteRef", targetGUID=derived(code.guid, "memo"))
        for child in children.get(code.id, []):
            add(element, child)

    for top in children.get(None, []):
        add(codes_element, top)
    return len(codes)


class ProjectWriter:
    """The ``Project`` element of a .qde, and the list of files the archive must hold."""

    def __init__(self, session: Session, name: str) -> None:
        self.session = session
        self.written = Written()
        self.root = Element("Project", name=clean(name), origin=ORIGIN)
        self.root.set("xmlns", "urn:QDA-XML:project:1.0")
        self.user = derived("QDA Desktop", "user")
        self.notes: list[Element] = []
        self.project_notes: list[str] = []

    def build(self) -> Element:
        users = SubElement(self.root, "Users")
        SubElement(users, "User", guid=self.user, name="QDA Desktop")
        if self.session.scalar(select(Code.id).limit(1)) is not None:
            book = SubElement(self.root, "CodeBook")
            self.written.add("code", code_tree(self.session, book, with_memos=True))
            self._code_memos()
        self._cases()
        self._sources()
        self._memos()
        journal = self.session.scalar(select(func.count()).select_from(JournalEntry)) or 0
        if journal:
            self.written.problems.append(
                f"{plural(journal, 'journal entry', 'journal entries')} not exported: "
                "the reflexive journal stays in the project"
            )
        themes = ThemeWriter(self.session, derived, clean)
        later = Element("later")  # Sets and Graphs follow Notes and Links in a project
        self.written.add("theme", themes.sets(later, in_codebook=False, add_note=self._note))
        links = themes.links()
        self.written.add("board", themes.graphs(later))
        self.written.problems += themes.problems
        if self.notes:
            SubElement(self.root, "Notes").extend(self.notes)
        if links:
            SubElement(self.root, "Links").extend(links)
        self.root.extend(list(later))
        for guid in self.project_notes:
            SubElement(self.root, "NoteRef", targetGUID=guid)
        return self.root

    def _note(self, guid: str, title: str, text: str) -> None:
        note = Element("Note", guid=guid)
        if title:
            note.set("name", clean(title))
        SubElement(note, "PlainTextContent").text = clean(text)
        self.notes.append(note)

    def _code_memos(self) -> None:
        for code in self.session.scalars(select(Code).where(Code.memo != "").order_by(Code.id)):
            self._note(derived(code.guid, "memo"), "", code.memo)
            self.written.add("memo")

    def _memos(self) -> None:
        for memo in self.session.scalars(select(Memo).where(Memo.document_id.is_(None)).order_by(Memo.id)):
            self._note(memo.guid, memo.title, memo.text)
            self.project_notes.append(memo.guid)
            self.written.add("memo")

    # -- cases --------------------------------------------------------------------

    def _cases(self) -> None:
        attributes = list(self.session.scalars(select(Attribute).order_by(Attribute.id)))
        if attributes:
            variables = SubElement(self.root, "Variables")
            for attribute in attributes:
                SubElement(
                    variables,
                    "Variable",
                    guid=attribute.guid,
                    name=clean(attribute.name),
                    typeOfVariable=VARIABLE_TYPES[attribute.value_type],
                )
        by_id = {a.id: a for a in attributes}
        cases = list(self.session.scalars(select(Case).order_by(Case.id)))
        if not cases:
            return
        values: dict[int, list[CaseAttributeValue]] = defaultdict(list)
        for value in self.session.scalars(select(CaseAttributeValue).order_by(CaseAttributeValue.id)):
            values[value.case_id].append(value)
        links: dict[int, list[str]] = defaultdict(list)
        for case_id, guid in self.session.execute(
            select(DocumentCase.case_id, Document.guid).join(Document, Document.id == DocumentCase.document_id)
        ):
            links[case_id].append(guid)
        element = SubElement(self.root, "Cases")
        for case in cases:
            case_element = SubElement(element, "Case", guid=case.guid, name=clean(case.name))
            if case.description:
                SubElement(case_element, "Description").text = clean(case.description)
            for value in values[case.id]:
                attribute = by_id[value.attribute_id]
                typed = typed_value(attribute.value_type, value.value)
                if typed is None:
                    continue
                holder = SubElement(case_element, "VariableValue")
                SubElement(holder, "VariableRef", targetGUID=attribute.guid)
                SubElement(holder, VALUE_ELEMENTS[attribute.value_type]).text = typed
            for guid in links[case.id]:
                SubElement(case_element, "SourceRef", targetGUID=guid)
            self.written.add("case")

    # -- sources --------------------------------------------------------------------

    def _sources(self) -> None:
        documents = list(self.session.scalars(select(Document).order_by(Document.id)))
        media = {m.id: m for m in self.session.scalars(select(Media).order_by(Media.id))}
        if not documents and not media:
            return
        sources = SubElement(self.root, "Sources")
        codings: dict[int, list[Coding]] = defaultdict(list)
        detached = 0
        for coding in self.session.scalars(select(Coding).order_by(Coding.document_id, Coding.start, Coding.id)):
            if coding.detached:
                detached += 1
            else:
                codings[coding.document_id].append(coding)
        if detached:
            self.written.problems.append(f"{detached} detached codings not exported: they have no text to point to")
        memos: dict[int, list[Memo]] = defaultdict(list)
        for memo in self.session.scalars(select(Memo).where(Memo.document_id.is_not(None)).order_by(Memo.id)):
            memos[memo.document_id or 0].append(memo)
        transcripts: dict[int, list[Document]] = defaultdict(list)
        for doc in documents:
            if doc.kind == "transcript":
                transcripts[doc.media_id or -doc.id].append(doc)
                continue
            element = SubElement(sources, "TextSource", guid=doc.guid, name=clean(doc.name))
            element.set("plainTextPath", self._text_file(doc))
            self._selections(element, doc, codings[doc.id], "PlainTextSelection")
            self._doc_memos(element, memos[doc.id])
        for key, docs in transcripts.items():
            self._recording(sources, media.get(key), docs, codings, memos)
        for media_id, recording in media.items():
            if media_id not in transcripts:
                self._recording(sources, recording, [], codings, memos)

    def _text_file(self, doc: Document) -> str:
        name = f"{doc.guid}.txt"
        self.written.files.append((f"sources/{name}", doc.text))
        self.written.add("document")
        return f"internal://{name}"

    def _selections(self, into: Element, doc: Document, codings: Iterable[Coding], tag: str) -> None:
        for coding in codings:
            selection = SubElement(into, tag, guid=derived(coding.guid, "selection"))
            selection.set("name", clean(doc.text[coding.start : coding.end]))
            if tag == "PlainTextSelection":
                selection.set("startPosition", str(coding.start))
                selection.set("endPosition", str(coding.end))
            else:
                selection.set("fromSyncPoint", derived(coding.guid, "from"))
                selection.set("toSyncPoint", derived(coding.guid, "to"))
            element = SubElement(selection, "Coding", guid=coding.guid, creatingUser=self.user)
            SubElement(element, "CodeRef", targetGUID=self._code_guid(coding.code_id))
            if coding.memo:
                note = derived(coding.guid, "memo")
                SubElement(element, "NoteRef", targetGUID=note)
                self._note(note, "", coding.memo)
                self.written.add("memo")
            self.written.add("coding")

    def _code_guid(self, code_id: int) -> str:
        if not hasattr(self, "_code_guids"):
            self._code_guids = {int(row[0]): str(row[1]) for row in self.session.execute(select(Code.id, Code.guid))}
        return self._code_guids[code_id]

    def _doc_memos(self, into: Element, memos: list[Memo]) -> None:
        for memo in memos:
            self._note(memo.guid, memo.title, memo.text)
            SubElement(into, "NoteRef", targetGUID=memo.guid)
            self.written.add("memo")

    def _recording(
        self,
        sources: Element,
        media: Media | None,
        docs: list[Document],
        codings: dict[int, list[Coding]],
        memos: dict[int, list[Memo]],
    ) -> None:
        kind = "Video" if media is not None and media.mime.startswith("video/") else "Audio"
        guid = media.guid if media is not None else derived(docs[0].guid, "recording")
        name = media.name if media is not None else docs[0].name
        element = SubElement(sources, f"{kind}Source", guid=guid, name=clean(name))
        if media is not None:
            suffix = PurePosixPath(media.name).suffix.lower() or ("." + media.mime.split("/")[-1])
            entry = f"sources/{media.guid}{suffix}"
            element.set("path", f"internal://{media.guid}{suffix}")
            self.written.media.append((entry, media.id))
            self.written.add("recording")
        for doc in docs:
            transcript = SubElement(element, "Transcript", guid=doc.guid, name=clean(doc.name))
            transcript.set("plainTextPath", self._text_file(doc))
            self._sync_points(transcript, doc, codings[doc.id])
            self._selections(transcript, doc, codings[doc.id], "TranscriptSelection")
            self._doc_memos(transcript, memos[doc.id])

    def _sync_points(self, transcript: Element, doc: Document, codings: list[Coding]) -> None:
        """A timed point where each segment starts (and one where the last ends); an untimed point at
        each end of each coding, for the TranscriptSelections."""
        points: list[tuple[int, str, int | None]] = []
        segments = list(
            self.session.scalars(select(Segment).where(Segment.document_id == doc.id).order_by(Segment.idx))
        )
        for segment in segments:
            points.append((segment.char_start, segment.guid, round(segment.start_s * 1000)))
        if segments:
            last = segments[-1]
            points.append((last.char_end, closing_guid(last.guid), round(last.end_s * 1000)))
        for coding in codings:
            points.append((coding.start, derived(coding.guid, "from"), None))
            points.append((coding.end, derived(coding.guid, "to"), None))
        for position, guid, time_ms in sorted(points, key=lambda p: (p[0], p[2] is None)):
            point = SubElement(transcript, "SyncPoint", guid=guid, position=str(position))
            if time_ms is not None:
                point.set("timeStamp", str(time_ms))


def typed_value(value_type: str, value: str) -> str | None:
    """A stored attribute value in its XML Schema form; None when empty or unusable."""
    if not value.strip():
        return None
    if value_type not in ("number", "integer"):
        return value
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if value_type == "integer":
        return str(int(number)) if number == number.to_integral_value() else None
    return format(number, "f")
